"""Media on S3-compatible storage shared by every process, against a local S3 API server
(moto) started here: two web processes on their own ports, a Celery worker, private
Redis. An applicant uploads an attachment through one web process and downloads it
through the other; a worker's renditions are served by both; private files have no URL
and no public grant."""

import boto3
import httpx
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client

from delegations.models import ApplicationState, Message
from diplomacy.object_storage import PrivateMediaStorage, PublicMediaStorage
from diplomacy.settings.environment import as_s3_options
from publications.models import Publication
from tests.delegations.factories import ApplicationFactory
from tests.factories import UserFactory
from tests.operations.private_services import (
    ROOT,
    PortalProcess,
    PrivateRedis,
    wait_for,
    wait_for_port,
)
from tests.publications.factories import PublicationFactory
from tests.uploads import pdf_bytes, png_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

S3_PORT, BROKER_PORT, WEB_PORTS = 38134, 38135, (8132, 8133)
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


def test_renditions_made_by_a_worker_are_served_by_both_web_processes(shared_storage):
    from diplomacy.celery import app

    media = PublicMediaStorage(**as_s3_options(MEDIA_URL))
    cover = media.save("publications/covers/shared.png", ContentFile(png_bytes((1000, 600))))
    publication = PublicationFactory()
    Publication.objects.filter(pk=publication.pk).update(cover_image=cover)

    with app.connection_for_write(f"redis://127.0.0.1:{BROKER_PORT}/0") as broker:
        app.send_task(
            "publications.tasks.render_cover_renditions",
            args=[publication.pk], queue="media", connection=broker,
        )  # fmt: skip

    def rendered():
        # Values only: a model instance would open its image on the test's file system.
        return Publication.objects.values_list("cover_renditions", flat=True).get(pk=publication.pk)

    renditions = wait_for(rendered, timeout=120, interval=0.5)
    names = [rendition["name"] for rendition in renditions]
    assert {name.rsplit(".", 1)[-1] for name in names} == {"webp", "jpg"}
    for name in names:
        assert media.url(name) == f"/media/{name}"
        served = [web.get(f"/media/{name}") for web in shared_storage["webs"]]
        assert [response.status_code for response in served] == [200, 200]
        assert served[0].content == served[1].content
        assert served[0].headers["X-Content-Type-Options"] == "nosniff"
        with media.open(name, "rb") as stored:
            assert stored.read() == served[0].content
    assert shared_storage["webs"][0].get("/media/publications/nothing.png").status_code == 404
