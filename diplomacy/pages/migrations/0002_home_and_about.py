from django.conf import settings
from django.db import migrations

from diplomacy.pages.demo import ABOUT, HOME


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for key, fields in (("home", HOME), ("about", ABOUT)):
        Page.objects.get_or_create(key=key, defaults={**fields, "title": fields["title_ar"]})
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": "civil-diplomacy.org", "name": "Civil Diplomacy Center"},
    )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial"), ("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
