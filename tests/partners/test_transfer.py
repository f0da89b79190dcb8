import io

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from diplomacy.audit.models import AuditEntry
from diplomacy.taxonomy.models import Region, Sector
from partners.models import Organization
from partners.transfer import (
    ImportFileError,
    organizations_export,
    organizations_import_apply,
    organizations_import_preview,
)
from tests.partners.factories import OrganizationFactory, TagFactory
from tests.partners.imports import import_upload

pytestmark = pytest.mark.django_db

HEADER = "name_ar,name_en,name_latin,kind,sectors,region,country,world_region,website,emails,phones,status,tags,directory_consent\n"
GOOD_ROWS = (
    "تعاونية نساء تل تمر,Tel Tamr Women's Cooperative,Kooperatîfa Jinên Girê Xurmê,cooperative,cooperatives; economy,jazira,,,teltamr-coop.example,info@teltamr-coop.example,0933 222 333,active,women,yes\n"
    ",Ghent Solidarity Committee,,association,Political solidarity,,BE,Europe,https://ghent-solidarity.example,contact@ghent-solidarity.example,+32 9 225 12 34,prospect,,\n"
)


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def test_good_file_previews_without_writing_then_imports_everything(staff_user):
    before = Organization.objects.count()
    preview = organizations_import_preview(content=csv_bytes(HEADER + GOOD_ROWS), file_format="csv")
    assert [row.errors for row in preview.rows] == [[], []]
    assert Organization.objects.count() == before

    result = organizations_import_apply(preview=preview, actor=staff_user)
    assert len(result.created) == 2
    cooperative = Organization.objects.get(name_en="Tel Tamr Women's Cooperative")
    assert cooperative.region == Region.objects.get(slug="jazira")
    assert set(cooperative.sectors.values_list("slug", flat=True)) == {"cooperatives", "economy"}
    assert cooperative.website == "https://teltamr-coop.example"
    assert cooperative.phones == ["+963933222333"]
    assert cooperative.directory_consent
    assert [tag.name for tag in cooperative.tags.all()] == ["women"]
    ghent = Organization.objects.get(name_en="Ghent Solidarity Committee")
    assert ghent.country == "BE" and ghent.world_region == "europe"
    assert ghent.sectors.get().slug == "political-solidarity"
    assert AuditEntry.objects.filter(action="partners.organizations_imported").exists()


def test_bad_rows_are_all_listed_and_nothing_is_written_unless_skipped(staff_user):
    bad = (
        ",Broken Row Org,,association,astrology,atlantis,,,not a url,bad@,12,active,,\n"
        ",,,,,,,,,,,,,\n"  # an empty row is ignored
        ",No Kind Org,,spaceship,,,,,,,,weird,,\n"
    )
    preview = organizations_import_preview(
        content=csv_bytes(HEADER + GOOD_ROWS + bad), file_format="csv"
    )
    assert preview.valid_count == 2 and preview.invalid_count == 2
    broken = preview.rows[2]
    messages = " ".join(broken.errors)
    for expected in ("astrology", "atlantis", "not a url", "bad@", "12"):
        assert expected in messages
    assert len(preview.rows[3].errors) == 2  # kind and status

    before = Organization.objects.count()
    with pytest.raises(ValidationError):
        organizations_import_apply(preview=preview, actor=staff_user)
    assert Organization.objects.count() == before

    result = organizations_import_apply(preview=preview, actor=staff_user, skip_invalid=True)
    assert len(result.created) == 2 and result.skipped == [4, 6]
    assert Organization.objects.count() == before + 2


@override("en")
def test_duplicates_are_warned_against_the_database_and_within_the_file():
    OrganizationFactory(
        name_ar="جمعية نساء الجزيرة", name_en="", website="https://jazira-women.example"
    )
    rows = (
        ",,Jamiyat Nisa al-Jazira,association,,,,,,,,,,\n"
        ",Other Name,,association,,,,,www.jazira-women.example,,,,,\n"
        ",Qamishlo Youth Centre,,association,,,,,,,,,,\n"
        ",Qamishli Youth Center,,association,,,,,,,,,,\n"
    )
    preview = organizations_import_preview(content=csv_bytes(HEADER + rows), file_format="csv")
    assert "Likely duplicate" in preview.rows[0].warnings[0]
    assert "same website domain" in preview.rows[1].warnings[0]
    assert preview.rows[3].warnings == ["Same organization as row 4?"]
    assert all(row.valid for row in preview.rows)  # warnings do not block the import


def test_unreadable_files_are_refused():
    with pytest.raises(ImportFileError):
        organizations_import_preview(content=b"PK\x03\x04garbage", file_format="xlsx")
    with pytest.raises(ImportFileError):
        organizations_import_preview(content=csv_bytes("foo,bar\n1,2\n"), file_format="csv")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_export_parses_back_and_imports_again(staff_user, language):
    organization = OrganizationFactory(
        slug="organization-export",
        name_ar="بلدية حي الناصرة",
        name_en="Al-Nasira Neighbourhood Municipality",
        kind=Organization.Kind.MUNICIPALITY,
        region=Region.objects.get(slug="raqqa"),
        emails=["office@nasira.example"],
        phones=["+96322214567"],
        sectors=[Sector.objects.get(slug="municipalities")],
    )
    organization.tags.add(TagFactory(name="waste"))
    queryset = Organization.objects.filter(pk=organization.pk)
    for file_format in ("csv", "xlsx"):
        content = organizations_export(
            queryset=queryset, file_format=file_format, language=language
        )
        if file_format == "csv":
            dataset = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        else:
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        row = dict(zip(dataset.headers, dataset[0], strict=True))
        assert row[dataset.headers[0]] == "بلدية حي الناصرة"
        assert ("municipality" if language == "en" else "بلدية") in row[
            dataset.headers[4]
        ].casefold()
        assert "office@nasira.example" in row[dataset.headers[12]]

        # What was exported is read back as the same organization (and flagged as such).
        preview = organizations_import_preview(content=content, file_format=file_format)
        parsed = preview.rows[0]
        assert parsed.valid, parsed.errors
        assert parsed.values["kind"] == "municipality"
        assert parsed.values["region"] == organization.region_id
        assert parsed.values["sectors"] == [Sector.objects.get(slug="municipalities").pk]
        assert parsed.values["phones"] == ["+96322214567"]
        assert parsed.warnings


def test_admin_import_preview_then_confirm(client, partnerships_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(partnerships_staff)
    upload = SimpleUploadedFile(
        "partners.csv", csv_bytes(HEADER + GOOD_ROWS), content_type="text/csv"
    )
    response = import_upload(client, upload)
    assert response.status_code == 200
    assert "Ghent Solidarity Committee" in response.content.decode()
    assert not Organization.objects.filter(name_en="Ghent Solidarity Committee").exists()
    response = client.post(response.request["PATH_INFO"], {})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:partners_organization_changelist")
    assert Organization.objects.filter(name_en="Ghent Solidarity Committee").exists()
