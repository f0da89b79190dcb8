from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the portal: backup and restore, failed jobs and their retry, request ids
    in logs. An app of its own because it has a model (failed tasks) and commands."""

    name = "diplomacy.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from diplomacy.operations import signals

        signals.structured_logs_connect()
