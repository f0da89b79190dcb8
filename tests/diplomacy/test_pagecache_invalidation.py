"""The page cache follows the models the apps declare public (portal.py), and only them."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from diplomacy.pagecache import public_pages_generation
from diplomacy.pagecache_invalidation import public_model_rows_updated
from diplomacy.pages.models import Page
from partners.models import Interaction
from programs.models import Registration
from tests.partners.conftest import png_bytes
from tests.partners.factories import InteractionFactory, OrganizationFactory
from tests.programs.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def generation(settings, django_capture_on_commit_callbacks):
    """Runs a change and tells how much the public pages' generation moved."""
    settings.PAGE_CACHE_SECONDS = 600

    def moved(change) -> int:
        before = public_pages_generation()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return public_pages_generation() - before

    return moved


def test_a_public_model_saved_anywhere_empties_the_page_cache(generation):
    about = Page.objects.get(key=Page.ABOUT)
    assert generation(about.save) >= 1
    organization = OrganizationFactory()
    assert generation(organization.delete) >= 1


def test_a_staff_only_model_empties_nothing(generation):
    organization = OrganizationFactory()
    assert generation(lambda: InteractionFactory(organization=organization)) == 0


def test_only_the_declared_fields_of_a_partly_public_model_count(generation):
    registration = RegistrationFactory()
    registration.attended = True
    assert generation(lambda: registration.save(update_fields=["attended"])) == 0
    registration.status = registration.Status.CANCELLED
    assert generation(lambda: registration.save(update_fields=["status"])) >= 1


def test_a_bulk_update_of_a_public_model_empties_the_page_cache(generation, settings, tmp_path):
    """`QuerySet.update()` sends no signal: the renditions pipeline announces it."""
    from partners.services import organization_logo_render

    settings.MEDIA_ROOT = tmp_path
    organization = OrganizationFactory(
        logo=SimpleUploadedFile("logo.png", png_bytes((640, 480)), content_type="image/png")
    )
    assert generation(lambda: organization_logo_render(organization_id=organization.pk)) >= 1
    organization.refresh_from_db()
    assert organization.logo_renditions_of == organization.logo.name


def test_a_bulk_update_of_a_staff_only_model_empties_nothing(generation):
    interaction = InteractionFactory(organization=OrganizationFactory())

    def bulk_update() -> None:
        Interaction.objects.filter(pk=interaction.pk).update(summary="Called back")
        public_model_rows_updated(Interaction, fields=["summary"])

    assert generation(bulk_update) == 0


def test_a_bulk_update_counts_only_the_declared_fields_of_a_partly_public_model(generation):
    registration = RegistrationFactory()
    rows = Registration.objects.filter(pk=registration.pk)

    def mark_attended() -> None:
        rows.update(attended=True)
        public_model_rows_updated(Registration, fields=["attended"])

    def cancel() -> None:
        rows.update(status=Registration.Status.CANCELLED)
        public_model_rows_updated(Registration, fields=["status"])

    assert generation(mark_attended) == 0
    assert generation(cancel) >= 1


def test_the_page_cache_is_emptied_from_one_place_only():
    """Every write reaches public_pages_changed through the receiver of the declared
    public models (or its announcement of a bulk update), never directly."""
    root = Path(__file__).resolve().parents[2]
    callers = {
        str(path.relative_to(root))
        for package in ("diplomacy", "partners", "delegations", "programs", "publications")
        for path in (root / package).rglob("*.py")
        if "public_pages_changed" in path.read_text(encoding="utf-8")
    }
    assert callers == {"diplomacy/pagecache.py", "diplomacy/pagecache_invalidation.py"}


def test_a_word_form_renews_cached_search_pages(generation):
    from diplomacy.lexicon.models import WordForm

    assert generation(lambda: WordForm.objects.create(form="صوامع", base="صومعة")) == 1


def test_a_search_index_rebuild_renews_the_pages_when_it_finishes_not_at_every_batch(
    generation, monkeypatch
):
    from diplomacy.lexicon import services as lexicon
    from diplomacy.lexicon.models import SearchReindex

    monkeypatch.setattr(lexicon, "BATCH_SIZE", 1)
    run = SearchReindex.objects.create(total=3)
    assert generation(lambda: lexicon.search_reindex_step(
        run_id=run.pk, stage=0, last_id=0, on_worker=False)) == 0  # fmt: skip
    steps = 0
    while SearchReindex.objects.get(pk=run.pk).finished_at is None:
        run.refresh_from_db()
        moved = generation(lambda: lexicon.search_reindex_step(
            run_id=run.pk, stage=run.stage, last_id=run.last_id, on_worker=False))  # fmt: skip
        steps += 1
        finished = SearchReindex.objects.get(pk=run.pk).finished_at is not None
        assert moved == (1 if finished else 0)
    assert steps >= 1
