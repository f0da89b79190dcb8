"""The S3-compatible storages of media and private media (see diplomacy/storage.py)."""

from django.conf import settings
from storages.backends.s3 import S3Storage


class PublicMediaStorage(S3Storage):
    """Media in a bucket, linked as `/media/<name>`: the portal serves each file with its
    security headers (diplomacy/media.py), so the bucket needs no public access at all."""

    default_acl = "private"
    file_overwrite = False
    querystring_auth = False

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        return f"{settings.MEDIA_URL}{name}"


class PrivateMediaStorage(S3Storage):
    """Private files in a bucket: private ACL and no URL at all (a signed link could be
    forwarded; the portal's views check who asks, every time)."""

    default_acl = "private"
    file_overwrite = False

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        raise NotImplementedError("private files are served only by the portal's views")
