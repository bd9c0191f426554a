"""Plain-text tables that line up Chinese and Latin text in a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from . import _core


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def one_line_cells(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Each cell on one line: a name with a line break or an escape would forge a row."""
    return [[_core.as_one_line(cell) for cell in row] for row in rows]


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    rows = one_line_cells(rows)
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = ["  ".join(_pad(h, w, r) for h, w, r in zip(headers, widths, right, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(
        "  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, right, strict=True)) for row in rows
    )
    return "\n".join(lines)
