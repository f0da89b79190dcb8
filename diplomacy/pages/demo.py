"""The home and about pages, written from the center's own documents."""

from diplomacy.pages.models import Page

HOME = {
    "title_ar": "مركز الدبلوماسية المجتمعية في شمال وشرق سوريا",
    "title_en": "Civil Diplomacy Center of North and East Syria",
    "summary_ar": (
        "منصة مدنية غير ربحية في قامشلو تفتح الأبواب بين شعوب شمال وشرق سوريا "
        "والمجتمعات المدنية حول العالم: زيارات الوفود، برامج تبادل الخبرات، والمنشورات."
    ),
    "summary_en": (
        "A non-profit civil platform in Qamishlo that opens doors between the peoples of "
        "North and East Syria and civil societies around the world: delegation visits, "
        "knowledge-exchange programs and publications."
    ),
    "body_ar": (
        "<p>نربط الجمعيات والنقابات والبلديات والتعاونيات في شمال وشرق سوريا بنظيراتها "
        "في الشرق الأوسط وأوروبا وأمريكا الشمالية وشمال أفريقيا، لتبادل المعرفة "
        "وبناء تضامن إنساني وعملي طويل الأمد.</p>"
    ),
    "body_en": (
        "<p>We connect associations, unions, municipalities and cooperatives in North and "
        "East Syria with their counterparts in the Middle East, Europe, North America and "
        "North Africa, to exchange knowledge and build lasting, practical solidarity.</p>"
    ),
}

ABOUT = {
    "title_ar": "عن المركز",
    "title_en": "About the center",
    "summary_ar": (
        "تأسس المركز في كانون الثاني 2021 على يد ناشطين مدنيين محليين ودوليين، "
        "ومقره قامشلو وله مكتب في بروكسل."
    ),
    "summary_en": (
        "The center was founded in January 2021 by local and international civil "
        "activists. It is based in Qamishlo and has an office in Brussels."
    ),
    "body_ar": """
<h2>رؤيتنا</h2>
<p>الدبلوماسية المجتمعية عندنا هي بناء علاقات مباشرة بين الناس، لا بين الحكومات:
بين شعوب شمال وشرق سوريا والعالم الخارجي. نبنيها على القيم الإنسانية والديمقراطية
والوعي البيئي وحرية المرأة وحرية الدين والمعتقد، ونفتح عبرها طريقاً للمشاركة في تجربة
المنطقة من خلال المحاضرات وبرامج التعريف والتضامن والأنشطة المعرفية المشتركة.</p>
<h2>ما هو شمال وشرق سوريا؟</h2>
<p>منطقة يعيش فيها قرابة ستة ملايين إنسان من الكرد والعرب والسريان الآشوريين والأرمن
والإيزيديين والتركمان وغيرهم، موزعين على سبعة أقاليم: الجزيرة والفرات (كوباني) وعفرين
والرقة والطبقة ومنبج ودير الزور. تنظم المنطقة نفسها عبر الكومينات والمجالس المحلية
والتعاونيات والبلديات والأكاديميات، وفق العقد الاجتماعي، مع مشاركة فاعلة للنساء والشباب.
ورغم ما تحقق، ما زالت المنطقة تعاني من الحرب والحصار وأزمة إنسانية واقتصادية، وتحتاج إلى
دعم دولي لتستمر.</p>
<h2>من نحن</h2>
<p>مركز الدبلوماسية المجتمعية منصة مدنية غير ربحية مسجلة في قامشلو، ولها مكتب في بروكسل،
وتموّل من تبرعات خاصة ومؤسسية. فريقنا ناشطون من المجتمع المدني السوري ذوو خبرة في العمل
الإنساني والمهني والإعلامي في أنحاء المنطقة، إلى جانب متطوعين دوليين.</p>
<h2>مجالات عملنا</h2>
<p>التضامن السياسي، الدعم الإنساني، التعليم، العدالة، الثقافة، الاقتصاد، البيئة، الرعاية
الصحية، البلديات، شؤون الدين والمعتقد، حرية المرأة، ودعم الأطفال.</p>
<h2>مهمتنا</h2>
<ul>
<li>بناء العلاقات بين مكونات مجتمع شمال وشرق سوريا والمجتمعات المدنية في العالم.</li>
<li>مشاريع خدمية تؤمّن الدعم اللازم للمجتمع المدني في المنطقة.</li>
<li>نشر وترجمة الأبحاث والمقالات والتقارير عن المجتمع واحتياجاته والصعوبات التي يواجهها.</li>
<li>تنظيم الندوات والمؤتمرات والأنشطة الإعلامية للتعريف بثقافات المنطقة.</li>
<li>تبادل الخبرات في الصحة والتعليم والعدالة والبلديات وتمكين المرأة والتعاونيات الإنتاجية والزراعية.</li>
<li>استقبال الوفود الأجنبية والناشطين الدوليين المهتمين بدعم المجتمع المدني.</li>
</ul>
""",
    "body_en": """
<h2>Our vision</h2>
<p>For us, civil diplomacy means relations built directly between people rather than
governments: between the peoples of North and East Syria and the wider world. We build
them on human values, democracy, ecological awareness, women's freedom and freedom of
religion and belief, and through them open a way to take part in the region's experience
— through lectures, introductory and solidarity programs and shared learning.</p>
<h2>What is North and East Syria?</h2>
<p>A region of about six million people — Kurds, Arabs, Syriac Assyrians, Armenians,
Yazidis, Turkmen and others — across seven regions: Jazira, Euphrates (Kobani), Afrin,
Raqqa, Tabqa, Manbij and Deir ez-Zor. Society organizes itself through communes, local
councils, cooperatives, municipalities and academies under its Social Contract, with the
active participation of women and young people. War, blockade and an ongoing humanitarian
and economic crisis still weigh on it, and it needs international support to endure.</p>
<h2>Who we are</h2>
<p>The Civil Diplomacy Center is a registered non-profit civil platform in Qamishlo with
an office in Brussels, funded by private and institutional donations. Our team are Syrian
civil-society activists with experience in humanitarian, professional and media work
across the region, joined by international volunteers.</p>
<h2>Areas of work</h2>
<p>Political solidarity, humanitarian support, education, justice, culture, economy,
environment, health care, municipalities, religion and belief, women's freedom and
support for children.</p>
<h2>Our mission</h2>
<ul>
<li>Build relationships between the communities of North and East Syria and civil societies worldwide.</li>
<li>Run service projects that bring civil society in the region the support it needs.</li>
<li>Publish and translate research, articles and reports on society, its needs and difficulties.</li>
<li>Hold seminars, conferences and media activities introducing the region's cultures.</li>
<li>Exchange expertise in health, education, justice, municipalities, women's empowerment and cooperatives.</li>
<li>Receive foreign delegations and international activists who support civil society.</li>
</ul>
""",
}


def load(*, stdout) -> None:
    for key, fields in ((Page.HOME, HOME), (Page.ABOUT, ABOUT)):
        Page.objects.update_or_create(key=key, defaults=fields)
