"""Which models keep revisions, and of which fields: their text and what is edited with
it, never workflow columns (states, slugs, publishing dates), which a restore must not
move. Called from each model's module."""

import reversion
from django.db import models

from diplomacy.languages import CONTENT_LANGUAGES


def register_revised(
    model: type[models.Model], *, translated: tuple[str, ...], plain: tuple[str, ...] = ()
) -> None:
    """Keep revisions of `plain` fields and of both language columns of `translated`."""
    fields = [
        *plain,
        *(f"{name}_{language}" for name in translated for language in CONTENT_LANGUAGES),
    ]
    reversion.register(model, fields=fields, ignore_duplicates=True)
