from dataclasses import replace

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from delegations.models import (
    Application,
    ApplicationState,
    DelegationType,
    Meeting,
    MeetingStatus,
    Member,
)
from delegations.roles import coordinator_choices, coordinators, sees_all_applications
from delegations.validation import (
    normalize_passport_number,
    validate_date_of_birth,
    validate_passport_number,
    visit_dates_errors,
)
from diplomacy.pagecache import cached_for_generation, public_pages_generation
from diplomacy.rendered_forms import form_html_remembered
from diplomacy.taxonomy.models import Sector
from diplomacy.uploads import MESSAGE_ATTACHMENT_POLICY, CheckedFileField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class HoneypotForm(forms.Form):
    """A field people never see (hidden by CSS, skipped by screen readers and the
    keyboard); a bot that fills every input gives itself away."""

    HONEYPOT = "contact_fax"
    contact_fax = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(self.add_prefix(self.HONEYPOT)))


class OrganizationStepForm(forms.ModelForm):
    organization_website = forms.URLField(
        label=Application._meta.get_field("organization_website").verbose_name,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Application
        fields = [
            "lead_name",
            "lead_phone",
            "organization",
            "organization_country",
            "organization_website",
            "delegation_type",
        ]
        widgets = {
            "lead_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_name"].widget.attrs["autocomplete"] = "name"
        self.fields["delegation_type"].choices = [("", "—"), *DelegationType.choices]


class MemberForm(forms.Form):
    """One member. Stored passport numbers and dates of birth are never sent back to the
    browser: the field stays empty and a blank keeps what is stored."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Full name (as in the passport)"), max_length=200)
    nationality = Member._meta.get_field("nationality").formfield()
    passport_number = forms.CharField(
        label=_("Passport number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr", "spellcheck": "false"}),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    role = forms.CharField(label=_("Role in the delegation"), max_length=120, required=False)
    email = forms.EmailField(label=_("Email address"))
    needs_interpretation = forms.BooleanField(label=_("Needs interpretation"), required=False)

    def __init__(self, *args, stored: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = stored
        if stored is not None:
            self.fields["passport_number"].help_text = _(
                "Stored: %(masked)s. Leave empty to keep it."
            ) % {"masked": stored.passport_number_masked}
            self.fields["date_of_birth"].help_text = _("Stored. Leave empty to keep it.")

    def clean_passport_number(self) -> str:
        value = self.cleaned_data["passport_number"]
        if not value:
            if self.stored is None:
                raise ValidationError(_("This field is required."), code="required")
            return ""
        validate_passport_number(value)
        return normalize_passport_number(value)

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value is None:
            if self.stored is None:
                raise ValidationError(_("This field is required."), code="required")
            return None
        validate_date_of_birth(value)
        return value


class BaseMemberFormSet(forms.BaseFormSet):
    def __init__(self, *args, stored_members: dict[int, Member] | None = None, **kwargs):
        self.stored_members = stored_members or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        member_id = None
        if self.is_bound:
            raw = self.data.get(f"{self.add_prefix(index)}-id")
            member_id = int(raw) if raw and str(raw).isdigit() else None
        elif index is not None and index < len(self.initial or []):
            member_id = self.initial[index].get("id")
        kwargs["stored"] = self.stored_members.get(member_id)
        return kwargs

    def clean(self):
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.cleaned_data.get("id")
            if not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError(
                _("Add at least one member of the delegation."), code="no_members"
            )
        emails = [
            form.cleaned_data["email"].lower() for form in kept if form.cleaned_data.get("email")
        ]
        if len(emails) != len(set(emails)):
            raise ValidationError(
                _("Each member needs their own email address."), code="duplicate_email"
            )

    def members_data(self) -> tuple[list[dict], list[int]]:
        """(members to save in order, ids of members to delete) for the service."""
        members, deleted = [], []
        for form in self.forms:
            data = dict(form.cleaned_data)
            member_id = data.get("id")
            if data.pop("DELETE", False):
                if member_id and member_id in self.stored_members:
                    deleted.append(member_id)
                continue
            if not form.has_changed() and not member_id:
                continue
            if member_id and member_id not in self.stored_members:
                data["id"] = None
            members.append(data)
        return members, deleted


MemberFormSet = forms.formset_factory(
    MemberForm,
    formset=BaseMemberFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


class VisitStepForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors of interest"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Application
        fields = [
            "purpose",
            "sectors",
            "meeting_interests",
            "arrival_date",
            "departure_date",
            "entry_route",
            "entry_details",
            "languages",
            "plans_filming",
            "plans_publishing",
            "media_details",
        ]
        widgets = {
            "arrival_date": DateInput,
            "departure_date": DateInput,
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "meeting_interests": forms.Textarea(attrs={"rows": 3}),
            "entry_details": forms.Textarea(attrs={"rows": 2}),
            "media_details": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("purpose", "arrival_date", "departure_date", "entry_route"):
            self.fields[name].required = True
        self.fields["arrival_date"].help_text = _("A visit lasts at most %(days)s days.") % {
            "days": settings.DELEGATIONS_MAX_STAY_DAYS
        }

    def clean(self):
        cleaned = super().clean()
        for field, error in visit_dates_errors(
            cleaned.get("arrival_date"), cleaned.get("departure_date")
        ).items():
            self.add_error(field, error)
        if cleaned.get("entry_route") == "other" and not cleaned.get("entry_details"):
            self.add_error("entry_details", _("Tell us how you plan to enter."))
        return cleaned

    def _post_clean(self):
        # The model's own constraint check would repeat the dates message; ours is enough.
        pass


class ConfirmStepForm(forms.Form):
    safety_acknowledged = forms.BooleanField(
        label=_("I have read the safety information and accept it for the whole delegation."),
        required=True,
        error_messages={"required": _("Please confirm that you have read the safety information.")},
    )
    data_consent = forms.BooleanField(
        label=_(
            "I agree that the center processes the personal data in this application, "
            "as the privacy notice explains, and I have the consent of each member."
        ),
        required=True,
        error_messages={"required": _("We can only process your application with your consent.")},
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    attachment = CheckedFileField(
        label=_("Attachment (PDF or image, up to 5 MB)"),
        required=False,
        policy=MESSAGE_ATTACHMENT_POLICY,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Checked by content in the field (diplomacy/uploads.py), with this app's limit.
        self.fields["attachment"].policy = replace(
            MESSAGE_ATTACHMENT_POLICY, max_bytes=settings.DELEGATIONS_ATTACHMENT_MAX_BYTES
        )


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Note (the applicant sees it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )


class InternalNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note (never shown to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class AssignForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label=_("Coordinator"), queryset=None, required=False, empty_label=_("Not assigned")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators()


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All open")), *[c for c in ApplicationState.choices if c[0] != "draft"]],
    )
    delegation_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All")), *DelegationType.choices]
    )
    sector = forms.TypedChoiceField(label=_("Sector"), required=False, coerce=int, empty_value=None)
    coordinator = forms.TypedChoiceField(
        label=_("Coordinator"), required=False, coerce=int, empty_value=None
    )
    arriving_from = forms.DateField(label=_("Arriving from"), required=False, widget=DateInput)
    arriving_until = forms.DateField(label=_("Arriving until"), required=False, widget=DateInput)
    answered = forms.BooleanField(
        label=_("Only information requests the applicant has answered"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("All")), *sector_choices()]
        if not sees_all_applications(user):
            # A coordinator's queue holds only their own applications.
            del self.fields["coordinator"]
            return
        self.fields["coordinator"].choices = [
            ("", _("All")),
            (0, _("Not assigned")),
            *coordinator_choices(),
        ]

    def cached_html(self) -> SafeString:
        """The form as the queue shows it (`form_html_remembered`)."""
        return form_html_remembered(self, "delegations-queue-filter")


# The sector choices this process read, per language, with the generation of public
# content they were read in: while it stays the same (any change to a sector bumps it),
# the queue's page asks Redis for the generation alone, not for the choices too.
_sector_choices_read: dict[str, tuple[int, list[tuple[int, str]]]] = {}


def sector_choices() -> list[tuple[int, str]]:
    """The sectors as filter choices, in the active language; public content, kept until
    it changes (`cached_for_generation`)."""

    def choices() -> list[tuple[int, str]]:
        return [(sector.pk, str(sector)) for sector in Sector.objects.all()]

    language = translation.get_language()
    key = f"delegations:sector-choices:{language}"
    if not settings.PUBLIC_DATA_CACHE:  # no generation to go by: read every time
        return cached_for_generation(key, choices)
    generation = public_pages_generation()
    read = _sector_choices_read.get(language)
    if read is None or read[0] != generation:
        read = (generation, cached_for_generation(key, choices))
        _sector_choices_read[language] = read
    return read[1]


class MeetingForm(forms.ModelForm):
    """The partner is typed by name, in any script or spelling (the suggested partners
    are offered in a datalist); a select of every partner would weigh megabytes with
    20,000 of them. When the name fits several partners, they are offered as choices."""

    organization = forms.CharField(
        label=_("Partner organization"),
        max_length=200,
        required=False,
        help_text=_("Its name in Arabic, English or Latin letters."),
        widget=forms.TextInput(
            attrs={"list": "partner-suggestions", "dir": "auto", "autocomplete": "off"}
        ),
    )
    organization_choice = forms.ModelChoiceField(
        label=_("Which partner do you mean?"),
        queryset=None,
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Meeting
        fields = ["organization", "starts_at", "ends_at", "place", "interpreter"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {"starts_at": _("Local time in Qamishlo (Asia/Damascus).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from partners.models import Organization

        self.fields["organization_choice"].queryset = Organization.objects.exclude(
            status=Organization.Status.ENDED
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        cleaned = super().clean()
        cleaned["organization"] = self._partner(cleaned)
        cleaned.pop("organization_choice", None)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A meeting must end after it starts."))
        if starts and starts < timezone.now():
            self.add_error("starts_at", _("The meeting must be in the future."))
        return cleaned

    def _partner(self, cleaned: dict):
        """The partner chosen among candidates, or the one the typed name designates."""
        from delegations.selectors import partners_named

        if cleaned.get("organization_choice"):
            return cleaned["organization_choice"]
        name = cleaned.get("organization", "")
        if not name:
            self.add_error("organization", _("Type the partner's name."))
            return None
        candidates = partners_named(name=name)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            self.add_error(
                "organization", _("No active partner matches “%(name)s”.") % {"name": name}
            )
            return None
        separator = "، " if translation.get_language_bidi() else ", "
        self.add_error(
            "organization",
            _("Several partners match “%(name)s”: %(names)s. Choose one below.")
            % {"name": name, "names": separator.join(c.display_name for c in candidates)},
        )
        # Offered as radio buttons in the form shown again (no JavaScript needed).
        choice = self.fields["organization_choice"]
        choice.widget = forms.RadioSelect()
        choice.queryset = choice.queryset.filter(pk__in=[c.pk for c in candidates])
        return None

    def _post_clean(self):
        pass


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices)


class PersonalDataOpenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see passport numbers and dates of birth?"),
        help_text=_(
            "A few words someone else can understand later, e.g. “entry permit request to the crossing”."
        ),
        max_length=300,
    )

    def clean_reason(self) -> str:
        from delegations.services import reveal_reason_errors

        reason = self.cleaned_data["reason"]
        errors = reveal_reason_errors(reason)
        if errors:
            raise forms.ValidationError(errors)
        return reason
