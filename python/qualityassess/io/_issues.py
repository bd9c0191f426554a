"""Every problem of a batch of submissions built from a table or a workbook, traced back to the
place the user typed it.

The core checks a submission in two steps: its structure (``Submission.from_dict``: region, year,
incidents) and then its values against the scheme (``assess_many``). The first step stops at the
submission it rejects, and ``assess_many`` prefixes each problem with the region, which is
ambiguous when codes repeat. So on failure each submission is checked on its own, and incidents
whose structure is wrong are set aside so that the values of the rest are still checked: the user
sees every bad cell at once."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from .. import _core
from .._errors import InputError, input_error, issues_of, pointer
from .._logging import sync_level
from ..assessment import Results, Submission, assess_many
from ..scheme import Scheme

__all__ = [
    "Locator",
    "assess_located",
    "check_located",
    "check_many",
    "input_error",
    "locate",
    "pointer",
    "submission_problems",
]

# Maps a JSON Pointer into one submission to the place it came from, e.g.
# "/self_evaluation/development_plan" -> "row 3 (420000), column 'development_plan.self'".
Locator = Mapping[str, str]


def _incident_field(path: str) -> tuple[int, str] | None:
    """(index, field) of a pointer into an incident ("/incidents/2/date"), else None."""
    parts = path.split("/")
    if len(parts) >= 4 and parts[1] == "incidents" and parts[2].isdigit():
        return int(parts[2]), parts[3]
    return None


def _stand_in(field: str, index: int, document: Mapping[str, Any], scheme: Scheme) -> Any:
    """A well-formed value for an incident field whose own value is malformed, so that the
    rest of the submission can still be checked. Only for checking: never assessed."""
    if field == "id":
        return f"#incident-{index}"
    if field == "date":
        year = document.get("year")
        return f"{year if isinstance(year, int) else 2000}-07-01"
    if field == "scope":
        scopes = scheme.to_dict().get("incident_scopes", [])
        return str(scopes[0]["id"]) if scopes else "unknown"
    if field == "deaths":
        return 0
    if field == "reported_in_self_evaluation":
        return True
    return None


def _repaired(
    scheme: Scheme, document: Mapping[str, Any], structural: Sequence[Problem]
) -> dict[str, Any] | None:
    """The document with stand-ins for its malformed incident fields, or None when something
    else is malformed (region, year: then there is nothing to check values against)."""
    incidents = [dict(i) if isinstance(i, Mapping) else i for i in document.get("incidents", [])]
    for path, *_ in structural:
        place = _incident_field(path)
        if place is None or not isinstance(incidents[place[0]], dict):
            return None
        index, field = place
        value = _stand_in(field, index, document, scheme)
        if value is None:
            incidents[index].pop(field, None)
        else:
            incidents[index][field] = value
    return {**document, "incidents": incidents}


def _strip_region(path: str, document: Mapping[str, Any]) -> str:
    """``assess_many`` writes "CODE NAME /pointer"; the pointer alone is wanted here."""
    region = document.get("region") if isinstance(document.get("region"), Mapping) else {}
    code = str(region.get("code", "")) if isinstance(region, Mapping) else ""
    name = str(region.get("name", "")) if isinstance(region, Mapping) else ""
    prefix = f"{code} {name} " if name else f"{code} "
    return path[len(prefix) :] if path.startswith(prefix) else path


def check_many(scheme: Scheme, documents: Sequence[Mapping[str, Any]]) -> None:
    """The submissions checked as an assessment checks them, without assessing them and without
    the values an assessment supplies itself (points computed from the level below, Art. 10):
    what a filled form must pass. Raises InputError naming every problem."""
    core = [Submission.from_dict(dict(d))._core for d in documents]
    sync_level()
    _core.check_submissions(scheme._core, core)


Run = Callable[[Scheme, Sequence[Mapping[str, Any]]], object]
T = TypeVar("T")


def _assess_documents(scheme: Scheme, documents: Sequence[Mapping[str, Any]]) -> Results:
    return assess_many(scheme, [dict(d) for d in documents])


# A problem: its JSON Pointer, its message in English and in Chinese (the English where the
# core has no Chinese wording).
Problem = tuple[str, str, str]


def _problems(error: InputError) -> list[Problem]:
    english, chinese = issues_of(error), issues_of(error, "zh")
    return [(path, message, zh) for (path, message), (_, zh) in zip(english, chinese, strict=True)]


def _value_problems(
    scheme: Scheme, document: Mapping[str, Any], run: Run = _assess_documents
) -> list[Problem]:
    try:
        run(scheme, [document])
    except InputError as error:
        return [(_strip_region(path, document), en, zh) for path, en, zh in _problems(error)]
    return []


def submission_problems(
    scheme: Scheme, document: Mapping[str, Any], run: Run = _assess_documents
) -> list[Problem]:
    """Every problem of one submission, each as (JSON Pointer, message, message in Chinese);
    ``run`` is how the values are checked (by default an assessment)."""
    try:
        Submission.from_dict(dict(document))
    except InputError as error:
        structural = _problems(error)
    else:
        return _value_problems(scheme, document, run)
    repaired = _repaired(scheme, document, structural)
    if repaired is None:
        return structural
    try:
        Submission.from_dict(repaired)
    except InputError:
        return structural  # the stand-ins did not help: report what is known
    return structural + _value_problems(scheme, repaired, run)


def _best_key(path: str, locator: Locator) -> str:
    """The longest pointer in ``locator`` that ``path`` is or lies under ("" when none)."""
    best = ""
    for key in locator:
        if (path == key or path.startswith(key + "/")) and len(key) > len(best):
            best = key
    return best


def locate(path: str, locator: Locator, fallback: str) -> str:
    """The place ``path`` came from, or the document's ``fallback`` place with the path."""
    key = _best_key(path, locator)
    return locator[key] if key else f"{fallback} {path}".strip()


