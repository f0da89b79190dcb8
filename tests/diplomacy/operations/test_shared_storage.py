"""Media on S3-compatible storage shared by every process, against a local S3 API server
(moto) started here: two web processes on their own ports, a Celery worker, private
Redis. An applicant uploads an attachment through one web process and downloads it
through the other; private files have no URL and no public grant. A staff member signed
in on one process uploads a cover, an inline image and a partner logo in the admin; the
worker's renditions and the originals are served alike by both; `manage.py backup` and
`restore --verify-only` read every object of both buckets."""

import hashlib
import io
import json
import os
import re
import subprocess
import tarfile

import boto3
import httpx
import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from PIL import Image

from delegations.models import ApplicationState, Message
from diplomacy.accounts.roles import EDITORS, PARTNERSHIPS
from diplomacy.object_storage import PrivateMediaStorage, PublicMediaStorage
from diplomacy.settings.environment import as_s3_options
from partners.models import Organization
from partners.services import organization_create
from publications.models import Publication, PublicationImage
from tests.delegations.factories import ApplicationFactory
from tests.diplomacy.operations.private_services import (
    ROOT,
    PortalProcess,
    PrivateRedis,
    free_ports,
    wait_for,
    wait_for_port,
)
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.form_errors import add_inline_row, form_data
from tests.publications.factories import PublicationFactory
from tests.second_factor import totp_code
from tests.uploads import pdf_bytes, png_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Ports free when the module is loaded; SHARED_STORAGE_TEST_PORTS="s3,broker,web,web"
# fixes them (to watch the servers from outside while the test runs).
S3_PORT, BROKER_PORT, *WEB_PORTS = (
    [int(port) for port in os.environ["SHARED_STORAGE_TEST_PORTS"].split(",")]
    if "SHARED_STORAGE_TEST_PORTS" in os.environ
    else free_ports(4)
)
ENDPOINT = f"http://127.0.0.1:{S3_PORT}"
MEDIA_URL = f"s3://cdp-media/media?endpoint_url={ENDPOINT}&region_name=us-east-1"
PRIVATE_URL = f"s3://cdp-private/private?endpoint_url={ENDPOINT}&region_name=us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
CSRF = "c" * 32


