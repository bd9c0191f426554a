"""The errors users catch: both are ``ValueError`` subclasses raised by the core, carrying
``issues``: a list of ``(path, message)`` pairs, one per problem found."""

from __future__ import annotations

from ._core import InputError, SchemeError

__all__ = ["InputError", "SchemeError", "issues_of"]


def issues_of(error: BaseException) -> list[tuple[str, str]]:
    """The ``(path, message)`` pairs an error carries (the core sets ``issues`` on both
    classes; the stubs cannot say so), or the message alone when it has none."""
    issues = getattr(error, "issues", None)
    if not isinstance(issues, list):
        return [("", str(error))]
    return [(str(path), str(message)) for path, message in issues]
