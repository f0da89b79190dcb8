"""Reading the revisions of a text (django-reversion): who changed what and when, and
what each change did, field by field and language by language."""

import difflib
import html
import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString
from reversion.errors import RevertError
from reversion.models import Version

from diplomacy.languages import CONTENT_LANGUAGES
from diplomacy.revisions.services import OUTSIDE_THE_ADMIN, RESTORED

WORD = r"\S+|\s+"


@dataclass(frozen=True)
class FieldChange:
    label: str
    language: str  # "" for a field that has no language
    diff: SafeString
    markup_only: bool


@dataclass(frozen=True)
class RevisionEntry:
    version: Version
    changes: list[FieldChange]
    is_first: bool
    restored_from: Version | None = None  # this version restored that earlier one
    outside_the_admin: bool = False  # recorded as found before an edit in the admin


def versions_of(obj: models.Model) -> list[Version]:
    """The object's versions, newest first, with who saved them."""
    return list(
        Version.objects.get_for_object(obj)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def version_of(obj: models.Model, version_id: int) -> Version | None:
    """A version of this object (never one of another object), or None."""
    return Version.objects.get_for_object(obj).filter(pk=version_id).first()


def revision_history(obj: models.Model, fields: list[str]) -> list[RevisionEntry]:
    """Each version with the changes it made to the version before it."""
    versions = versions_of(obj)
    by_id = {version.pk: version for version in versions}
    entries = []
    for index, version in enumerate(versions):
        older = versions[index + 1] if index + 1 < len(versions) else None
        comment = version.revision.comment
        restored_id = comment.removeprefix(RESTORED) if comment.startswith(RESTORED) else ""
        entries.append(
            RevisionEntry(
                version=version,
                changes=field_changes(type(obj), older, version, fields),
                is_first=older is None,
                restored_from=by_id.get(int(restored_id)) if restored_id.isdigit() else None,
                outside_the_admin=comment == OUTSIDE_THE_ADMIN,
            )
        )
    return entries


def field_changes(
    model: type[models.Model], older: Version | None, newer: Version, fields: list[str]
) -> list[FieldChange]:
    before = _stored_values(older) if older is not None else {}
    after = _stored_values(newer)
    changes = []
    for name in fields:
        old, new = before.get(name), after.get(name)
        if old == new or (older is None and not new):
            continue
        label, language = field_label(model, name)
        old_text, new_text = _readable(old), _readable(new)
        changes.append(
            FieldChange(
                label=label,
                language=language,
                diff=word_diff(old_text, new_text),
                markup_only=old_text == new_text,
            )
        )
    return changes


def field_label(model: type[models.Model], name: str) -> tuple[str, str]:
    """("body", "ar") for body_ar: the field's own name and its language."""
    base, _separator, language = name.rpartition("_")
    if language in CONTENT_LANGUAGES and base:
        return _verbose_name(model, base), language
    return _verbose_name(model, name), ""


def _verbose_name(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    # A relation seen from its other side has no verbose name of its own.
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def word_diff(old: str, new: str) -> SafeString:
    """The new text with removed words in <del> and added words in <ins>, escaped."""
    old_words, new_words = re.findall(WORD, old), re.findall(WORD, new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        removed, added = "".join(old_words[a_start:a_end]), "".join(new_words[b_start:b_end])
        if operation == "equal":
            parts.append(("{}", removed))
            continue
        if removed:
            parts.append(("<del>{}</del>", removed))
        if added:
            parts.append(("<ins>{}</ins>", added))
    return format_html_join("", "{}", ((format_html(template, text),) for template, text in parts))


def _stored_values(version: Version) -> dict:
    try:
        return version.field_dict
    except RevertError:  # a version of an older schema: nothing to compare
        return {}


def _readable(value: Any) -> str:
    """Words of a value: rich text without its tags, dates and numbers as text."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text:
        text = html.unescape(strip_tags(text.replace("><", "> <")))
    return " ".join(text.split())
