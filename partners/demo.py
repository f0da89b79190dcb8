"""Demo partners: a women's dairy cooperative in Jazira, a neighbourhood municipality in
Raqqa, a solidarity association in Brussels (all three listed publicly), and a teachers'
union in Kobani that has not agreed to be listed. Names are invented. Loading again
updates the same rows; dates follow today so reminders and follow-ups stay current."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from diplomacy.demo_images import demo_picture
from diplomacy.taxonomy.models import Region, Sector
from partners.models import Affiliation, Agreement, Contact, Interaction, Organization, Tag
from partners.services import (
    organization_logo_render,
    organization_save,
    organization_search_refresh,
)

DEMO_OWNER_EMAIL = "partnerships@civil-diplomacy.example"


def _organization(slug: str, sectors: list[str], tags: list[Tag], **fields) -> Organization:
    organization = Organization.objects.filter(slug=slug).first() or Organization(slug=slug)
    for name, value in fields.items():
        setattr(organization, name, value)
    organization_save(organization=organization, actor=None, changed_fields=list(fields))
    organization.sectors.set(Sector.objects.filter(slug__in=sectors))
    organization.tags.set(tags)
    organization_search_refresh(organization=organization)
    return organization


def _logo(organization: Organization, *, colors: tuple[str, str]) -> None:
    """A drawn logo, with its renditions made now: the directory shows them at once."""
    if not organization.logo:
        picture = demo_picture(size=(400, 400), colors=colors, seed=organization.pk)
        organization.logo.save(picture.name, picture, save=False)
        organization_save(organization=organization, actor=None, changed_fields=["logo"])
    organization_logo_render(organization_id=organization.pk)


def _contact(name: str, **fields) -> Contact:
    contact, _created = Contact.objects.update_or_create(name=name, defaults=fields)
    return contact


def load(*, stdout) -> None:
    today = timezone.localdate()
    owner, _created = get_user_model().objects.get_or_create(
        email=DEMO_OWNER_EMAIL,
        defaults={
            "first_name": "Rojda",
            "last_name": "Ahmed",
            "is_staff": True,
            "preferred_language": "ar",
        },
    )
    if _created:
        owner.set_unusable_password()
        owner.save(update_fields=["password"])
    brussels_tag, _ = Tag.objects.get_or_create(
        slug="brussels-network", defaults={"name": "Brussels network"}
    )
    women_tag, _ = Tag.objects.get_or_create(
        slug="womens-economy", defaults={"name": "اقتصاد المرأة"}
    )
    jazira = Region.objects.get(slug="jazira")
    raqqa = Region.objects.get(slug="raqqa")
    euphrates = Region.objects.get(slug="euphrates")

    cooperative = _organization(
        "kooperatifa-jinen-dirbesiye",
        ["cooperatives", "womens-freedom", "economy"],
        [women_tag],
        name_ar="تعاونية نساء الدرباسية للألبان",
        name_en="Darbasiyah Women's Dairy Cooperative",
        name_native="Kooperatîfa Şîr a Jinên Dirbêsiyê",
        name_latin="Kooperatifa Şîr a Jinên Dirbêsiyê",
        kind=Organization.Kind.COOPERATIVE,
        region=jazira,
        town_ar="الدرباسية",
        town_en="Darbasiyah",
        emails=["info@dirbesiye-coop.example"],
        phones=["+963933123456"],
        description_ar=(
            "تعاونية أسستها نساء من ريف الدرباسية عام 2019، تجمع حليب أكثر من ستين عائلة "
            "وتصنع منه اللبن والجبن وتبيعه في أسواق المنطقة. تدير التعاونية جمعية عامة "
            "من عضواتها، وتخصص جزءاً من أرباحها لدورات محو الأمية."
        ),
        description_en=(
            "A cooperative founded in 2019 by women from the villages around Darbasiyah. It "
            "collects milk from more than sixty families, makes yoghurt and cheese and sells "
            "them in local markets. A general assembly of its members runs it, and part of "
            "its income pays for literacy classes."
        ),
        status=Organization.Status.ACTIVE,
        owner=owner,
        directory_consent=True,
    )
    municipality = _organization(
        "baladiyat-hay-al-firdaws",
        ["municipalities", "environment"],
        [],
        name_ar="بلدية حي الفردوس في الرقة",
        name_en="Al-Firdaws Neighbourhood Municipality, Raqqa",
        name_latin="Baladiyat Hay al-Firdaws",
        kind=Organization.Kind.MUNICIPALITY,
        region=raqqa,
        town_ar="الرقة",
        town_en="Raqqa",
        phones=["+963 22 214 567"],
        description_ar=(
            "بلدية حي يديرها مجلس منتخب من السكان، تعمل على إعادة فتح الشوارع وجمع "
            "النفايات وإصلاح شبكة المياه في الأحياء التي دمرتها الحرب."
        ),
        description_en=(
            "A neighbourhood municipality run by a council the residents elect. It reopens "
            "streets, collects waste and repairs the water network in districts the war "
            "destroyed."
        ),
        status=Organization.Status.ACTIVE,
        owner=owner,
        directory_consent=True,
    )
    brussels = _organization(
        "solidarite-mesopotamie-bruxelles",
        ["political-solidarity", "culture"],
        [brussels_tag],
        name_ar="جمعية تضامن ميزوبوتاميا في بروكسل",
        name_en="Mesopotamia Solidarity Brussels",
        name_native="Solidarité Mésopotamie Bruxelles",
        name_latin="Solidarité Mésopotamie Bruxelles",
        kind=Organization.Kind.ASSOCIATION,
        country="BE",
        world_region=Organization.WorldRegion.EUROPE,
        website="https://solidarite-mesopotamie.example.org",
        emails=["contact@solidarite-mesopotamie.example.org"],
        phones=["+32 2 512 34 56"],
        description_ar=(
            "جمعية بلجيكية من متطوعين ينظمون أمسيات ثقافية ومعارض صور عن شمال وشرق سوريا، "
            "ويرافقون الوفود البرلمانية التي تزور المنطقة."
        ),
        description_en=(
            "A Belgian volunteer association that organizes cultural evenings and photo "
            "exhibitions about North and East Syria and accompanies parliamentary "
            "delegations visiting the region."
        ),
        status=Organization.Status.ACTIVE,
        directory_consent=True,
    )
    union = _organization(
        "kobani-teachers-union",
        ["unions", "education"],
        [],
        name_ar="نقابة معلمي كوباني",
        name_en="Kobani Teachers' Union",
        name_native="Sendîkaya Mamosteyên Kobanê",
        name_latin="Sendîkaya Mamosteyên Kobanê",
        kind=Organization.Kind.UNION,
        region=euphrates,
        town_ar="كوباني",
        town_en="Kobani",
        emails=["sendika.mamoste@kobane.example"],
        status=Organization.Status.PROSPECT,
        directory_consent=False,
    )

    hevin = _contact(
        "هيفين حسن",
        name_latin="Hevîn Hesen",
        emails=["hevin@dirbesiye-coop.example"],
        phones=["+963944555666"],
        languages=["ku", "ar"],
        preferred_language="ar",
        consent_to_contact=True,
        consent_recorded_on=today - timedelta(days=300),
    )
    marie = _contact(
        "Marie Dubois",
        emails=["marie.dubois@solidarite-mesopotamie.example.org"],
        languages=["fr", "en"],
        preferred_language="en",
        consent_to_contact=True,
        consent_recorded_on=today - timedelta(days=200),
    )
    for contact, organization, role, started in (
        (hevin, cooperative, "منسقة التعاونية", today - timedelta(days=900)),
        (marie, brussels, "Secretary", today - timedelta(days=700)),
    ):
        Affiliation.objects.update_or_create(
            contact=contact,
            organization=organization,
            defaults={"role": role, "started_on": started},
        )

    Agreement.objects.update_or_create(
        organization=brussels,
        title="Memorandum of understanding on cultural exchange",
        defaults={
            "kind": Agreement.Kind.MOU,
            "starts_on": today - timedelta(days=320),
            "ends_on": today + timedelta(days=45),
            "notes": "Two cultural evenings a year in Brussels; one photo exhibition in Qamishlo.",
        },
    )
    for organization, kind, days_ago, summary, follow_up in (
        (
            cooperative,
            Interaction.Kind.VISIT,
            60,
            "زيارة إلى مقر التعاونية مع وفد من بلجيكا؛ ناقشنا تصدير الجبن المجفف.",
            None,
        ),
        (
            brussels,
            Interaction.Kind.CALL,
            10,
            "Call with Marie about the spring exhibition; they need 30 printed photos.",
            today + timedelta(days=5),
        ),
        (
            municipality,
            Interaction.Kind.MEETING,
            25,
            "اجتماع مع مجلس البلدية حول مشروع تبادل الخبرات في إدارة النفايات.",
            today - timedelta(days=2),
        ),
        (
            union,
            Interaction.Kind.EMAIL,
            5,
            "أرسلنا دعوة للمشاركة في ندوة التعليم باللغة الأم.",
            None,
        ),
    ):
        interaction, _created = Interaction.objects.update_or_create(
            organization=organization,
            summary=summary,
            defaults={
                "kind": kind,
                "occurred_on": today - timedelta(days=days_ago),
                "follow_up_on": follow_up,
                "follow_up_owner": owner if follow_up else None,
                "created_by": owner,
            },
        )
        interaction.staff_participants.set([owner])
    logos = ((cooperative, ("#0b5d4b", "#f6efd9")), (municipality, ("#8a5a00", "#fff4d6")),
             (brussels, ("#1f3a7a", "#eef2ff")))  # fmt: skip
    for organization, colors in logos:
        _logo(organization, colors=colors)
    stdout.write(f"partners: {Organization.objects.count()} organizations")
