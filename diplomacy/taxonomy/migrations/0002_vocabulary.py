from django.db import migrations

from diplomacy.taxonomy.vocabulary import REGIONS, SECTORS


def seed(apps, schema_editor):
    for model_name, rows in (("Sector", SECTORS), ("Region", REGIONS)):
        model = apps.get_model("taxonomy", model_name)
        for position, (slug, name_ar, name_en) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug,
                defaults={"name": name_ar, "name_ar": name_ar, "name_en": name_en, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
