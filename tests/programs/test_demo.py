import pytest

from programs.models import Program

pytestmark = pytest.mark.django_db

DEMO_SLUGS = {
    "municipal-knowledge-exchange",
    "health-care-under-blockade-seminar",
    "solidarity-online-meeting",
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_demo_programs_are_listed_and_open_in_both_languages(client, language):
    programs = {program.slug: program for program in Program.objects.filter(slug__in=DEMO_SLUGS)}
    assert set(programs) == DEMO_SLUGS
    listing = client.get(f"/{language}/programs/").content.decode()
    for slug, program in programs.items():
        title = getattr(program, f"title_{language}")
        assert title and title in listing
        detail = client.get(f"/{language}/programs/{slug}/")
        assert detail.status_code == 200
        assert program.events.exists()


def test_loading_the_demo_twice_changes_nothing(demo_content):
    from io import StringIO

    from django.core.management import call_command

    counts = (Program.objects.count(), Program.objects.filter(events__isnull=False).count())
    call_command("loaddemo", stdout=StringIO())
    assert (Program.objects.count(), Program.objects.filter(events__isnull=False).count()) == counts


def test_demo_exchange_names_its_partners_and_they_record_it(client):
    from partners.models import Interaction

    program = Program.objects.get(slug="municipal-knowledge-exchange")
    partnerships = list(program.partnerships.select_related("organization"))
    assert {p.organization.slug for p in partnerships} == {
        "baladiyat-hay-al-firdaws",
        "solidarite-mesopotamie-bruxelles",
    }
    html = client.get("/en/programs/municipal-knowledge-exchange/").content.decode()
    for partnership in partnerships:
        assert f"/en/partners/{partnership.organization.slug}/" in html
        assert Interaction.objects.filter(
            organization=partnership.organization, kind=Interaction.Kind.PROGRAM
        ).exists()
