"""The bridge from the C++ core's spdlog logger to Python's ``logging`` logger
``qualityassess``.

The core checks a level before it takes the GIL, so the facade passes the Python logger's
effective level down before each call into the core (``sync_level``)."""

from __future__ import annotations

import atexit
import logging

from . import _core

logger = logging.getLogger("qualityassess")

_core._install_log_bridge()
atexit.register(_core._remove_log_bridge)


_passed_level: int | None = None

# A key of ours in logging's cache of the logger's levels (``Logger._cache``), which logging
# empties whenever any logger's level changes (``Logger.setLevel``, ``logging.disable``): while
# it is there, the level passed down last is still the logger's. Looking the level up instead
# (``getEffectiveLevel``, a walk up the loggers) cost a fortieth of a single assessment. The
# cache is CPython's logging's own, there since Python 3.7; without it the level is looked up on
# every call.
_SYNCED = object()


def sync_level() -> None:
    """Pass on records at the ``qualityassess`` logger's effective level and above.

    A user may change the level at any time: it is passed down again after any change made
    through ``logging`` (``setLevel``, ``basicConfig``, pytest's ``caplog``)."""
    global _passed_level
    cache = getattr(logger, "_cache", None)
    if cache is not None and _SYNCED in cache:
        return
    level = logger.getEffectiveLevel()
    if level != _passed_level:
        _core._set_log_level(level)
        _passed_level = level
    if cache is not None:
        cache[_SYNCED] = True
