"""The bench's partners are searchable as the portal's own: the bench measures the search
production runs, not an easier one."""

import pytest
from django.db import connection

from bench import partners as bench_partners
from partners.models import Organization
from partners.services import organization_search_refresh

pytestmark = pytest.mark.django_db


def vector_of(organization_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            # Words and their weights; positions differ by how the parts are joined.
            "SELECT array_agg(lexeme || ':' || array_to_string(weights, '') ORDER BY lexeme)"
            " FROM partners_organization, unnest(search_vector) WHERE id = %s",
            [organization_id],
        )
        return cursor.fetchone()[0]


def test_generated_partners_carry_the_vectors_the_portal_writes():
    before = Organization.objects.count()
    bench_partners.generate(count=before + 12, stdout=None)
    generated = Organization.objects.order_by("-pk")[:12]
    for organization in generated:
        as_generated = vector_of(organization.pk)
        organization_search_refresh(organization=organization)
        assert as_generated == vector_of(organization.pk), organization.name_ar
