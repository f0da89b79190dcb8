"""The links of templates/includes/pagination.html: the page asked for, every other
parameter of the query string kept (filters, the search words), so moving to page 2
never loses what the visitor chose."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int, parameter: str = "page") -> str:
    """`?…&page=N` for this request; the template escapes it for the attribute."""
    query = context["request"].GET.copy()
    query[parameter] = str(number)
    return "?" + query.urlencode()
