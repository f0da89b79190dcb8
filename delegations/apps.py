from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from delegations.models import Application
        from delegations.roles import forget_coordinator_choices
        from delegations.selectors import review_queue_counts_forget

        user_model = get_user_model()
        for signal in (post_save, post_delete):
            signal.connect(review_queue_counts_forget, sender=Application, dispatch_uid="queue")
        # A coordinator's account deleted leaves their applications unassigned by an
        # UPDATE that sends no signal of the applications.
        post_delete.connect(
            review_queue_counts_forget, sender=user_model, dispatch_uid="queue-coordinator"
        )
        post_save.connect(
            forget_coordinator_choices, sender=user_model, dispatch_uid="coordinators"
        )
        for through in (
            user_model.groups.through,
            user_model.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                forget_coordinator_choices,
                sender=through,
                dispatch_uid=f"coordinators-{through._meta.label}",
            )
