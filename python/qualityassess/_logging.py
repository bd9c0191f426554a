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


def sync_level() -> None:
    """Pass on records at the ``qualityassess`` logger's effective level and above."""
    _core._set_log_level(logger.getEffectiveLevel())
