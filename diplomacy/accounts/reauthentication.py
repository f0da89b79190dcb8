"""Sensitive actions ask for the password (or the second factor) again when the last
check is older than ACCOUNT_REAUTHENTICATION_TIMEOUT (allauth's re-authentication).

Views use allauth's `reauthentication_required` decorator; admin actions and admin
views call `require_recent_authentication(request)`. Both raise allauth's
`ReauthenticationRequired`, which its AccountMiddleware turns into a redirect to
/accounts/reauthenticate/; a suspended POST (an admin action, a changed role) is
replayed once the person has confirmed.
"""

from allauth.account.decorators import reauthentication_required
from django.http import HttpRequest


@reauthentication_required
def _confirmed_recently(request: HttpRequest) -> None:
    return None


def require_recent_authentication(request: HttpRequest) -> None:
    _confirmed_recently(request)


class ReauthenticatedChangesAdminMixin:
    """Saving or deleting in this admin (roles, permissions) asks for the password again;
    looking does not."""

    def changeform_view(self, request, *args, **kwargs):
        if request.method == "POST":
            require_recent_authentication(request)
        return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        if request.method == "POST":
            require_recent_authentication(request)
        return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        if request.method == "POST":  # bulk actions and list-editable changes
            require_recent_authentication(request)
        return super().changelist_view(request, *args, **kwargs)
