"""Reading sitemap.xml as a crawler does: the index, then every page of every section."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap_pages(client) -> list[str]:
    """The paths of the sitemap pages the index at /sitemap.xml lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [_path(loc.text) for loc in root.findall("s:sitemap/s:loc", NS)]


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    """Every URL listed, reached through the index: {loc: {hreflang: href}}."""
    entries = {}
    for page in sitemap_pages(client):
        response = client.get(page)
        assert response.status_code == 200, page
        root = ElementTree.fromstring(response.content)
        for url in root.findall("s:url", NS):
            entries[url.findtext("s:loc", namespaces=NS)] = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            }
    return entries
