import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diplomacy.accounts.roles import DELEGATION_COORDINATORS
from diplomacy.audit.selectors import audit_entries_for
from diplomacy.pagecache import public_pages_changed
from diplomacy.taxonomy.models import Region, Sector
from partners.models import Organization
from tests.factories import StaffFactory
from tests.partners.factories import AffiliationFactory, InteractionFactory, OrganizationFactory
from tests.reauthentication import reauthenticated

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    organization = OrganizationFactory(
        name_ar="تعاونية نساء عامودا",
        name_en="Amuda Women's Cooperative",
        kind=Organization.Kind.COOPERATIVE,
        region=Region.objects.get(slug="jazira"),
        town_ar="عامودا",
        town_en="Amuda",
        emails=["secret-coop@amuda.example"],
        phones=["+963933444555"],
        description_ar="تعاونية لإنتاج الزيتون.",
        description_en="An olive oil cooperative.",
        website="https://amuda-coop.example",
        sectors=list(Sector.objects.filter(slug__in=["cooperatives", "economy"])),
    )
    AffiliationFactory(
        organization=organization,
        contact__name="Private Person",
        contact__emails=["private.person@amuda.example"],
    )
    return organization


@pytest.fixture
def unlisted():
    return OrganizationFactory(
        name_en="Hidden Partner Union", name_ar="نقابة شريكة مخفية", directory_consent=False
    )


def test_directory_shows_consenting_organizations_in_the_page_language(client, listed, unlisted):
    english = client.get("/en/partners/").content.decode()
    arabic = client.get("/ar/partners/").content.decode()
    assert "Amuda Women&#x27;s Cooperative" in english
    assert "تعاونية نساء عامودا" in arabic
    assert "Hidden Partner" not in english and "مخفية" not in arabic


def test_directory_never_shows_contact_data(client, listed):
    for url in ("/en/partners/", f"/en/partners/{listed.slug}/", f"/ar/partners/{listed.slug}/"):
        html = client.get(url).content.decode()
        assert "secret-coop@amuda.example" not in html
        assert "933444555" not in html and "933 444 555" not in html
        assert "Private Person" not in html and "private.person" not in html


def test_detail_shows_profile_in_the_page_language(client, listed):
    html = client.get(f"/en/partners/{listed.slug}/").content.decode()
    assert "An olive oil cooperative." in html
    assert "تعاونية لإنتاج الزيتون" not in html
    assert 'href="https://amuda-coop.example"' in html
    assert "Amuda" in html and "Jazira" in html


def test_non_consenting_organization_detail_is_not_found(client, unlisted):
    assert client.get(f"/en/partners/{unlisted.slug}/").status_code == 404


def test_directory_filters_and_search(client, listed, unlisted):
    assert "Amuda" in client.get("/en/partners/?sector=cooperatives").content.decode()
    assert "Amuda Women" not in client.get("/en/partners/?sector=media").content.decode()
    assert "Amuda Women" in client.get("/en/partners/?q=عامودا").content.decode()
    assert (
        "Amuda Women" in client.get("/en/partners/?region=jazira&kind=cooperative").content.decode()
    )
    # Unknown filter values are ignored, not an error.
    assert client.get("/en/partners/?sector=nope&page=x").status_code == 200


@pytest.mark.parametrize(
    "url", ["/ar/partners/", "/en/partners/?q=cooperative&sector=economy&region=jazira"]
)
def test_directory_list_query_count_does_not_grow_with_data(
    client, django_assert_max_num_queries, url
):
    for number in range(30):
        OrganizationFactory(
            name_en=f"Cooperative {number}",
            region=Region.objects.get(slug="jazira"),
            sectors=list(Sector.objects.filter(slug__in=["economy", "cooperatives"])),
        )
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200


