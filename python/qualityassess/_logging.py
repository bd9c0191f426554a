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


def sync_level() -> None:
    """Pass on records at the ``qualityassess`` logger's effective level and above.

    The level is looked up on every call (a user may change it at any time) but passed down
    only when it changed: a call into the core costs more than a single assessment's logging."""
    global _passed_level
    level = logger.getEffectiveLevel()
    if level != _passed_level:
        _core._set_log_level(level)
        _passed_level = level
