from importlib import import_module

import pytest
from django.apps import apps

from partners.matching import name_keys
from partners.models import Organization
from tests.partners.factories import OrganizationFactory

migration = import_module("partners.migrations.0006_name_keys_with_places")


@pytest.mark.django_db
def test_stored_keys_of_existing_organizations_are_rewritten_with_one_spelling_per_place():
    organization = OrganizationFactory(name_ar="جمعية عين العرب للثقافة", name_en="")
    Organization.objects.filter(pk=organization.pk).update(name_keys="jm n rb tkf")  # before
    migration.recompute_name_keys(apps, None)
    organization.refresh_from_db()
    names = [organization.name_ar, "", organization.name_native, organization.name_latin]
    assert organization.name_keys == name_keys(*names)
    assert "jm kbn tkf" in organization.name_keys
