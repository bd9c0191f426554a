"""The assessment calendar of the measures (Art. 3, 6, 7), computed in the core."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:
    from .scheme import Scheme

__all__ = ["assessment_calendar", "rectification_due"]


def assessment_calendar(year: int, scheme: Scheme | str | None = None) -> dict[str, object]:
    """Dates of assessment year ``year`` under ``scheme``'s period (docs/scheme-language.md,
    "The assessment period"; without a scheme, the measures': 1 July ``year`` - 30 June
    ``year + 1``): ``year_start``, ``year_end``, ``targets_due`` (30 June ``year``),
    ``self_evaluation_due`` (15 July ``year + 1``) and ``report_due`` (30 September
    ``year + 1``), as :class:`datetime.date` values."""
    return dict(_core.assessment_calendar(year, _core_scheme(scheme)))


def rectification_due(announced: _dt.date | str, scheme: Scheme | str | None = None) -> _dt.date:
    """A lowest-grade region's rectification report is due one calendar month after the
    announcement (Art. 7; 31 January gives the end of February), or as ``scheme``'s period
    says."""
    due: _dt.date = _core.rectification_due(announced, _core_scheme(scheme))
    return due


def _core_scheme(scheme: Scheme | str | None) -> Any:
    if scheme is None:
        return None
    from .scheme import Scheme

    return Scheme.resolve(scheme)._core