def assess_located(
    scheme: Scheme,
    documents: Sequence[Mapping[str, Any]],
    locators: Sequence[Locator],
    fallbacks: Sequence[str],
    heading: str,
    extra_issues: Sequence[tuple[str, str]] = (),
    extra_issues_zh: Sequence[tuple[str, str]] | None = None,
) -> Results:
    """``assess_many`` on the documents; on bad input an InputError whose issues name the
    places in ``locators`` (one per document; ``fallbacks`` name a document as a whole).
    ``extra_issues``: the reader's own problems, worded in Chinese in ``extra_issues_zh``
    (default: the English)."""
    places = (locators, fallbacks, heading, extra_issues)
    return _run_located(scheme, documents, *places, _assess_documents, extra_issues_zh)


def check_located(
    scheme: Scheme,
    documents: Sequence[Mapping[str, Any]],
    locators: Sequence[Locator],
    fallbacks: Sequence[str],
    heading: str,
    extra_issues: Sequence[tuple[str, str]] = (),
) -> None:
    """:func:`check_many` on the documents (a filled form, not yet an assessment), with bad
    input reported as by :func:`assess_located`."""
    _run_located(scheme, documents, locators, fallbacks, heading, extra_issues, check_many, None)


def _run_located(
    scheme: Scheme,
    documents: Sequence[Mapping[str, Any]],
    locators: Sequence[Locator],
    fallbacks: Sequence[str],
    heading: str,
    extra_issues: Sequence[tuple[str, str]],
    run: Callable[[Scheme, Sequence[Mapping[str, Any]]], T],
    extra_issues_zh: Sequence[tuple[str, str]] | None,
) -> T:
    if not extra_issues:
        try:
            return run(scheme, documents)  # all is well
        except InputError:
            pass
    extra = (extra_issues, extra_issues_zh)
    _raise_located(scheme, documents, locators, fallbacks, heading, *extra, run)
    # Each submission is fine on its own: the problem is the cohort's (e.g. rank grading).
    return run(scheme, documents)


def _raise_located(
    scheme: Scheme,
    documents: Sequence[Mapping[str, Any]],
    locators: Sequence[Locator],
    fallbacks: Sequence[str],
    heading: str,
    extra_issues: Sequence[tuple[str, str]],
    extra_issues_zh: Sequence[tuple[str, str]] | None,
    run: Run,
) -> None:
    """Raises an InputError naming the place of every problem found document by document."""
    issues = list(extra_issues)
    issues_zh = list(extra_issues if extra_issues_zh is None else extra_issues_zh)
    for document, locator, fallback in zip(documents, locators, fallbacks, strict=True):
        order = {key: n for n, key in enumerate(locator)}
        found = []
        for path, message, message_zh in submission_problems(scheme, document, run):
            key = _best_key(path, locator)
            place = locator[key] if key else f"{fallback} {path}".strip()
            found.append((order.get(key, -1), place, message, message_zh))
        # In the order the places were read (rows, then columns), not the core's.
        found.sort(key=lambda entry: entry[0])
        issues.extend((place, message) for _, place, message, _ in found)
        issues_zh.extend((place, message_zh) for _, place, _, message_zh in found)
    if issues:
        raise input_error(heading, issues, issues_zh)
