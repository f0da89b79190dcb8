"""Staff roles and the model permissions each one holds.

The groups themselves are created by a data migration; their permissions are kept in
step with this table after every `migrate`, so an app that adds models adds its lines
here and nothing else. Permissions are named "app_label.codename".
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

ADMINISTRATORS = "Administrators"
EDITORS = "Editors"
TRANSLATORS = "Translators"
PARTNERSHIPS = "Partnerships"
DELEGATION_COORDINATORS = "Delegation coordinators"
HEAD_OF_DELEGATIONS = "Head of delegations"
PROGRAMS = "Programs"

ROLE_LABELS = {
    ADMINISTRATORS: _("Administrators"),
    EDITORS: _("Editors"),
    TRANSLATORS: _("Translators"),
    PARTNERSHIPS: _("Partnerships"),
    DELEGATION_COORDINATORS: _("Delegation coordinators"),
    HEAD_OF_DELEGATIONS: _("Head of delegations"),
    PROGRAMS: _("Programs"),
}

ALL = "__all__"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    ADMINISTRATORS: [ALL],
    EDITORS: [
        "pages.view_page",
        "pages.change_page",
        # Who follows the newsletter, and what each publication's announcement reached.
        "notifications.view_subscriber",
        "notifications.view_newsletterannouncement",
        "taxonomy.view_sector",
        "taxonomy.view_region",
        "publications.view_publication",
        "publications.add_publication",
        "publications.change_publication",
        "publications.publish_publication",
        "publications.view_author",
        "publications.add_author",
        "publications.change_author",
        "publications.view_tag",
        "publications.add_tag",
        "publications.change_tag",
        "publications.view_attachment",
        "publications.add_attachment",
        "publications.change_attachment",
        "publications.delete_attachment",
        # Inline images of the text (the admin's images inline of a publication).
        *(
            f"publications.{action}_publicationimage"
            for action in ("view", "add", "change", "delete")
        ),
        # Editors ask for a translation by hand and follow the dashboard.
        "translation.add_translationjob",
        "translation.view_translationjob",
        # The search lexicon (irregular forms of the center's words).
        *(f"lexicon.{action}_wordform" for action in ("view", "add", "change", "delete")),
        "lexicon.view_searchreindex",
        "lexicon.add_searchreindex",
    ],
    TRANSLATORS: [
        "pages.view_page",
        "pages.change_page",
        # Translators work on assigned target-language fields in the translation
        # workspace; they never publish.
        "publications.view_publication",
        "publications.translate_publication",
        "publications.view_author",
        "publications.view_tag",
        "publications.view_attachment",
        # The translation workspace (diplomacy/translation): review, approve, retry.
        "translation.view_translationjob",
        "translation.add_translationjob",
        "translation.change_translationjob",
        "translation.view_segment",
        "translation.change_segment",
        "translation.view_translationmemoryentry",
        "translation.change_translationmemoryentry",
        "translation.view_glossaryterm",
        "translation.add_glossaryterm",
        "translation.change_glossaryterm",
        "translation.delete_glossaryterm",
    ],
    PARTNERSHIPS: [
        "taxonomy.view_sector",
        "taxonomy.view_region",
    ],
    DELEGATION_COORDINATORS: [
        "taxonomy.view_sector",
        "taxonomy.view_region",
        "delegations.review_application",
        "delegations.view_personal_data",
        "delegations.view_application",
        "delegations.change_application",
        "delegations.view_member",
        "delegations.view_message",
        "delegations.view_internalnote",
        "delegations.add_internalnote",
        "delegations.view_meeting",
        "delegations.add_meeting",
        "delegations.change_meeting",
        "delegations.delete_meeting",
    ],
    PROGRAMS: [
        "taxonomy.view_sector",
        "taxonomy.view_region",
        *(
            f"programs.{action}_{model}"
            for model in ("program", "event", "programpartner", "registrationquestion")
            for action in ("view", "add", "change", "delete")
        ),
        # Registrations are made by participants; staff review, mark and export them.
        "programs.view_registration",
        "programs.change_registration",
        "programs.view_eventmessage",
        "programs.add_eventmessage",
        "partners.view_organization",
        "publications.view_publication",
    ],
}


# The lead of the delegations team: everything a coordinator does, on every application,
# and the assignment of coordinators (delegations/roles.py reads these two permissions).
ROLE_PERMISSIONS[HEAD_OF_DELEGATIONS] = [
    *ROLE_PERMISSIONS[DELEGATION_COORDINATORS],
    "delegations.view_all_applications",
    "delegations.assign_application",
]

# Partners: the Partnerships group edits organizations, contacts, agreements and
# interactions, imports, exports and merges. The other staff roles read organizations
# only: contacts, affiliations, agreements and interactions (people's names, phones,
# signed documents) stay with Partnerships and Administrators (docs/access.md).
PARTNERS_MODELS = ["organization", "contact", "affiliation", "agreement", "interaction", "tag"]
PARTNERS_READ = ["partners.view_organization", "partners.view_tag"]
ROLE_PERMISSIONS[PARTNERSHIPS] += [
    f"partners.{action}_{model}"
    for model in PARTNERS_MODELS
    for action in ("view", "add", "change", "delete")
] + [
    "partners.import_organization",
    "partners.export_organization",
    "partners.merge_organization",
]
for _role in (EDITORS, TRANSLATORS, DELEGATION_COORDINATORS, HEAD_OF_DELEGATIONS, PROGRAMS):
    ROLE_PERMISSIONS[_role] += PARTNERS_READ


def sync_role_permissions(sender: AppConfig, **kwargs) -> None:
    """Give each role group exactly the permissions listed above (idempotent)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate reaches this app before later apps have their permissions created.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        if ALL in names:
            permissions = Permission.objects.all()
        else:
            pairs = [name.split(".", 1) for name in names]
            permissions = [
                permission
                for permission in Permission.objects.select_related("content_type")
                if [permission.content_type.app_label, permission.codename] in pairs
            ]
        group.permissions.set(permissions)
