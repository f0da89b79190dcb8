"""`users_with_permission`: the one answer to "which staff have this permission", and the
recipients of every notice chosen through it (the same people as before it existed)."""

import pytest
from django.contrib.auth.models import Group, Permission

from diplomacy.accounts import roles
from diplomacy.accounts.selectors import users_with_permission
from tests.factories import StaffFactory, UserFactory


@pytest.fixture
def people(db) -> dict[str, object]:
    """One active staff member per role, and the people at the edges: a superuser in no
    group, an inactive coordinator, a Translators member who is not staff, a staff member
    granted one permission directly, and a signed-in person without any."""
    found: dict[str, object] = {}
    for role in roles.ROLE_PERMISSIONS:
        person = StaffFactory(email=f"{role.replace(' ', '-').lower()}@example.org")
        person.groups.set([Group.objects.get(name=role)])
        found[role] = person
    found["superuser"] = StaffFactory(email="root@example.org", is_superuser=True)
    found["inactive coordinator"] = StaffFactory(email="gone@example.org", is_active=False)
    found["inactive coordinator"].groups.set(
        [Group.objects.get(name=roles.DELEGATION_COORDINATORS)]
    )
    found["translator, not staff"] = UserFactory(email="volunteer@example.org")
    found["translator, not staff"].groups.set([Group.objects.get(name=roles.TRANSLATORS)])
    found["direct reviewer"] = StaffFactory(email="direct@example.org")
    found["direct reviewer"].user_permissions.add(
        Permission.objects.get(content_type__app_label="delegations", codename="review_application")
    )
    found["applicant"] = UserFactory(email="applicant@example.org")
    return found


def names(queryset, people) -> set[str]:
    by_pk = {person.pk: name for name, person in people.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


def test_it_agrees_with_has_perm_for_every_permission_and_role(people, django_assert_num_queries):
    """Every permission of the site, for a person of every role (and the edge cases):
    listed exactly when `has_perm` says yes, in one query."""
    permissions = [
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    ]
    assert len(permissions) > 100
    disagreements = []
    for permission in permissions:
        expected = {name for name, person in people.items() if person.has_perm(permission)}
        with django_assert_num_queries(1):
            listed = names(users_with_permission(permission=permission), people)
        if listed != expected:
            disagreements.append(f"{permission}: listed {listed ^ expected} wrongly")
    assert not disagreements, "\n".join(disagreements)


def test_narrower_audiences_say_so(people):
    review = "delegations.review_application"
    everyone = names(users_with_permission(permission=review), people)
    assert everyone == {
        roles.DELEGATION_COORDINATORS,
        roles.HEAD_OF_DELEGATIONS,
        roles.ADMINISTRATORS,
        "superuser",
        "direct reviewer",
    }
    assert names(users_with_permission(permission=review, include_superusers=False), people) == (
        everyone - {"superuser"}
    )
    translate = "translation.change_translationjob"
    assert names(users_with_permission(permission=translate, staff_only=True), people) == {
        roles.TRANSLATORS,
        roles.ADMINISTRATORS,
        "superuser",
    }
    assert names(users_with_permission(permission=translate, role=roles.TRANSLATORS), people) == {
        roles.TRANSLATORS,
        "translator, not staff",
        "superuser",
    }
    with pytest.raises(ValueError, match=r"app_label\.codename"):
        users_with_permission(permission="review_application")


# --- The recipients chosen through it: the same people as before ---------------------


def test_delegation_handlers(people):
    from delegations.roles import administrators, coordinators, heads_of_delegations

    # Chosen as coordinator: staff holding the review permission by role or directly.
    assert names(coordinators(), people) == {
        roles.DELEGATION_COORDINATORS,
        roles.HEAD_OF_DELEGATIONS,
        roles.ADMINISTRATORS,
        "direct reviewer",
    }
    # Told of new applications.
    assert names(heads_of_delegations(), people) == {
        roles.HEAD_OF_DELEGATIONS,
        roles.ADMINISTRATORS,
    }
    # Alerted of unusual openings of passport data.
    assert names(administrators(), people) == {roles.ADMINISTRATORS, "superuser"}


def test_translators_asked_to_review(people):
    from diplomacy.translation.selectors import translators

    assert names(translators(), people) == {
        roles.TRANSLATORS,
        "translator, not staff",
        "superuser",
    }


def test_partnerships_reminded(people):
    from partners.services import _partnerships_staff

    assert names(_partnerships_staff(), people) == {roles.PARTNERSHIPS}


def test_failed_delivery_told_to_the_staff_who_read_the_outbox(people):
    from diplomacy.accounts.notifications import ACCOUNT_EMAIL
    from diplomacy.notifications.models import Notification
    from diplomacy.notifications.notifications import DELIVERY_FAILED
    from diplomacy.notifications.services import notification_send, notification_send_to_staff

    failed = notification_send(
        type_key=ACCOUNT_EMAIL,
        target=people["applicant"],
        event="welcome",
        email="applicant@example.org",
        recipient=people["applicant"],
    )
    notification_send_to_staff(
        type_key=DELIVERY_FAILED,
        target=failed,
        event="failed-1",
        permission="notifications.view_notification",
    )
    told = Notification.objects.filter(type_key=DELIVERY_FAILED).values_list("recipient", flat=True)
    assert names(people["applicant"].__class__.objects.filter(pk__in=told), people) == {
        roles.ADMINISTRATORS,
        "superuser",
    }
