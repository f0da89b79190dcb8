"""What every signed-in request costs: queries, cache reads, and that nothing read
faster is read less fresh (permissions count from the next request; figures stay per
person and per minute)."""

import datetime
from importlib import import_module
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from diplomacy.accounts import remembered, roles
from diplomacy.accounts.backends import PermissionsBackend, person_by_id
from diplomacy.accounts.sessions import SessionStore
from tests.diplomacy.accounts.dashboard_world import add_work, staff_in
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

TRANSLATION_SECTION = 'id="my-translation-jobs"'


def queries_of(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_permissions_are_read_in_one_query_the_same_as_django_reads_them():
    person = UserFactory()
    person.user_permissions.add(Permission.objects.get(codename="view_page"))
    person.groups.add(Group.objects.get(name=roles.TRANSLATORS))
    expected = ModelBackend().get_all_permissions(type(person).objects.get(pk=person.pk))
    with CaptureQueriesContext(connection) as queries:
        found = PermissionsBackend().get_all_permissions(person)
    assert len(queries) == 1
    assert found == expected
    assert "pages.view_page" in found and "translation.view_translationjob" in found
    assert PermissionsBackend().get_all_permissions(UserFactory()) == set()


def test_a_role_or_permission_taken_away_counts_from_the_next_request(client):
    translator = StaffFactory()  # with the second factor a role asks for
    translator.groups.add(Group.objects.get(name=roles.TRANSLATORS))
    client.force_login(translator)
    assert TRANSLATION_SECTION in client.get("/en/my/").content.decode()
    translator.groups.clear()
    assert TRANSLATION_SECTION not in client.get("/en/my/").content.decode()
    workspace = Permission.objects.get(codename="change_translationjob")
    translator.user_permissions.add(workspace)
    assert TRANSLATION_SECTION in client.get("/en/my/").content.decode()
    translator.user_permissions.remove(workspace)
    assert TRANSLATION_SECTION not in client.get("/en/my/").content.decode()


def test_my_page_asks_for_the_session_the_person_and_their_own_things_only(client):
    client.force_login(UserFactory())
    client.get("/ar/my/")
    asked = queries_of(client, "/ar/my/")
    # The session, the person, their applications, registrations and permissions;
    # nothing written (the session is saved only when it changed).
    assert len(asked) == 5, asked
    assert not [sql for sql in asked if not sql.lstrip("(\n").startswith("SELECT")]


def test_the_dashboard_reads_all_its_figures_in_one_cache_read(client):
    member = staff_in(roles.ADMINISTRATORS)
    add_work(coordinator=member)
    client.force_login(member)
    client.get("/ar/staff/")  # figures computed and kept; second factor noted
    with mock.patch.object(cache, "get", wraps=cache.get) as reads:
        asked = queries_of(client, "/ar/staff/")
    # The session, the person and their permissions; figures from the cache.
    assert len(asked) == 3, asked
    read_keys = [call.args[0] for call in reads.call_args_list]
    assert read_keys.count(remembered.entry_key(member.pk, "ar")) == 1
    assert len(read_keys) == 2, read_keys  # the figures and the unread count


def test_kept_figures_hold_plain_text_not_lazy_labels(client):
    member = staff_in(roles.ADMINISTRATORS)
    add_work(coordinator=member)
    client.force_login(member)
    html = client.get("/ar/staff/").content.decode()
    kept = cache.get(remembered.entry_key(member.pk, "ar"))
    labels = [row["label"] for row in kept["figures"]["dashboard-delegations"][1]["states"]]
    assert labels and all(type(label) is str for label in labels)
    assert all(label in html for label in labels)  # Arabic, as shown
    assert client.get("/ar/staff/").content.decode() == html


def test_each_kept_figure_is_computed_again_after_its_own_minute(monkeypatch):
    person = UserFactory()
    computed: list[str] = []

    def compute(name: str):
        return lambda: computed.append(name) or {"name": name}

    clock = [1_000_000.0]
    monkeypatch.setattr(remembered.time, "time", lambda: clock[0])
    with translation.override("en"):
        remembered.remembered_for_person(person, "first", compute("first"))
        clock[0] += 40
        remembered.remembered_for_person(person, "second", compute("second"))
        clock[0] += 30  # the first is 70 s old, the second 30 s
        fresh = type(person).objects.get(pk=person.pk)  # the next request's user object
        remembered.remembered_for_person(fresh, "first", compute("first"))
        remembered.remembered_for_person(fresh, "second", compute("second"))
    assert computed == ["first", "second", "first"]


def test_figures_are_never_read_from_another_person_s_entry():
    one, other = UserFactory(), UserFactory()
    with translation.override("en"):
        remembered.remembered_for_person(one, "figures", lambda: {"mine": 1})
        seen = remembered.remembered_for_person(other, "figures", lambda: {"mine": 2})
    assert seen == {"mine": 2}


def test_a_session_is_read_as_django_stores_it_and_not_once_ended(client):
    person = UserFactory()
    client.force_login(person)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert SessionStore(key).load() == DatabaseSessionStore(key).load()
    assert SessionStore(key)[SESSION_KEY] == str(person.pk)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + datetime.timedelta(days=1)
    )
    assert client.get("/en/my/").status_code == 200
    Session.objects.filter(session_key=key).delete()  # an administrator ends it
    assert client.get("/en/my/")["Location"] == "/accounts/login/?next=/en/my/"


def test_the_person_is_read_with_a_written_query_as_the_orm_reads_them(client):
    person = UserFactory(first_name="Rojin", preferred_language="en")
    person.last_login = timezone.now()
    person.save()
    read = person_by_id(person.pk)
    expected = type(person).objects.get(pk=person.pk)
    fields = [field.attname for field in type(person)._meta.concrete_fields]
    assert [getattr(read, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert person_by_id(person.pk + 1000) is None
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/my/")
    person_reads = [query["sql"] for query in queries if '"accounts_user"' in query["sql"]]
    assert person_reads == [f'SELECT * FROM "accounts_user" WHERE id = {person.pk}']


@pytest.mark.parametrize("backend", settings.AUTHENTICATION_BACKENDS)
def test_every_backend_reads_the_person_and_ends_sessions_as_before(client, backend):
    """Whichever backend signed a session in: the person is signed in, an inactive
    account or a changed password signs them out on the next request."""
    person = UserFactory()
    client.force_login(person, backend=backend)
    assert client.get("/en/my/").status_code == 200
    person.set_password("another long passphrase")
    person.save()
    assert client.get("/en/my/").status_code == 302
    client.force_login(person, backend=backend)
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    assert client.get("/en/my/").status_code == 302


def test_sessions_of_the_replaced_backends_stay_signed_in(client):
    from django.apps import apps
    from django.contrib.auth import BACKEND_SESSION_KEY

    migration = import_module(
        "diplomacy.accounts.migrations.0005_sessions_of_the_written_person_backends"
    )
    person = UserFactory()
    client.force_login(person, backend="diplomacy.accounts.backends.PasswordBackend")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    store = SessionStore(key)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"  # signed in before
    store.save()
    assert client.get("/en/my/").status_code == 302  # a backend no longer in the settings
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store.save()
    migration.rename_backends(migration.RENAMED)(apps, None)
    assert SessionStore(key)[BACKEND_SESSION_KEY] == "diplomacy.accounts.backends.PasswordBackend"
    assert client.get("/en/my/").status_code == 200
