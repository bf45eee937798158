"""The benchmark's results: a table for people and a JSON file for tools."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from .figures import Figure

_HEAD = ("figure", "backend", "value", "baseline", "ratio", "target", "met")


def _value(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"


def _row(f: Figure) -> tuple[str, ...]:
    value = _value(f.value, f.unit)
    if f.name == "workstations":
        value += f", {f.detail['errors']} errors, {f.detail['lost_updates']} lost"
    ratio = "–" if f.ratio is None else f"{f.ratio:.2f}×"
    return (f.title, f.backend, value, _value(f.baseline, f.unit), ratio, f.target, "yes" if f.met else "NO")


def table(figures: list[Figure], *, markdown: bool = False) -> str:
    """The figures as an aligned text table (or a markdown table)."""
    rows = [_HEAD] + [_row(f) for f in figures]
    if markdown:
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "|" + "---|" * len(_HEAD))
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in rows) for i in range(len(_HEAD))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def document(figures: list[Figure], machine: dict[str, Any], **about: Any) -> dict[str, Any]:
    """Everything measured, as one JSON-ready dictionary."""
    return {"machine": machine, **about, "figures": [f.as_json(machine) for f in figures]}


def write_json(path: Path, doc: dict[str, Any]) -> None:
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
