"""Forms of the staff back-office and of the public directory's filters."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from diplomacy.pagecache import cached_for_generation
from diplomacy.uploads import PARTNER_IMPORT_POLICY, upload_clean
from partners.models import Contact, Organization
from partners.services import organization_duplicates_find
from partners.validation import clean_email_list, clean_phone_list, phone_for_display, split_list

# Languages staff record for contacts (codes from ISO 639-1, Syriac from 639-3).
SPOKEN_LANGUAGES = [
    ("ar", _("Arabic")),
    ("ku", _("Kurdish")),
    ("syc", _("Syriac")),
    ("tr", _("Turkish")),
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("sv", _("Swedish")),
]


class ListField(forms.CharField):
    """Several values typed one per line (or separated by commas)."""

    widget = forms.Textarea(attrs={"rows": 2, "dir": "ltr"})

    def __init__(self, *, clean_items, display_item=str, **kwargs):
        self.clean_items = clean_items
        self.display_item = display_item
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(self.display_item(item) for item in value)
        return value

    def to_python(self, value):
        return split_list(super().to_python(value))

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def clean(self, value):
        items = self.to_python(value)
        self.validate(items)
        return self.clean_items(items)


def email_list_field(**kwargs) -> ListField:
    kwargs.setdefault("help_text", _("One address per line."))
    return ListField(clean_items=clean_email_list, **kwargs)


def phone_list_field(**kwargs) -> ListField:
    kwargs.setdefault(
        "help_text",
        _("One number per line, with the country code (+963 …); Syrian numbers may omit it."),
    )
    return ListField(clean_items=clean_phone_list, display_item=phone_for_display, **kwargs)


class OrganizationAdminForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, max_length=300, assume_scheme="https"
    )
    emails = email_list_field(label=_("email addresses"))
    phones = phone_list_field(label=_("phone numbers"))
    not_a_duplicate = forms.BooleanField(
        label=_("This is not one of the organizations listed above"),
        required=False,
    )

    class Meta:
        model = Organization
        # The admin's fieldsets choose the fields; listed here for other uses of the form.
        fields = [
            "name_ar",
            "name_en",
            "name_native",
            "name_latin",
            "kind",
            "sectors",
            "description_ar",
            "description_en",
            "logo",
            "tags",
            "region",
            "town_ar",
            "town_en",
            "country",
            "world_region",
            "website",
            "emails",
            "phones",
            "status",
            "owner",
            "directory_consent",
        ]

    def clean(self):
        cleaned = super().clean()
        names = [
            cleaned.get("name_ar") or "",
            cleaned.get("name_en") or "",
            cleaned.get("name_native") or "",
            cleaned.get("name_latin") or "",
        ]
        if not (names[0] or names[1] or names[3]):
            raise ValidationError(_("Give the name in Arabic, in English or in Latin letters."))
        if cleaned.get("region") and cleaned.get("country") and cleaned["country"] != "SY":
            self.add_error(
                "country", _("An organization in a region of North and East Syria is in Syria.")
            )
        if not self.instance.pk and not cleaned.get("not_a_duplicate"):
            duplicates = organization_duplicates_find(
                names=names,
                website=cleaned.get("website") or "",
                emails=cleaned.get("emails") or [],
            )
            if duplicates:
                items = format_html_join(
                    "",
                    '<li><a href="../{}/change/">{}</a> — {}</li>',
                    (
                        (m.organization.pk, m.organization.display_name, ", ".join(m.reasons))
                        for m in duplicates
                    ),
                )
                raise ValidationError(
                    format_html(
                        "{}<ul>{}</ul>{}",
                        _("This organization may already exist:"),
                        items,
                        _("Open it instead, or tick “not one of these” below and save again."),
                    )
                )
        return cleaned


class ContactAdminForm(forms.ModelForm):
    emails = email_list_field(label=_("email addresses"))
    phones = phone_list_field(label=_("phone numbers"))
    languages = forms.MultipleChoiceField(
        label=_("languages spoken"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_language = forms.ChoiceField(
        label=_("language for correspondence"), choices=settings.LANGUAGES
    )

    class Meta:
        model = Contact
        fields = [
            "name",
            "name_latin",
            "emails",
            "phones",
            "languages",
            "preferred_language",
            "consent_to_contact",
            "consent_recorded_on",
            "notes",
        ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Use the columns of an export. Nothing is written before you confirm."),
    )

    def clean_file(self):
        # The format comes from the content (a zip workbook or UTF-8 text), not the name.
        checked = upload_clean(self.cleaned_data["file"], policy=PARTNER_IMPORT_POLICY)
        self.cleaned_data["file_format"] = checked.extension
        return checked.file


class ImportConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=_("Skip the rows with problems and import the others"), required=False
    )


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("Keep this record"),
        queryset=Organization.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = organizations


class DirectoryFilterForm(forms.Form):
    """The public directory's filters (GET): unknown values are ignored, not reported."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, sectors, regions, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["sector"].choices = everything + [(s.slug, s.name) for s in sectors]
        self.fields["kind"].choices = everything + list(Organization.Kind.choices)
        self.fields["region"].choices = (
            everything
            + [(r.slug, r.name) for r in regions]
            + list(Organization.WorldRegion.choices)
        )

    def cached_choices_html(self) -> SafeString:
        """The three lists of choices as the directory shows them. Rendering their
        options costs more than the rest of the page's form, and they look the same for
        everyone who chose the same filters until the choices (public content) change.
        The search words are rendered apart: any words can be typed."""
        if self.errors:
            return self.render_choices()
        data = self.cleaned_data if self.is_bound else {}
        key = ":".join(
            (
                "partners:directory-filter-choices",
                translation.get_language() or "",
                "bound" if self.is_bound else "unbound",
                *(data.get(name, "") for name in ("sector", "kind", "region")),
            )
        )
        return cached_for_generation(key, self.render_choices)

    def render_choices(self) -> SafeString:
        return render_to_string("partners/directory_filter_choices.html", {"form": self})
