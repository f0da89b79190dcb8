"""The authorization matrix: for every URL pattern of the portal (walked from the URL
configuration, in Arabic and English, the admin included) and every role, the outcome.

The intended access is written once in docs/access.md; this table is the same matrix as
data. The test fails when a URL pattern has no row, so a new view cannot slip past it.

Outcomes. 200: the page. "sign-in": a redirect to the sign-in page. 403: a staff role
(or a signed-in person) without the permission the page needs. 404: an object of someone
else — whether it exists is not revealed (the one refusal convention, docs/access.md);
the Django admin says "not found" by a redirect to its index, counted as 404 here.
"done": an action was carried out or its form answered (a redirect elsewhere, 400 on
an empty form): the person is allowed. 405: the URL takes POST only, asked with GET.

Every request runs in a savepoint that is rolled back, so one role's actions do not
change what the next URL sees. Signed-in people have just confirmed their password
(re-authentication is tested on its own, in the apps' tests and below).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from diplomacy.notifications import tokens
from tests.reauthentication import reauthenticated
from tests.security.world import (
    A_SECRETS,
    ADMINISTRATOR,
    ANONYMOUS,
    APPLICANT_A,
    COORDINATOR,
    EDITOR,
    HEAD,
    OTHER_COORDINATOR,
    PARTICIPANT,
    PARTNERSHIPS,
    PROGRAMS,
    ROLES,
    STAFF,
    SUPERUSER,
    TRANSLATOR,
    World,
    build_world,
)

OK = 200
SIGN_IN = "sign-in"
DONE = "done"
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
LANGUAGES = ["ar", "en"]


@dataclass(frozen=True)
class Row:
    """Expected outcomes: `roles` by name, else `staff` (staff roles and superuser),
    else `users` (every signed-in person), else `default`."""

    path: str | Callable[[World], str]
    default: object = OK
    method: str = "get"
    anonymous: object = None
    users: object = None
    staff: object = None
    roles: dict = field(default_factory=dict)
    personal: bool = False  # carries personal data: never stored by a cache
    # Django's own admin view that looks the object up before the permission (see
    # test_refusals_follow_the_one_convention).
    lookup_first: bool = False

    def expected(self, role: str):
        if role in self.roles:
            return self.roles[role]
        if role == ANONYMOUS:
            return self.default if self.anonymous is None else self.anonymous
        if role in STAFF and self.staff is not None:
            return self.staff
        if self.users is not None:
            return self.users
        return self.default


def public(path, **kwargs) -> Row:
    return Row(path, OK, **kwargs)


def signed_in(path, **kwargs) -> Row:
    """Any signed-in person, each seeing only their own."""
    return Row(path, OK, anonymous=SIGN_IN, personal=True, **kwargs)


def a_only(path, method="get", ok=OK, handlers=(COORDINATOR, HEAD, SUPERUSER, ADMINISTRATOR)):
    """An object of applicant A: A, and the staff handling A's application; 404 for all
    other signed-in people."""
    return Row(
        path,
        NOT_FOUND,
        method=method,
        anonymous=SIGN_IN,
        personal=True,
        roles={APPLICANT_A: ok, **dict.fromkeys(handlers, ok)},
    )


def applicant_only(path, method="get", ok=OK):
    """The applicant's own pages (the form, withdrawing): staff use the review pages."""
    return Row(
        path,
        NOT_FOUND,
        method=method,
        anonymous=SIGN_IN,
        personal=True,
        roles={APPLICANT_A: ok},
    )


def refused_but(path, method: str, roles: dict) -> Row:
    """A personal page for `roles`; every other signed-in person lacks the role (403)."""
    return Row(path, FORBIDDEN, method=method, anonymous=SIGN_IN, personal=True, roles=roles)


def review(path, method="get", ok=OK, head_only=False):
    """The review pages of A's application: its coordinator and the head of delegations.
    Whoever lacks the role the page needs: 403 (assigning is the head's: 403 for every
    coordinator); a coordinator it is not assigned to: 404."""
    allowed = [HEAD, SUPERUSER, ADMINISTRATOR] + ([] if head_only else [COORDINATOR])
    roles = {} if head_only else {OTHER_COORDINATOR: NOT_FOUND}
    return refused_but(path, method, {**roles, **dict.fromkeys(allowed, ok)})


