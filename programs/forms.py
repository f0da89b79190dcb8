from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Program, RegistrationQuestion


class ProgramFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *Program.Kind.choices],
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, sectors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sectors = {sector.slug: sector for sector in sectors}
        self.fields["sector"].choices = [
            ("", _("All sectors")),
            *((sector.slug, sector.name) for sector in sectors),
        ]


YES, NO = "yes", "no"


class RegistrationForm(forms.Form):
    """The questions staff configured for the program, then consent."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the Civil Diplomacy Center keeps my name, email address and "
            "answers to organize this program, and deletes them when no longer needed."
        ),
        required=True,
        error_messages={"required": _("Please give your consent to register.")},
    )

    def __init__(self, *args, questions: list[RegistrationQuestion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        fields = {}
        for question in questions:
            name = f"question_{question.pk}"
            if question.kind == RegistrationQuestion.Kind.CHOICE:
                fields[name] = forms.ChoiceField(
                    label=question.text,
                    required=question.required,
                    choices=[("", "—"), *((str(i), c) for i, c in enumerate(question.choice_list))],
                )
            elif question.kind == RegistrationQuestion.Kind.YES_NO:
                fields[name] = forms.ChoiceField(
                    label=question.text,
                    required=question.required,
                    widget=forms.RadioSelect,
                    choices=[(YES, _("Yes")), (NO, _("No"))],
                )
            else:
                fields[name] = forms.CharField(
                    label=question.text,
                    required=question.required,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
        # Questions come first, consent last.
        consent = self.fields.pop("consent")
        self.fields.update(fields)
        self.fields["consent"] = consent

    def answers(self) -> list[dict]:
        """The answers with the question as it was asked, kept with the registration."""
        answers = []
        for question in self.questions:
            value = self.cleaned_data.get(f"question_{question.pk}", "")
            if question.kind == RegistrationQuestion.Kind.CHOICE and value != "":
                value = question.choice_list[int(value)]
            elif question.kind == RegistrationQuestion.Kind.YES_NO and value:
                value = str(_("Yes") if value == YES else _("No"))
            answers.append({"question_id": question.pk, "question": question.text, "answer": value})
        return answers
