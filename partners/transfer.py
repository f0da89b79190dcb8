"""Import organizations from CSV/XLSX and export them, in the user's language.

An import is two steps: `organizations_import_preview` reads the file and lists every
row's problems (bad email, unknown sector, likely duplicate...) without writing
anything; `organizations_import_apply` then writes all rows in one transaction, or
nothing when a row is invalid, unless the user chose to skip the invalid rows.
Exported files use the same columns, so an export can be edited and imported again.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diplomacy.audit.services import audit_record
from diplomacy.languages import site_languages
from diplomacy.spreadsheets import spreadsheet_formula, spreadsheet_row, spreadsheet_text_read
from diplomacy.taxonomy.models import Region, Sector
from partners.matching import BLOCK_ROWS, SimilarNames, fold_latin, name_keys, website_domain
from partners.models import Organization, Tag
from partners.services import organization_create
from partners.validation import clean_email_list, clean_phone_list, split_list

FORMATS = ("csv", "xlsx")
MAX_ROWS = 5000

# (key, header) — the header is translated at export time; import accepts both.
COLUMNS = [
    ("name_ar", gettext_lazy("Name (Arabic)")),
    ("name_en", gettext_lazy("Name (English)")),
    ("name_native", gettext_lazy("Name in its own script")),
    ("name_latin", gettext_lazy("Latin transliteration")),
    ("kind", gettext_lazy("Kind")),
    ("sectors", gettext_lazy("Sectors")),
    ("region", gettext_lazy("Region")),
    ("town_ar", gettext_lazy("Town (Arabic)")),
    ("town_en", gettext_lazy("Town (English)")),
    ("country", gettext_lazy("Country")),
    ("world_region", gettext_lazy("World region")),
    ("website", gettext_lazy("Website")),
    ("emails", gettext_lazy("Emails")),
    ("phones", gettext_lazy("Phones")),
    ("status", gettext_lazy("Status")),
    ("tags", gettext_lazy("Tags")),
    ("directory_consent", gettext_lazy("Public directory")),
    ("description_ar", gettext_lazy("Description (Arabic)")),
    ("description_en", gettext_lazy("Description (English)")),
]
YES = {"1", "true", "yes", "y", "x", "نعم", "✓"}
# Likely duplicates named per row, as when one organization is created.
DUPLICATES_SHOWN = 3
TEXT_KEYS = ("name_ar", "name_en", "name_native", "name_latin",
             "town_ar", "town_en", "description_ar", "description_en")  # fmt: skip
# The message for a value no choice matches, per column (lazy: the reader's language).
UNKNOWN_CHOICE = {
    "kind": lambda: _("Unknown kind “%(value)s”."),
    "status": lambda: _("Unknown status “%(value)s”."),
    "region": lambda: _("Unknown region “%(value)s”."),
    "country": lambda: _("Unknown country “%(value)s”."),
    "world_region": lambda: _("Unknown world region “%(value)s”."),
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (format, size, no name column)."""


@dataclass
class ImportRow:
    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def invalid_count(self) -> int:
        return sum(1 for row in self.rows if not row.valid)

    @property
    def valid_count(self) -> int:
        return len(self.rows) - self.invalid_count

    def to_json(self) -> list[dict]:
        return [asdict(row) for row in self.rows]

    @classmethod
    def from_json(cls, data: list[dict]) -> "ImportPreview":
        return cls(rows=[ImportRow(**row) for row in data])


def _header_map() -> dict[str, str]:
    """Every accepted spelling of every column header → its key."""
    names: dict[str, str] = {}
    for key, header in COLUMNS:
        names[key] = key
        for language in site_languages():
            with translation.override(language):
                names[fold_latin(str(header)).strip()] = key
    return names


def _choice_lookup(choices) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[value] = value
        for language in site_languages():
            with translation.override(language):
                lookup[fold_latin(str(label))] = value
    return lookup


def _lookup_by_slug_or_name(model) -> dict[str, Any]:
    lookup: dict[str, Any] = {}
    for item in model.objects.all():
        for text in (item.slug, item.name_ar, item.name_en):
            if text:
                lookup[fold_latin(text)] = item
    return lookup


