import pytest
from django.urls import reverse

from delegations.models import ApplicationState
from tests.delegations.factories import ApplicationFactory
from tests.factories import StaffFactory


@pytest.mark.django_db
def test_the_admin_shows_applications_without_unmasked_personal_data(client):
    admin = StaffFactory(is_superuser=True)
    application = ApplicationFactory(state=ApplicationState.SUBMITTED)
    member = application.members.get()
    client.force_login(admin)
    listing = client.get(reverse("admin:delegations_application_changelist"))
    assert listing.status_code == 200
    assert application.organization in listing.content.decode()
    page = client.get(reverse("admin:delegations_application_change", args=[application.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert member.full_name in html
    assert member.passport_number not in html
    assert member.passport_number_masked in html
    assert "1985-03-14" not in html and "14 مارس 1985" not in html
