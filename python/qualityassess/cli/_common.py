"""What the verbs of the ``qualityassess`` command share: exit codes, the one-line failure,
reading a scheme, submissions or a CSV table within the limits (docs/security.md), the error
text of invalid data, the ranking table and writing a file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Union

from .. import _core, _text_table
from .._console import Output, Step
from .._errors import InputError, SchemeError, issues_of, message_of
from ..assessment import Result
from ..display.ranking import Graded
from ..io._scheme_choice import SchemeChoiceError, choose_scheme
from ..io.regions import Level, Regions
from ..options import get_option
from ..scheme import Scheme, builtin_schemes
from ._messages import say

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_FILE = 3


class _Failure(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def _read_json(path: str, kind: str = "other") -> Any:
    """A JSON file parsed by the core under its limits (size, nesting, string length, entries),
    refusing duplicate keys: Python's json module would keep the last silently, accept NaN and
    fail with a RecursionError on deep nesting (docs/security.md)."""
    limit = int(_core.document_limits()["max_bytes"])
    zh = get_option("lang") == "zh"  # the command's --lang
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise _cannot("read", path, error) from error
    if len(raw) > limit:
        raise _Failure(EXIT_INVALID, say("json_too_large", path=path, limit=limit))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Failure(EXIT_INVALID, say("not_utf8", path=path, byte=error.start)) from error
    try:
        return _core.parse_json(text, kind)
    except (SchemeError, InputError) as error:
        # The core words a document's problems in both languages (not valid JSON, at line and
        # column; a duplicate key; a limit).
        problems = ("；" if zh else "; ").join(
            f"{place}: {message}" if place else message
            for place, message in issues_of(error, "zh" if zh else "en")
        )
        raise _Failure(EXIT_INVALID, f"{path}: {problems}") from error


def _scheme_file(path: str) -> Scheme:
    """A scheme file, read under the core's limits; a derived scheme's "extends" may name a
    file beside it. Raises SchemeError naming every problem."""
    document = _read_json(path, "scheme")
    if isinstance(document, dict):
        return Scheme.from_dict(document, folder=Path(path).parent)
    # Not an object: the core says what it is ("/: must be an object, not an array").
    return Scheme.from_json(json.dumps(document), folder=Path(path).parent)


def _scheme(spec: str) -> Scheme:
    """A built-in id or a scheme file; an invalid file fails on one line naming the file and
    each problem's JSON path."""
    if spec in builtin_schemes():
        return Scheme.builtin(spec)
    if not spec.lower().endswith(".json") and not Path(spec).exists():
        builtin = ", ".join(builtin_schemes())
        raise _Failure(EXIT_FILE, say("no_scheme", spec=spec, builtin=builtin))
    try:
        return _scheme_file(spec)
    except SchemeError as error:
        zh = get_option("lang") == "zh"  # the core words a scheme's problems in Chinese too
        problems = ("；" if zh else "; ").join(
            f"{place}: {message}" if place else message
            for place, message in issues_of(error, "zh" if zh else "en")
        )
        heading = "考核方案有误" if zh else "invalid scheme"
        raise _Failure(EXIT_INVALID, f"{spec}: {heading}: {problems}") from error


def _chosen_scheme(spec: str | None, named: Sequence[object], where: str) -> Scheme:
    """The scheme that grades the data at ``where``, decided in one place (_scheme_choice,
    docs/security.md): --scheme, whose id the data must name if it names one; else the
    built-in scheme the data names by id (never a file it names); else cn-2013."""
    given = _scheme(spec) if spec else None
    try:
        return choose_scheme(given, named, where=where, default="cn-2013")
    except SchemeChoiceError as error:
        raise _Failure(EXIT_INVALID, _one_line(error)) from error


def _one_line(error: ValueError) -> str:
    """The error on one line, in the command's --lang: under zh its heading and each problem
    in Chinese (``message_zh``)."""
    text = message_of(error, "zh" if get_option("lang") == "zh" else "en")
    return " ".join(text.split("\n  ")).replace("\n", " ")


