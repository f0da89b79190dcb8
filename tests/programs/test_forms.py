import pytest
from django.utils import translation

from programs.forms import RegistrationForm
from programs.models import RegistrationQuestion
from tests.programs.factories import ProgramFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    program = ProgramFactory()
    return [
        QuestionFactory(program=program, position=1, text_en="Profession?"),
        QuestionFactory(
            program=program,
            position=2,
            kind=RegistrationQuestion.Kind.CHOICE,
            text_en="How will you attend?",
            text_ar="كيف ستحضر؟",
            choices_en="In the hall\nOnline",
            choices_ar="في القاعة\nعبر الإنترنت",
        ),
        QuestionFactory(
            program=program,
            position=3,
            kind=RegistrationQuestion.Kind.YES_NO,
            text_en="Do you need interpretation?",
            required=False,
        ),
    ]


def test_answers_keep_the_question_and_the_chosen_text(questions):
    text, choice, yes_no = questions
    data = {
        f"question_{text.pk}": "Nurse",
        f"question_{choice.pk}": "1",
        f"question_{yes_no.pk}": "yes",
        "consent": "on",
    }
    with translation.override("ar"):
        form = RegistrationForm(data, questions=questions)
        assert form.is_valid(), form.errors
        answers = form.answers()
    assert [a["answer"] for a in answers] == ["Nurse", "عبر الإنترنت", "نعم"]
    assert answers[1]["question"] == "كيف ستحضر؟"


def test_required_questions_and_consent_are_enforced_and_consent_comes_last(questions):
    text, choice, _optional = questions
    form = RegistrationForm({f"question_{choice.pk}": "7"}, questions=questions)
    assert not form.is_valid()
    assert set(form.errors) == {f"question_{text.pk}", f"question_{choice.pk}", "consent"}
    assert list(form.fields)[-1] == "consent"
