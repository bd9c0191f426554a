"""The assessment calendar of the measures (Art. 3, 6, 7), computed in the core."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:
    from .scheme import Scheme

__all__ = ["assessment_calendar", "rectification_due"]


def assessment_calendar(year: int, scheme: Scheme | str | None = None) -> dict[str, object]:
    """The dates of one assessment year (Art. 3, 6).

    Parameters
    ----------
    year : int
        The assessment year.
    scheme : Scheme or str, optional
        A scheme (or a built-in id or file path) whose own period applies
        (docs/scheme-language.md, "The assessment period"); without one, the measures':
        1 July ``year`` to 30 June ``year + 1``.

    Returns
    -------
    dict
        ``year``, then :class:`datetime.date` values: ``year_start``, ``year_end``,
        ``targets_due`` (30 June ``year``), ``self_evaluation_due`` (15 July ``year + 1``)
        and ``report_due`` (30 September ``year + 1``).

    Raises
    ------
    InputError
        ``year`` is out of the range the core takes.

    Examples
    --------
    >>> import qualityassess as qa
    >>> dates = qa.assessment_calendar(2019)
    >>> str(dates["year_start"]), str(dates["year_end"]), str(dates["self_evaluation_due"])
    ('2019-07-01', '2020-06-30', '2020-07-15')
    """
    return dict(_core.assessment_calendar(year, _core_scheme(scheme)))


def rectification_due(announced: _dt.date | str, scheme: Scheme | str | None = None) -> _dt.date:
    """When a lowest-grade region's rectification report is due: one calendar month after the
    announcement (Art. 7), or as ``scheme``'s period says.

    Parameters
    ----------
    announced : datetime.date or str
        The date the results were announced (``"2020-09-25"``).
    scheme : Scheme or str, optional
        A scheme (or a built-in id or file path) whose own period applies.

    Returns
    -------
    datetime.date
        A day that the next month lacks gives that month's last day.

    Raises
    ------
    InputError
        ``announced`` is not a date.

    Examples
    --------
    >>> import qualityassess as qa
    >>> qa.rectification_due("2020-09-25"), qa.rectification_due("2021-01-31")
    (datetime.date(2020, 10, 25), datetime.date(2021, 2, 28))
    """
    due: _dt.date = _core.rectification_due(announced, _core_scheme(scheme))
    return due


def _core_scheme(scheme: Scheme | str | None) -> Any:
    if scheme is None:
        return None
    from .scheme import Scheme

    return Scheme.resolve(scheme)._core
