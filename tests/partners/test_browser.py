import datetime
import re

import pytest
from django.contrib.auth.models import Group

from diplomacy.accounts.roles import PARTNERSHIPS, sync_role_permissions
from partners.models import Interaction, Organization
from tests.factories import StaffFactory
from tests.second_factor import totp_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "correct horse battery staple"


def choose_in_autocomplete(page, container, text: str) -> None:
    """Pick `text` in one of the admin's autocomplete (select2) widgets."""
    container.locator(".select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_partnerships_member_creates_organization_logs_meeting_and_finds_it_misspelled(
    live_server, demo_content, page, output_dir
):
    sync_role_permissions(None)
    member = StaffFactory(email="dilan@civil-diplomacy.example", preferred_language="ar")
    member.groups.add(Group.objects.get(name=PARTNERSHIPS))

    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    # The admin's sign-in is the portal's: password, then the code of the app.
    page.goto(f"{live_server.url}/admin/login/")
    page.fill('input[name="login"]', member.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').last.click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.fill('input[name="code"]', totp_code(member))
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.evaluate("document.documentElement.dir") == "rtl"

    # A contact person first, then the organization with that person in a role.
    page.goto(f"{live_server.url}/admin/partners/contact/add/")
    page.fill("#id_name", "روناهي يوسف")
    page.fill("#id_emails", "ronahi@amude-bakery.example")
    page.fill("#id_phones", "0944 555 666")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/partners/contact/")

    page.goto(f"{live_server.url}/admin/partners/organization/add/")
    page.fill("#id_name_ar", "مخبز عامودا التعاوني")
    assert not page.locator("#id_name_en").is_visible()  # translation tabs work
    page.locator("a[href='#tab_id_name_en']").click()
    page.fill("#id_name_en", "Amuda Cooperative Bakery")
    page.fill("#id_name_latin", "Firna Hevpar a Amûdê")
    page.select_option("#id_kind", "cooperative")
    page.select_option("#id_region", label="الجزيرة")
    page.fill("#id_emails", "info@amude-bakery.example")
    row = page.locator("#affiliations-0")
    choose_in_autocomplete(page, row, "روناهي يوسف")
    row.locator("input[name='affiliations-0-role']").fill("منسقة")
    meeting = page.locator("#interactions-0")
    meeting.locator("select[name='interactions-0-kind']").select_option("meeting")
    meeting.locator("input[name='interactions-0-occurred_on']").fill(
        datetime.date.today().isoformat()
    )
    meeting.locator("textarea[name='interactions-0-summary']").fill(
        "اجتماع مع إدارة المخبز حول شراء فرن ثانٍ."
    )
    page.screenshot(path=output_dir / "organization-add-ar.png", full_page=True)
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    errors = page.locator(".errorlist, .errornote").all_inner_texts()
    assert not errors, errors
    # The list, keeping the fragment of the name tab that was open.
    page.wait_for_url(re.compile(r".*/admin/partners/organization/(#.*)?$"))

    organization = Organization.objects.get(name_en="Amuda Cooperative Bakery")
    assert organization.affiliations.get().contact.name == "روناهي يوسف"
    assert Interaction.objects.get(organization=organization).created_by == member

    # Found again with a misspelled name, in the Arabic admin.
    page.fill("#searchbar", "Amouda Bakry")
    page.locator("#changelist-search input[type=submit]").click()
    page.locator(f"a[href*='/admin/partners/organization/{organization.pk}/change/']").first.click()
    page.wait_for_url(re.compile(rf".*/admin/partners/organization/{organization.pk}/change/.*"))
    assert "حول شراء فرن" in page.content()
    assert outside == []  # no CDN, no external request, also in the admin
    page.screenshot(path=output_dir / "organization-change-ar.png", full_page=True)
