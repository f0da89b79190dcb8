import datetime

import pytest
from django.utils.translation import override

from diplomacy.audit.selectors import audit_entries_for
from diplomacy.taxonomy.models import Region, Sector
from partners.models import Affiliation, Agreement, Contact, Interaction, Organization
from partners.services import (
    interaction_record,
    organization_create,
    organization_duplicates_find,
    organization_merge,
    organization_update,
)
from tests.partners.factories import (
    AffiliationFactory,
    AgreementFactory,
    InteractionFactory,
    OrganizationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def test_create_fills_derived_fields_and_audits(staff_user):
    organization = organization_create(
        actor=staff_user,
        sectors=[Sector.objects.get(slug="cooperatives")],
        name_ar="تعاونية نساء عامودا",
        name_latin="Kooperatîfa Jinên Amûdê",
        kind=Organization.Kind.COOPERATIVE,
        region=Region.objects.get(slug="jazira"),
        website="https://www.amude-coop.example/ar/",
        status=Organization.Status.ACTIVE,
        directory_consent=True,
    )
    assert organization.slug == "kooperatifa-jinen-amude"
    assert organization.country == "SY"
    assert organization.website_domain == "amude-coop.example"
    assert organization.status_changed_on == datetime.date.today()
    assert organization.directory_consent_on == datetime.date.today()
    assert "عامودا" in organization.search_text and "amude" in organization.search_text
    entry = audit_entries_for(target=organization).get()
    assert entry.action == "partners.organization_created"
    assert entry.actor == staff_user
    assert entry.data["changes"]["name_ar"] == [None, "تعاونية نساء عامودا"]


def test_update_records_old_and_new_values_and_status_date(staff_user):
    organization = OrganizationFactory(status=Organization.Status.PROSPECT)
    Organization.objects.filter(pk=organization.pk).update(
        status_changed_on=datetime.date(2024, 1, 1)
    )
    organization.refresh_from_db()
    organization_update(
        organization=organization,
        actor=staff_user,
        status=Organization.Status.ACTIVE,
        tags=[TagFactory(name="Brussels visit 2026")],
    )
    organization.refresh_from_db()
    assert organization.status_changed_on == datetime.date.today()
    assert "brussels" in organization.search_text
    entry = audit_entries_for(target=organization).first()
    assert entry.data["changes"]["status"] == ["prospect", "active"]


def test_update_without_change_writes_no_audit_entry(staff_user):
    organization = OrganizationFactory()
    count = audit_entries_for(target=organization).count()
    organization_update(organization=organization, actor=staff_user, kind=organization.kind)
    assert audit_entries_for(target=organization).count() == count


def test_withdrawn_consent_clears_its_date(staff_user):
    organization = OrganizationFactory(directory_consent=True)
    organization_update(organization=organization, actor=staff_user, directory_consent=False)
    organization.refresh_from_db()
    assert organization.directory_consent_on is None


@override("en")
def test_duplicates_by_domain_email_and_name_across_scripts():
    existing = OrganizationFactory(
        name_ar="جمعية نساء الجزيرة",
        name_en="",
        website="https://jazira-women.example",
        emails=["info@jazira-women.example"],
    )
    OrganizationFactory(name_ar="بلدية الطبقة", name_en="Tabqa Municipality")

    by_name = organization_duplicates_find(names=["Jamiyat Nisa al-Jazira"])
    assert [match.organization for match in by_name] == [existing]
    assert by_name[0].reasons == ["similar name"]

    by_domain = organization_duplicates_find(
        names=["Other"], website="http://jazira-women.example/x"
    )
    assert [match.organization for match in by_domain] == [existing]

    by_email = organization_duplicates_find(names=["Other"], emails=["info@jazira-women.example"])
    assert [match.organization for match in by_email] == [existing]

    assert organization_duplicates_find(names=["Qamishlo Youth Centre"]) == []


def test_merge_moves_everything_and_is_audited(staff_user):
    keep = OrganizationFactory(name_en="Jazira Women's Association", emails=["a@x.example"])
    duplicate = OrganizationFactory(
        name_en="",
        name_latin="Jamiyat Nisa al-Jazira",
        emails=["b@x.example"],
        phones=["+963933000111"],
    )
    shared_contact = Contact.objects.create(name="Hevin")
    AffiliationFactory(organization=keep, contact=shared_contact)
    AffiliationFactory(organization=duplicate)
    AgreementFactory(organization=duplicate)
    InteractionFactory(organization=duplicate)
    interaction_record(
        organization=duplicate,
        kind="delegation",
        occurred_on=datetime.date.today(),
        summary="Meeting during a delegation visit",
        source=shared_contact,
    )

    merged = organization_merge(keep=keep, duplicate=duplicate, actor=staff_user)

    assert not Organization.objects.filter(pk=duplicate.pk).exists()
    assert Affiliation.objects.filter(organization=merged).count() == 2
    assert Agreement.objects.filter(organization=merged).count() == 1
    assert Interaction.objects.filter(organization=merged).count() == 2
    assert merged.name_latin == "Jamiyat Nisa al-Jazira"
    assert merged.emails == ["a@x.example", "b@x.example"]
    assert merged.phones == ["+963933000111"]
    entry = audit_entries_for(target=merged).filter(action="partners.organization_merged").get()
    assert entry.actor == staff_user
    assert entry.data["merged_id"] == duplicate.pk
    assert entry.data["moved"]["partners.Agreement"] == 1


def test_merge_into_itself_is_refused(staff_user):
    organization = OrganizationFactory()
    with pytest.raises(ValueError):
        organization_merge(keep=organization, duplicate=organization, actor=staff_user)


def test_interaction_record_from_another_app_is_idempotent(staff_user):
    organization = OrganizationFactory()
    source = Contact.objects.create(name="stands in for a delegation meeting")
    day = datetime.date(2026, 3, 4)
    first = interaction_record(
        organization=organization,
        kind="delegation",
        occurred_on=day,
        summary="Visit",
        source=source,
    )
    again = interaction_record(
        organization=organization,
        kind="delegation",
        occurred_on=day,
        summary="Visit",
        source=source,
    )
    moved = interaction_record(
        organization=organization,
        kind="delegation",
        occurred_on=day + datetime.timedelta(days=1),
        summary="Visit (moved)",
        source=source,
        actor=staff_user,
    )
    assert first.pk == again.pk == moved.pk
    assert organization.interactions.get().summary == "Visit (moved)"
    assert first.source == source


def test_interaction_record_without_source_adds_entries_and_unknown_kind_is_other():
    organization = OrganizationFactory()
    interaction_record(
        organization=organization, kind="program", occurred_on=datetime.date.today(), summary="a"
    )
    interaction_record(
        organization=organization, kind="webinar", occurred_on=datetime.date.today(), summary="b"
    )
    assert sorted(organization.interactions.values_list("kind", flat=True)) == ["other", "program"]