def _read_dataset(content: bytes, file_format: str) -> tablib.Dataset:
    if file_format not in FORMATS:
        raise ImportFileError(_("Upload a CSV or XLSX file."))
    try:
        if file_format == "csv":
            text = content.decode("utf-8-sig")
            dataset = tablib.Dataset().load(text, format="csv")
        else:
            dataset = tablib.Dataset().load(content, format="xlsx")
    except (UnicodeDecodeError, ValueError, KeyError, tablib.UnsupportedFormat) as error:
        raise ImportFileError(
            _("The file could not be read as %(format)s.") % {"format": file_format.upper()}
        ) from error
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise ImportFileError(
            _("The file could not be read as %(format)s.") % {"format": file_format.upper()}
        ) from error
    if dataset.height > MAX_ROWS:
        raise ImportFileError(_("At most %(count)d rows per file.") % {"count": MAX_ROWS})
    return dataset


def import_file_read(*, content: bytes, file_format: str) -> tuple[tablib.Dataset, list]:
    """The rows and the column key of each header; ImportFileError when the file as a
    whole cannot be imported. Quick enough to run in the request, before any job."""
    dataset = _read_dataset(content, file_format)
    headers = _header_map()
    columns = [headers.get(fold_latin(str(name or "")).strip()) for name in dataset.headers or []]
    if not {"name_ar", "name_en", "name_latin"} & set(filter(None, columns)):
        raise ImportFileError(_("The file has no name column (see the export for the columns)."))
    return dataset, columns


@dataclass
class _Lookups:
    """Every accepted spelling of the choices a row may name, read once per file."""

    kinds: dict[str, str]
    statuses: dict[str, str]
    world_regions: dict[str, str]
    sectors: dict[str, Any]
    regions: dict[str, Any]
    countries: dict[str, str]

    @classmethod
    def load(cls) -> "_Lookups":
        from django_countries import countries

        country_codes = {code.casefold(): code for code, _name in countries}
        for code, name in countries:
            country_codes[fold_latin(str(name))] = code
        return cls(
            kinds=_choice_lookup(Organization.Kind.choices),
            statuses=_choice_lookup(Organization.Status.choices),
            world_regions=_choice_lookup(Organization.WorldRegion.choices),
            sectors=_lookup_by_slug_or_name(Sector),
            regions=_lookup_by_slug_or_name(Region),
            countries=country_codes,
        )


def organizations_import_preview(
    *, content: bytes, file_format: str, progress: Callable[[int, int], None] | None = None
) -> ImportPreview:
    """Read and check every row, and look for duplicates; write nothing.
    `progress(rows_checked, rows_total)` is called as the duplicate search advances."""
    dataset, columns = import_file_read(content=content, file_format=file_format)
    lookups = _Lookups.load()
    rows: list[ImportRow] = []
    for index, record in enumerate(dataset, start=2):
        raw = {
            key: spreadsheet_text_read(str(value).strip() if value is not None else "")
            for key, value in zip(columns, record, strict=False)
            if key
        }
        if any(raw.values()):
            rows.append(_row_check(index, raw, lookups))
    _duplicates_mark(rows, progress=progress)
    return ImportPreview(rows=rows)


def _row_check(number: int, raw: dict[str, str], lookups: _Lookups) -> ImportRow:
    row = ImportRow(number=number, values={})
    row.errors.extend(_formula_errors(raw))
    values = row.values
    for key in TEXT_KEYS:
        values[key] = raw.get(key, "")
    if not (values["name_ar"] or values["name_en"] or values["name_latin"]):
        row.errors.append(_("No name."))
    values["kind"] = _choice(row, raw, "kind", lookups.kinds, Organization.Kind.OTHER)
    values["status"] = _choice(row, raw, "status", lookups.statuses, Organization.Status.PROSPECT)
    values["sectors"] = []
    for name in split_list(raw.get("sectors", "")):
        sector = lookups.sectors.get(fold_latin(name))
        if sector is None:
            row.errors.append(_("Unknown sector “%(value)s”.") % {"value": name})
        else:
            values["sectors"].append(sector.pk)
    region = _choice(row, raw, "region", lookups.regions, None)
    values["region"] = region.pk if region else None
    values["country"] = _choice(row, raw, "country", lookups.countries, "")
    values["world_region"] = _choice(row, raw, "world_region", lookups.world_regions, "")
    values["website"] = _website(row, raw.get("website", ""))
    for key, clean in (("emails", clean_email_list), ("phones", clean_phone_list)):
        try:
            values[key] = clean(split_list(raw.get(key, "")))
        except ValidationError as error:
            values[key] = []
            row.errors.extend(str(message) for message in error.messages)
    values["tags"] = split_list(raw.get("tags", ""))
    values["directory_consent"] = fold_latin(raw.get("directory_consent", "")) in YES
    return row


