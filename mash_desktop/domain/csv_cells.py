"""Cells of the CSV files the hub writes, made safe to open in a spreadsheet."""

from __future__ import annotations

#: What a spreadsheet may take as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (also
    when spaces come before the formula sign, which some spreadsheets skip)."""
    return "'" + cell if cell.lstrip(" \n").startswith(FORMULA_START) else cell