@pytest.fixture
def shared_storage(tmp_path, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    s3 = PortalProcess(
        [str(ROOT / ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p", str(S3_PORT)],
        {}, tmp_path / "s3.log",
    )  # fmt: skip
    broker = PrivateRedis(BROKER_PORT, tmp_path)
    environment = {
        **CREDENTIALS,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "REDIS_URL": broker.url,  # caches too: this test's own Redis, not the shared one
        "BROKER_URL": broker.url,
        "MEDIA_STORAGE_URL": MEDIA_URL,
        "PRIVATE_MEDIA_STORAGE_URL": PRIVATE_URL,
    }
    webs = [
        PortalProcess.web(port, environment, tmp_path / f"web-{port}.log") for port in WEB_PORTS
    ]
    worker = PortalProcess(
        [str(ROOT / ".venv/bin/celery"), "-A", "diplomacy", "worker", "-Q", "media",
         "--pool", "solo", "--loglevel=WARNING"],
        {**environment, "CELERY_TASK_ALWAYS_EAGER": "false"}, tmp_path / "worker.log",
    )  # fmt: skip
    started = [s3, broker]
    try:
        s3.start()
        wait_for_port(S3_PORT)
        client = boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1")
        for bucket in ("cdp-media", "cdp-private"):
            client.create_bucket(Bucket=bucket)
        broker.start()
        for process in [*webs, worker]:
            process.start()
            started.append(process)
        yield {"webs": webs, "s3": client}
    finally:
        for process in reversed(started):
            process.stop()


def signed_in(user) -> dict:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def test_an_upload_through_one_web_process_is_served_by_the_other(shared_storage):
    first, second = shared_storage["webs"]
    application = ApplicationFactory(state=ApplicationState.SUBMITTED)
    cookies = signed_in(application.applicant)
    document = pdf_bytes()

    posted = httpx.post(
        f"http://127.0.0.1:{first.port}/en/delegations/applications/{application.pk}/messages/",
        data={"body": "Our programme, attached."},
        files={"attachment": ("programme.pdf", document, "application/pdf")},
        cookies=cookies, headers={"X-CSRFToken": CSRF}, timeout=120,
    )  # fmt: skip

    assert posted.status_code == 302, posted.text[:500]
    message = Message.objects.get(application=application)
    download = httpx.get(
        f"http://127.0.0.1:{second.port}/en/delegations/applications/{application.pk}"
        f"/messages/{message.pk}/attachment/",
        cookies=cookies, timeout=120,
    )  # fmt: skip
    assert download.status_code == 200 and download.content == document
    # In the private bucket, readable by its owner only; no URL can be made for it.
    stored = f"private/{message.attachment.name}"
    grants = shared_storage["s3"].get_object_acl(Bucket="cdp-private", Key=stored)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in grants)
    with pytest.raises(NotImplementedError):
        PrivateMediaStorage(**as_s3_options(PRIVATE_URL)).url(message.attachment.name)
    # Someone else, signed in, gets nothing from either process.
    stranger = signed_in(UserFactory())
    for web in (first, second):
        refused = httpx.get(download.request.url, cookies=stranger, timeout=30)
        assert refused.status_code == 404


def staff_browser(web: PortalProcess, member) -> httpx.Client:
    """A staff member's browser on `web`, signed in as they do: password, then the code
    of their authenticator app."""
    browser = httpx.Client(
        base_url=f"http://127.0.0.1:{web.port}", cookies={"csrftoken": CSRF},
        headers={"X-CSRFToken": CSRF}, timeout=120, follow_redirects=True,
    )  # fmt: skip
    page = browser.post("/en/accounts/login/", data={"login": member.email, "password": PASSWORD})
    assert page.url.path == "/en/accounts/2fa/authenticate/", page.url
    page = browser.post(page.url.path, data={"code": totp_code(member)})
    assert page.url.path != "/en/accounts/2fa/authenticate/" and page.status_code == 200
    return browser


def admin_save(browser: httpx.Client, url: str, form_id: str, files: dict, add_rows=None):
    """Open an admin change page, attach `files` (and new inline rows) and save, as the
    staff member would; the admin answers with the list it goes back to."""
    data = form_data(browser.get(url).text, form_id)
    assert data, f"no form {form_id} at {url}"
    if add_rows:
        add_rows(data)
    saved = browser.post(url, data=data, files=files, follow_redirects=False)
    assert saved.status_code == 302, field_errors_of(saved.text)


def field_errors_of(page: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)


def served_alike(webs: list[PortalProcess], media: PublicMediaStorage, name: str) -> bytes:
    """What every web process serves at the file's public URL: the stored bytes."""
    assert media.url(name) == f"/media/{name}"
    served = [web.get(f"/media/{name}") for web in webs]
    assert [response.status_code for response in served] == [200] * len(webs), name
    assert all(response.headers["X-Content-Type-Options"] == "nosniff" for response in served)
    with media.open(name, "rb") as stored:
        content = stored.read()
    assert all(response.content == content for response in served), name
    return content


def pixels(image: bytes) -> tuple:
    with Image.open(io.BytesIO(image)) as opened:
        return opened.size, opened.convert("RGB").tobytes()


def test_staff_uploads_through_one_web_process_are_rendered_and_served_by_both(
    shared_storage, tmp_path
):
    first, second = webs = shared_storage["webs"]
    member = StaffFactory(preferred_language="en")
    member.groups.add(*Group.objects.filter(name__in=[EDITORS, PARTNERSHIPS]))
    publication = PublicationFactory()
    organization = organization_create(actor=None, slug="rosa", name_en="Rosa Cooperative")
    cover, inline, logo = png_bytes((1000, 600)), png_bytes((900, 500)), png_bytes((600, 600))
    browser = staff_browser(first, member)

    def inline_image(data):
        index = add_inline_row(data, "images", {"alt_en": ["A map"], "alt_ar": ["خريطة"]})
        files[f"images-{index}-image"] = ("map.png", inline, "image/png")

    files = {"cover_image": ("cover.png", cover, "image/png")}
    admin_save(browser, f"/admin/publications/publication/{publication.pk}/change/",
               "publication_form", files, add_rows=inline_image)  # fmt: skip
    admin_save(browser, f"/admin/partners/organization/{organization.pk}/change/",
               "organization_form", {"logo": ("logo.png", logo, "image/png")})  # fmt: skip

    # Values only: a model instance would open its image on the test's file system.
    def rendered():
        covers = Publication.objects.values_list("cover_image", "cover_renditions").get(
            pk=publication.pk
        )
        image = PublicationImage.objects.values_list("image", "renditions").get(
            publication=publication.pk
        )
        mark = Organization.objects.values_list("logo", "logo_renditions").get(pk=organization.pk)
        return (covers, image, mark) if all(made for _, made in (covers, image, mark)) else None

    (cover_name, covers), (inline_name, inlines), (logo_name, logos) = wait_for(
        rendered, timeout=120, interval=0.5
    )
    # The originals, uploaded through the first process (cleaned of metadata on the
    # way in: the same picture, not the same bytes), as the second serves them.
    media = PublicMediaStorage(**as_s3_options(MEDIA_URL))
    for name, uploaded in ((cover_name, cover), (inline_name, inline), (logo_name, logo)):
        assert pixels(served_alike([second], media, name)) == pixels(uploaded)
    renditions = [rendition["name"] for rendition in [*covers, *inlines, *logos]]
    assert {name.rsplit(".", 1)[-1] for name in renditions} == {"webp", "jpg", "png"}
    for name in renditions:
        served_alike(webs, media, name)
    assert first.get("/media/publications/nothing.png").status_code == 404

    # The backup reads both buckets through the storage API: every object, checksummed.
    private = PrivateMediaStorage(**as_s3_options(PRIVATE_URL))
    private.save("partners/agreements/signed.pdf", ContentFile(pdf_bytes()))
    archive = tmp_path / "backup.tar"
    backup = subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "backup", str(archive)],
                            cwd=ROOT, env=first.environment, capture_output=True, text=True)  # fmt: skip
    assert backup.returncode == 0, backup.stderr[-2000:]
    # Verifying reads the archive only (no storage): here, not in one more process.
    verified = io.StringIO()
    call_command("restore", "--verify-only", str(archive), stdout=verified)
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert f"verified, {len(manifest['files'])} files" in verified.getvalue()
    backed_up = {(file["area"], file["name"]): file["sha256"] for file in manifest["files"]}
    assert backed_up == bucket_checksums(shared_storage["s3"])
    assert ("private", "partners/agreements/signed.pdf") in backed_up


def bucket_checksums(s3) -> dict[tuple[str, str], str]:
    """Every object of both buckets by (backup area, name under the storage's folder)."""
    checksums = {}
    for area, bucket, folder in (("media", "cdp-media", "media/"),
                                 ("private", "cdp-private", "private/")):  # fmt: skip
        for listed in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            body = s3.get_object(Bucket=bucket, Key=listed["Key"])["Body"].read()
            name = listed["Key"].removeprefix(folder)
            checksums[(area, name)] = hashlib.sha256(body).hexdigest()
    return checksums