def _choice(row: ImportRow, raw: dict[str, str], key: str, lookup: dict, empty: Any) -> Any:
    """The choice a cell names (`empty` for an empty cell); an error on the row if unknown."""
    if not raw.get(key):
        return empty
    value = lookup.get(fold_latin(raw[key]))
    if value is None or value == "":
        row.errors.append(UNKNOWN_CHOICE[key]() % {"value": raw[key]})
        return None if empty is None else ""
    return value


def _website(row: ImportRow, website: str) -> str:
    if not website:
        return ""
    address = website if "://" in website else "https://" + website
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        row.errors.append(_("“%(value)s” is not a web address.") % {"value": website})
    return address


def _duplicates_mark(
    rows: list[ImportRow], *, progress: Callable[[int, int], None] | None = None
) -> None:
    """Warn on each row that looks like an organization the portal has (same website
    domain, a shared email address, a similar name) or like an earlier row of the file."""
    known = KnownOrganizations.load()
    row_keys = [name_keys(*_names(row)) for row in rows]
    earlier = SimilarNames(enumerate(row_keys))
    seen_domains: dict[str, int] = {}
    duplicates: list[list[tuple[int, list[str]]]] = []
    for start in range(0, len(rows), BLOCK_ROWS):
        block = range(start, min(start + BLOCK_ROWS, len(rows)))
        keys = [row_keys[index] for index in block]
        similar_known = known.names.matches(keys, limit=DUPLICATES_SHOWN)
        first_similar = earlier.earliest(keys, first_position=start)
        for index, similar, first in zip(block, similar_known, first_similar, strict=True):
            duplicates.append(known.duplicates(rows[index].values, similar))
            if first is not None:
                rows[index].warnings.append(
                    _("Same organization as row %(number)d?") % {"number": rows[first].number}
                )
            _same_website_mark(rows[index], seen_domains)
        if progress is not None:
            progress(block.stop, len(rows))
    names = known.display_names({pk for found in duplicates for pk, _reasons in found})
    for row, found in zip(rows, duplicates, strict=True):
        row.warnings[:0] = [
            _("Likely duplicate of “%(name)s” (%(reasons)s).")
            % {"name": isolated(names[pk]), "reasons": ", ".join(reasons)}
            for pk, reasons in found
        ]


def isolated(name: str) -> str:
    """A name between Unicode isolate marks (shown in a `<bdi>` by the preview page)."""
    return f"\u2068{name}\u2069"


def _names(row: ImportRow) -> list[str]:
    values = row.values
    return [values["name_ar"], values["name_en"], values["name_native"], values["name_latin"]]


def _same_website_mark(row: ImportRow, seen_domains: dict[str, int]) -> None:
    domain = website_domain(row.values["website"])
    if domain and domain in seen_domains:
        row.warnings.append(_("Same website as row %(number)d.") % {"number": seen_domains[domain]})
    elif domain:
        seen_domains[domain] = row.number


