"""Participant lists for staff, as CSV (UTF-8 with BOM, so spreadsheet programs read
Arabic correctly) or Excel."""

import csv
from datetime import UTC
from io import BytesIO

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from diplomacy.spreadsheets import spreadsheet_row
from programs.models import Registration


def participant_rows(registrations: QuerySet[Registration]) -> tuple[list[str], list[list]]:
    registrations = list(
        registrations.select_related("user", "event__program").order_by(
            "event__starts_at", "event_id", "created_at", "pk"
        )
    )
    questions: dict[int, str] = {}
    for registration in registrations:
        for item in registration.answers:
            questions.setdefault(item.get("question_id"), item.get("question", ""))
    header = [
        _("Name"), _("Email address"), _("Language"), _("Program"), _("Session"),
        _("Session start (UTC)"), _("Status"), _("Registered (UTC)"), _("Attended"),
        *questions.values(),
    ]  # fmt: skip
    rows = []
    for registration in registrations:
        answers = {item.get("question_id"): item.get("answer", "") for item in registration.answers}
        attended = {True: _("Yes"), False: _("No"), None: ""}[registration.attended]
        rows.append(
            spreadsheet_row(
                [
                    registration.user.get_full_name(),
                    registration.user.email,
                    registration.user.preferred_language,
                    registration.event.program.title,
                    registration.event.title,
                    timezone.localtime(registration.event.starts_at, UTC).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                    registration.get_status_display(),
                    timezone.localtime(registration.created_at, UTC).strftime("%Y-%m-%d %H:%M"),
                    attended,
                    *(str(answers.get(pk, "")) for pk in questions),
                ]
            )
        )
    # Question labels are typed by staff: the header row goes through the same check.
    return spreadsheet_row(header), rows


def participants_csv(registrations: QuerySet[Registration]) -> HttpResponse:
    header, rows = participant_rows(registrations)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def participants_xlsx(registrations: QuerySet[Registration]) -> HttpResponse:
    header, rows = participant_rows(registrations)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="participants.xlsx"'
    return response