def _ranking_rows(
    results: Sequence[Graded],
    lang: str,
    grades: Sequence[str] | None = None,
    *,
    scheme: Scheme | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the ranking: by grade, then total (``Results.ranking``);
    ``grades``: the scheme's (needed for summaries). When a condition decided some region's
    grade (a downgrade, a veto), a last column names it: the order is the core's, by grade,
    so a region can be listed below one with a lower total, and the table says why. Its
    conditions are named from ``scheme`` (default: the first result's)."""
    from ..display.ranking import condition_names, grade_changed, grade_reason
    from ..io.frame import ranked

    zh = lang == "zh"
    headers = (
        ["名次", "代码", "地区", "总分", "等级", "否决"]
        if zh
        else ["rank", "code", "region", "total", "grade", "veto"]
    )
    reasons = any(grade_changed(r) for r in results)
    if scheme is None and reasons and isinstance(results[0], Result):
        scheme = results[0].scheme
    names = condition_names(scheme, lang) if reasons and scheme is not None else {}
    rows = [
        [
            str(rank),
            result.region_code,
            result.region_name,
            f"{result.total:.2f}",
            result.grade,
            ("是" if zh else "yes") if result.vetoed else "",
            *([grade_reason(result, names, lang)] if reasons else []),
        ]
        for rank, result in ranked(results, grades)
    ]
    if reasons:
        headers.append("等级调整原因" if zh else "grade changed by")
    return headers, rows


# Right-aligned columns of the ranking: rank and total (the reason, when shown, is left).
_RANKING_RIGHT = [True, False, False, True, False, False, False]


def _ranking(results: Sequence[Result], lang: str) -> str:
    """The ranking as plain text."""
    headers, rows = _ranking_rows(results, lang)
    return _text_table.render(headers, rows, _RANKING_RIGHT[: len(headers)])


def _print_ranking(
    output: Output,
    results: Sequence[Graded],
    lang: str,
    title: str,
    grades: Sequence[str] | None = None,
    scheme: Scheme | None = None,
) -> None:
    headers, rows = _ranking_rows(results, lang, grades, scheme=scheme)
    output.table(headers, rows, _RANKING_RIGHT[: len(headers)], title=title)


def _grade_counts(results: Sequence[Graded], grades: Sequence[str]) -> str:
    counts = {grade: 0 for grade in grades}
    for result in results:
        counts[result.grade] += 1
    return "  ".join(f"{grade}: {count}" for grade, count in counts.items())


# What a verb wrote, in its --lang: "report written to r.html", "报告已写入 r.html".
_WRITTEN = {
    "report": ("report written to {}", "报告已写入 {}"),
    "results": ("results written to {}", "结果已写入 {}"),
    "workbook": ("results workbook written to {}", "结果工作簿已写入 {}"),
    "file": ("written to {}", "已写入 {}"),
}


def _written(kind: str, path: object, lang: str) -> str:
    """The line saying a file was written (``kind``: report, results, workbook or file)."""
    english, chinese = _WRITTEN[kind]
    return (chinese if lang == "zh" else english).format(path)


def _cannot(what: str, path: object, error: OSError) -> _Failure:
    """A file that cannot be read or written (``what``: "read", "write"), with the system's
    reason."""
    return _Failure(EXIT_FILE, say(f"cannot_{what}", path=path, reason=error.strerror or error))


def _no_level_below(level: str) -> _Failure:
    """--lower given for the lowest level, the level named as the user knows it (县 in zh)."""
    from ..io.regions import _LEVEL_ZH

    shown = _LEVEL_ZH.get(level, level) if get_option("lang") == "zh" else level
    return _Failure(EXIT_USAGE, say("no_level_below", level=shown))


def _write_text(path: Path, text: str) -> None:
    from .._files import write_text_atomic

    try:
        write_text_atomic(path, text)  # never leave a half-written file behind
    except OSError as error:
        raise _cannot("write", path, error) from error


# Error text printed for a data file: as the core bounds its own messages (docs/security.md),
# a file with 100,000 bad cells or a 10 MB column name still gives a short, readable answer.
MAX_ISSUES_SHOWN = 100
MAX_ISSUE_BYTES = 2_000
# CSV data and incidents (docs/security.md, "grade and CSV"): the file is read whole, then its
# header, before pandas sees it. A table's columns are region, name, year, scheme and, per
# point, .target, .self, .verified, .previous (cn-2013: 21 points, 88 columns): 4,000 columns
# allow a scheme of 999 points; rows as the entries of a JSON document (max_items).
MAX_CSV_COLUMNS = 4_000
MAX_CSV_ROWS = 100_000


def _bounded(text: str, limit: int = MAX_ISSUE_BYTES) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8 (then "…")."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", "ignore") + "…"


def _invalid_data(path: str, error: ValueError) -> _Failure:
    """The problems of the data, one per line, each naming its place: the first
    MAX_ISSUES_SHOWN, each cut to MAX_ISSUE_BYTES, then how many more there are; in the
    command's --lang where the core words them in Chinese too."""
    zh = get_option("lang") == "zh"
    issues = issues_of(error, "zh" if zh else "en")
    count = len(issues)
    heading = f"数据有误，共 {count} 个问题：" if zh else f"invalid data, {count} problem(s):"
    lines = [f"{path}: {heading}"]
    lines += [
        _bounded(f"{path}: {place}: {message}" if place else f"{path}: {message}")
        for place, message in issues[:MAX_ISSUES_SHOWN]
    ]
    if count > MAX_ISSUES_SHOWN:
        more = count - MAX_ISSUES_SHOWN
        lines.append(
            f"{path}: ……另有 {more:,} 个问题（只列出前 {MAX_ISSUES_SHOWN} 个）"
            if zh
            else f"{path}: … and {more:,} more (the first {MAX_ISSUES_SHOWN} are listed)"
        )
    return _Failure(EXIT_INVALID, "\n".join(lines))


def _csv_text(path: str) -> str:
    """The text of a CSV file no larger than the JSON limit (max_bytes), refused before it is
    read further when larger."""
    limit = int(_core.document_limits()["max_bytes"])
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise _cannot("read", path, error) from error
    if len(raw) > limit:
        raise _Failure(EXIT_INVALID, say("csv_too_large", path=path, limit=limit))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Failure(EXIT_INVALID, say("not_utf8", path=path, byte=error.start)) from error


def _csv_columns(path: str, text: str) -> list[str]:
    """The names in the header (the first record), refused over MAX_CSV_COLUMNS columns
    before pandas reads the table (10^6 columns took it over a minute)."""
    import csv
    import io

    try:
        header = next(csv.reader(io.StringIO(text)), [])
    except csv.Error as error:
        message = say("csv_header", path=path, reason=error)
        raise _Failure(EXIT_INVALID, _bounded(message)) from error
    if len(header) > MAX_CSV_COLUMNS:
        message = say("csv_columns", path=path, count=len(header), limit=MAX_CSV_COLUMNS)
        raise _Failure(EXIT_INVALID, message)
    return header


def _read_csv(path: str, what: str) -> Any:
    """A CSV file as a DataFrame whose index is the file's line number (the header is line 1),
    so that errors say "row 7" for line 7. Region codes and ids stay text. Refused past the
    limits above (size, columns, rows), each named with its number."""
    import io

    import pandas as pd

    text = _csv_text(path)
    header = _csv_columns(path, text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype={"region": str, "id": str, "name": str},
            nrows=MAX_CSV_ROWS + 1,  # one more, to know there are more
        )
    except (UnicodeDecodeError, ValueError) as error:
        kind = say(f"csv.{what}")
        message = say("csv_unreadable", path=path, what=kind, reason=error)
        raise _Failure(EXIT_INVALID, _bounded(message)) from error
    if len(frame) > MAX_CSV_ROWS:
        raise _Failure(EXIT_INVALID, say("csv_rows", path=path, limit=MAX_CSV_ROWS))
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    if len(set(header)) < len(header) and len(header) == len(frame.columns):
        # pandas renames a repeated name ("x.self.1"); the table's reader names the repeat.
        frame.columns = pd.Index(header)
    return frame


Note = Union[str, "dict[str, str]", None]


def _note(value: Any) -> Note:
    """A data file's "about": one text, or one per language ({"zh": ..., "en": ...}), which
    the report shows in its own language."""
    if isinstance(value, str):
        return value
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    ):
        return dict(value)
    return None


