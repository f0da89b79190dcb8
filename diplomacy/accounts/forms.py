from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm as MFAAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as MFAReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as MFAActivateTOTPForm
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language for emails"),
        choices=settings.LANGUAGES,
        help_text=_("We write to you in this language."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = translation.get_language()

    def save(self, request):
        user = super().save(request)
        full_name = self.cleaned_data.get("full_name", "").strip()
        if full_name:
            first, _space, last = full_name.partition(" ")
            user.first_name, user.last_name = first[:150], last[:150]
            user.save(update_fields=["first_name", "last_name"])
        return user


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language for emails"), choices=settings.LANGUAGES
    )


class LoginForm(AllauthLoginForm):
    """allauth's sign-in; a staff member whose password is too short for the staff rule
    (set before it, or before the account became staff) must choose a longer one next."""

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("password") or ""
        if self.user is not None and self.request is not None and not self.errors:
            from diplomacy.accounts.password_validation import staff_password_too_short
            from diplomacy.accounts.staff_access import SHORT_PASSWORD_KEY, is_staff_account

            if is_staff_account(self.user) and staff_password_too_short(password):
                self.request.session[SHORT_PASSWORD_KEY] = self.user.pk
            else:
                self.request.session.pop(SHORT_PASSWORD_KEY, None)
        return cleaned_data

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url)
        # "Remember me" keeps others signed in for SESSION_COOKIE_AGE; staff for one
        # idle period at most (renewed as they work, see StaffAccessMiddleware).
        from diplomacy.accounts.staff_access import is_staff_account

        if request.session.get_expire_at_browser_close() is False and is_staff_account(self.user):
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return response


# --- Two-step sign-in (allauth.mfa) ------------------------------------------------------
# allauth's forms with labels that say which code is meant, in our catalogue.


def _label_code(form: forms.Form, label: str) -> None:
    field = form.fields["code"]
    field.label = label
    field.widget.attrs.update(
        {"placeholder": "", "inputmode": "numeric", "dir": "ltr", "autocomplete": "one-time-code"}
    )


class ActivateTOTPForm(MFAActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _label_code(self, _("Six-digit code shown by the app"))


class AuthenticateForm(MFAAuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _label_code(self, _("Code from the app, or a recovery code"))


class ReauthenticateForm(MFAReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _label_code(self, _("Code from the app, or a recovery code"))