def test_directory_pages_list_every_organization_once_in_order_with_kind_and_sectors(client):
    economy, cooperatives = Sector.objects.filter(slug__in=["economy", "cooperatives"])
    for number in range(30):
        OrganizationFactory(
            name_en=f"Paged Partner {number:02d}",
            kind=Organization.Kind.COOPERATIVE,
            sectors=[cooperatives, economy] if number % 2 else [],
        )
    OrganizationFactory(name_en="Paged Partner Hidden", directory_consent=False)
    names = []
    for page in (1, 2):
        response = client.get(f"/en/partners/?page={page}")
        for organization in response.context["page"].object_list:
            names.append(organization.name_en)
            if not organization.name_en.startswith("Paged Partner"):
                continue  # the demo partners
            assert organization.kind_label == Organization.Kind.COOPERATIVE.label
            expected = [economy, cooperatives] if int(organization.name_en[-2:]) % 2 else []
            assert sorted(organization.listed_sectors, key=lambda s: (s.position, s.slug)) == (
                organization.listed_sectors
            )
            assert set(organization.listed_sectors) == set(expected)
    paged = [name for name in names if name.startswith("Paged Partner")]
    assert paged == [f"Paged Partner {number:02d}" for number in range(30)]
    html = client.get("/en/partners/?page=2").content.decode()
    assert (
        "Paged Partner 29" in html
        and f"{Organization.Kind.COOPERATIVE.label.capitalize()} ·" in html
    )


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_an_edit_of_a_partner_shows_at_once_with_caching_on(
    client, settings, listed, page_cache_seconds, django_capture_on_commit_callbacks
):
    """The filter choices, the count and the rendered filter form are kept per generation
    of the public pages (and the page itself when the page cache is on): an edit, a new
    partner, a new sector show on the next request all the same."""
    settings.PUBLIC_DATA_CACHE = True
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    public_pages_changed()  # nothing kept by an earlier test
    path = "/en/partners/?sector=cooperatives"

    def shown() -> tuple[str, int]:
        html = client.get(path).content.decode()
        return html, int(re.search(r"(\d+) organizations?</p>", html).group(1))

    html, count = shown()
    html, kept_count = shown()  # read from what the first request kept
    assert "Amuda Women&#x27;s Cooperative" in html and kept_count == count
    cooperatives = Sector.objects.get(slug="cooperatives")
    with django_capture_on_commit_callbacks(execute=True):
        listed.name_en = "Amuda Olive Press"
        listed.save()
    with django_capture_on_commit_callbacks(execute=True):
        OrganizationFactory(name_en="Derik Bakers Cooperative", sectors=[cooperatives])
    with django_capture_on_commit_callbacks(execute=True):
        Sector.objects.create(slug="water", name_en="Water and irrigation", name_ar="المياه")
    html, count_after = shown()
    assert "Amuda Olive Press" in html and "Amuda Women" not in html
    assert "Derik Bakers Cooperative" in html and count_after == count + 1
    assert '<option value="water">Water and irrigation</option>' in html
    with django_capture_on_commit_callbacks(execute=True):
        listed.directory_consent = False
        listed.save()
    html, count_unlisted = shown()
    assert "Amuda Olive Press" not in html and count_unlisted == count


def test_directory_keeps_the_chosen_filters_with_caching_on(client, settings, listed):
    settings.PUBLIC_DATA_CACHE = True
    public_pages_changed()
    for path, selected in (
        ("/en/partners/?sector=cooperatives", '<option value="cooperatives" selected>'),
        ("/en/partners/?sector=economy", '<option value="economy" selected>'),
        ("/en/partners/?sector=economy&q=Amuda", 'value="Amuda"'),
        ("/en/partners/", '<option value="" selected>'),
    ):
        html = client.get(path).content.decode()
        assert selected in html, path
    # A search word is never served from the form kept for the filters alone.
    assert 'value="Amuda"' not in client.get("/en/partners/?sector=economy").content.decode()
    # Kept per language: the Arabic page never gets the English form.
    arabic = client.get("/ar/partners/?sector=economy").content.decode()
    assert '<option value="economy" selected>الاقتصاد</option>' in arabic


