"""Uploaded media served by the portal itself, with the headers that make a hostile file
harmless even if one slipped through the upload checks.

Images (re-encoded on upload) are shown inline; anything else (PDFs, spreadsheets) is
sent as a download (`Content-Disposition: attachment`), never rendered in the portal's
origin. Every response says `X-Content-Type-Options: nosniff` and carries a policy that
allows nothing to run (`default-src 'none'; sandbox`). A reverse proxy that serves
`/media/` itself must send the same headers (see the README).
"""

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.static import serve

INLINE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
MEDIA_POLICY = {
    "default-src": ["'none'"],
    "img-src": ["'self'"],
    "style-src": None,
    "script-src": None,
    "font-src": None,
    "connect-src": None,
    "form-action": ["'none'"],
    "sandbox": [""],
}


@csp_replace(MEDIA_POLICY)
def media_serve(request: HttpRequest, path: str) -> HttpResponse:
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    if not response.get("Content-Type", "").startswith(INLINE_TYPES):
        response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "public, max-age=86400"
    return response
