"""Package-wide settings, pandas-style.

    import qualityassess as qa
    qa.set_option("lang", "en")    # reprs (text and HTML) and plots of results and analyses
    qa.get_option("lang")          # "en"
    with qa.option_context("lang", "zh"):
        display(results)

Options:

``lang`` (``"zh"`` or ``"en"``, default ``"zh"``)
    The language of the notebook views and text reprs of :class:`~qualityassess.Result`,
    :class:`~qualityassess.Results`, :class:`~qualityassess.analysis.Uncertainty` and
    :class:`~qualityassess.analysis.Sensitivity`, and of their plots' labels. Methods that take a
    ``lang`` argument use it when it is left out (``None``)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["OptionError", "get_option", "option_context", "reset_option", "set_option"]


class OptionError(KeyError):
    """An option name that does not exist (a ``KeyError``, message in plain words)."""

    def __str__(self) -> str:  # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ""


def _check_lang(value: Any) -> str:
    from ._i18n import check_lang

    if not isinstance(value, str):
        return check_lang(str(value))  # raises, naming the value
    return check_lang(value)


# name -> (default, validator returning the value to store)
_OPTIONS: dict[str, tuple[Any, Callable[[Any], Any]]] = {
    "lang": ("zh", _check_lang),
}
_values: dict[str, Any] = {name: default for name, (default, _) in _OPTIONS.items()}


def _known(name: str) -> str:
    if isinstance(name, str) and name in _OPTIONS:
        return name
    known = ", ".join(repr(k) for k in sorted(_OPTIONS))
    close = difflib.get_close_matches(str(name), list(_OPTIONS), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise OptionError(f"unknown option {name!r}{hint} (known options: {known})")


def get_option(name: str) -> Any:
    """The current value of option ``name`` (see this module's docs)."""
    return _values[_known(name)]


def set_option(name: str, value: Any) -> None:
    """Set option ``name``: ``qa.set_option("lang", "en")``. An unknown name raises
    :class:`OptionError` naming it and the known options; a bad value raises
    ``qa.InputError``."""
    key = _known(name)
    _values[key] = _OPTIONS[key][1](value)


def reset_option(name: str) -> None:
    """Option ``name`` back to its default."""
    key = _known(name)
    _values[key] = _OPTIONS[key][0]


@contextmanager
def option_context(name: str, value: Any) -> Iterator[None]:
    """Option ``name`` set to ``value`` inside a ``with`` block, restored after it."""
    before = get_option(name)
    set_option(name, value)
    try:
        yield
    finally:
        _values[name] = before


def lang_option(lang: str | None = None) -> str:
    """``lang`` checked, or the ``lang`` option when it is ``None``."""
    if lang is None:
        return str(_values["lang"])
    return _check_lang(lang)
