"""The old name of :mod:`qualityassess.io.frame`, kept importable: the same module object
(so that patching either patches both)."""

import sys

from .io import frame as _frame
from .io.frame import *  # noqa: F403  (the names, for type checkers)

sys.modules[__name__] = _frame
