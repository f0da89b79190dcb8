"""/search/: one query to every provider, a few hits of each kind, or one kind paged."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation

from diplomacy.search.query import MAX_QUERY_LENGTH, QueryProblem, search_query_parse
from diplomacy.search.registry import search_providers

SEARCH_PER_PAGE = 10
SEARCH_PER_GROUP = 5


def search(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    raw = request.GET.get("q", "")
    chosen_kind = request.GET.get("kind", "")
    providers = search_providers()
    if chosen_kind not in {provider.key for provider in providers}:
        chosen_kind = ""
    context = {"query": raw[:MAX_QUERY_LENGTH], "problem": "", "groups": [],
               "chosen_kind": chosen_kind}  # fmt: skip
    try:
        query = search_query_parse(raw)
    except QueryProblem as problem:
        if raw or "q" in request.GET:
            context["problem"] = str(problem)
        return TemplateResponse(request, "search/search_results.html", context)
    for provider in providers:
        if chosen_kind and provider.key != chosen_kind:
            continue
        if chosen_kind:
            number = _page_number(request.GET.get("page"))
            results = provider.search(
                query=query, language=language,
                offset=(number - 1) * SEARCH_PER_PAGE, limit=SEARCH_PER_PAGE,
            )  # fmt: skip
            paginator = Paginator(range(results.total), SEARCH_PER_PAGE)
            page = paginator.get_page(number)
        else:
            results = provider.search(
                query=query, language=language, offset=0, limit=SEARCH_PER_GROUP
            )
            page = None
        context["groups"].append({"provider": provider, "results": results, "page": page})
    context["total"] = sum(group["results"].total for group in context["groups"])
    return TemplateResponse(request, "search/search_results.html", context)


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1
