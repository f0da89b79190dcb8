"""The static files' storage: WhiteNoise's compressed, hashed files, with each file's
address worked out once per process.

`{% static %}` asks the storage for the address of a file on every page: cleaning the
name, looking up its hashed name in the manifest and joining it to STATIC_URL took
about 50 µs each, a fifth of the base layout's time. The manifest is read once, when
the process starts, and changes only with a deployment (a new process), so the answer
for a name never changes within a process.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: dict[tuple[str, bool], str] = {}

    def url(self, name: str, force: bool = False) -> str:
        # collectstatic hashes files through _url(), never through url(): nothing is
        # remembered while the manifest is still being written. A missing file raises
        # (manifest_strict) and is not remembered either.
        key = (name, force)
        address = self._addresses.get(key)
        if address is None:
            address = self._addresses[key] = super().url(name, force)
        return address
