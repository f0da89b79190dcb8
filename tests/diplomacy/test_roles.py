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
