"""Demo programs: a municipal knowledge exchange, a health-care seminar and an online
solidarity meeting. Dates are set relative to today so the demo always has upcoming
sessions; loading again updates the same rows."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from diplomacy.demo_images import demo_picture
from diplomacy.taxonomy.models import Sector
from programs.models import Event, Program, ProgramPartner, Registration, RegistrationQuestion
from programs.services import program_cover_render, program_partnership_record

DAMASCUS = "Asia/Damascus"
BRUSSELS = "Europe/Brussels"


def _at(day: date, hour: int, minute: int, zone: str) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))


def _program(slug: str, sectors: list[str], **fields) -> Program:
    program, _created = Program.objects.update_or_create(slug=slug, defaults=fields)
    program.sectors.set(Sector.objects.filter(slug__in=sectors))
    return program


def _cover(program: Program, *, colors: tuple[str, str], alt_ar: str, alt_en: str) -> None:
    """A drawn cover, with its renditions made now: the demo shows them at once."""
    if not program.cover_image:
        program.cover_alt_ar, program.cover_alt_en = alt_ar, alt_en
        picture = demo_picture(size=(1200, 630), colors=colors, seed=program.pk)
        program.cover_image.save(picture.name, picture, save=True)
    program_cover_render(program_id=program.pk)


def _event(program: Program, **fields) -> Event:
    event, _created = Event.objects.update_or_create(
        program=program, title_en=fields.pop("title_en"), defaults=fields
    )
    return event


def _partner(program: Program, organization_slug: str, role: str, position: int) -> None:
    """Link a partner of the partners demo, if it is there (it loads before programs)."""
    from partners.models import Organization

    organization = Organization.objects.filter(slug=organization_slug).first()
    if organization is None:
        return
    partnership, created = ProgramPartner.objects.update_or_create(
        program=program, organization=organization, role=role, defaults={"position": position}
    )
    if created:
        program_partnership_record(partnership=partnership, actor=None)


def load(*, stdout) -> None:
    today = timezone.localdate()

    exchange = _program(
        "municipal-knowledge-exchange",
        ["municipalities", "environment"],
        kind=Program.Kind.KNOWLEDGE_EXCHANGE,
        state=Program.State.OPEN,
        is_published=True,
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=70),
        title_ar="تبادل الخبرات البلدية: بلديات الجزيرة ومدينة شريكة في أوروبا",
        title_en="Municipal knowledge exchange: Jazira municipalities and a European partner city",
        summary_ar=(
            "برنامج لشهرين يجمع العاملين في بلديات إقليم الجزيرة بزملائهم في مدينة أوروبية "
            "شريكة، حول إدارة النفايات ومياه الشرب وإشراك السكان في قرارات البلدية."
        ),
        summary_en=(
            "A two-month program bringing municipal workers of the Jazira region together "
            "with colleagues in a European partner city, on waste management, drinking "
            "water and involving residents in municipal decisions."
        ),
        description_ar=(
            "<p>تعمل بلديات شمال وشرق سوريا بموارد قليلة وتحت الحصار، لكنها راكمت تجربة "
            "فريدة في الإدارة المشتركة والمجالس المحلية. يتيح هذا البرنامج للطرفين أن "
            "يتعلما من بعضهما: لقاءات عبر الإنترنت، ثم ورشة عمل في قامشلو وزيارة مقابلة "
            "إلى بروكسل.</p>"
        ),
        description_en=(
            "<p>The municipalities of North and East Syria work with few resources and "
            "under blockade, yet they have built a distinctive experience of co-chaired "
            "administration and local councils. This program lets both sides learn from "
            "each other: online meetings first, then a workshop in Qamishlo and a return "
            "visit to Brussels.</p>"
        ),
    )
    _partner(exchange, "baladiyat-hay-al-firdaws", ProgramPartner.Role.HOST, 1)
    _partner(exchange, "solidarite-mesopotamie-bruxelles", ProgramPartner.Role.CO_ORGANIZER, 2)
    start = today + timedelta(days=10)
    _event(
        exchange,
        kind=Event.Kind.ONLINE_MEETING,
        title_en="Opening meeting: how our municipalities work",
        title_ar="اللقاء الافتتاحي: كيف تعمل بلدياتنا",
        description_en="Each side presents its municipality, its services and its budget.",
        description_ar="يعرض كل طرف بلديته وخدماتها وميزانيتها.",
        starts_at=_at(start, 17, 0, BRUSSELS),
        ends_at=_at(start, 19, 0, BRUSSELS),
        time_zone=BRUSSELS,
        online_url="https://meet.civil-diplomacy.org/municipal-exchange",
        languages=["ar", "en", "ku"],
        capacity=60,
    )
    workshop_day = today + timedelta(days=30)
    _event(
        exchange,
        kind=Event.Kind.WORKSHOP,
        title_en="Workshop in Qamishlo: waste collection and recycling",
        title_ar="ورشة عمل في قامشلو: جمع النفايات وإعادة تدويرها",
        description_en="Two days with the sanitation teams of Qamishlo municipality.",
        description_ar="يومان مع فرق النظافة في بلدية قامشلو.",
        starts_at=_at(workshop_day, 9, 30, DAMASCUS),
        ends_at=_at(workshop_day + timedelta(days=1), 16, 0, DAMASCUS),
        time_zone=DAMASCUS,
        place_ar="مركز الدبلوماسية المجتمعية، قامشلو",
        place_en="Civil Diplomacy Center, Qamishlo",
        languages=["ar", "ku", "en"],
        capacity=20,
        requires_approval=True,
    )
    RegistrationQuestion.objects.update_or_create(
        program=exchange,
        position=1,
        defaults={
            "text_en": "Which municipality or organization do you work for?",
            "text_ar": "في أي بلدية أو مؤسسة تعمل؟",
            "kind": RegistrationQuestion.Kind.TEXT,
            "required": True,
        },
    )

    seminar = _program(
        "health-care-under-blockade-seminar",
        ["health-care", "humanitarian-support"],
        kind=Program.Kind.EDUCATIONAL,
        state=Program.State.OPEN,
        is_published=True,
        starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=5),
        title_ar="ندوة: الرعاية الصحية تحت الحصار",
        title_en="Seminar: health care under blockade",
        summary_ar=(
            "أطباء وممرضات من مشافي شمال وشرق سوريا يتحدثون عن نقص الأدوية والمعدات، "
            "ويتبادلون الخبرة مع عاملين صحيين من الخارج."
        ),
        summary_en=(
            "Doctors and nurses from hospitals in North and East Syria speak about the "
            "shortage of medicines and equipment, and exchange experience with health "
            "workers from abroad."
        ),
        description_ar=(
            "<p>تعرض الندوة واقع المشافي والمراكز الصحية في المنطقة، وتبحث في أشكال "
            "التعاون الممكنة: التدريب عن بعد، وتوأمة الأقسام، وإيصال المستلزمات.</p>"
        ),
        description_en=(
            "<p>The seminar presents the situation of hospitals and health centers in the "
            "region and looks at the cooperation that is possible: remote training, "
            "twinning of hospital departments and delivery of supplies.</p>"
        ),
    )
    seminar_day = today + timedelta(days=5)
    _event(
        seminar,
        kind=Event.Kind.SEMINAR,
        title_en="Health care under blockade",
        title_ar="الرعاية الصحية تحت الحصار",
        starts_at=_at(seminar_day, 18, 0, DAMASCUS),
        ends_at=_at(seminar_day, 20, 0, DAMASCUS),
        time_zone=DAMASCUS,
        place_ar="قاعة المركز، قامشلو",
        place_en="The center's hall, Qamishlo",
        online_url="https://meet.civil-diplomacy.org/health-seminar",
        languages=["ar", "en"],
        capacity=40,
    )
    RegistrationQuestion.objects.update_or_create(
        program=seminar,
        position=1,
        defaults={
            "text_en": "Do you work in health care?",
            "text_ar": "هل تعمل في المجال الصحي؟",
            "kind": RegistrationQuestion.Kind.YES_NO,
            "required": True,
        },
    )
    RegistrationQuestion.objects.update_or_create(
        program=seminar,
        position=2,
        defaults={
            "text_en": "How will you attend?",
            "text_ar": "كيف ستحضر؟",
            "kind": RegistrationQuestion.Kind.CHOICE,
            "choices_en": "In the hall in Qamishlo\nOnline",
            "choices_ar": "في القاعة في قامشلو\nعبر الإنترنت",
            "required": True,
        },
    )

    solidarity = _program(
        "solidarity-online-meeting",
        ["political-solidarity", "womens-freedom"],
        kind=Program.Kind.SOLIDARITY,
        state=Program.State.OPEN,
        is_published=True,
        starts_on=today + timedelta(days=3),
        ends_on=today + timedelta(days=3),
        title_ar="لقاء تضامني عبر الإنترنت مع نساء شمال وشرق سوريا",
        title_en="Online solidarity meeting with the women of North and East Syria",
        summary_ar=(
            "لقاء مفتوح يعرّف فيه ناشطات من المنطقة بعمل مجالس النساء والتعاونيات، "
            "ويجيبن عن أسئلة المتضامنين حول العالم."
        ),
        summary_en=(
            "An open meeting where women activists from the region introduce the work of "
            "women's councils and cooperatives and answer questions from supporters around "
            "the world."
        ),
    )
    _partner(solidarity, "solidarite-mesopotamie-bruxelles", ProgramPartner.Role.CO_ORGANIZER, 1)
    meeting_day = today + timedelta(days=3)
    _event(
        solidarity,
        kind=Event.Kind.ONLINE_MEETING,
        title_en="Solidarity meeting",
        title_ar="اللقاء التضامني",
        starts_at=_at(meeting_day, 19, 0, DAMASCUS),
        ends_at=_at(meeting_day, 20, 30, DAMASCUS),
        time_zone=DAMASCUS,
        online_url="https://meet.civil-diplomacy.org/solidarity",
        languages=["ar", "en"],
        capacity=None,
    )
    covers = (
        (exchange, ("#0b5d4b", "#e8d9a8"), "خريطة مرسومة لبلديتين تتبادلان الخبرات",
         "A drawn map of two municipalities exchanging experience"),
        (seminar, ("#7a1f2b", "#f1e3d3"), "رسم تجريدي لقاعة ندوة", "An abstract drawing of a seminar room"),
        (solidarity, ("#1f3a7a", "#f4e7c5"), "دوائر متداخلة ترمز إلى التضامن",
         "Overlapping circles standing for solidarity"),
    )  # fmt: skip
    for program, colors, alt_ar, alt_en in covers:
        _cover(program, colors=colors, alt_ar=alt_ar, alt_en=alt_en)
    stdout.write("programs: 3 demo programs\n")


def load_for_demo_people(*, participant, **_others) -> None:
    """The demo participant's confirmed place (diplomacy/accounts/demo_people.py)."""

    event = (
        Event.objects.filter(
            program__slug="municipal-knowledge-exchange",
            requires_approval=False,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    if event is None:
        return
    Registration.objects.get_or_create(
        event=event,
        user=participant,
        defaults={
            "status": Registration.Status.CONFIRMED,
            "consent_at": timezone.now(),
            "status_changed_at": timezone.now(),
        },
    )
