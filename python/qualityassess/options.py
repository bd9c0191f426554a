"""Package-wide settings, pandas-style.

    import qualityassess as qa
    qa.set_option("lang", "en")    # reprs (text and HTML) and plots of results and analyses
    qa.get_option("lang")          # "en"
    with qa.option_context("lang", "zh"):
        display(results)

Options:

``lang`` (``"zh"`` or ``"en"``, default ``"zh"``)
    The language of the notebook views and text reprs of :class:`~qualityassess.Result`,
    :class:`~qualityassess.Results`, :class:`~qualityassess.Scheme` (its HTML view),
    :class:`~qualityassess.diff.SchemeDiff` (``str`` and HTML),
    :class:`~qualityassess.analysis.Uncertainty` and
    :class:`~qualityassess.analysis.Sensitivity`, and of their plots' labels. Methods that take a
    ``lang`` argument use it when it is left out (``None``)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._i18n import Lang

__all__ = ["OptionError", "get_option", "option_context", "reset_option", "set_option"]


class OptionError(KeyError):
    """An option name that does not exist (a ``KeyError``, message in plain words)."""

    def __str__(self) -> str:  # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ""


def _check_lang(value: Any) -> Lang:
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
    """The current value of an option.

    Parameters
    ----------
    name : str
        The option's name (see this module's docs): ``"lang"``.

    Returns
    -------
    object
        The option's value.

    Raises
    ------
    OptionError
        No option has that name (a ``KeyError``; the message lists the known ones).

    Examples
    --------
    >>> import qualityassess as qa
    >>> qa.get_option("lang")
    'zh'
    """
    return _values[_known(name)]


def set_option(name: str, value: Any) -> None:
    """Set an option until it is set again or reset.

    Parameters
    ----------
    name : str
        The option's name (see this module's docs): ``"lang"``.
    value : object
        Its new value: for ``"lang"``, ``"zh"`` or ``"en"``.

    Raises
    ------
    OptionError
        No option has that name (the message names the known ones).
    InputError
        The value is not one the option takes.

    See Also
    --------
    option_context : set an option inside a ``with`` block only.

    Examples
    --------
    >>> import qualityassess as qa
    >>> qa.set_option("lang", "en")
    >>> qa.get_option("lang")
    'en'
    >>> qa.reset_option("lang")
    """
    key = _known(name)
    _values[key] = _OPTIONS[key][1](value)


def reset_option(name: str) -> None:
    """Set an option back to its default.

    Parameters
    ----------
    name : str
        The option's name (see this module's docs): ``"lang"``.

    Raises
    ------
    OptionError
        No option has that name.

    Examples
    --------
    >>> import qualityassess as qa
    >>> qa.set_option("lang", "en")
    >>> qa.reset_option("lang")
    >>> qa.get_option("lang")
    'zh'
    """
    key = _known(name)
    _values[key] = _OPTIONS[key][0]


@contextmanager
def option_context(name: str, value: Any) -> Iterator[None]:
    """Set an option inside a ``with`` block; its value before is restored after the block,
    however it ends.

    Parameters
    ----------
    name : str
        The option's name (see this module's docs): ``"lang"``.
    value : object
        Its value inside the block.

    Returns
    -------
    contextlib.AbstractContextManager
        To use in a ``with`` statement.

    Raises
    ------
    OptionError
        No option has that name.
    InputError
        The value is not one the option takes.

    Examples
    --------
    >>> import qualityassess as qa
    >>> with qa.option_context("lang", "en"):
    ...     qa.get_option("lang")
    'en'
    >>> qa.get_option("lang")
    'zh'
    """
    before = get_option(name)
    set_option(name, value)
    try:
        yield
    finally:
        _values[name] = before


def lang_option(lang: str | None = None) -> Lang:
    """``lang`` checked, or the ``lang`` option when it is ``None``."""
    if lang is None:
        lang = _values["lang"]
    return _check_lang(lang)
