"""The shared taxonomy as the center defines it: (slug, Arabic, English)."""

SECTORS = [
    ("political-solidarity", "التضامن السياسي", "Political solidarity"),
    ("humanitarian-support", "الدعم الإنساني", "Humanitarian support"),
    ("education", "التعليم", "Education"),
    ("justice", "العدالة", "Justice"),
    ("culture", "الثقافة", "Culture"),
    ("economy", "الاقتصاد", "Economy"),
    ("environment", "البيئة", "Environment"),
    ("health-care", "الرعاية الصحية", "Health care"),
    ("municipalities", "البلديات", "Municipalities"),
    ("religion-and-belief", "الدين والمعتقد", "Religion and belief"),
    ("womens-freedom", "حرية المرأة", "Women's freedom"),
    ("children", "الأطفال", "Children"),
    ("cooperatives", "التعاونيات", "Cooperatives"),
    ("unions", "النقابات", "Unions"),
    ("media", "الإعلام", "Media"),
]

REGIONS = [
    ("jazira", "الجزيرة", "Jazira"),
    ("euphrates", "الفرات (كوباني)", "Euphrates (Kobani)"),
    ("afrin", "عفرين", "Afrin"),
    ("raqqa", "الرقة", "Raqqa"),
    ("tabqa", "الطبقة", "Tabqa"),
    ("manbij", "منبج", "Manbij"),
    ("deir-ez-zor", "دير الزور", "Deir ez-Zor"),
]