def test_a_misspelled_directory_search_runs_its_close_match_once(client):
    for number in range(30):
        OrganizationFactory(name_en=f"Qamishlo Journalists Union {number:02d}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/partners/", {"q": "Qamishlo Jurnalists"})
    page = response.context["page"]
    assert page.paginator.count == 30 and len(page.object_list) == 24
    assert all(organization.name_en.startswith("Qamishlo") for organization in page.object_list)
    fuzzy = [query for query in queries if "%>" in query["sql"] or "<%" in query["sql"]]
    assert len(fuzzy) == 1, [query["sql"] for query in fuzzy]
    second = client.get("/en/partners/", {"q": "Qamishlo Jurnalists", "page": "2"})
    names = {o.name_en for o in [*page.object_list, *second.context["page"].object_list]}
    assert names == {f"Qamishlo Journalists Union {number:02d}" for number in range(30)}
    first = page.object_list[0]
    assert (
        f'href="/en/partners/{first.slug}/"><bdi>{first.name_en}</bdi>' in response.content.decode()
    )


def test_a_directory_search_counts_its_matches_with_the_page(client):
    for number in range(30):
        OrganizationFactory(name_en=f"Hasakah Teachers Association {number:02d}")
    first = client.get("/en/partners/", {"q": "Hasakah Teachers"})
    assert first.context["page"].paginator.count == 30
    assert len(first.context["page"].object_list) == 24
    second = client.get("/en/partners/", {"q": "Hasakah Teachers", "page": "2"})
    assert len(second.context["page"].object_list) == 6
    # Past the last page (however far): the last page, as everywhere else.
    for page in ("9", "99999999999999999999999"):
        beyond = client.get("/en/partners/", {"q": "Hasakah Teachers", "page": page})
        assert beyond.context["page"].number == 2
        assert len(beyond.context["page"].object_list) == 6


def test_directory_and_detail_show_where_a_partner_abroad_works(client):
    abroad = OrganizationFactory(
        name_en="Brussels Friends of Qamishlo",
        name_ar="أصدقاء قامشلو في بروكسل",
        country="BE",
        world_region=Organization.WorldRegion.EUROPE,
    )
    for language, location in (("en", "Belgium · Europe"), ("ar", "بلجيكا · أوروبا")):
        directory = client.get(f"/{language}/partners/?region=europe").content.decode()
        detail = client.get(f"/{language}/partners/{abroad.slug}/").content.decode()
        assert location in directory and location in detail, language


