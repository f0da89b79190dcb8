"""What each audit action is called in words: histories show these, never the codes.

Every `action` passed to `audit_record` has an entry here (tests/ui/test_audit_actions.py
checks the code for new ones); an unknown code reads as "Other change" rather than as a
code.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTION_LABELS = {
    # Delegations: the workflow steps (delegations.services.TRANSITIONS) and the rest.
    "delegations.application.draft": _("Application started"),
    "delegations.application.submit": _("Application submitted"),
    "delegations.application.resubmit": _("Application submitted again"),
    "delegations.application.start_review": _("Review started"),
    "delegations.application.request_information": _("Information requested"),
    "delegations.application.approve": _("Application approved"),
    "delegations.application.decline": _("Application declined"),
    "delegations.application.schedule": _("Itinerary confirmed"),
    "delegations.application.start_visit": _("Visit started"),
    "delegations.application.complete": _("Visit completed"),
    "delegations.application.withdraw": _("Application withdrawn"),
    "delegations.application.cancel": _("Visit cancelled"),
    "delegations.application.assign": _("Coordinator assigned"),
    "delegations.application.delete_draft": _("Draft deleted"),
    "delegations.application.purge_draft": _("Idle draft deleted under the retention rule"),
    "delegations.application.withdraw_stalled": _(
        "Unanswered application withdrawn under the retention rule"
    ),
    "delegations.note.add": _("Internal note added"),
    "delegations.message.post": _("Message sent"),
    "delegations.meeting.add": _("Meeting added to the itinerary"),
    "delegations.meeting.status": _("Meeting status changed"),
    "delegations.personal_data.open": _("Personal data opened"),
    "delegations.personal_data.purge": _("Personal data deleted"),
    "delegations.personal_data.export": _("Personal data downloaded"),
    "delegations.personal_data.deletion_requested": _("Deletion of personal data requested"),
    # Programs.
    "programs.registration_answers_purged": _("Registration answers deleted"),
    "programs.registration_created": _("Registration received"),
    "programs.registration_promoted": _("Registration moved up from the waiting list"),
    "programs.registration_cancelled": _("Registration cancelled"),
    "programs.registration_approved": _("Registration approved"),
    "programs.registration_declined": _("Registration declined"),
    "programs.attendance_marked": _("Attendance recorded"),
    "programs.event_message_sent": _("Message sent to participants"),
    "programs.partner_added": _("Partner added"),
    "programs.participants_exported": _("Participants exported"),
    # Partners.
    "partners.organization_created": _("Organization created"),
    "partners.organization_merged": _("Organizations merged"),
    "partners.organizations_exported": _("Organizations exported"),
    "partners.organizations_imported": _("Organizations imported"),
    "partners.organization_import_uploaded": _("Organizations file uploaded for import"),
    "partners.interaction_recorded": _("Interaction recorded"),
    "partners.interaction_added": _("Interaction recorded"),
    "partners.interaction_updated": _("Interaction changed"),
    "partners.interaction_changed": _("Interaction changed"),
    "partners.interaction_deleted": _("Interaction deleted"),
    "partners.agreement_added": _("Agreement added"),
    "partners.agreement_changed": _("Agreement changed"),
    "partners.agreement_deleted": _("Agreement deleted"),
    "partners.agreement_reminded": _("Agreement reminder sent"),
    "partners.agreement_downloaded": _("Signed agreement downloaded"),
    "partners.affiliation_added": _("Contact linked"),
    "partners.affiliation_changed": _("Contact's role changed"),
    "partners.affiliation_deleted": _("Contact unlinked"),
    "partners.role_ended": _("Contact's role ended"),
    "partners.contact_added": _("Contact added"),
    "partners.contact_changed": _("Contact changed"),
    # Publications.
    "publication.edited": _("Publication edited"),
    "publication.submitted": _("Publication submitted for review"),
    "publication.returned_to_draft": _("Publication returned to draft"),
    "publication.scheduled": _("Publication scheduled"),
    "publication.published": _("Publication published"),
    "publication.unpublished": _("Publication unpublished"),
    "publication.restored_to_review": _("Restored version sent back to review"),
    # Revisions of publications, pages and programs (diplomacy/revisions).
    "revision.restored": _("Earlier version restored"),
    # Translation.
    "translation.job_created": _("Translation job created"),
    "translation.job_requeued": _("Translation job updated from a changed source"),
    "translation.job_drafted": _("Translation drafted"),
    "translation.job_failed": _("Translation job failed"),
    "translation.job_retried": _("Translation job retried"),
    "operations.failed_task_retried": _("Failed job retried"),
    "translation.job_claimed": _("Translation job taken"),
    "translation.segments_saved": _("Translation saved"),
    "translation.job_approved": _("Translation approved"),
    # Notifications, newsletter, accounts.
    "notification.retried": _("Delivery retried"),
    "notification.unsubscribed": _("Unsubscribed from emails"),
    "newsletter.subscription_requested": _("Newsletter subscription requested"),
    "newsletter.subscription_confirmed": _("Newsletter subscription confirmed"),
    "newsletter.subscription_changed": _("Newsletter preferences changed"),
    "newsletter.subscription_cancelled": _("Newsletter subscription cancelled"),
    "user.preferences_updated": _("Preferences updated"),
    "user.second_factor_reset": _("Two-step sign-in reset"),
    # The search lexicon and index.
    "lexicon.search_reindex.start": _("Search index rebuild started"),
    "lexicon.search_reindex.finish": _("Search index rebuilt"),
}

UNKNOWN_ACTION = pgettext_lazy("audit action", "Other change")


def audit_action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, UNKNOWN_ACTION))
