from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from diplomacy.rendered_forms import form_html_remembered
from diplomacy.translation.models import Segment, TranslationJob

DIRECTION_CHOICES = [
    ("", _("All directions")),
    ("ar-en", _("Arabic to English")),
    ("en-ar", _("English to Arabic")),
]
ASSIGNEE_CHOICES = [("", _("Anyone")), ("me", _("Assigned to me")), ("none", _("Unassigned"))]


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Open jobs")), *TranslationJob.State.choices],
    )
    direction = forms.ChoiceField(label=_("Direction"), required=False, choices=DIRECTION_CHOICES)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False, choices=ASSIGNEE_CHOICES)
    model = forms.ChoiceField(label=_("Kind of content"), required=False, choices=[])

    def __init__(self, *args, model_choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All kinds")), *model_choices]

    def cached_html(self) -> SafeString:
        """The form as the queue shows it (`form_html_remembered`)."""
        return form_html_remembered(self, "translation-queue-filter")


class SegmentsForm(forms.Form):
    """One target text and one "accepted" box per segment, named after the segment id."""

    def __init__(self, *args, segments: list[Segment], target_language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.segments = segments
        direction = "rtl" if target_language == "ar" else "ltr"
        for segment in segments:
            self.fields[f"target_{segment.pk}"] = forms.CharField(
                label=_("Translation"),
                required=False,
                initial=segment.target,
                widget=forms.Textarea(
                    attrs={
                        "rows": 3,
                        "dir": direction,
                        "lang": target_language,
                        "class": "segment-target",
                    }
                ),
            )
            self.fields[f"accept_{segment.pk}"] = forms.BooleanField(
                label=_("Accepted"),
                required=False,
                initial=segment.state == Segment.State.APPROVED,
            )

    def rows(self):
        for segment in self.segments:
            yield segment, self[f"target_{segment.pk}"], self[f"accept_{segment.pk}"]

    def targets(self) -> dict[int, str]:
        return {segment.pk: self.cleaned_data[f"target_{segment.pk}"] for segment in self.segments}

    def accepted(self) -> list[int]:
        return [
            segment.pk for segment in self.segments if self.cleaned_data[f"accept_{segment.pk}"]
        ]
