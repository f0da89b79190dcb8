"""The partner import's preview at scale: a file of 5,000 rows checked against the
20,000 bench partners by the background job (run here, in this process); budget 30 s.

    .venv/bin/python -m bench.partner_import    # just this part; updates its rows in
                                                # docs/benchmarks.md

One row in ten is an organization the portal has, misspelled; one in twenty-five
repeats an earlier row of the file: the job must find both kinds of duplicate.
"""

import csv
import io
import random
import re
import sys
import time
from dataclasses import dataclass

from bench import environment

ROWS = 5_000
BUDGET_SECONDS = 30
HEADING = "## Partner import (preview job at scale)"
BUDGET_ROW = "| partner import preview of"


@dataclass
class ImportTiming:
    rows: int
    organizations: int
    seconds: float
    known_duplicates: int  # rows warned about an organization the portal has
    repeated_rows: int  # rows warned about an earlier row of the file


def partners_file(rows: int = ROWS) -> bytes:
    from bench.partners import _organization
    from diplomacy.taxonomy.models import Region
    from partners.models import Organization

    rng = random.Random(14)  # noqa: S311 - bench text, not secrets
    regions = list(Region.objects.all())
    known = list(Organization.objects.order_by("?").values_list("name_en", flat=True)[:rows])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name_ar", "name_en", "name_latin", "kind", "website", "emails"])
    written: list[list[str]] = []
    for number in range(rows):
        if number % 10 == 5 and known:
            name = known[number % len(known)]
            cut = rng.randrange(1, len(name) - 1)
            row = ["", name[:cut] + name[cut + 1 :], "", "association", "", ""]  # a letter lost
        elif number % 25 == 24 and written:
            row = list(rng.choice(written))
        else:
            new = _organization(rng, 1_000_000 + number, regions)
            row = [new.name_ar, new.name_en, new.name_latin, new.kind, "", ""]
        written.append(row)
        writer.writerow(row)
    return buffer.getvalue().encode()


def measure(rows: int = ROWS) -> ImportTiming:
    """Time the preview job from its stored upload to its stored result."""
    from django.contrib.auth import get_user_model

    from partners.models import Organization, OrganizationImport
    from partners.services import organization_import_preview_make

    uploader, _created = get_user_model().objects.get_or_create(email="bench-import@example.org")
    content = partners_file(rows)
    organization_import = OrganizationImport.objects.create(
        uploader=uploader, language="en", file_format="csv", content=content, rows_total=rows
    )
    started = time.monotonic()
    status = organization_import_preview_make(import_id=organization_import.pk)
    seconds = time.monotonic() - started
    organization_import.refresh_from_db()
    assert status == "ready", organization_import.error
    preview = organization_import.preview
    organization_import.delete()
    return ImportTiming(
        rows=len(preview),
        organizations=Organization.objects.count(),
        seconds=seconds,
        known_duplicates=sum(any("Likely duplicate" in w for w in r["warnings"]) for r in preview),
        repeated_rows=sum(
            any("Same organization as row" in w for w in r["warnings"]) for r in preview
        ),
    )


def budget_row(timing: ImportTiming) -> str:
    verdict = "met" if timing.seconds <= BUDGET_SECONDS else "**not met**"
    return (
        f"{BUDGET_ROW} {timing.rows:,} rows ≤ {BUDGET_SECONDS} s (background job) | "
        f"{timing.seconds:.1f} s against {timing.organizations:,} partners | {verdict} |"
    )


def section(timing: ImportTiming) -> list[str]:
    return [
        HEADING,
        "",
        f"The job `partners.tasks.preview_organization_import` on a CSV of {timing.rows:,}"
        f" rows (one in ten a misspelled partner of the portal, one in twenty-five a"
        f" repeated row), against {timing.organizations:,} organizations: every row checked,"
        " duplicates found with rapidfuzz (`partners.matching.SimilarNames`), the preview"
        " stored. Alone: `.venv/bin/python -m bench.partner_import`.",
        "",
        "| rows | partners | seconds | budget | rows warned: a known partner | rows warned: an earlier row |",
        "| ---: | ---: | ---: | --- | ---: | ---: |",
        f"| {timing.rows:,} | {timing.organizations:,} | {timing.seconds:.1f} | ≤ {BUDGET_SECONDS} s "
        f"{'met' if timing.seconds <= BUDGET_SECONDS else '**not met**'} | "
        f"{timing.known_duplicates:,} | {timing.repeated_rows:,} |",
        "",
    ]


def update_report(timing: ImportTiming) -> None:
    """Replace this part's budget row and section in docs/benchmarks.md, the rest as it
    was (a full `make bench` writes the whole file)."""
    path = environment.ROOT / "docs" / "benchmarks.md"
    text = path.read_text()
    text = re.sub(rf"\n{re.escape(HEADING)}\n.*?(?=\n## |\Z)", "\n", text, flags=re.S)
    lines = [line for line in text.rstrip("\n").split("\n") if not line.startswith(BUDGET_ROW)]
    budgets_end = next(
        index for index, line in enumerate(lines)
        if index > lines.index("## Budgets") + 3 and not line.startswith("|")
    )  # fmt: skip
    lines.insert(budgets_end, budget_row(timing))
    not_measured = lines.index("## Not measured") if "## Not measured" in lines else len(lines)
    lines[not_measured:not_measured] = (
        [*section(timing)] if not_measured < len(lines) else ["", *section(timing)]
    )
    path.write_text("\n".join(lines).rstrip("\n") + "\n")


def main() -> None:
    environment.configure_process()
    environment.prepare_site()
    import django

    django.setup()
    from bench.partners import generate

    print(f"organizations: {generate(count=20_000, stdout=sys.stdout)}", flush=True)
    timing = measure()
    print(budget_row(timing))
    update_report(timing)
    print("Written to docs/benchmarks.md.")


if __name__ == "__main__":
    main()
