"""Benchmark (not a test): worker time to pre-fill a 2,000-word article from a
10,000-pair translation memory, with the engine set to "none".

    createdb -h 127.0.0.1 -U postgres cdp_translation_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdp_translation_bench \
        .venv/bin/python manage.py migrate -v0
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdp_translation_bench \
        .venv/bin/python manage.py bench_translation_prefill

Run it on a database of its own: it replaces the translation memory with 10,000
generated pairs (committed and vacuumed, as a memory is in steady state); the article and
its job are rolled back after each run. A fifth of the article's sentences are in
the memory as they are, another fifth with one word changed (fuzzy matches), the rest
only share vocabulary with the memory — the look-up the trigram index must keep cheap.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings

from diplomacy.pages.models import Page
from diplomacy.translation.models import TranslationJob, TranslationMemoryEntry, text_hash
from diplomacy.translation.services import job_prefill

FUNCTION_WORDS = [
    "المركز",
    "الوفد",
    "الشركاء",
    "المجتمع",
    "المدني",
    "قامشلو",
    "الرقة",
    "كوباني",
    "منبج",
    "الطبقة",
    "دير",
    "الزور",
    "الجزيرة",
    "التعليم",
    "الصحة",
    "الثقافة",
    "الاقتصاد",
    "البيئة",
    "البلديات",
    "النساء",
    "الأطفال",
    "التعاونيات",
    "النقابات",
    "الإعلام",
    "زيارة",
    "برنامج",
    "لقاء",
    "ندوة",
    "مؤتمر",
    "تبادل",
    "تضامن",
    "حوار",
    "عمل",
    "مشروع",
    "مدرسة",
    "مستشفى",
    "مجلس",
    "اتحاد",
    "منظمة",
    "مبادرة",
    "تقرير",
    "بحث",
    "بيان",
    "خبر",
    "يوم",
    "شهر",
    "عام",
    "جديد",
    "كبير",
    "مهم",
    "مع",
    "في",
    "من",
    "إلى",
    "على",
    "عن",
    "بين",
    "حول",
    "خلال",
    "بعد",
    "قبل",
    "أجل",
    "نحو",
]


LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def vocabulary(rng: random.Random, size: int = 5000) -> tuple[list[str], list[float]]:
    """Made-up Arabic words with Zipf-like frequencies (as in real text), after the
    common words above: sentences share function words, rarely their content."""
    words = list(FUNCTION_WORDS)
    while len(words) < size:
        words.append("".join(rng.choices(LETTERS, k=rng.randint(3, 8))))
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--words", type=int, default=2000)
        parser.add_argument("--memory", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, words: int, memory: int, runs: int, **options) -> None:
        rng = random.Random(2021)  # noqa: S311 - reproducible test data, not security
        lexicon, weights = vocabulary(rng)

        def make_sentence() -> str:
            return " ".join(rng.choices(lexicon, weights, k=rng.randint(10, 25))) + "."

        sentences = []
        while sum(len(text.split()) for text in sentences) < words:
            sentences.append(make_sentence())
        paragraphs = [sentences[index : index + 5] for index in range(0, len(sentences), 5)]
        body = "".join(f"<p>{' '.join(paragraph)}</p>\n" for paragraph in paragraphs)

        pairs: dict[str, str] = {}
        for index, sentence in enumerate(sentences):
            if index % 5 == 0:
                pairs[sentence] = f"Exact translation {index}."
            elif index % 5 == 1:
                tokens = sentence.split()
                tokens[len(tokens) // 2] = rng.choice(lexicon)
                pairs[" ".join(tokens)] = f"Close translation {index}."
        while len(pairs) < memory:
            pairs[make_sentence()] = "Other."

        # The memory as it is in steady state: committed, indexed and vacuumed.
        TranslationMemoryEntry.objects.all().delete()
        TranslationMemoryEntry.objects.bulk_create(
            [
                TranslationMemoryEntry(
                    source_language="ar",
                    target_language="en",
                    source=source,
                    source_hash=text_hash(source),
                    target=target,
                )
                for source, target in pairs.items()
            ],
            batch_size=2000,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE translation_translationmemoryentry")

        timings = []
        stats: dict[str, int] = {}
        for _run in range(runs):
            try:
                with transaction.atomic(), override_settings(TRANSLATION_ENGINE="none"):
                    page = Page.objects.create(
                        key="bench-translation", title_ar="مقالة", body_ar=body
                    )
                    job = TranslationJob.objects.get(
                        content_type__model="page", object_id=str(page.pk), target_language="en"
                    )
                    started = time.perf_counter()
                    job_prefill(job_id=job.pk)
                    timings.append(time.perf_counter() - started)
                    stats = {
                        origin or "empty": job.segments.filter(origin=origin).count()
                        for origin in ("memory", "memory_fuzzy", "")
                    }
                    raise Rollback
            except Rollback:
                pass
        self.stdout.write(
            f"{len(body.split())} words, {len(sentences) + 1} segments, {len(pairs)} memory pairs, "
            f"{connection.vendor}: pre-fill median {statistics.median(timings):.2f} s "
            f"(runs: {', '.join(f'{t:.2f}' for t in timings)}); segments by origin: {stats}"
        )
