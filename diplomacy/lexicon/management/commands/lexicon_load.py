from django.core.management.base import BaseCommand

from diplomacy.lexicon.services import lexicon_load_repository


class Command(BaseCommand):
    help = "Add the word forms of diplomacy/lexicon/arabic_forms.txt the lexicon lacks."

    def handle(self, *args, **options):
        added = lexicon_load_repository()
        self.stdout.write(f"{added} word forms added; rebuild the index: manage.py search_reindex")
