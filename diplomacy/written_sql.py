"""Rows of a statement written out in SQL, as model instances.

Django's `Model.objects.raw()` does the same, but works out on every call which column
is which field and how to convert it: on a search page that cost more CPU than building
the few instances it returns. Here the layout of a statement's columns is worked out
once per process (the statements are ours, so there are few layouts).
"""

import functools
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


@functools.cache
def _layout(
    model: type[Model], columns: tuple[str, ...]
) -> tuple[frozenset[str], tuple[int, ...], tuple[tuple[str, int], ...]]:
    """For columns named as `model`'s fields (attnames) or anything else: the fields
    given, where each is in a row (in the model's field order, as Model.from_db takes
    them), and the other columns with where they are (attributes of each instance)."""
    attnames = [field.attname for field in model._meta.concrete_fields]
    given = [name for name in attnames if name in columns]
    others = tuple((name, index) for index, name in enumerate(columns) if name not in attnames)
    return frozenset(given), tuple(columns.index(name) for name in given), others


def model_instances(model: type[M], sql: str, params: Sequence[Any]) -> list[M]:
    """The rows of `sql` as instances of `model`, as `model.objects.raw(sql, params)`
    gives them: a column named as a field fills it (the others are deferred), any other
    column becomes an attribute. Values are taken as the database driver returns them,
    without Django's field converters: for columns of text, numbers, booleans and dates."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = tuple(column.name for column in cursor.description)
        rows = cursor.fetchall()
    fields, positions, others = _layout(model, columns)
    instances = []
    for row in rows:
        instance = model.from_db(connection.alias, fields, [row[index] for index in positions])
        for name, index in others:
            setattr(instance, name, row[index])
        instances.append(instance)
    return instances


def joined_model_instances(
    models: Sequence[tuple[str, type[Model]]], sql: str, params: Sequence[Any]
) -> list[tuple[Model, ...]]:
    """The rows of a join as one instance of each of `models` ((prefix, model) pairs): a
    column named `<prefix>__<attname>` fills that field of that model's instance, as
    model_instances does for one model. The caller links them (select_related's caches)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = tuple(column.name for column in cursor.description)
        rows = cursor.fetchall()
    layouts = []
    for prefix, model in models:
        own = tuple(
            column.removeprefix(f"{prefix}__") if column.startswith(f"{prefix}__") else ""
            for column in columns
        )
        fields, positions, _others = _layout(model, own)
        layouts.append((model, fields, positions))
    return [
        tuple(
            model.from_db(connection.alias, fields, [row[index] for index in positions])
            for model, fields, positions in layouts
        )
        for row in rows
    ]