COORDINATORS_ALL = (COORDINATOR, OTHER_COORDINATOR, HEAD, SUPERUSER, ADMINISTRATOR)
TRANSLATION_WORKERS = (TRANSLATOR, SUPERUSER, ADMINISTRATOR)


def translators(path, method="get", ok=OK, also=()):
    return refused_but(path, method, dict.fromkeys((*TRANSLATION_WORKERS, *also), ok))


APPLICATION = "delegations/applications/{w.application.pk}/"
REVIEW = "delegations/review/{w.application.pk}/"

# The site's own pages; keys are URL patterns as the resolver spells them, without the
# language prefix. Paths are formatted with the world (`w`).
MATRIX: dict[str, Row] = {
    # Not prefixed.
    "healthz": public("healthz"),
    "robots.txt": public("robots.txt"),
    "sitemap.xml": public("sitemap.xml"),
    "sitemap-<section>.xml": public("sitemap-publications-ar.xml"),
    # Public uploads, served through Django for their headers (no such file here).
    "^media/(?P<path>.+)$": Row("media/no-such-file.png", NOT_FOUND),
    # Public pages.
    "": public(""),
    "about/": public("about/"),
    "publications/": public("publications/"),
    "publications/feed/rss/": public("publications/feed/rss/"),
    "publications/feed/atom/": public("publications/feed/atom/"),
    "publications/<str:slug>/": public(
        lambda w, language: w.publication.get_absolute_url(language).split("/", 2)[2]
    ),
    "publications/preview/<int:pk>/": Row(
        "publications/preview/{w.publication.pk}/",
        FORBIDDEN,
        anonymous=SIGN_IN,
        roles=dict.fromkeys((EDITOR, TRANSLATOR, PROGRAMS, ADMINISTRATOR, SUPERUSER), OK),
    ),
    "search/": public("search/?q=cooperative"),
    "programs/": public("programs/"),
    "programs/calendar.ics": public("programs/calendar.ics"),
    "programs/calendar/": public("programs/calendar/"),
    "programs/<slug:slug>/": public("programs/{w.program.slug}/"),
    "programs/<slug:slug>/calendar.ics": public("programs/{w.program.slug}/calendar.ics"),
    "partners/": public("partners/"),
    "partners/<slug:slug>/": public("partners/{w.partner.slug}/"),
    "delegations/": public("delegations/"),
    "notifications/subscribe/": public("notifications/subscribe/"),
    "notifications/subscribe/sent/": public("notifications/subscribe/sent/"),
    # Capability links from emails: the token is the key, whoever holds it.
    "notifications/subscribe/confirm/<str:token>/": public(
        lambda w: (
            "notifications/subscribe/confirm/"
            + tokens.confirm_token_make(subscriber=w.subscriber)
            + "/"
        ),
        personal=True,
    ),
    "notifications/subscription/<str:token>/": public(
        lambda w: (
            "notifications/subscription/" + tokens.manage_token_make(subscriber=w.subscriber) + "/"
        ),
        personal=True,
    ),
    # An expired manage link asks for a fresh one, mailed to the subscription's own
    # address: whoever holds the link gets only the "sent" page.
    "notifications/subscription/<str:token>/fresh-link/": Row(
        lambda w: (
            "notifications/subscription/"
            + tokens.manage_token_make(subscriber=w.subscriber)
            + "/fresh-link/"
        ),
        DONE,
        method="post",
    ),
    "notifications/unsubscribe/<str:token>/": public(
        lambda w: (
            "notifications/unsubscribe/"
            + tokens.unsubscribe_token_make(
                subscriber=w.subscriber, type_key="notifications.newsletter_issue"
            )
            + "/"
        ),
        personal=True,
    ),
    # Accounts (django-allauth).
    "accounts/login/": Row("accounts/login/", OK, users=DONE),
    "accounts/logout/": Row("accounts/logout/", DONE, users=OK),
    "accounts/inactive/": public("accounts/inactive/"),
    "accounts/signup/": Row("accounts/signup/", OK, users=DONE),
    "accounts/reauthenticate/": signed_in("accounts/reauthenticate/"),
    "accounts/email/": signed_in("accounts/email/"),
    "accounts/confirm-email/": public("accounts/confirm-email/"),
    "accounts/password/change/": signed_in("accounts/password/change/"),
    "accounts/password/set/": Row("accounts/password/set/", SIGN_IN, users=DONE),
    "accounts/password/reset/": Row("accounts/password/reset/", OK),
    "accounts/login/code/confirm/": Row("accounts/login/code/confirm/", DONE, anonymous=SIGN_IN),
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": public("accounts/confirm-email/no-such-key/"),
    "accounts/password/reset/key/done/": public("accounts/password/reset/key/done/"),
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": public(
        "accounts/password/reset/key/1-no-such-key/"
    ),
    "accounts/password/reset/done/": public("accounts/password/reset/done/"),
    # Two factors (allauth.mfa): every staff account has an authenticator app; applicants
    # and participants may add one.
    "accounts/2fa/": signed_in("accounts/2fa/"),
    "accounts/2fa/authenticate/": Row("accounts/2fa/authenticate/", DONE, anonymous=SIGN_IN),
    "accounts/2fa/reauthenticate/": Row(
        "accounts/2fa/reauthenticate/", DONE, anonymous=SIGN_IN, staff=OK, personal=True
    ),
    "accounts/2fa/totp/activate/": Row(
        "accounts/2fa/totp/activate/", OK, anonymous=SIGN_IN, staff=DONE, personal=True
    ),
    "accounts/2fa/totp/deactivate/": Row(
        "accounts/2fa/totp/deactivate/", NOT_FOUND, anonymous=SIGN_IN, staff=OK, personal=True
    ),
    # Nobody here has generated recovery codes yet: there is nothing to show.
    "accounts/2fa/recovery-codes/": Row(
        "accounts/2fa/recovery-codes/", NOT_FOUND, anonymous=SIGN_IN, personal=True
    ),
    "accounts/2fa/recovery-codes/download/": Row(
        "accounts/2fa/recovery-codes/download/", NOT_FOUND, anonymous=SIGN_IN, personal=True
    ),
    "accounts/2fa/recovery-codes/generate/": signed_in("accounts/2fa/recovery-codes/generate/"),
    # A signed-in person's own pages.
    "my/": signed_in("my/"),
    "my/preferences/": signed_in("my/preferences/"),
    # The staff dashboard: every staff role, each seeing its own sections.
    "staff/": Row("staff/", FORBIDDEN, anonymous=SIGN_IN, staff=OK, personal=True),
    "notifications/": Row("notifications/", FORBIDDEN, anonymous=SIGN_IN, staff=OK, personal=True),
    # Delegations: the applicant's side.
    "delegations/apply/": Row(
        "delegations/apply/", OK, anonymous=SIGN_IN, personal=True, roles={APPLICANT_A: DONE}
    ),  # A resumes the draft
    "delegations/apply/<int:pk>/": applicant_only("delegations/apply/{w.draft.pk}/", ok=DONE),
    "delegations/apply/<int:pk>/<slug:step>/": applicant_only(
        "delegations/apply/{w.draft.pk}/members/"
    ),
    "delegations/applications/<int:pk>/": applicant_only(APPLICATION),
    "delegations/applications/<int:pk>/withdraw/": applicant_only(
        APPLICATION + "withdraw/", method="post", ok=DONE
    ),
    "delegations/applications/<int:pk>/messages/": a_only(
        APPLICATION + "messages/", method="post", ok=DONE
    ),
    "delegations/applications/<int:pk>/messages/<int:message_pk>/attachment/": a_only(
        APPLICATION + "messages/{w.message.pk}/attachment/"
    ),
    "delegations/applications/<int:pk>/itinerary/": a_only(APPLICATION + "itinerary/"),
    "delegations/applications/<int:pk>/itinerary.ics": a_only(APPLICATION + "itinerary.ics"),
    "delegations/my-data/": signed_in("delegations/my-data/?format=json"),
    "delegations/my-data/delete/": signed_in("delegations/my-data/delete/"),
    # Delegations: the review side.
    "delegations/review/": Row(
        "delegations/review/",
        FORBIDDEN,
        anonymous=SIGN_IN,
        personal=True,
        roles=dict.fromkeys(COORDINATORS_ALL, OK),
    ),
    "delegations/review/<int:pk>/": review(REVIEW),
    "delegations/review/<int:pk>/steps/<slug:name>/": review(
        REVIEW + "steps/start_visit/", method="post", ok=DONE
    ),
    "delegations/review/<int:pk>/assign/": review(
        REVIEW + "assign/", method="post", ok=DONE, head_only=True
    ),
    "delegations/review/<int:pk>/notes/": review(REVIEW + "notes/", method="post", ok=DONE),
    "delegations/review/<int:pk>/personal-data/": review(
        REVIEW + "personal-data/", method="post", ok=DONE
    ),
    "delegations/review/<int:pk>/meetings/": review(REVIEW + "meetings/", method="post", ok=DONE),
    "delegations/review/<int:pk>/meetings/<int:meeting_pk>/status/": review(
        REVIEW + "meetings/{w.meeting.pk}/status/", method="post", ok=DONE
    ),
    # Programs: the participant's registrations.
    "programs/my-data.json": signed_in("programs/my-data.json"),
    "programs/registrations/<int:pk>/": Row(
        "programs/registrations/{w.registration.pk}/",
        NOT_FOUND,
        anonymous=SIGN_IN,
        personal=True,
        roles={PARTICIPANT: OK},
    ),
    "programs/registrations/<int:pk>/cancel/": Row(
        "programs/registrations/{w.registration.pk}/cancel/",
        NOT_FOUND,
        method="post",
        anonymous=SIGN_IN,
        personal=True,
        roles={PARTICIPANT: DONE},
    ),
    "programs/registrations/<int:pk>/session.ics": Row(
        lambda w: f"programs/registrations/{w.registration.pk}/session.ics",
        NOT_FOUND,
        anonymous=SIGN_IN,
        personal=True,
        roles={PARTICIPANT: OK},
    ),
    # An expired calendar link asks for a fresh one by email; without a good token it
    # only leads back to the programs, for everyone.
    "programs/registrations/<int:pk>/session.ics/fresh-link/": Row(
        "programs/registrations/{w.registration.pk}/session.ics/fresh-link/",
        DONE,
        method="post",
    ),
    "programs/<slug:slug>/sessions/<int:event_id>/register/": Row(
        "programs/{w.program.slug}/sessions/{w.event.pk}/register/",
        OK,
        anonymous=SIGN_IN,
        personal=True,
        roles={PARTICIPANT: DONE},  # already registered: to the registration
    ),
    # The translators' workspace.
    "staff/translation/": translators("staff/translation/"),
    "staff/translation/dashboard/": translators("staff/translation/dashboard/", also=(EDITOR,)),
    "staff/translation/jobs/<int:pk>/": translators("staff/translation/jobs/{w.job.pk}/"),
    "staff/translation/jobs/<int:pk>/retry/": translators(
        "staff/translation/jobs/{w.job.pk}/retry/", method="post", ok=DONE
    ),
    "staff/translation/jobs/<int:pk>/claim/": translators(
        "staff/translation/jobs/{w.job.pk}/claim/", method="post", ok=DONE
    ),
    "staff/translation/request/<int:content_type_id>/<str:object_id>/<str:language>/": translators(
        lambda w: f"staff/translation/request/{w.job.content_type_id}/{w.page.pk}/en/",
        method="post",
        ok=DONE,
        also=(EDITOR,),
    ),
    # Failed jobs: the administrators.
    "staff/operations/failed-jobs/": Row(
        "staff/operations/failed-jobs/",
        FORBIDDEN,
        anonymous=SIGN_IN,
        personal=True,
        roles=dict.fromkeys((SUPERUSER, ADMINISTRATOR), OK),
    ),
    "staff/operations/failed-jobs/<str:kind>/<int:pk>/retry/": Row(
        "staff/operations/failed-jobs/task/{w.failed_task.pk}/retry/",
        FORBIDDEN,
        method="post",
        anonymous=SIGN_IN,
        personal=True,
        roles=dict.fromkeys((SUPERUSER, ADMINISTRATOR), DONE),
    ),
}

