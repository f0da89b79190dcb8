"""The client's address, the same for allauth's sign-in limits and our own rate limits.

Behind the reverse proxy REMOTE_ADDR is the proxy, so every visitor would share one
bucket. allauth reads the address the proxy vouches for (`ALLAUTH_TRUSTED_PROXY_COUNT`
entries from the end of X-Forwarded-For, or `ALLAUTH_TRUSTED_CLIENT_IP_HEADER`);
django-ratelimit calls `client_ip` (its `RATELIMIT_IP_META_KEY`), so both agree.
"""

from allauth.account.adapter import get_adapter
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return get_adapter(request).get_client_ip(request)
