"""Tests' stand-in for having just typed one's password again (allauth's record of it).

`client.force_login` records no authentication, so every view behind
`reauthentication_required` sends a force-logged-in person to confirm their password;
`reauthenticated(client, user)` writes the record a real confirmation leaves.
"""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str


def reauthenticated(client, user, *, seconds_ago: float = 0) -> None:
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time() - seconds_ago, "reauthenticated": True}
    ]
    session.save()
