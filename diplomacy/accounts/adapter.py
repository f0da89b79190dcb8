from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _


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
        language = language_for_email(email, context.get("user"))
        with translation.override(language):
            if "key" in context and "password_reset_url" in context:
                context["password_reset_url"] = self.get_reset_password_from_key_url(context["key"])
            super().send_mail(template_prefix, email, context)

    def send_confirmation_mail(self, request: HttpRequest, emailconfirmation, signup: bool) -> None:
        user = emailconfirmation.email_address.user
        # The link itself must lead to the page in the recipient's language.
        with translation.override(language_for_email(emailconfirmation.email_address.email, user)):
            super().send_confirmation_mail(request, emailconfirmation, signup)

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user.preferred_language = (
            form.cleaned_data.get("preferred_language") or translation.get_language()
        )
        return super().save_user(request, user, form, commit=commit)
