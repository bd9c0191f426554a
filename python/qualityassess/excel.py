"""The old name of :mod:`qualityassess.io.excel`, kept importable: the same module object
(so that patching either patches both)."""

import sys

from .io import excel as _excel
from .io.excel import *  # noqa: F403  (the names, for type checkers)

sys.modules[__name__] = _excel
