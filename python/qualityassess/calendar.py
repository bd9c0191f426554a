"""The assessment calendar of the measures (Art. 3, 6, 7), computed in the core."""

from __future__ import annotations

import datetime as _dt

from . import _core

__all__ = ["assessment_calendar", "rectification_due"]


def assessment_calendar(year: int) -> dict[str, object]:
    """Dates of assessment year ``year`` (1 July ``year`` - 30 June ``year + 1``):
    ``year_start``, ``year_end``, ``targets_due`` (30 June ``year``),
    ``self_evaluation_due`` (15 July ``year + 1``) and ``report_due`` (30 September
    ``year + 1``), as :class:`datetime.date` values."""
    return dict(_core.assessment_calendar(year))


def rectification_due(announced: _dt.date | str) -> _dt.date:
    """A grade-D region's rectification report is due one calendar month after the
    announcement (Art. 7); 31 January gives the end of February."""
    due: _dt.date = _core.rectification_due(announced)
    return due