# --- The admin, grouped per model and view kind --------------------------------------

A, S = ADMINISTRATOR, SUPERUSER
COORDINATION = {COORDINATOR, OTHER_COORDINATOR, HEAD}
READS_ORGANIZATIONS = {EDITOR, TRANSLATOR, PARTNERSHIPS, PROGRAMS, *COORDINATION}
USES_TAXONOMY = {EDITOR, PARTNERSHIPS, PROGRAMS, *COORDINATION}


@dataclass(frozen=True)
class AdminAccess:
    """Which staff roles may list and open (view), add and delete a model in the admin;
    `world` names the object the change, history and delete pages are opened on, and
    `hidden_from` the roles that object does not exist for."""

    world: str
    view: frozenset
    add: frozenset = frozenset()
    delete: frozenset = frozenset()
    hidden_from: frozenset = frozenset()


def access(world, view, add=(), delete=(), hidden_from=()) -> AdminAccess:
    return AdminAccess(
        world, frozenset(view), frozenset(add), frozenset(delete), frozenset(hidden_from)
    )


ADMINS = {A, S}
ADMIN_MODELS: dict[str, AdminAccess] = {
    "account.emailaddress": access("email_address", ADMINS, ADMINS, ADMINS),
    "accounts.user": access("applicant", ADMINS, ADMINS, ADMINS),
    "auth.group": access("group", ADMINS, ADMINS, ADMINS),
    "audit.auditentry": access("audit_entry", ADMINS),  # append-only
    "sites.site": access("site", ADMINS, ADMINS, ADMINS),
    # Staff members' authenticator apps: administrators reset a lost one.
    "accounts.staffauthenticator": access("authenticator", ADMINS, (), ADMINS),
    "taxonomy.sector": access("sector", ADMINS | USES_TAXONOMY, ADMINS, ADMINS),
    "taxonomy.region": access("region", ADMINS | USES_TAXONOMY, ADMINS, ADMINS),
    # The search lexicon and the rebuilds of the index (started by "add", never changed).
    "lexicon.wordform": access(
        "word_form", ADMINS | {EDITOR}, ADMINS | {EDITOR}, ADMINS | {EDITOR}
    ),
    "lexicon.searchreindex": access("search_reindex", ADMINS | {EDITOR}, ADMINS | {EDITOR}),
    # The site's fixed pages: edited, never added or removed.
    "pages.page": access("page", ADMINS | {EDITOR, TRANSLATOR}),
    "notifications.notification": access("notification", ADMINS, (), ADMINS),
    "notifications.subscriber": access("subscriber", ADMINS | {EDITOR}, ADMINS, ADMINS),
    "notifications.newsletterannouncement": access("announcement", ADMINS | {EDITOR}, (), ADMINS),
    "notifications.unsubscription": access("unsubscription", ADMINS, ADMINS, ADMINS),
    "translation.glossaryterm": access(
        "glossary_term", ADMINS | {TRANSLATOR}, ADMINS | {TRANSLATOR}, ADMINS | {TRANSLATOR}
    ),
    "translation.translationjob": access("job", ADMINS | {EDITOR, TRANSLATOR}, (), ADMINS),
    "translation.translationmemoryentry": access(
        "memory_entry", ADMINS | {TRANSLATOR}, ADMINS, ADMINS
    ),
    # Partners: organizations for every staff role; the people behind them for
    # Partnerships and Administrators only.
    "partners.organization": access(
        "partner", ADMINS | READS_ORGANIZATIONS, ADMINS | {PARTNERSHIPS}, ADMINS | {PARTNERSHIPS}
    ),
    "partners.tag": access(
        "partner_tag",
        ADMINS | READS_ORGANIZATIONS,
        ADMINS | {PARTNERSHIPS},
        ADMINS | {PARTNERSHIPS},
    ),
    "partners.contact": access(
        "contact", ADMINS | {PARTNERSHIPS}, ADMINS | {PARTNERSHIPS}, ADMINS | {PARTNERSHIPS}
    ),
    "partners.agreement": access(
        "agreement", ADMINS | {PARTNERSHIPS}, ADMINS | {PARTNERSHIPS}, ADMINS | {PARTNERSHIPS}
    ),
    "partners.interaction": access(
        "interaction", ADMINS | {PARTNERSHIPS}, ADMINS | {PARTNERSHIPS}, ADMINS | {PARTNERSHIPS}
    ),
    # Delegations: read-only; a coordinator finds only the applications assigned to them.
    "delegations.application": access(
        "application", ADMINS | COORDINATION, hidden_from={OTHER_COORDINATOR}
    ),
    # Programs: the Programs team.
    "programs.program": access(
        "program", ADMINS | {PROGRAMS}, ADMINS | {PROGRAMS}, ADMINS | {PROGRAMS}
    ),
    "programs.event": access(
        "event", ADMINS | {PROGRAMS}, ADMINS | {PROGRAMS}, ADMINS | {PROGRAMS}
    ),
    "programs.registration": access("registration", ADMINS | {PROGRAMS}, (), ADMINS),
    "programs.eventmessage": access(
        "event_message", ADMINS | {PROGRAMS}, ADMINS | {PROGRAMS}, ADMINS
    ),
    # Publications: editors write, translators translate, Programs staff link them.
    "publications.publication": access(
        "publication", ADMINS | {EDITOR, TRANSLATOR, PROGRAMS}, ADMINS | {EDITOR}, ADMINS
    ),
    "publications.author": access(
        "author", ADMINS | {EDITOR, TRANSLATOR}, ADMINS | {EDITOR}, ADMINS
    ),
    "publications.tag": access(
        "publication_tag", ADMINS | {EDITOR, TRANSLATOR}, ADMINS | {EDITOR}, ADMINS
    ),
}
ADMIN_KINDS = {
    "": "changelist",
    "add/": "add",
    "<path:object_id>/history/": "history",
    "<path:object_id>/delete/": "delete",
    "<path:object_id>/change/": "change",
    "<path:object_id>/": "redirect",
}


