"""qualityassess: the annual assessment of regional governments' quality work under the State
Council's Quality Work Assessment Measures (国办发〔2013〕47号).

    import qualityassess as qa
    scheme = qa.Scheme.builtin("cn-2013")
    result = qa.assess(scheme, submission_dict)
    print(result.grade, result.total)
    print(result.explain("en"))

The rules live in the compiled core (``qualityassess._core``); this package is its typed
facade. ``qa.__version__`` is the package's version, the one its metadata gives.

Examples
--------
>>> import importlib.metadata
>>> import qualityassess as qa
>>> qa.__version__ == importlib.metadata.version("qualityassess")
True
>>> from qualityassess.sample import load_sample
>>> qa.assess("cn-2013", load_sample()["submissions"][0]).grade
'B'
"""

from __future__ import annotations

try:
    from . import _core
except ImportError as error:  # pragma: no cover - only on a broken install
    raise ImportError(
        "qualityassess's compiled core (_core) could not be imported. Build and install the "
        "package with `pip install .` (or `make test`) from the project root rather than "
        "importing it from the source tree."
    ) from error

from typing import TYPE_CHECKING, Any

from ._errors import InputError, SchemeError
from ._findings import (
    AppliedCondition,
    ConditionEffect,
    Consequence,
    Finding,
    NotAppliedCondition,
)
from .assessment import Result, Results, Submission, assess, assess_many
from .calendar import assessment_calendar, rectification_due
from .campaign import Campaign, CampaignFileError
from .cascade import LevelResults, assess_level
from .compare import compare

# Imported here, not lazily: the function has its module's name, and once the module is
# imported (`from qualityassess.diff import SchemeDiff`) a lazy `qa.diff` would be the
# module. It imports nothing heavy (pandas and jinja2 only when used).
from .diff import diff
from .io.frame import assess_frame
from .io.regions import Regions, roll_up
from .options import get_option, option_context, reset_option, set_option
from .scheme import Scheme, builtin_schemes

if TYPE_CHECKING:
    from . import analysis, dask, report, whatif
    from .analysis import sensitivity, uncertainty
    from .io import batch, excel
    from .io.tables import read_table
    from .whatif import next_grade, regrade, scheme_diff

__version__: str = _core.__version__

__all__ = [
    "AppliedCondition",
    "Campaign",
    "CampaignFileError",
    "ConditionEffect",
    "Consequence",
    "Finding",
    "InputError",
    "LevelResults",
    "NotAppliedCondition",
    "Regions",
    "Result",
    "Results",
    "Scheme",
    "SchemeError",
    "Submission",
    "__version__",
    "analysis",
    "assess",
    "assess_frame",
    "assess_level",
    "assess_many",
    "assessment_calendar",
    "batch",
    "builtin_schemes",
    "compare",
    "dask",
    "diff",
    "excel",
    "get_option",
    "next_grade",
    "option_context",
    "read_table",
    "rectification_due",
    "regrade",
    "report",
    "reset_option",
    "roll_up",
    "scheme_diff",
    "sensitivity",
    "set_option",
    "uncertainty",
    "whatif",
]

# Submodules imported when first used: they bring openpyxl, matplotlib (heavy imports that
# `import qualityassess` should not pay for).
_LAZY_SUBMODULES = ("excel", "report", "analysis", "batch", "whatif", "dask")
# Functions of submodules that bring NumPy, imported when first used.
_LAZY_FUNCTIONS = {
    "uncertainty": "analysis",
    "sensitivity": "analysis",
    "next_grade": "whatif",
    "read_table": "io.tables",
    "regrade": "whatif",
    "scheme_diff": "whatif",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    if name in _LAZY_FUNCTIONS:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY_FUNCTIONS[name]}", __name__), name)
    raise AttributeError(f"module 'qualityassess' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
