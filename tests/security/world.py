"""The people and objects the authorization matrix visits: every role, and one real
object for every URL parameter (built with the suite's factories)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from delegations.models import ApplicationState, Meeting, MeetingStatus, Message
from diplomacy.accounts import roles
from diplomacy.audit.models import AuditEntry
from diplomacy.audit.services import audit_record
from diplomacy.lexicon.models import SearchReindex, WordForm
from diplomacy.notifications.models import NewsletterAnnouncement, Notification, Unsubscription
from diplomacy.operations.models import FailedTask
from diplomacy.taxonomy.models import Region, Sector
from diplomacy.translation.models import TranslationJob
from partners.models import OrganizationImport
from tests.delegations.factories import ApplicationFactory, MemberFactory
from tests.diplomacy.notifications.factories import SubscriberFactory
from tests.diplomacy.translation.factories import (
    GlossaryTermFactory,
    MemoryEntryFactory,
    PageFactory,
)
from tests.factories import StaffFactory, UserFactory
from tests.partners.factories import (
    AffiliationFactory,
    AgreementFactory,
    ContactFactory,
    InteractionFactory,
    OrganizationFactory,
    TagFactory,
)
from tests.programs.factories import EventFactory, ProgramFactory, RegistrationFactory
from tests.publications.factories import AuthorFactory, published_publication
from tests.publications.factories import TagFactory as PublicationTagFactory

ANONYMOUS = "anonymous"
APPLICANT_A = "applicant A"
APPLICANT_B = "applicant B"
PARTICIPANT = "participant"
ADMINISTRATOR = "Administrators"
EDITOR = "Editors"
TRANSLATOR = "Translators"
PARTNERSHIPS = "Partnerships"
COORDINATOR = "coordinator of A"  # Delegation coordinators, assigned to A's application
OTHER_COORDINATOR = "other coordinator"  # Delegation coordinators, not assigned to it
HEAD = "Head of delegations"
PROGRAMS = "Programs"
SUPERUSER = "superuser"

SIGNED_IN_USERS = [APPLICANT_A, APPLICANT_B, PARTICIPANT]
STAFF = [
    ADMINISTRATOR, EDITOR, TRANSLATOR, PARTNERSHIPS, COORDINATOR, OTHER_COORDINATOR, HEAD,
    PROGRAMS, SUPERUSER,
]  # fmt: skip
ROLES = [ANONYMOUS, *SIGNED_IN_USERS, *STAFF]
STAFF_GROUPS = {
    ADMINISTRATOR: roles.ADMINISTRATORS,
    EDITOR: roles.EDITORS,
    TRANSLATOR: roles.TRANSLATORS,
    PARTNERSHIPS: roles.PARTNERSHIPS,
    COORDINATOR: roles.DELEGATION_COORDINATORS,
    OTHER_COORDINATOR: roles.DELEGATION_COORDINATORS,
    HEAD: roles.HEAD_OF_DELEGATIONS,
    PROGRAMS: roles.PROGRAMS,
}
# What A wrote, which nobody but A and the staff handling A's application may ever read.
A_SECRETS = {
    "organization": "Secret Solidarity Network A",
    "passport": "XA7654321",
    "message": "A private message from applicant A",
    "attachment": b"%PDF-1.4 applicant A's attachment",
}


@dataclass
class World:
    people: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    world = World()
    people = world.people
    people[ANONYMOUS] = None
    for role in SIGNED_IN_USERS:
        people[role] = UserFactory(email=f"{role.replace(' ', '-').lower()}@example.org")
    for role, group in STAFF_GROUPS.items():
        person = StaffFactory(email=f"{role.replace(' ', '-').lower()}@example.org")
        person.groups.add(Group.objects.get(name=group))
        people[role] = person
    people[SUPERUSER] = StaffFactory(email="superuser@example.org", is_superuser=True)
    for person in people.values():
        if person is not None:
            person.emailaddress_set.get_or_create(
                email=person.email, defaults={"verified": True, "primary": True}
            )

    o = world.objects
    # Delegations: A's scheduled visit with a member, a message with a file, a meeting.
    o["application"] = ApplicationFactory(
        applicant=people[APPLICANT_A],
        state=ApplicationState.SCHEDULED,
        organization=A_SECRETS["organization"],
        coordinator=people[COORDINATOR],
        with_member=False,
    )
    MemberFactory(application=o["application"], passport_number=A_SECRETS["passport"])
    o["message"] = Message.objects.create(
        application=o["application"],
        author=people[APPLICANT_A],
        body=A_SECRETS["message"],
        attachment=SimpleUploadedFile("a.pdf", A_SECRETS["attachment"]),
    )
    o["partner"] = OrganizationFactory(directory_consent=True)
    start = timezone.now() + datetime.timedelta(days=41)
    o["meeting"] = Meeting.objects.create(
        application=o["application"], organization=o["partner"], starts_at=start,
        ends_at=start + datetime.timedelta(hours=1), place="Qamishlo",
        status=MeetingStatus.CONFIRMED,
    )  # fmt: skip
    o["draft"] = ApplicationFactory(applicant=people[APPLICANT_A])  # A's draft, for the form
    o["application_b"] = ApplicationFactory(
        applicant=people[APPLICANT_B], state=ApplicationState.SUBMITTED
    )

    # Programs: the participant's registration.
    o["program"] = ProgramFactory()
    o["event"] = EventFactory(program=o["program"])
    o["registration"] = RegistrationFactory(user=people[PARTICIPANT], event=o["event"])
    o["event_message"] = o["event"].messages.create(subject="Reminder", body="See you soon")

    # Publications, pages, translation.
    o["publication"] = published_publication()
    o["author"] = AuthorFactory()
    o["publication_tag"] = PublicationTagFactory()
    o["page"] = PageFactory()
    # Saving the Arabic page queued its English translation job.
    o["job"] = TranslationJob.objects.get(
        content_type=ContentType.objects.get_for_model(o["page"]), object_id=str(o["page"].pk)
    )
    o["memory_entry"] = MemoryEntryFactory()
    o["glossary_term"] = GlossaryTermFactory()
    # The search lexicon: a seeded word form, a finished rebuild of the index.
    o["word_form"] = WordForm.objects.get(form="وفود")
    o["search_reindex"] = SearchReindex.objects.create(total=1, done=1, finished_at=timezone.now())

    # Partners: a contact, an agreement with its signed document, an interaction.
    o["contact"] = ContactFactory()
    AffiliationFactory(contact=o["contact"], organization=o["partner"])
    o["agreement"] = AgreementFactory(
        organization=o["partner"], document=SimpleUploadedFile("mou.pdf", b"%PDF-1.4 mou")
    )
    o["interaction"] = InteractionFactory(organization=o["partner"])
    o["partner_tag"] = TagFactory()
    # A file the Partnerships member uploaded, its preview not made yet.
    o["partner_import"] = OrganizationImport.objects.create(
        uploader=people[PARTNERSHIPS], language="en", file_format="csv",
        content=b"name_en\nGhent Solidarity Committee\n", rows_total=1,
    )  # fmt: skip

    # Notifications and the rest of the admin.
    o["subscriber"] = SubscriberFactory()
    o["notification"] = Notification.objects.create(
        type_key="delegations.application_received",
        target_content_type=ContentType.objects.get_for_model(o["application"]),
        target_object_id=str(o["application"].pk), recipient=people[HEAD],
        email=people[HEAD].email, language="en", idempotency_key="matrix",
    )  # fmt: skip
    o["unsubscription"] = Unsubscription.objects.create(
        email="gone@example.org", type_key="notifications.newsletter_issue"
    )
    # Publishing announced the publication to the newsletter.
    o["announcement"] = NewsletterAnnouncement.objects.filter(
        target_object_id=str(o["publication"].pk)
    ).first()
    o["audit_entry"] = audit_record(actor=None, action="tests.matrix", target=o["page"])
    o["failed_task"] = FailedTask.objects.create(
        task_id="matrix", task_name="publications.tasks.render_cover_renditions", arguments=[0]
    )
    o["site"] = Site.objects.get_current()
    o["sector"] = Sector.objects.first() or Sector.objects.create(slug="health", name="Health")
    o["region"] = Region.objects.first() or Region.objects.create(slug="jazira", name="Jazira")
    o["group"] = Group.objects.get(name=roles.EDITORS)
    o["email_address"] = people[APPLICANT_A].emailaddress_set.get()
    o["authenticator"] = people[EDITOR].authenticator_set.first()
    assert AuditEntry.objects.exists()
    return world
