from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
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
            from diplomacy.accounts.passwords import staff_password_too_short
            from diplomacy.accounts.staff_access import SHORT_PASSWORD_KEY, is_staff_account

            if is_staff_account(self.user) and staff_password_too_short(password):
                self.request.session[SHORT_PASSWORD_KEY] = self.user.pk
            else:
                self.request.session.pop(SHORT_PASSWORD_KEY, None)
        return cleaned_data