def test_directory_detail_query_count(client, listed, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(f"/en/partners/{listed.slug}/").status_code == 200


# --- staff back-office (Django admin) -------------------------------------------------


def test_partnerships_staff_can_edit_and_other_staff_only_read(
    client, partnerships_staff, editor_staff, listed
):
    change_url = reverse("admin:partners_organization_change", args=[listed.pk])
    client.force_login(partnerships_staff)
    page = client.get(change_url).content.decode()
    assert 'name="name_ar"' in page
    assert client.get(reverse("admin:partners_organization_add")).status_code == 200

    client.force_login(editor_staff)
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="name_ar"' not in page.content.decode()  # read-only view
    assert client.get(reverse("admin:partners_organization_add")).status_code == 403
    assert client.get(reverse("admin:partners_organization_import")).status_code == 403
    assert (
        client.get(reverse("admin:partners_organization_export", args=["csv"])).status_code == 403
    )


def test_staff_without_a_role_and_visitors_see_nothing(client, listed, user):
    url = reverse("admin:partners_organization_changelist")
    client.force_login(StaffFactory(email="no-role@example.org"))
    assert client.get(url).status_code == 403
    client.force_login(user)
    assert client.get(url).status_code == 302  # to the admin login


def test_delegation_coordinators_read_partners(client, listed):
    coordinator = StaffFactory(email="coordinator@example.org")
    coordinator.groups.add(Group.objects.get(name=DELEGATION_COORDINATORS))
    client.force_login(coordinator)
    assert client.get(reverse("admin:partners_organization_changelist")).status_code == 200


def test_admin_list_searches_across_scripts(client, partnerships_staff, listed):
    client.force_login(partnerships_staff)
    url = reverse("admin:partners_organization_changelist")
    link = reverse("admin:partners_organization_change", args=[listed.pk])
    assert link in client.get(url, {"q": "عاموده"}).content.decode()
    assert link in client.get(url, {"q": "Amouda"}).content.decode()
    assert link not in client.get(url, {"q": "Raqqa"}).content.decode()


def test_admin_create_warns_about_duplicates_then_saves_when_confirmed(
    client, partnerships_staff, listed
):
    client.force_login(partnerships_staff)
    url = reverse("admin:partners_organization_add")
    data = {
        "name_ar": "",
        "name_en": "",
        "name_latin": "Tawniyat Nisa Amuda",
        "name_native": "",
        "kind": "cooperative",
        "status": "prospect",
        "world_region": "",
        "country": "",
        "emails": "Info@Amuda-New.example",
        "phones": "0933 123 456",
        **_empty_inlines(),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    assert f"../{listed.pk}/change/" in errors
    assert not Organization.objects.filter(name_latin="Tawniyat Nisa Amuda").exists()

    response = client.post(url, {**data, "not_a_duplicate": "on"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Organization.objects.get(name_latin="Tawniyat Nisa Amuda")
    assert created.emails == ["info@amuda-new.example"]
    assert created.phones == ["+963933123456"]


def test_admin_rejects_bad_phone_numbers_next_to_the_field(client, partnerships_staff):
    client.force_login(partnerships_staff)
    response = client.post(
        reverse("admin:partners_organization_add"),
        {
            "name_en": "Phone Test Org",
            "kind": "other",
            "status": "prospect",
            "phones": "12345",
            "not_a_duplicate": "on",
            **_empty_inlines(),
        },
    )
    assert response.status_code == 200
    assert "phones" in response.context["adminform"].form.errors


def test_admin_change_page_shows_contacts_agreements_timeline_and_history(
    client, partnerships_staff, listed
):
    InteractionFactory(organization=listed, summary="Visited the olive press with a delegation")
    client.force_login(partnerships_staff)
    html = client.get(
        reverse("admin:partners_organization_change", args=[listed.pk])
    ).content.decode()
    assert "Private Person" in html
    assert "Visited the olive press" in html
    assert "إنشاء المنظمة" in html and "organization_created" not in html


def test_admin_export_of_the_filtered_list(client, partnerships_staff, listed, unlisted):
    client.force_login(partnerships_staff)
    url = reverse("admin:partners_organization_export", args=["csv"])
    response = client.get(url, {"directory_consent__exact": "0"})
    assert response.status_code == 302  # the password again first
    assert "/accounts/reauthenticate/" in response["Location"]
    reauthenticated(client, partnerships_staff)
    body = client.get(url, {"directory_consent__exact": "0"}).content.decode("utf-8-sig")
    assert "Hidden Partner Union" in body
    assert "Amuda Women" not in body


def _empty_inlines() -> dict:
    data = {}
    for prefix in ("affiliations", "agreements", "interactions"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_html_of_directory_has_no_left_right_styles(client, listed):
    html = client.get("/ar/partners/").content.decode()
    assert not re.search(r"style=\"[^\"]*(left|right)", html)


def _admin_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_admin_list_and_change_page_query_counts_do_not_grow_with_data(
    client, partnerships_staff, listed
):
    client.force_login(partnerships_staff)
    list_url = reverse("admin:partners_organization_changelist")
    change_url = reverse("admin:partners_organization_change", args=[listed.pk])
    InteractionFactory.create_batch(2, organization=listed)
    OrganizationFactory.create_batch(2)
    # Once first: what a session remembers after its first page (the second factor, the
    # unread count) is not what this test counts.
    _admin_queries(client, list_url)
    list_before = _admin_queries(client, list_url)
    change_before = _admin_queries(client, change_url)

    owner = StaffFactory(email="owner-q@example.org")
    for _ in range(20):
        interaction = InteractionFactory(
            organization=listed, follow_up_on=listed.created_at.date(), follow_up_owner=owner
        )
        interaction.staff_participants.add(owner)
        AffiliationFactory(organization=OrganizationFactory(owner=owner))
    assert _admin_queries(client, list_url) == list_before
    assert _admin_queries(client, change_url) == change_before


def test_signed_agreement_is_served_only_to_staff_who_may_view_it(
    client, editor_staff, partnerships_staff, listed, user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.partners.conftest import MINIMAL_PDF
    from tests.partners.factories import AgreementFactory

    agreement = AgreementFactory(
        organization=listed, document=SimpleUploadedFile("signed mou.pdf", MINIMAL_PDF)
    )
    assert agreement.document.name.startswith("partners/agreements/")
    assert "signed" not in agreement.document.name  # a random name
    url = agreement.document.url
    assert url.startswith("/admin/partners/agreement/document/")

    client.force_login(partnerships_staff)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    [entry] = audit_entries_for(target=listed).filter(action="partners.agreement_downloaded")
    assert entry.actor == partnerships_staff and entry.data == {"id": agreement.pk}

    client.force_login(editor_staff)  # other staff roles see organizations, not agreements
    assert client.get(url).status_code == 403

    client.force_login(StaffFactory(email="no-role-2@example.org"))
    assert client.get(url).status_code == 403
    client.force_login(user)
    assert client.get(url).status_code == 302  # to the admin login
    assert client.get(f"/media/{agreement.document.name}").status_code == 404


def test_other_staff_see_organizations_without_contact_data(client, editor_staff, listed):
    AffiliationFactory(organization=listed, contact__name="Private Person")
    InteractionFactory(organization=listed, summary="Visited the olive press")
    client.force_login(editor_staff)
    html = client.get(
        reverse("admin:partners_organization_change", args=[listed.pk])
    ).content.decode()
    assert listed.display_name in html
    for private in ("Private Person", "933444555", "secret-coop", "Visited the olive press"):
        assert private not in html, private
    for model in ("contact", "agreement", "interaction"):
        assert client.get(f"/admin/partners/{model}/").status_code == 403, model


def test_admin_merge_action_asks_which_record_to_keep_then_merges(
    client, partnerships_staff, editor_staff
):
    keep = OrganizationFactory(name_en="Jazira Women's House")
    duplicate = OrganizationFactory(name_en="", name_latin="Mala Jinan a Cizirê")
    InteractionFactory(organization=duplicate, summary="Visit to the women's house")
    url = reverse("admin:partners_organization_changelist")
    selection = {"action": "merge_selected", "_selected_action": [keep.pk, duplicate.pk]}

    client.force_login(editor_staff)  # reads partners, may not merge them
    response = client.post(url, selection)
    assert Organization.objects.filter(pk=duplicate.pk).exists()

    client.force_login(partnerships_staff)
    response = client.post(url, selection)
    assert response.status_code == 200
    assert 'name="keep"' in response.content.decode()
    response = client.post(url, {**selection, "keep": keep.pk})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=duplicate.pk).exists()
    assert keep.interactions.get().summary == "Visit to the women's house"


def test_admin_contact_search_by_email(client, partnerships_staff):
    from tests.partners.factories import ContactFactory

    contact = ContactFactory(name="Berfin Ali", emails=["berfin@kobane-union.example"])
    client.force_login(partnerships_staff)
    html = client.get(
        reverse("admin:partners_contact_changelist"), {"q": "kobane-union"}
    ).content.decode()
    assert reverse("admin:partners_contact_change", args=[contact.pk]) in html
