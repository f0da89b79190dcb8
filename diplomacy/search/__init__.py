"""The portal's search: one query, several providers (one or more per app), results
grouped by kind.

- `query`: parsing what a visitor typed (`search_query_parse`) and matching it, in the
  database (`grouped_search_query`) or in Python (`text_matches_query`, for SQLite).
- `registry`: the provider protocol, hits and results, the registered providers.
- `views`: `/search/`.

Apps contribute providers through their `portal.py` declaration (see diplomacy/plugins.py).
"""
