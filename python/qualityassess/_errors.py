"""The errors users catch: ``InputError`` and ``SchemeError``, both ``ValueError`` subclasses
carrying ``issues``: a list of ``(path, message)`` pairs, one per problem found.

Both classes are defined here, in Python, and the compiled core raises them: at import this
module hands them to ``_core._set_exception_types``, and the core's exception translator
(``cpp/bindings/register_errors.cpp``) builds each error it raises from the class registered,
with its ``issues`` and ``issues_zh``. That way the classes are documented and typed in one
place, ``qa.InputError`` is the very class the core raises, and the compiled module imports no
Python (docs/architecture.md, "Layers"). The package's ``__init__`` imports this module before
anything else of its own, so the classes are registered before any call into the core."""

from __future__ import annotations

from collections.abc import Sequence

from . import _core

__all__ = ["InputError", "SchemeError", "input_error", "issues_of", "message_of", "pointer"]


def _pairs(issues: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(str(path), str(message)) for path, message in issues]


class _ProblemsError(ValueError):
    """What both errors share: the message and its problems, in English and in Chinese."""

    issues: list[tuple[str, str]]
    """Every problem found, as ``(path, message)``: the path a JSON Pointer into the document
    or the place in a table or file; the message in English (what programs match on)."""

    issues_zh: list[tuple[str, str]]
    """The same problems in the same order, each in Chinese where the core words it so (a
    submission's values, a table's cells), else in English: what the command line shows under
    ``--lang zh``."""

    message_zh: str
    """The message in Chinese: its heading (``表格有误``, ``报送数据有误（420000 湖北省）``)
    and each problem as ``issues_zh`` words it; what the command line shows under
    ``--lang zh``. The English message (``str(error)``) with the problems of ``issues_zh`` in
    place of their English when not given."""

    def __init__(
        self,
        message: str,
        issues: Sequence[tuple[str, str]] | None = None,
        issues_zh: Sequence[tuple[str, str]] | None = None,
        message_zh: str | None = None,
    ) -> None:
        super().__init__(message)
        # Only the message goes to ``args``: pickling (a Dask worker's error, sent back to the
        # client) rebuilds the error from ``args`` and then restores ``issues``, ``issues_zh``
        # and ``message_zh`` from its ``__dict__``.
        self.issues = [("", str(message))] if issues is None else _pairs(issues)
        self.issues_zh = list(self.issues) if issues_zh is None else _pairs(issues_zh)
        self.message_zh = (
            _problems_replaced(str(message), self.issues, self.issues_zh)
            if message_zh is None
            else str(message_zh)
        )


def _problem(place: str, message: str) -> str:
    return f"{place}: {message}" if place else message


def _problems_replaced(
    message: str, issues: list[tuple[str, str]], issues_zh: list[tuple[str, str]]
) -> str:
    """``message`` with each problem's English replaced by its Chinese, where they differ."""
    for (place, english), (_, chinese) in zip(issues, issues_zh, strict=False):
        if english != chinese:
            message = message.replace(_problem(place, english), _problem(place, chinese), 1)
    return message


class InputError(_ProblemsError):
    """A submission, table, file or argument is invalid.

    A ``ValueError`` raised by the core and by the package's readers, naming every problem found
    at once (not only the first): its message has one line per problem, and ``issues`` lists
    them as ``(path, message)`` pairs, the path a JSON Pointer into the document or the place in
    a table or file (``row 3, column development_plan.self``); ``issues_zh`` lists the same
    problems in Chinese where the core words them so.

    Parameters
    ----------
    message : str
        The error's text.
    issues : sequence of (str, str), optional
        The problems as ``(path, message)``; by default one problem, the message at no path.
    issues_zh : sequence of (str, str), optional
        The same problems in Chinese; by default ``issues``.
    message_zh : str, optional
        The error's text in Chinese (``.message_zh``); by default ``message`` with the problems
        of ``issues_zh`` in place of their English.

    Examples
    --------
    >>> import qualityassess as qa
    >>> try:
    ...     qa.assess("cn-2013", {"region": {"code": "420000"}, "year": 2019,
    ...                           "self_evaluation": {"development_plan": "superb"}})
    ... except qa.InputError as error:
    ...     print(error.issues[0][0])
    /self_evaluation/development_plan
    >>> isinstance(qa.InputError("bad"), ValueError), qa.InputError("bad").issues
    (True, [('', 'bad')])
    """


class SchemeError(_ProblemsError):
    """A scheme document is invalid.

    A ``ValueError`` naming every problem of the document at once: its message has one line per
    problem, and ``issues`` lists them as ``(JSON path, message)`` pairs (``issues_zh``: the
    same, in Chinese where known).

    Parameters
    ----------
    message : str
        The error's text.
    issues : sequence of (str, str), optional
        The problems as ``(JSON path, message)``; by default one problem, the message at no
        path.
    issues_zh : sequence of (str, str), optional
        The same problems in Chinese; by default ``issues``.
    message_zh : str, optional
        The error's text in Chinese; by default ``message`` with the problems of ``issues_zh``
        in place of their English.

    Examples
    --------
    >>> import qualityassess as qa
    >>> try:
    ...     qa.Scheme.from_dict({"id": "draft"})
    ... except qa.SchemeError as error:
    ...     print(error.issues)
    [('/name', 'is required'), ('/nodes', 'is required'), ('/grading', 'is required')]
    """


# The core raises these classes from now on (register_errors.cpp).
_core._set_exception_types(InputError, SchemeError)


def issues_of(error: BaseException, lang: str = "en") -> list[tuple[str, str]]:
    """The ``(path, message)`` pairs an error carries, or its message alone (at no path) for an
    error other than ``InputError`` and ``SchemeError``.

    With ``lang="zh"``, the messages the core words in Chinese too (``issues_zh``: a
    submission's values, levels shown as the form shows them, "优秀 (excellent)"); the English
    of the others."""
    if isinstance(error, _ProblemsError):
        return list(error.issues_zh if lang == "zh" else error.issues)
    return [("", str(error))]


def pointer(*parts: object) -> str:
    """A JSON Pointer (RFC 6901) from its unescaped parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def message_of(error: BaseException, lang: str = "en") -> str:
    """The error's text: ``str(error)``, or with ``lang="zh"`` its ``message_zh`` (an error
    other than ``InputError`` and ``SchemeError`` has only its own)."""
    if lang == "zh" and isinstance(error, _ProblemsError):
        return error.message_zh
    return str(error)


def input_error(
    heading: str,
    issues: Sequence[tuple[str, str]],
    issues_zh: Sequence[tuple[str, str]] | None = None,
) -> InputError:
    """A ``qa.InputError`` like the core's: a heading, then one problem per line;
    ``issues_zh`` the same problems in Chinese where known (default: ``issues``), under the
    heading's Chinese (worded with the core's, ``cpp/src/errors.cpp``)."""
    chinese = list(issues) if issues_zh is None else list(issues_zh)
    count = len(issues)
    english = [f"{heading} ({count} problem{'s' if count != 1 else ''})"]
    english.extend(f"  {_problem(place, message)}" for place, message in issues)
    zh = [f"{_core.heading_zh(heading)}（共 {count} 个问题）"]
    zh.extend(f"  {_problem(place, message)}" for place, message in chinese)
    return InputError("\n".join(english), issues, chinese, "\n".join(zh))
