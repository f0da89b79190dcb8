"""Consonant skeletons now write each place one way (diplomacy/gazetteer.py): recompute
the stored keys, so organizations saved before still match their duplicates across
spellings («عين العرب» / Kobani). Reverses as a no-op: the old keys were only less good."""

from django.db import migrations


def recompute_name_keys(apps, schema_editor) -> None:
    from partners.matching import name_keys

    Organization = apps.get_model("partners", "Organization")
    changed = []
    for organization in Organization.objects.only(
        "pk", "name_ar", "name_en", "name_native", "name_latin", "name_keys"
    ).iterator(chunk_size=2000):
        keys = name_keys(
            organization.name_ar or "",
            organization.name_en or "",
            organization.name_native or "",
            organization.name_latin or "",
        )
        if keys != organization.name_keys:
            organization.name_keys = keys
            changed.append(organization)
    Organization.objects.bulk_update(changed, ["name_keys"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_gin_without_pending_list")]

    operations = [migrations.RunPython(recompute_name_keys, migrations.RunPython.noop)]
