"""The lexicon in the portal (see diplomacy/plugins.py): a word form changes what a search
finds at once (queries are analysed with it), a finished rebuild what the index holds, so
both renew the public pages, cached search results among them."""

from diplomacy.plugins import AppContribution, PublicModel

contribution = AppContribution(
    public_models=(
        "lexicon.WordForm",
        PublicModel("lexicon.SearchReindex", fields=("finished_at",)),
    ),
)
