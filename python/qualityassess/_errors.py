"""The errors users catch: both are ``ValueError`` subclasses raised by the core, carrying
``issues``: a list of ``(path, message)`` pairs, one per problem found."""

from __future__ import annotations

from ._core import InputError, SchemeError

__all__ = ["InputError", "SchemeError"]
