from django.db import migrations

from diplomacy.lexicon.repository import repository_word_forms


def seed(apps, schema_editor):
    WordForm = apps.get_model("lexicon", "WordForm")
    for form, base in repository_word_forms():
        WordForm.objects.get_or_create(form=form, defaults={"base": base})


class Migration(migrations.Migration):
    dependencies = [("lexicon", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
