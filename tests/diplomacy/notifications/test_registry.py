from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from diplomacy.accounts.notifications import ACCOUNT_EMAIL
from diplomacy.notifications.registry import NotificationType, all_types, get_type, register


def test_app_types_are_discovered_at_startup():
    keys = {notification_type.key for notification_type in all_types()}
    assert {
        "notifications.newsletter_confirm",
        "notifications.newsletter_issue",
        "notifications.delivery_failed",
    } <= keys


def test_registering_the_same_key_differently_is_an_error():
    register(NotificationType(key="tests.twice", essential=True))
    register(NotificationType(key="tests.twice", essential=True))  # same meaning: fine
    with pytest.raises(ImproperlyConfigured):
        register(NotificationType(key="tests.twice", essential=False))


def test_unknown_type_names_the_fix():
    with pytest.raises(ImproperlyConfigured, match=r"notifications\.py"):
        get_type("nobody.declared_this")


def test_tasks_go_to_the_notifications_queue_and_beat_sweeps():
    from django.conf import settings

    from diplomacy.celery import app
    from diplomacy.notifications import tasks

    for task in (
        tasks.notification_deliver,
        tasks.notifications_deliver_batch,
        tasks.notifications_sweep,
        tasks.newsletter_fan_out,
        tasks.notifications_purge,
    ):
        route = app.amqp.router.route({}, task.name, args=(), kwargs={})
        assert route["queue"].name == "notifications", task.name
    sweeps = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == tasks.notifications_sweep.name
    ]
    assert sweeps and sweeps[0]["schedule"] <= 300
    assert tasks.notifications_purge.name in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


@pytest.mark.parametrize("part", ["subject.txt", "body.txt", "body.html"])
def test_every_declared_type_has_its_templates(part):
    from django.template.loader import get_template

    for notification_type in all_types():
        if notification_type.key.startswith("tests."):
            continue
        template = get_template(notification_type.template_name(part))
        if part == "body.html" and notification_type.key != ACCOUNT_EMAIL:
            source = template.template.source
            assert 'extends "email/base.html"' in source, notification_type.key


def test_account_emails_rendered_by_allauth_have_the_layout_of_every_other_email():
    """The account type's body.html passes on what allauth rendered from these."""
    folder = Path(settings.BASE_DIR) / "templates" / "account" / "email"
    messages = sorted(folder.glob("*_message.html"))
    assert messages
    for template in messages:
        assert _layouts(f"account/email/{template.name}")[-1] == "email/base.html", template.name


def _layouts(template_name: str) -> list[str]:
    """The templates `template_name` extends, nearest first (a message may extend another
    message, which extends the layout)."""
    from django.template.loader import get_template
    from django.template.loader_tags import ExtendsNode

    nodes = get_template(template_name).template.nodelist
    extends = next((node for node in nodes if isinstance(node, ExtendsNode)), None)
    if extends is None:
        return [template_name]
    parent = extends.parent_name.resolve({})
    return [template_name, *_layouts(parent)]
