"""The errors users catch: both are ``ValueError`` subclasses raised by the core, carrying
``issues``: a list of ``(path, message)`` pairs, one per problem found."""

from __future__ import annotations

from collections.abc import Sequence

from ._core import InputError, SchemeError

__all__ = ["InputError", "SchemeError", "input_error", "issues_of", "pointer"]


def issues_of(error: BaseException) -> list[tuple[str, str]]:
    """The ``(path, message)`` pairs an error carries (the core sets ``issues`` on both
    classes; the stubs cannot say so), or the message alone when it has none."""
    issues = getattr(error, "issues", None)
    if not isinstance(issues, list):
        return [("", str(error))]
    return [(str(path), str(message)) for path, message in issues]


def pointer(*parts: object) -> str:
    """A JSON Pointer (RFC 6901) from its unescaped parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def input_error(heading: str, issues: Sequence[tuple[str, str]]) -> InputError:
    """A ``qa.InputError`` like the core's: a heading, then one problem per line."""
    lines = [f"{heading} ({len(issues)} problem{'s' if len(issues) != 1 else ''})"]
    lines.extend(f"  {path}: {message}" if path else f"  {message}" for path, message in issues)
    error = InputError("\n".join(lines))
    error.issues = list(issues)  # type: ignore[attr-defined]
    return error