def admin_row(label: str, kind: str) -> Row:
    spec = ADMIN_MODELS[label]
    app_label, model = label.split(".")
    base = f"admin/{app_label}/{model}/"
    allowed = {"changelist": spec.view, "add": spec.add, "delete": spec.delete}.get(kind, spec.view)
    roles = {}
    for role in STAFF:
        if kind == "redirect":
            roles[role] = DONE  # to the change page, which decides
        elif kind == "history" and role not in allowed and spec.hidden_from:
            roles[role] = NOT_FOUND  # a scoped list: the object is not found first
        elif role not in allowed:
            roles[role] = FORBIDDEN
        elif kind in ("change", "history", "delete") and role in spec.hidden_from:
            roles[role] = NOT_FOUND
        else:
            roles[role] = OK
    suffix = {"changelist": "", "add": "add/"}.get(kind, f"{{pk}}/{kind}/")
    suffix = "{pk}/" if kind == "redirect" else suffix

    def path(w: World) -> str:
        return base + suffix.format(pk=getattr(w, spec.world).pk)

    return Row(path, SIGN_IN, roles=roles, personal=True, lookup_first=_looks_up_first(label, kind))


def _looks_up_first(label: str, kind: str) -> bool:
    """Django's admin redirects /<id>/ to the change page (which decides), and its history
    page finds the object before asking for the permission: staff without the model's
    view permission learn whether an id exists. The revisions' history (publications,
    pages, programs) asks first."""
    from django.apps import apps

    from diplomacy.revisions.admin import RevisionHistoryAdminMixin

    model_admin = admin.site._registry[apps.get_model(label)]
    tracked = isinstance(model_admin, RevisionHistoryAdminMixin)
    return kind == "redirect" or (kind == "history" and not tracked)


