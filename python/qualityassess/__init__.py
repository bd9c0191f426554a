"""qualityassess: the annual assessment of regional governments' quality work under the State
Council's Quality Work Assessment Measures (国办发〔2013〕47号).

    import qualityassess as qa
    scheme = qa.Scheme.builtin("cn-2013")
    result = qa.assess(scheme, submission_dict)
    print(result.grade, result.total)
    print(result.explain("en"))

The rules live in the compiled core (``qualityassess._core``); this package is its typed
facade."""

from __future__ import annotations

try:
    from . import _core
except ImportError as error:  # pragma: no cover - only on a broken install
    raise ImportError(
        "qualityassess's compiled core (_core) could not be imported. Build and install the "
        "package with `pip install .` (or `make test`) from the project root rather than "
        "importing it from the source tree."
    ) from error

from ._errors import InputError, SchemeError
from .assessment import Result, Submission, assess, assess_many
from .calendar import assessment_calendar, rectification_due
from .scheme import Scheme, builtin_schemes

__version__: str = _core.__version__

__all__ = [
    "InputError",
    "Result",
    "Scheme",
    "SchemeError",
    "Submission",
    "__version__",
    "assess",
    "assess_many",
    "assessment_calendar",
    "builtin_schemes",
    "rectification_due",
]


def __dir__() -> list[str]:
    return __all__
