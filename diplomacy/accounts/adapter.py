from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.password_reset import get_reset_password_url
from allauth.account.internal.flows.signup import get_signup_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from diplomacy.accounts.services import account_email_send


def language_for_email(email: str, user: Any = None) -> str:
    """The language a message to `email` is written in: the person's preference."""
    if user is None:
        user = get_user_model().objects.filter(email__iexact=email).first()
    if user is not None and getattr(user, "preferred_language", None):
        return user.preferred_language
    return translation.get_language() or settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    """allauth, speaking to each person in their own language."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Shown when the sign-in limits (ACCOUNT_RATE_LIMITS "login_failed") are reached.
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Wait a few minutes, then try again."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        language = language_for_email(email, user)
        with translation.override(language):
            # allauth built the links in the language of the page the request came from;
            # the recipient must land on pages in the language the message is written in.
            context = {**context, **self._links_in_active_language(context)}
            message = self.render_mail(template_prefix, email, context)
        # Through the outbox, never straight to the mail server (which may be away).
        account_email_send(message=message, language=language, user=user)

    def _links_in_active_language(self, context: dict) -> dict[str, str]:
        links = {}
        if "password_reset_url" in context:
            if "uid" in context and "key" in context:
                # allauth 65 hands the user part and the token apart; the link's key is
                # both, joined by a dash (see flows.password_reset.request_password_reset).
                links["password_reset_url"] = self.get_reset_password_from_key_url(
                    f"{context['uid']}-{context['key']}"
                )
            else:
                links["password_reset_url"] = get_reset_password_url(self.request)
        if "signup_url" in context:
            links["signup_url"] = get_signup_url(self.request)
        return links

    def send_confirmation_mail(self, request: HttpRequest, emailconfirmation, signup: bool) -> None:
        user = emailconfirmation.email_address.user
        # The link itself must lead to the page in the recipient's language.
        with translation.override(language_for_email(emailconfirmation.email_address.email, user)):
            super().send_confirmation_mail(request, emailconfirmation, signup)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Staff start their day on the dashboard of what needs them; everyone else on /my/.
        if request.user.is_authenticated and request.user.is_staff:
            return reverse("staff_dashboard")
        return super().get_login_redirect_url(request)

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user.preferred_language = (
            form.cleaned_data.get("preferred_language") or translation.get_language()
        )
        return super().save_user(request, user, form, commit=commit)