ADMIN_SITE: dict[str, Row] = {
    "admin/": Row("admin/", SIGN_IN, staff=OK, personal=True),
    # The admin signs in through allauth (and its second factor); signed-in people who
    # are not staff are refused.
    "admin/login/": Row("admin/login/", FORBIDDEN, anonymous=SIGN_IN, staff=DONE),
    "admin/logout/": Row("admin/logout/", DONE),
    "admin/password_change/": Row("admin/password_change/", SIGN_IN, staff=OK, personal=True),
    "admin/password_change/done/": Row(
        "admin/password_change/done/", SIGN_IN, staff=OK, personal=True
    ),
    "admin/autocomplete/": Row("admin/autocomplete/", SIGN_IN, staff=FORBIDDEN),
    "admin/jsi18n/": public("admin/jsi18n/"),  # the admin's JavaScript catalogue
    "admin/r/<path:content_type_id>/<path:object_id>/": Row(
        lambda w: f"admin/r/{w.publication_content_type}/{w.publication.pk}/",
        SIGN_IN,
        staff=DONE,  # to the public page of the object
    ),
    "admin/(?P<url>.*)$": Row("admin/no-such-page/", SIGN_IN, staff=NOT_FOUND),
    "admin/accounts/user/<id>/password/": Row(
        "admin/accounts/user/{w.applicant.pk}/password/",
        SIGN_IN,
        staff=FORBIDDEN,
        roles={A: OK, S: OK},
        personal=True,
    ),
    # Restoring an earlier version of a text (diplomacy/revisions): whoever may change it.
    **{
        f"admin/{model}/<path:object_id>/history/<int:version_id>/restore/": Row(
            f"admin/{model}/{{w.{world_name}.pk}}/history/0/restore/",
            SIGN_IN,
            method="post",
            staff=FORBIDDEN,
            roles={A: DONE, S: DONE, **dict.fromkeys(writers, DONE)},
        )
        for model, world_name, writers in (
            ("publications/publication", "publication", [EDITOR]),
            ("pages/page", "page", [EDITOR, TRANSLATOR]),
            ("programs/program", "program", [PROGRAMS]),
        )
    },
    "admin/partners/organization/import/": Row(
        "admin/partners/organization/import/",
        SIGN_IN,
        staff=FORBIDDEN,
        roles={A: OK, S: OK, PARTNERSHIPS: OK},
    ),
    # The preview of an upload: its uploader's only (another's is not found).
    "admin/partners/organization/import/<int:import_id>/": Row(
        "admin/partners/organization/import/{w.partner_import.pk}/",
        SIGN_IN,
        staff=FORBIDDEN,
        roles={A: NOT_FOUND, S: NOT_FOUND, PARTNERSHIPS: OK},
        personal=True,
    ),
    "admin/partners/organization/export/<str:file_format>/": Row(
        "admin/partners/organization/export/csv/",
        SIGN_IN,
        staff=FORBIDDEN,
        roles={A: OK, S: OK, PARTNERSHIPS: OK},
        personal=True,
    ),
    "admin/partners/agreement/document/<path:name>": Row(
        lambda w: f"admin/partners/agreement/document/{w.agreement.document.name}",
        SIGN_IN,
        staff=FORBIDDEN,
        roles={A: OK, S: OK, PARTNERSHIPS: OK},
        personal=True,
    ),
}


