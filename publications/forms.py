from datetime import date

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from publications.models import Publication
from publications.selectors import ListFilters, Term

FIRST_YEAR = 2021  # the center was founded in January 2021


class PublicationFilterForm(forms.Form):
    """The list page's filters (GET). Unknown values are reported next to the field and
    ignored, so a mistyped link still shows publications."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, terms: list[Term], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(Publication.Kind.choices)
        self.fields["sector"].choices = everything + [
            (term.slug, term.name) for term in terms if term.group == "sector"
        ]
        self.fields["region"].choices = everything + [
            (term.slug, term.name) for term in terms if term.group == "region"
        ]
        self.fields["year"].choices = everything + [
            (year, str(year)) for year in range(date.today().year, FIRST_YEAR - 1, -1)
        ]

    def filters(self) -> ListFilters:
        if not self.is_bound:
            return ListFilters()
        self.is_valid()
        data = self.cleaned_data
        return ListFilters(
            kind=data.get("kind") or "",
            sector=data.get("sector") or "",
            region=data.get("region") or "",
            year=data.get("year"),
        )

    def cache_key(self) -> str | None:
        """Where the form as the list page shows it is kept (None: not kept). Rendering
        its widgets costs a third of the page, and a form without errors looks the same
        for every visitor who chose the same filters until the choices (public content)
        or the year change."""
        if self.errors:
            return None
        return ":".join(
            (
                "publications:filter-form",
                translation.get_language(),
                str(date.today().year),
                "bound" if self.is_bound else "unbound",
                self.filters().key,
            )
        )
