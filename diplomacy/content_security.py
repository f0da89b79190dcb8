"""The Content-Security-Policy and the other security headers of every response.

The policy is strict: everything from the portal itself, no inline script at all, no
plugins, no framing, forms only to the portal. Public pages have no JavaScript of their
own (the JSON-LD block of an article is data, which browsers never run). The few inline
`<style>` blocks that must stay inline — the 500 page, which must render when nothing
else works, and one rule of Django's admin change list — are allowed by their SHA-256
hashes rather than by nonces, so a page served from the page cache keeps a valid policy.
The hashes are computed at start-up from the templates themselves, and a test checks that
every inline block of every template the portal uses is covered.
"""

import base64
import hashlib
import importlib.util
import re
from pathlib import Path

from django.http import HttpRequest, HttpResponse

INLINE_BLOCK = re.compile(r"<(style|script)(\s[^>]*)?>(.*?)</\1>", re.DOTALL)
# Where inline blocks may live: the project's templates and the admin's.
BASE_DIR = Path(__file__).resolve().parent.parent


def template_roots() -> list[Path]:
    spec = importlib.util.find_spec("django.contrib.admin")
    admin_templates = Path(spec.origin).parent / "templates"
    return [BASE_DIR / "templates", admin_templates]


def inline_blocks(text: str) -> list[tuple[str, str]]:
    """(tag, content) of every inline `<style>` and executable `<script>` of a template;
    external scripts and JSON data blocks are left out."""
    blocks = []
    for tag, attributes, content in INLINE_BLOCK.findall(text):
        attributes = attributes or ""
        if tag == "script" and ("src=" in attributes or "application/" in attributes):
            continue  # an external script, or data (JSON, JSON-LD) that is never run
        if "{%" in content or "{{" in content:
            raise ValueError(f"an inline <{tag}> block with template code cannot be hashed")
        blocks.append((tag, content))
    return blocks


def source_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def inline_hashes(tag: str, roots: list[Path] | None = None) -> list[str]:
    """The hashes of every inline block of `tag` in the templates under `roots`."""
    hashes: set[str] = set()
    for root in roots or template_roots():
        for path in root.rglob("*.html"):
            if "email" in path.parts or "notifications" in path.parts:
                continue  # emails are not web pages
            text = path.read_text(encoding="utf-8", errors="replace")
            if f"<{tag}" not in text:
                continue
            hashes.update(
                source_hash(content) for found, content in inline_blocks(text) if found == tag
            )
    return sorted(hashes)


# Features the portal never uses; a page (or something injected into it) may not either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "bluetooth", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "magnetometer", "microphone",
        "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
)  # fmt: skip


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy to every response (Django's SecurityMiddleware sends
    Cross-Origin-Opener-Policy, X-Content-Type-Options and Referrer-Policy; django-csp
    the Content-Security-Policy)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
