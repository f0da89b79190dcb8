"""Demo publications, written for the portal from the center's documents: news of
meetings with civil-society organizations, a research summary, a statement, and a news
item published only in Arabic."""

from datetime import date

from django.db import transaction

from diplomacy.taxonomy.models import Region, Sector
from publications import services
from publications.models import LANGUAGES, Author, Publication, Tag

AUTHORS = {
    "editorial-team": ("فريق التحرير", "Editorial team"),
    "research-unit": ("وحدة الأبحاث", "Research unit"),
}
TAGS = {
    "civil-society": ("المجتمع المدني", "Civil society"),
    "governance": ("الحوكمة", "Governance"),
    "exchange": ("تبادل الخبرات", "Knowledge exchange"),
}

PUBLICATIONS = [
    {
        "key": "hasakah-ngo-meeting",
        "kind": Publication.Kind.NEWS,
        "date": date(2024, 9, 3),
        "authors": ["editorial-team"],
        "sectors": ["humanitarian-support", "political-solidarity"],
        "regions": ["jazira"],
        "tags": ["civil-society", "governance"],
        "title_ar": "لقاء في الحسكة مع منظمات المجتمع المدني حول تحديات العمل الإنساني",
        "title_en": "Meeting in Hasakah with civil-society organizations on humanitarian work",
        "summary_ar": "ناقش ممثلو منظمات محلية ودائرة العلاقات الخارجية سبل تنسيق العمل وتذليل العقبات أمام المنظمات العاملة في الإقليم.",
        "summary_en": "Local organizations and the Department of Foreign Relations discussed how to coordinate their work and remove obstacles facing organizations in the region.",
        "body_ar": "<p>استضافت مدينة الحسكة اجتماعاً موسعاً ضم عدداً من منظمات المجتمع المدني العاملة في شمال وشرق سوريا، بمشاركة دائرة العلاقات الخارجية ودائرة شؤون المنظمات.</p><p>تركز النقاش على الصعوبات اليومية التي تواجهها المنظمات، من إجراءات التسجيل إلى ضعف التمويل، وعلى أهمية التعاون مع المؤسسات المحلية في إطار الحوكمة الرشيدة.</p><p>وخرج المشاركون بمقترحات لخطط عمل مشتركة، أبرزها عقد لقاءات دورية وتبادل المعلومات حول الاحتياجات الإنسانية.</p>",
        "body_en": "<p>Hasakah hosted a broad meeting of civil-society organizations working in North and East Syria, together with the Department of Foreign Relations and the Department of Organizations Affairs.</p><p>The discussion focused on the everyday difficulties organizations face, from registration procedures to scarce funding, and on working with local institutions towards good governance.</p><p>Participants proposed joint work plans, chief among them regular meetings and sharing information on humanitarian needs.</p>",
        "publish": ("ar", "en"),
    },
    {
        "key": "berlin-partners-visit",
        "kind": Publication.Kind.NEWS,
        "date": date(2024, 5, 14),
        "authors": ["editorial-team"],
        "sectors": ["education", "cooperatives"],
        "regions": ["jazira", "euphrates"],
        "tags": ["civil-society", "exchange"],
        "title_ar": "وفد من منظمة سورية مقرها برلين يزور قامشلو لتبادل الخبرات",
        "title_en": "A Berlin-based Syrian organization visits Qamishlo to exchange experience",
        "summary_ar": "زار الوفد التعاونيات الزراعية ومراكز تعليم الكبار، واتفق مع المركز على برنامج تدريبي في إدارة المشاريع.",
        "summary_en": "The delegation visited agricultural cooperatives and adult-education centers, and agreed with the center on a training program in project management.",
        "body_ar": "<p>استقبل مركز الدبلوماسية المجتمعية وفداً من منظمة مجتمع مدني سورية تأسست في <bdi>Berlin</bdi> عام 2013، تعمل على بناء شبكة بين الفاعلين المدنيين السوريين والأوروبيين.</p><p>التقى الوفد بممثلي تعاونيات زراعية في ريف قامشلو وبمعلمين في مراكز تعليم الكبار، واستمع إلى تجاربهم في التنظيم الذاتي.</p><p>واتفق الطرفان على برنامج تدريبي مشترك في إدارة المشاريع وجمع التبرعات لصالح منظمات محلية ناشئة.</p>",
        "body_en": "<p>The Civil Diplomacy Center welcomed a delegation from a Syrian civil-society organization founded in Berlin in 2013, which builds a network between Syrian and European civic actors.</p><p>The delegation met members of agricultural cooperatives near Qamishlo and teachers at adult-education centers, and heard about their experience of self-organization.</p><p>Both sides agreed on a joint training program in project management and fundraising for young local organizations.</p>",
        "publish": ("ar", "en"),
    },
    {
        "key": "civil-society-research-summary",
        "kind": Publication.Kind.RESEARCH,
        "date": date(2024, 2, 20),
        "authors": ["research-unit"],
        "sectors": ["womens-freedom", "municipalities", "health-care"],
        "regions": ["raqqa", "deir-ez-zor"],
        "tags": ["civil-society", "governance"],
        "title_ar": "ملخص بحث: المجتمع المدني في شمال وشرق سوريا بين الحاجات والإمكانات",
        "title_en": "Research summary: civil society in North and East Syria, needs and capacities",
        "summary_ar": "يرصد البحث نحو ستين منظمة وجمعية ونقابة، ويبين أن التمويل والتدريب والوصول إلى الشركاء الدوليين هي أكبر حاجاتها.",
        "summary_en": "The study maps some sixty organizations, associations and unions, and finds that funding, training and access to international partners are their greatest needs.",
        "body_ar": "<h2>المنهجية</h2><p>أجرى فريق البحث مقابلات مع ممثلي منظمات وجمعيات ونقابات في الرقة ودير الزور والجزيرة، وجمع بيانات عن مجالات عملها ومصادر تمويلها.</p><h2>أبرز النتائج</h2><ul><li>تعمل أغلب المنظمات في الدعم الإنساني والرعاية الصحية وتمكين المرأة.</li><li>تعتمد معظمها على تمويل قصير الأمد يعيق التخطيط.</li><li>تطلب المنظمات تدريباً في الإدارة والتوثيق، وصلات مباشرة مع نظيراتها في الخارج.</li></ul><h2>توصيات</h2><p>يوصي البحث ببرامج تبادل طويلة الأمد وبقاعدة بيانات محدثة للفاعلين المدنيين تسهل التعاون.</p>",
        "body_en": "<h2>Method</h2><p>The research team interviewed representatives of organizations, associations and unions in Raqqa, Deir ez-Zor and Jazira, and collected data on their fields of work and their funding.</p><h2>Main findings</h2><ul><li>Most organizations work in humanitarian support, health care and women's empowerment.</li><li>Most depend on short-term funding that makes planning hard.</li><li>Organizations ask for training in management and documentation, and for direct links with their counterparts abroad.</li></ul><h2>Recommendations</h2><p>The study recommends long-term exchange programs and an up-to-date directory of civic actors to make cooperation easier.</p>",
        "publish": ("ar", "en"),
    },
    {
        "key": "statement-civil-diplomacy-day",
        "kind": Publication.Kind.STATEMENT,
        "date": date(2024, 1, 10),
        "authors": ["editorial-team"],
        "sectors": ["political-solidarity"],
        "regions": [],
        "tags": ["exchange"],
        "title_ar": "بيان: الدبلوماسية المجتمعية جسر بين الشعوب لا بين الحكومات",
        "title_en": "Statement: civil diplomacy is a bridge between peoples, not governments",
        "summary_ar": "في ذكرى تأسيسه، يجدد المركز التزامه بفتح الأبواب أمام المجتمعات المدنية في العالم للتعرف على تجربة المنطقة.",
        "summary_en": "On the anniversary of its founding, the center renews its commitment to open the door for civil societies around the world to learn about the region's experience.",
        "body_ar": "<p>منذ تأسيسه في كانون الثاني 2021، يعمل المركز على بناء علاقات مباشرة بين شعوب شمال وشرق سوريا والمجتمعات المدنية في الخارج، على أساس القيم الإنسانية والديمقراطية والوعي البيئي وحرية المرأة.</p><p>ندعو الجمعيات والنقابات والبلديات والجامعات في العالم إلى زيارة المنطقة، والاستماع إلى أهلها، وبناء مشاريع مشتركة تدوم.</p>",
        "body_en": "<p>Since its founding in January 2021, the center has built direct relations between the peoples of North and East Syria and civil societies abroad, grounded in human values, democracy, ecological awareness and women's freedom.</p><p>We invite associations, unions, municipalities and universities around the world to visit the region, listen to its people, and build joint projects that last.</p>",
        "publish": ("ar", "en"),
    },
    {
        "key": "annual-foreign-relations-meeting",
        "kind": Publication.Kind.NEWS,
        "date": date(2023, 1, 8),
        "authors": ["editorial-team"],
        "sectors": ["political-solidarity", "municipalities"],
        "regions": ["jazira"],
        "tags": ["governance"],
        "title_ar": "الاجتماع السنوي للعلاقات الخارجية يضع الدبلوماسية المجتمعية في صلب خطة العام",
        "title_en": "",
        "summary_ar": "بحضور ممثليات في الخارج وهيئات الصحة والتربية والبلديات، خرج الاجتماع بتوصيات أبرزها تطوير الدبلوماسية المجتمعية.",
        "summary_en": "",
        "body_ar": "<p>عقدت دائرة العلاقات الخارجية اجتماعها السنوي في الحسكة بمشاركة ممثليات الإدارة الذاتية في الخارج وممثلين عن هيئات الصحة والتربية والبلديات والثقافة والجامعات.</p><p>قيّم المجتمعون العمل الدبلوماسي في العام المنصرم، بما فيه من انفتاح ومن نقاط ضعف، ووضعوا خطة للعام الجديد.</p><p>ومن أبرز التوصيات تطوير الدبلوماسية المجتمعية بوصفها عملاً استراتيجياً يشارك فيه المجتمع المدني إلى جانب المؤسسات.</p>",
        "body_en": "",
        "publish": ("ar",),
    },
]


