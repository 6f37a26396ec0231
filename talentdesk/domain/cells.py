"""Spreadsheet formula injection: text that a spreadsheet could run must be written as plain text.

A cell whose text begins with = + - @, a tab or a carriage return may be taken for a formula (or be
turned into one when the file is saved as CSV and opened again). Every writer of .xlsx files (reports,
the importer's error workbook and templates) passes its cells through escape_cell(): the value is kept
exactly as it is, the cell is forced to the text type and marked with Excel's quote prefix (the hidden
apostrophe), so Excel and LibreOffice show the text and never evaluate it.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def needs_escape(value: object) -> bool:
    return isinstance(value, str) and value[:1] in FORMULA_STARTS


def escape_cell(cell: Any) -> None:  # an openpyxl Cell or WriteOnlyCell
    """Make an openpyxl cell (or WriteOnlyCell) holding risky text a plain text cell with a quote prefix."""
    if needs_escape(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
