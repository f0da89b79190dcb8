from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from programs.models import Program
        from programs.search import program_changed

        for signal in (post_save, post_delete):
            signal.connect(program_changed, sender=Program, dispatch_uid=f"programs-{id(signal)}")