def app_list_row() -> Row:
    # The admin's page of one app: programs, for the roles holding one of its models.
    return Row(
        "admin/programs/",
        SIGN_IN,
        staff=NOT_FOUND,
        roles={A: OK, S: OK, PROGRAMS: OK},
        personal=True,
    )


# --- Walking the URL configuration ---------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the row this pattern is checked by
    prefixed: bool  # under /ar/ and /en/


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def _admin_models() -> dict[str, str]:
    return {
        f"admin/{model._meta.app_label}/{model._meta.model_name}/": model._meta.label_lower
        for model in admin.site._registry
    }


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the portal, named by the row that covers it."""
    models = _admin_models()
    found = []
    with translation.override("ar"):
        for route, name in _walk(get_resolver().url_patterns):
            prefixed = route.startswith("ar/")
            route = route.removeprefix("ar/") if prefixed else route
            key = route
            if name == "app_list":
                key = "admin:app_list"
            for base, label in models.items():
                rest = route.removeprefix(base)
                if route.startswith(base) and rest in ADMIN_KINDS:
                    key = f"admin:{label}:{ADMIN_KINDS[rest]}"
            found.append(Pattern(key, prefixed))
    return found


def all_rows() -> dict[str, Row]:
    rows = {**MATRIX, **ADMIN_SITE, "admin:app_list": app_list_row()}
    for label in ADMIN_MODELS:
        for kind in ADMIN_KINDS.values():
            rows[f"admin:{label}:{kind}"] = admin_row(label, kind)
    return rows


ROWS = all_rows()


def test_every_url_pattern_has_a_row():
    """A new view joins the portal only with its line in the matrix (and docs/access.md)."""
    missing = sorted({p.key for p in url_patterns()} - set(ROWS))
    assert not missing, f"URL patterns without a row in the authorization matrix: {missing}"
    unregistered = sorted(set(ADMIN_MODELS) - set(_admin_models().values()))
    assert not unregistered, f"rows for models no longer in the admin: {unregistered}"


# --- Asking -----------------------------------------------------------------------


def outcome(response):
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if re.search(r"/(accounts|admin)/login/", location):
            return SIGN_IN
        asked = response.request["PATH_INFO"]
        if location.rstrip("/").endswith("/admin") and re.match(r"^/admin/\w+/\w+/\d+/", asked):
            return NOT_FOUND  # the admin's "does not exist" (or "not yours")
        return DONE
    if response.status_code == 400:
        return DONE
    return response.status_code


def ask(client, method: str, url: str):
    # Each request in a savepoint rolled back: what one URL does, the next does not see.
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def url_of(row: Row, world, language: str | None) -> str:
    path = row.path
    if callable(path):
        takes_language = path.__code__.co_argcount == 2
        path = path(world, language) if takes_language else path(world)
    path = path.format(w=world)
    return f"/{language}/{path}" if language else f"/{path}"


def requests_for(world: World, patterns: list[Pattern]):
    seen = set()
    for pattern in patterns:
        row = ROWS[pattern.key]
        for language in LANGUAGES if pattern.prefixed else [None]:
            url = url_of(row, world, language)
            if (url, row.method) not in seen:
                seen.add((url, row.method))
                yield pattern, row, url


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DELEGATIONS_PRIVATE_ROOT = tmp_path / "private"
    built = build_world()
    from django.contrib.contenttypes.models import ContentType

    built.objects["applicant"] = built.people[APPLICANT_A]
    built.objects["publication_content_type"] = ContentType.objects.get_for_model(
        built.publication
    ).pk
    return built


def sign_in(client, world: World, role: str):
    person = world.people[role]
    if person is not None:
        client.force_login(person)
        reauthenticated(client, person)
    return person


# Who may read what applicant A wrote: A, and the staff handling A's application.
A_READERS = {APPLICANT_A, COORDINATOR, HEAD, ADMINISTRATOR, SUPERUSER}


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def leaks_of_a(response) -> list[str]:
    body = body_of(response)
    return [
        name
        for name, secret in A_SECRETS.items()
        if (secret if isinstance(secret, bytes) else secret.encode()) in body
    ]


@pytest.mark.parametrize("role", ROLES)
def test_the_authorization_matrix(client, world, role):
    """Every URL pattern × this role: the expected outcome; no response to anyone but A's
    readers carries A's application, passport number, message or attachment (B's own
    pages and data download included); nothing personal is cacheable."""
    sign_in(client, world, role)
    patterns = url_patterns()
    wrong, cacheable, checked = [], [], 0
    for pattern, row, url in requests_for(world, patterns):
        response = ask(client, row.method, url)
        got, expected = outcome(response), row.expected(role)
        checked += 1
        if got != expected:
            wrong.append(f"{row.method.upper()} {url}: expected {expected}, got {got}")
        if role not in A_READERS and (leaked := leaks_of_a(response)):
            wrong.append(f"{row.method.upper()} {url}: shows applicant A's {leaked}")
        private = (role != ANONYMOUS or row.personal) and response.status_code == 200
        cache_control = response.get("Cache-Control", "")
        if private and not ("private" in cache_control and "no-store" in cache_control):
            cacheable.append(f"{url}: Cache-Control {cache_control!r}")
    assert not wrong, f"{role}: {len(wrong)} of {checked} outcomes differ:\n" + "\n".join(wrong)
    assert not cacheable, f"{role}: personal responses a cache may keep:\n" + "\n".join(cacheable)


# --- The one refusal convention, for every URL that names an object ------------------


class _Missing:
    """An object that does not exist: its id and slug name nothing."""

    pk = 987654321
    slug = "no-such-object"


class _NothingExists:
    def __getattr__(self, name: str) -> _Missing:
        return _Missing()


def missing_object_requests(world: World):
    """Each URL that names an object, again naming one that does not exist."""
    for pattern, row, url in requests_for(world, url_patterns()):
        language = url.split("/")[1] if pattern.prefixed else None
        try:
            missing = url_of(row, _NothingExists(), language)
        except (AttributeError, TypeError, ValueError):
            continue  # built from something other than an object's id (a token, a file)
        if missing != url and not row.lookup_first:
            yield row, url, missing


@pytest.mark.parametrize("role", ROLES)
def test_refusals_follow_the_one_convention(client, world, role):
    """docs/access.md: a role refused a page is refused (403, or sent to sign in) whatever
    object it names, existing or not — decided before any lookup; everyone else gets 404
    for an object that does not exist, the same answer as for someone else's object, so
    no answer tells whether an object exists. (A URL that answers everyone alike, such as
    asking for a fresh calendar link, answers alike for a missing object too.)"""
    sign_in(client, world, role)
    wrong, checked = [], 0
    for row, url, missing in missing_object_requests(world):
        expected = row.expected(role)
        done_for_all = all(row.expected(other) == DONE for other in ROLES)
        if expected not in (SIGN_IN, FORBIDDEN) and not done_for_all:
            expected = NOT_FOUND
        got = outcome(ask(client, row.method, missing))
        checked += 1
        if got != expected:
            wrong.append(
                f"{row.method.upper()} {missing} (for {url}): expected {expected}, got {got}"
            )
    assert checked > 40
    assert not wrong, f"{role}: {len(wrong)} of {checked} outcomes differ:\n" + "\n".join(wrong)
