"""The layout (navigation, sign-in links, footer) is rendered once per language and page
kind and then reused: what differs between visitors and pages must still differ."""

import re

import pytest

pytestmark = pytest.mark.django_db


def current_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


def test_the_reused_navigation_still_marks_the_page_being_read(client):
    for _ in range(2):  # the second time from the layout cache
        assert current_links(client.get("/en/").content.decode()) == ["/en/"]
        assert current_links(client.get("/en/about/").content.decode()) == ["/en/about/"]
        assert current_links(client.get("/en/publications/").content.decode()) == []


def test_each_language_has_its_own_layout(client):
    english = client.get("/en/about/").content.decode()
    arabic = client.get("/ar/about/").content.decode()
    assert 'href="/en/publications/"' in english and 'href="/ar/publications/"' in arabic
    assert "Brussels, Belgium" in english and "Brussels, Belgium" not in arabic


def test_a_signed_in_person_never_gets_the_visitors_links(client, user):
    visitor = client.get("/en/about/").content.decode()
    assert "/en/accounts/login/" in visitor
    client.force_login(user)
    person = client.get("/en/about/").content.decode()
    assert "/en/accounts/login/" not in person
    assert "/en/accounts/logout/" in person and "/en/my/" in person
