import pytest
from django.contrib.auth.models import Group

from diplomacy.accounts.roles import ROLE_PERMISSIONS


@pytest.mark.django_db
def test_every_staff_role_exists_with_its_permissions():
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        if "__all__" not in names:
            assert set(names) <= granted, role
    assert Group.objects.get(name="Editors").permissions.filter(codename="change_page").exists()
    assert (
        not Group.objects.get(name="Translators")
        .permissions.filter(codename="delete_page")
        .exists()
    )


@pytest.mark.django_db
def test_admin_follows_the_staff_members_language(client, staff_user):
    staff_user.is_superuser = True
    staff_user.preferred_language = "ar"
    staff_user.save()
    client.force_login(staff_user)
    html = client.get("/admin/").content.decode()
    assert 'lang="ar" dir="rtl"' in html
    staff_user.preferred_language = "en"
    staff_user.save()
    html = client.get("/admin/").content.decode()
    assert 'lang="en"' in html and 'dir="rtl"' not in html


@pytest.mark.django_db
def test_changing_roles_asks_for_the_password_again(client):
    from tests.factories import StaffFactory, UserFactory
    from tests.reauthentication import reauthenticated

    administrator = StaffFactory(is_superuser=True, preferred_language="en")
    person = UserFactory(email="future-editor@example.org")
    editors = Group.objects.get(name="Editors")
    client.force_login(administrator)
    reauthenticated(client, administrator, seconds_ago=3600)
    change = f"/admin/accounts/user/{person.pk}/change/"
    assert client.get(change).status_code == 200  # looking needs nothing more
    form = {
        "email": person.email, "first_name": "", "last_name": "", "preferred_language": "en",
        "is_active": "on", "is_staff": "on", "groups": [editors.pk],
        "last_login_0": "", "last_login_1": "",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
    }  # fmt: skip
    response = client.post(change, form)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    person.refresh_from_db()
    assert not person.is_staff and not person.groups.exists()
    # The password confirmed, the suspended change is applied.
    client.post(response["Location"], {"password": "correct horse battery staple"})
    person.refresh_from_db()
    assert person.is_staff and list(person.groups.all()) == [editors]

    group_change = f"/admin/auth/group/{editors.pk}/change/"
    reauthenticated(client, administrator, seconds_ago=3600)
    response = client.post(group_change, {"name": "Editors", "permissions": []})
    assert "/accounts/reauthenticate/" in response["Location"]
    assert editors.permissions.exists()


@pytest.mark.django_db
def test_a_persons_own_and_roles_permissions_are_read_in_one_query(django_assert_num_queries):
    from django.contrib.auth.models import Permission

    from diplomacy.accounts.models import User
    from tests.factories import StaffFactory

    member = StaffFactory()
    member.groups.add(Group.objects.get(name="Translators"))
    member.user_permissions.add(Permission.objects.get(codename="view_agreement"))
    member = User.objects.get(pk=member.pk)
    with django_assert_num_queries(1):
        assert member.has_perm("translation.change_translationjob")  # the role's
        assert member.has_perm("partners.view_agreement")  # their own
        assert not member.has_perm("delegations.review_application")
        assert "partners.view_agreement" in member.get_all_permissions()
    member.groups.clear()
    member = User.objects.get(pk=member.pk)
    assert not member.has_perm("translation.change_translationjob")
    assert member.has_perm("partners.view_agreement")