class KnownOrganizations:
    """Every organization of the portal, indexed once for a whole file: by website
    domain, by email address and by name keys (`partners.matching.SimilarNames`)."""

    def __init__(self, organizations: list[tuple[int, str, str, list[str]]]) -> None:
        self.by_domain: dict[str, list[int]] = {}
        self.by_email: dict[str, list[int]] = {}
        for pk, _keys, domain, emails in organizations:
            if domain:
                self.by_domain.setdefault(domain, []).append(pk)
            for email in emails or []:
                self.by_email.setdefault(email, []).append(pk)
        self.names = SimilarNames((pk, keys) for pk, keys, _d, _e in organizations if keys)
        # Translated once: a file of thousands of rows names these reasons many times.
        self.reasons = {
            "website": _("same website domain"),
            "email": _("same email address"),
            "name": _("similar name"),
        }

    @classmethod
    def load(cls) -> "KnownOrganizations":
        fields = ("pk", "name_keys", "website_domain", "emails")
        return cls(list(Organization.objects.order_by("pk").values_list(*fields)))

    def duplicates(
        self, values: dict[str, Any], similar_names: list[tuple[int, int]]
    ) -> list[tuple[int, list[str]]]:
        """The reasons, in the order of `organization_duplicates_find`: the first few."""
        reasons: dict[int, list[str]] = {}
        for pk in self.by_domain.get(website_domain(values["website"]), []):
            reasons.setdefault(pk, []).append(self.reasons["website"])
        for email in values["emails"]:
            for pk in self.by_email.get(email, []):
                if self.reasons["email"] not in reasons.setdefault(pk, []):
                    reasons[pk].append(self.reasons["email"])
        for pk, _score in similar_names:
            reasons.setdefault(pk, []).append(self.reasons["name"])
        return list(reasons.items())[:DUPLICATES_SHOWN]

    @staticmethod
    def display_names(pks: set[int]) -> dict[int, str]:
        return {o.pk: o.display_name for o in Organization.objects.filter(pk__in=pks)}


def _formula_errors(raw: dict[str, str]) -> list[str]:
    """A formula in a cell (=HYPERLINK(…), =cmd|…) is never imported: the row is refused."""
    headers = dict(COLUMNS)
    return [
        _("The column “%(column)s” holds a spreadsheet formula; formulas are not imported.")
        % {"column": headers[key]}
        for key, value in raw.items()
        if spreadsheet_formula(value)
    ]


@dataclass
class ImportResult:
    created: list[Organization]
    skipped: list[int]


def organizations_import_apply(
    *, preview: ImportPreview, actor: Any, skip_invalid: bool = False
) -> ImportResult:
    """Write the previewed rows: all or nothing, or only the valid ones if asked."""
    invalid = [row.number for row in preview.rows if not row.valid]
    if invalid and not skip_invalid:
        raise ValidationError(
            _("%(count)d rows have problems: nothing was imported.") % {"count": len(invalid)}
        )
    created: list[Organization] = []
    with transaction.atomic():
        for row in preview.rows:
            if not row.valid:
                continue
            values = dict(row.values)
            sector_ids = values.pop("sectors")
            tag_names = values.pop("tags")
            region_id = values.pop("region")
            tags = [
                Tag.objects.get_or_create(name=name, defaults={"slug": _tag_slug(name)})[0]
                for name in tag_names
            ]
            created.append(
                organization_create(
                    actor=actor, sectors=sector_ids, tags=tags, region_id=region_id, **values
                )
            )
        if created:
            audit_record(
                actor=actor,
                action="partners.organizations_imported",
                target=created[0],
                data={"created": [o.pk for o in created], "skipped_rows": invalid},
            )
    return ImportResult(created=created, skipped=invalid)


def _tag_slug(name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name, allow_unicode=True) or "tag"
    slug, number = base, 2
    while Tag.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def organizations_export(
    *, queryset: QuerySet[Organization], file_format: str, language: str
) -> bytes:
    """The organizations as CSV or XLSX, headers and labels in `language`."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    queryset = queryset.select_related("region").prefetch_related("sectors", "tags")
    with translation.override(language):
        dataset = tablib.Dataset(headers=[str(header) for _key, header in COLUMNS])
        for organization in queryset.iterator(chunk_size=500):
            dataset.append(
                spreadsheet_row(
                    [
                        organization.name_ar,
                        organization.name_en,
                        organization.name_native,
                        organization.name_latin,
                        organization.get_kind_display(),
                        "; ".join(str(sector) for sector in organization.sectors.all()),
                        str(organization.region) if organization.region else "",
                        organization.town_ar,
                        organization.town_en,
                        organization.country.code if organization.country else "",
                        organization.get_world_region_display()
                        if organization.world_region
                        else "",
                        organization.website,
                        "; ".join(organization.emails),
                        "; ".join(organization.phones),
                        organization.get_status_display(),
                        "; ".join(tag.name for tag in organization.tags.all()),
                        _("yes") if organization.directory_consent else "",
                        organization.description_ar,
                        organization.description_en,
                    ]
                )
            )
        if file_format == "csv":
            # A byte-order mark makes spreadsheet programs read Arabic as UTF-8.
            return ("\ufeff" + dataset.export("csv")).encode("utf-8")
        return dataset.export("xlsx")
