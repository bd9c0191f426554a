"""The errors users catch: both are ``ValueError`` subclasses raised by the core, carrying
``issues``: a list of ``(path, message)`` pairs, one per problem found."""

from __future__ import annotations

from collections.abc import Sequence

from ._core import InputError, SchemeError

__all__ = ["InputError", "SchemeError", "input_error", "issues_of", "pointer"]

# The core creates both classes (with one-line docstrings, in C++); their documentation, with
# examples, is kept here with the rest of the package's.
InputError.__doc__ = """A submission, table, file or argument is invalid.

A ``ValueError`` raised by the core and by the package's readers, naming every problem found
at once (not only the first): its message has one line per problem, and ``issues`` lists
them as ``(path, message)`` pairs, the path a JSON Pointer into the document or the place in a
table or file (``row 3, column development_plan.self``).

Examples
--------
>>> import qualityassess as qa
>>> try:
...     qa.assess("cn-2013", {"region": {"code": "420000"}, "year": 2019,
...                           "self_evaluation": {"development_plan": "superb"}})
... except qa.InputError as error:
...     print(error.issues[0][0])
/self_evaluation/development_plan
"""

SchemeError.__doc__ = """A scheme document is invalid.

A ``ValueError`` naming every problem of the document at once: its message has one line per
problem, and ``issues`` lists them as ``(JSON path, message)`` pairs.

Examples
--------
>>> import qualityassess as qa
>>> try:
...     qa.Scheme.from_dict({"id": "draft"})
... except qa.SchemeError as error:
...     print(error.issues)
[('/name', 'is required'), ('/nodes', 'is required'), ('/grading', 'is required')]
"""


def issues_of(error: BaseException, lang: str = "en") -> list[tuple[str, str]]:
    """The ``(path, message)`` pairs an error carries (the core sets ``issues`` on both
    classes; the stubs cannot say so), or the message alone when it has none.

    With ``lang="zh"``, the messages the core words in Chinese too (``issues_zh``: a
    submission's values, levels shown as the form shows them, "优秀 (excellent)"); the English
    of the others."""
    issues = getattr(error, "issues", None)
    if lang == "zh":
        issues = getattr(error, "issues_zh", issues)
    if not isinstance(issues, list):
        return [("", str(error))]
    return [(str(path), str(message)) for path, message in issues]


def pointer(*parts: object) -> str:
    """A JSON Pointer (RFC 6901) from its unescaped parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def input_error(
    heading: str,
    issues: Sequence[tuple[str, str]],
    issues_zh: Sequence[tuple[str, str]] | None = None,
) -> InputError:
    """A ``qa.InputError`` like the core's: a heading, then one problem per line;
    ``issues_zh`` the same problems in Chinese where known (default: ``issues``)."""
    lines = [f"{heading} ({len(issues)} problem{'s' if len(issues) != 1 else ''})"]
    lines.extend(f"  {path}: {message}" if path else f"  {message}" for path, message in issues)
    error = InputError("\n".join(lines))
    error.issues = list(issues)  # type: ignore[attr-defined]
    error.issues_zh = list(issues if issues_zh is None else issues_zh)  # type: ignore[attr-defined]
    return error
