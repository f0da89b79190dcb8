"""Where uploaded files live: the file system of one machine, or S3-compatible object
storage shared by every web process and worker when the environment names a bucket.

Two areas, configured apart so they can be two buckets with different policies:

- media (`MEDIA_STORAGE_URL`): publication images, renditions, attachments meant to be
  public. Still served through the portal at `/media/` (diplomacy/media.py), which adds
  the headers that make a hostile file harmless; the bucket itself needs no public access.
- private media (`PRIVATE_MEDIA_STORAGE_URL`): signed agreements and message
  attachments. Objects are written with a private ACL and never get a URL of their own:
  only the permission-checked views of the portal read them.

The URL form is `s3://BUCKET/PREFIX?endpoint_url=https://host:port&region_name=...`;
credentials come from the usual `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` variables,
never from the URL (so they are not printed with the settings).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


def private_storage(*, location: Path, base_url: str | None = None) -> Storage:
    """The storage of private files: the private bucket when configured, else `location`."""
    options = settings.PRIVATE_MEDIA_STORAGE_OPTIONS
    if options:
        # Imported only here: a portal on the file system never loads boto3.
        from diplomacy.object_storage import PrivateMediaStorage

        return PrivateMediaStorage(**options)
    return FileSystemStorage(location=location, base_url=base_url)
