"""The HTML of a filter form, kept by everything it shows.

A form's widgets render through templates, one per field and one per option: for the
filter forms of the staff queues that was a fifth to a third of the page, while the
HTML depends only on the language, the fields, their choices and the values chosen.
All of these are in the key, so a kept form is never stale and shows nobody anything
the form itself would not; a form with errors is rendered every time.
"""

import hashlib
from collections import OrderedDict

from django import forms
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

# The key names everything the form shows: the hour only lets the cache forget the
# forms nobody asks for any more.
RENDERED_FORM_SECONDS = 60 * 60
# The forms this process rendered or read lately, by key: a key names everything its form
# shows, so a copy is never stale, and a queue's page skips the Redis round trip.
RECENT_FORMS = 200
_recent_forms: OrderedDict[str, str] = OrderedDict()


def form_html_remembered(form: forms.Form, name: str) -> SafeString:
    """`form.render()`, from the cache when the same form was rendered before."""
    if form.is_bound and form.errors:
        return form.render()
    shown = []
    for field_name, field in form.fields.items():
        choices = [(value, str(label)) for value, label in getattr(field, "choices", [])]
        shown.append((field_name, str(field.label), form[field_name].value(), choices))
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()
    key = f"rendered-form:{name}:{translation.get_language()}:{digest}"
    html = _recent_forms.get(key)
    if html is None:
        html = cache.get(key)
        if html is None:
            html = str(form.render())
            cache.set(key, html, RENDERED_FORM_SECONDS)
        _keep_recent(key, html)
    return mark_safe(html)  # noqa: S308 (the form's own rendering, stored above)


def _keep_recent(key: str, html: str) -> None:
    _recent_forms[key] = html
    if len(_recent_forms) > RECENT_FORMS:
        _recent_forms.popitem(last=False)  # the one kept longest
