"""The pages behind a sign-in that the language checks visit besides the key pages: the
person's own pages, the staff pages and the Django admin (index, and the list, add and
change pages of every registered model), seen by one superuser who has an application,
a program registration and notifications of their own, so that every table has rows.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

SUPERUSER_EMAIL = "quality-superuser@example.org"


@dataclass(frozen=True)
class StaffPage:
    name: str
    path: str
    # Admin pages with selection widgets are built by the admin's JavaScript.
    admin: bool = False


def quality_superuser(language: str = "ar"):
    """The superuser the checks sign in as, with rows of their own in every table."""
    from delegations import services as delegations_services
    from delegations.models import Application
    from programs.models import Event, Registration
    from tests.delegations.factories import ApplicationFactory
    from tests.factories import StaffFactory
    from tests.programs.factories import RegistrationFactory

    User = StaffFactory._meta.model
    user = User.objects.filter(email=SUPERUSER_EMAIL).first()
    if user is None:
        # A staff account as the portal requires it: verified address, authenticator app.
        user = StaffFactory(email=SUPERUSER_EMAIL, is_superuser=True, first_name="Quality")
        application = ApplicationFactory(applicant=user, organization="Solidarity Network")
        delegations_services.application_submit(application=application, actor=user)
        delegations_services.application_start_review(application=application, actor=user)
        event = Event.objects.order_by("starts_at").last()
        if event is not None and not Registration.objects.filter(user=user).exists():
            RegistrationFactory(user=user, event=event)
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    assert Application.objects.filter(applicant=user).exists()
    return user


def session_cookies(user, url: str) -> list[dict]:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}]


def _first(model_path: str):
    from django.apps import apps

    return apps.get_model(model_path).objects.order_by("pk").first()


def signed_in_pages(language: str) -> list[StaffPage]:
    """The person's and the staff's pages, in `language`."""
    from delegations.models import Application

    application = Application.objects.filter(applicant__email=SUPERUSER_EMAIL).first()
    job = _first("translation.TranslationJob")
    registration = _first("programs.Registration")
    named = [
        ("my", "my", {}),
        ("my-preferences", "my_preferences", {}),
        ("notifications", "notifications:inbox", {}),
        ("staff-dashboard", "staff_dashboard", {}),
        ("delegation-application", "delegations:application", {"pk": application.pk}),
        ("delegation-itinerary", "delegations:itinerary", {"pk": application.pk}),
        ("delegation-my-data", "delegations:my_data", {}),
        ("review-queue", "delegations:review_list", {}),
        ("review-page", "delegations:review_detail", {"pk": application.pk}),
        ("translation-queue", "translation:queue", {}),
        ("translation-dashboard", "translation:dashboard", {}),
        ("failed-jobs", "operations:failed_jobs", {}),
    ]
    if job is not None:
        named.append(("translation-editor", "translation:job_edit", {"pk": job.pk}))
    if registration is not None:
        named.append(("registration", "programs:registration", {"pk": registration.pk}))
    pages = []
    with translation.override(language):
        for name, url_name, kwargs in named:
            try:
                pages.append(StaffPage(name, reverse(url_name, kwargs=kwargs)))
            except NoReverseMatch:
                continue
    return pages


def admin_models() -> list[str]:
    """The registered models' admin URL prefixes ("app_model"), known without a database."""
    return sorted(
        f"{model._meta.app_label}_{model._meta.model_name}" for model in admin.site._registry
    )


def admin_pages_of(label: str) -> list[StaffPage]:
    """A model's list page, its add page (if one may add) and the change page of its first
    object (if it has one)."""
    model = next(
        m for m in admin.site._registry if f"{m._meta.app_label}_{m._meta.model_name}" == label
    )
    model_admin = admin.site._registry[model]
    pages = [StaffPage(f"admin-{label}-list", reverse(f"admin:{label}_changelist"), True)]
    if model_admin.has_add_permission(_SuperuserRequest()):
        pages.append(StaffPage(f"admin-{label}-add", reverse(f"admin:{label}_add"), True))
    first = model.objects.order_by("pk").first()
    if first is not None:
        change = reverse(f"admin:{label}_change", args=[first.pk])
        pages.append(StaffPage(f"admin-{label}-change", change, True))
    return pages


ADMIN_EXTRA_PAGES = [
    StaffPage("admin-index", "/admin/", True),
    StaffPage("admin-partners-import", "/admin/partners/organization/import/", True),
]


class _SuperuserRequest:
    """Enough of a request for `has_add_permission`: a superuser may add what can be added."""

    class user:
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None) -> bool:
            return True
