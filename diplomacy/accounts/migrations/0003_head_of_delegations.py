from django.db import migrations


def create_role(apps, schema_editor):
    # Its permissions are set after every migrate by accounts.roles.sync_role_permissions.
    apps.get_model("auth", "Group").objects.get_or_create(name="Head of delegations")


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Head of delegations").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_staff_roles")]

    operations = [migrations.RunPython(create_role, remove_role)]
