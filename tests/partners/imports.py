"""The partner import as a staff member's browser goes through it: upload, the preview
job (run eagerly when the upload's transaction commits), then the page it redirects to."""

from django.test import TestCase
from django.urls import reverse


def import_upload(client, upload, **extra):
    """The page after uploading: the refused upload itself (200, errors at the field), or
    the import's status page (the preview) once the background job has run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("admin:partners_organization_import"), {"file": upload}, **extra
        )
    if response.status_code != 302:
        return response
    return client.get(response["Location"], **extra)
