"""The old name of :mod:`qualityassess.io.batch`, kept importable: the same module object
(so that patching either patches both)."""

import sys

from .io import batch as _batch
from .io.batch import *  # noqa: F403  (the names, for type checkers)

sys.modules[__name__] = _batch