def _submission_data(
    path: str, scheme_spec: str | None, reading: Step | None = None
) -> tuple[Scheme, list[Any], Note]:
    """The scheme, the submissions and a note (a sample's "about") of a JSON file (a list of
    submissions, or a document with "submissions") or a filled Excel template. ``reading``:
    a progress bar told the regions' count and moved by the regions read, a workbook's region
    by region (each sheet is parsed as it is read), a JSON file's all at once."""
    reading = Step() if reading is None else reading
    if Path(path).suffix.lower() == ".xlsx":
        from ..io import excel

        given = _scheme(scheme_spec) if scheme_spec else None
        try:
            scheme, documents = excel._read_filled(
                path, given, ask="--scheme", on_regions=reading.total, on_region=reading
            )
        except OSError as error:
            raise _cannot("read", path, error) from error
        except SchemeChoiceError as error:
            raise _Failure(EXIT_INVALID, _one_line(error)) from error
        return scheme, documents, None
    document = _read_json(path)
    submissions = document.get("submissions") if isinstance(document, dict) else document
    if not isinstance(submissions, list) or not all(isinstance(s, dict) for s in submissions):
        raise _Failure(EXIT_INVALID, say("not_a_submission_list", path=path))
    named = [document.get("scheme") if isinstance(document, dict) else None]
    scheme = _chosen_scheme(scheme_spec, named + [s.get("scheme") for s in submissions], path)
    reading.total(len(submissions))
    reading(len(submissions))
    note = document.get("about") if isinstance(document, dict) else None
    return scheme, submissions, _note(note)


# ---- one level of the region hierarchy (Art. 10) --------------------------------------------

_LEVEL_BELOW: dict[str, Level] = {"province": "prefecture", "prefecture": "county"}


def _regions(path: str) -> Regions:
    try:
        return Regions.load(path)
    except OSError as error:
        raise _cannot("read", path, error) from error
    except InputError as error:
        raise _invalid_data(path, error) from error
