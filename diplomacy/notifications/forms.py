from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from diplomacy.taxonomy.models import Sector


class SubscriptionPreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to receive every new publication."),
    )


class SubscribeForm(SubscriptionPreferencesForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    field_order = ["email", "language", "sectors"]