def _terms(model, slugs: list[str]) -> list:
    return list(model.objects.filter(slug__in=slugs))


def load(*, stdout) -> None:
    authors = {
        slug: Author.objects.update_or_create(slug=slug, defaults={"name_ar": ar, "name_en": en})[0]
        for slug, (ar, en) in AUTHORS.items()
    }
    tags = {
        slug: Tag.objects.update_or_create(slug=slug, defaults={"name_ar": ar, "name_en": en})[0]
        for slug, (ar, en) in TAGS.items()
    }
    for entry in PUBLICATIONS:
        key = entry["key"]
        # The English slug is the natural key, even for the version only in Arabic
        # (its English address then explains that it is not translated yet).
        publication = Publication.objects.filter(slug_en=key).first()
        created = publication is None
        if not created:
            # Loading twice gives the same rows: a demo publication is written once.
            continue
        publication = Publication(slug_en=key)
        before = services.PublicationSnapshot.of(None)
        publication.kind = entry["kind"]
        publication.original_language = "ar"
        publication.publication_date = entry["date"]
        for language in LANGUAGES:
            for field in ("title", "summary", "body"):
                setattr(publication, f"{field}_{language}", entry[f"{field}_{language}"])

        def relations(publication=publication, entry=entry) -> None:
            publication.authors.set([authors[slug] for slug in entry["authors"]])
            publication.sectors.set(_terms(Sector, entry["sectors"]))
            publication.regions.set(_terms(Region, entry["regions"]))
            publication.tags.set([tags[slug] for slug in entry["tags"]])

        services.publication_save(
            publication=publication, actor=None, before=before, save_relations=relations
        )
        publication.refresh_from_db()
        for language in entry["publish"]:
            _publish(publication, language)
    stdout.write(f"publications: {len(PUBLICATIONS)} demo publications")


def _publish(publication: Publication, language: str) -> None:
    state = publication.state_in(language)
    if state == Publication.State.PUBLISHED:
        return
    with transaction.atomic():
        if state == Publication.State.DRAFT:
            services.publication_submit_for_review(
                publication=publication, language=language, actor=None
            )
        services.publication_publish(publication=publication, language=language, actor=None)
    publication.refresh_from_db()
