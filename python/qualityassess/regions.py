"""The old name of :mod:`qualityassess.io.regions`, kept importable: the same module object
(so that patching either patches both)."""

import sys

from .io import regions as _regions
from .io.regions import *  # noqa: F403  (the names, for type checkers)

sys.modules[__name__] = _regions
