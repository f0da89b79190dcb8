"""Uploaded media served by the portal itself, with the headers that make a hostile file
harmless even if one slipped through the upload checks.

Images (re-encoded on upload) are shown inline; anything else (PDFs, spreadsheets) is
sent as a download (`Content-Disposition: attachment`), never rendered in the portal's
origin. Every response says `X-Content-Type-Options: nosniff` and carries a policy that
allows nothing to run (`default-src 'none'; sandbox`). A reverse proxy that serves
`/media/` itself must send the same headers (see the README).
"""

import mimetypes

from csp.decorators import csp_replace
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
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
    if isinstance(default_storage, FileSystemStorage):
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    else:
        response = _object_storage_serve(path)
    response["X-Content-Type-Options"] = "nosniff"
    if not response.get("Content-Type", "").startswith(INLINE_TYPES):
        response["Content-Disposition"] = "attachment"
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _object_storage_serve(path: str) -> FileResponse:
    """A file of the shared bucket, read by this process: every web process serves every
    file, whichever one received the upload."""
    try:
        safe_join("/media", path)  # the same refusal of "../" as the file system's
    except ValueError as error:
        raise Http404(path) from error
    if not default_storage.exists(path):
        raise Http404(path)
    handle = default_storage.open(path, "rb")
    content_type, _encoding = mimetypes.guess_type(path)
    return FileResponse(handle, content_type=content_type or "application/octet-stream")
