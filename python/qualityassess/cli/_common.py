"""The ``qualityassess`` command.

Exit codes: 0 success; 1 the input was read but is invalid (a scheme or submission error,
each problem named with its path, or its sheet and cell, or its row and column); 2 wrong usage
(unknown verb or option); 3 a file could not be read or written.

On a terminal, tables are drawn with rich and long work shows a progress bar (on stderr); when
the output goes to a file or a pipe it is plain text without colour."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Union

from . import _core, _text_table
from ._cohort import Cohort, Graded
from ._console import Output
from ._errors import InputError, SchemeError, issues_of
from ._scheme_choice import SchemeChoiceError, choose_scheme
from .assessment import Result, assess, assess_many
from .cascade import LevelResults, assess_level
from .regions import Regions, rollup_table
from .sample import load_sample
from .scheme import Scheme, builtin_schemes

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
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise _Failure(EXIT_FILE, f"{path}: cannot read: {error.strerror or error}") from error
    if len(raw) > limit:
        raise _Failure(EXIT_INVALID, f"{path}: larger than {limit} bytes; not read")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Failure(EXIT_INVALID, f"{path}: not UTF-8 text (byte {error.start})") from error
    try:
        return _core.parse_json(text, kind)
    except (SchemeError, InputError) as error:
        problems = "; ".join(
            f"{place}: {message}" if place else message for place, message in issues_of(error)
        )
        raise _Failure(EXIT_INVALID, f"{path}: {problems}") from error


def _scheme_file(path: str) -> Scheme:
    """A scheme file, read under the core's limits; a derived scheme's "extends" may name a
    file beside it. Raises SchemeError naming every problem."""
    return Scheme.from_json(_read_json(path, "scheme"), folder=Path(path).parent)


def _scheme(spec: str) -> Scheme:
    """A built-in id or a scheme file; an invalid file fails on one line naming the file and
    each problem's JSON path."""
    if spec in builtin_schemes():
        return Scheme.builtin(spec)
    if not spec.lower().endswith(".json") and not Path(spec).exists():
        raise _Failure(
            EXIT_FILE,
            f"scheme {spec!r} is neither built in ({', '.join(builtin_schemes())}) nor a file: "
            "give --scheme with the scheme file's path",
        )
    try:
        return _scheme_file(spec)
    except SchemeError as error:
        problems = "; ".join(
            f"{place}: {message}" if place else message for place, message in issues_of(error)
        )
        raise _Failure(EXIT_INVALID, f"{spec}: invalid scheme: {problems}") from error


def _chosen_scheme(spec: str | None, named: Sequence[object], where: str) -> Scheme:
    """The scheme that grades the data at ``where``, decided in one place (_scheme_choice,
    docs/security.md): --scheme, whose id the data must name if it names one; else the
    built-in scheme the data names by id (never a file it names); else cn-2013."""
    given = _scheme(spec) if spec else None
    try:
        return choose_scheme(given, named, where=where, default="cn-2013")
    except SchemeChoiceError as error:
        raise _Failure(EXIT_INVALID, str(error)) from error


def _one_line(error: ValueError) -> str:
    return " ".join(str(error).split("\n  ")).replace("\n", " ")


def _cmd_schemes(args: argparse.Namespace) -> int:
    rows = []
    for scheme_id in builtin_schemes():
        scheme = Scheme.builtin(scheme_id)
        name = scheme.name["zh" if args.lang == "zh" else "en"]
        rows.append([scheme_id, name, f"{len(scheme.leaf_ids)} points, max {scheme.max_total:g}"])
    # Plain: one tab-separated line per scheme, for scripts.
    Output().table(
        ["id", "名称" if args.lang == "zh" else "name", "要点" if args.lang == "zh" else "points"],
        rows,
        [False, False, False],
        plain=lambda: "\n".join("\t".join(row) for row in rows),
    )
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    try:
        scheme = _scheme_file(args.scheme)
    except SchemeError as error:
        issues = error.issues  # type: ignore[attr-defined]
        print(f"{args.scheme}: invalid scheme, {len(issues)} problem(s):", file=sys.stderr)
        for path, message in issues:
            print(f"{args.scheme}: {path or '/'}: {message}", file=sys.stderr)
        return EXIT_INVALID
    print(
        f"{args.scheme}: ok: scheme {scheme.id!r}, "
        f"{len(scheme.leaf_ids)} points, max {scheme.max_total:g}"
    )
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff

    changes = diff(_scheme(args.base), _scheme(args.derived))
    print(changes.to_json() if args.json else changes.text(args.lang))
    return EXIT_OK


def _cmd_assess(args: argparse.Namespace) -> int:
    document = _read_json(args.submission, "submission")
    named = document.get("scheme") if isinstance(document, dict) else None
    scheme = _chosen_scheme(args.scheme, [named], args.submission)
    try:
        result = assess(scheme, document)
    except InputError as error:
        raise _Failure(EXIT_INVALID, f"{args.submission}: {_one_line(error)}") from error
    if args.json:
        print(result.to_json())
    else:
        print(result.explain(args.lang))
    return EXIT_OK


def _ranking_rows(
    results: Sequence[Graded], lang: str, grades: Sequence[str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the ranking: by grade, then total (``Results.ranking``);
    ``grades``: the scheme's (needed for summaries)."""
    from .frame import ranked

    zh = lang == "zh"
    headers = (
        ["名次", "代码", "地区", "总分", "等级", "否决"]
        if zh
        else ["rank", "code", "region", "total", "grade", "veto"]
    )
    rows = [
        [
            str(rank),
            result.region_code,
            result.region_name,
            f"{result.total:.2f}",
            result.grade,
            ("是" if zh else "yes") if result.vetoed else "",
        ]
        for rank, result in ranked(results, grades)
    ]
    return headers, rows


_RANKING_RIGHT = [True, False, False, True, False, False]


def _ranking(results: Sequence[Result], lang: str) -> str:
    """The ranking as plain text."""
    headers, rows = _ranking_rows(results, lang)
    return _text_table.render(headers, rows, _RANKING_RIGHT)


def _print_ranking(
    output: Output,
    results: Sequence[Graded],
    lang: str,
    title: str,
    grades: Sequence[str] | None = None,
) -> None:
    headers, rows = _ranking_rows(results, lang, grades)
    output.table(headers, rows, _RANKING_RIGHT, title=title)


def _grade_counts(results: Sequence[Graded], grades: Sequence[str]) -> str:
    counts = {grade: 0 for grade in grades}
    for result in results:
        counts[result.grade] += 1
    return "  ".join(f"{grade}: {count}" for grade, count in counts.items())


def _write_text(path: Path, text: str) -> None:
    from ._files import write_text_atomic

    try:
        write_text_atomic(path, text)  # never leave a half-written file behind
    except OSError as error:
        raise _Failure(EXIT_FILE, f"{path}: cannot write: {error.strerror or error}") from error


def _cmd_demo(args: argparse.Namespace) -> int:
    output = Output()
    sample = load_sample(args.year)
    scheme = Scheme.builtin(sample["scheme"])
    results = assess_many(scheme, sample["submissions"])
    title = "synthetic sample" if args.lang == "en" else "合成样例数据"
    _print_ranking(
        output, results, args.lang, f"{scheme.id} · {sample['year']} · {title} ({len(results)})"
    )
    output.line(_grade_counts(results, scheme.grades))
    out = Path(args.out)
    document = {"about": sample["about"], "results": [r.to_dict() for r in results]}
    _write_text(out, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    output.line(f"results written to {out}")
    return EXIT_OK


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
    MAX_ISSUES_SHOWN, each cut to MAX_ISSUE_BYTES, then how many more there are."""
    issues = issues_of(error)
    lines = [f"{path}: invalid data, {len(issues)} problem(s):"]
    lines += [
        _bounded(f"{path}: {place}: {message}" if place else f"{path}: {message}")
        for place, message in issues[:MAX_ISSUES_SHOWN]
    ]
    if len(issues) > MAX_ISSUES_SHOWN:
        more = len(issues) - MAX_ISSUES_SHOWN
        lines.append(f"{path}: … and {more:,} more (the first {MAX_ISSUES_SHOWN} are listed)")
    return _Failure(EXIT_INVALID, "\n".join(lines))


def _csv_text(path: str) -> str:
    """The text of a CSV file no larger than the JSON limit (max_bytes), refused before it is
    read further when larger."""
    limit = int(_core.document_limits()["max_bytes"])
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise _Failure(EXIT_FILE, f"{path}: cannot read: {error.strerror or error}") from error
    if len(raw) > limit:
        raise _Failure(EXIT_INVALID, f"{path}: larger than the limit of {limit:,} bytes; not read")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Failure(EXIT_INVALID, f"{path}: not UTF-8 text (byte {error.start})") from error


def _csv_columns(path: str, text: str) -> list[str]:
    """The names in the header (the first record), refused over MAX_CSV_COLUMNS columns
    before pandas reads the table (10^6 columns took it over a minute)."""
    import csv
    import io

    try:
        header = next(csv.reader(io.StringIO(text)), [])
    except csv.Error as error:
        raise _Failure(EXIT_INVALID, _bounded(f"{path}: unreadable header: {error}")) from error
    if len(header) > MAX_CSV_COLUMNS:
        raise _Failure(
            EXIT_INVALID,
            f"{path}: {len(header):,} columns, more than the limit of {MAX_CSV_COLUMNS:,}; "
            "not read",
        )
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
        message = f"{path}: not a readable {what} CSV file: {error}"
        raise _Failure(EXIT_INVALID, _bounded(message)) from error
    if len(frame) > MAX_CSV_ROWS:
        raise _Failure(
            EXIT_INVALID,
            f"{path}: more than the limit of {MAX_CSV_ROWS:,} rows; not read",
        )
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


def _submission_data(path: str, scheme_spec: str | None) -> tuple[Scheme, list[Any], Note]:
    """The scheme, the submissions and a note (a sample's "about") of a JSON file (a list of
    submissions, or a document with "submissions") or a filled Excel template."""
    if Path(path).suffix.lower() == ".xlsx":
        from . import excel

        given = _scheme(scheme_spec) if scheme_spec else None
        try:
            scheme, documents = excel._read_filled(path, given, ask="--scheme")
        except OSError as error:
            raise _Failure(EXIT_FILE, f"{path}: cannot read: {error.strerror or error}") from error
        except SchemeChoiceError as error:
            raise _Failure(EXIT_INVALID, str(error)) from error
        return scheme, documents, None
    document = _read_json(path)
    submissions = document.get("submissions") if isinstance(document, dict) else document
    if not isinstance(submissions, list) or not all(isinstance(s, dict) for s in submissions):
        raise _Failure(
            EXIT_INVALID, f'{path}: expected a list of submissions or {{"submissions": [...]}}'
        )
    named = [document.get("scheme") if isinstance(document, dict) else None]
    scheme = _chosen_scheme(scheme_spec, named + [s.get("scheme") for s in submissions], path)
    note = document.get("about") if isinstance(document, dict) else None
    return scheme, submissions, _note(note)


def _grade_data(args: argparse.Namespace) -> tuple[Scheme, Cohort, Note]:
    """The scheme, the graded cohort and a note (a sample's "about") for DATA. Every region's
    full result is kept only when something shows each one (a report within its detail limit,
    --xlsx, --json); otherwise the cohort holds a small summary per region."""
    from . import report
    from ._cohort import grade_cohort

    path = args.data
    try:
        if Path(path).suffix.lower() == ".csv":
            from .batch import check_frame
            from .frame import frame_submissions

            scheme = _scheme(args.scheme or "cn-2013")
            frame = _read_csv(path, "table")
            incidents = _read_csv(args.incidents, "incidents") if args.incidents else None
            # The door of qa.assess_frame: every problem of the table at once, by row and
            # column. Only a table that passed is shaped into the documents each region's
            # full Result (explanations, findings) is made from.
            check_frame(scheme, frame, incidents, args.year)
            submissions: Sequence[Any] = frame_submissions(
                scheme, frame, incidents, args.year
            ).documents
            note = None
        else:
            scheme, submissions, note = _submission_data(path, args.scheme)
        keep = bool(args.xlsx or args.json) or len(submissions) <= report.DETAIL_LIMIT
        nodes = report.chart_nodes(scheme)
        cohort = grade_cohort(scheme, submissions, nodes=nodes, keep=keep)
        return scheme, cohort, note
    except InputError as error:
        raise _invalid_data(path, error) from error


def _write_results_json(path: str, scheme: Scheme, results: Sequence[Result]) -> None:
    """Every region's Result JSON, written as it is made (``{"scheme", "results": [...]}``)."""
    from ._files import write_text_chunks

    def chunks() -> Iterator[str]:
        yield '{\n  "scheme": ' + json.dumps(scheme.id, ensure_ascii=False) + ',\n  "results": ['
        for index, result in enumerate(results):
            yield ("," if index else "") + "\n" + result.to_json(2)
        yield "\n  ]\n}\n"

    try:
        write_text_chunks(path, chunks())
    except OSError as error:
        raise _Failure(EXIT_FILE, f"{path}: cannot write: {error.strerror or error}") from error


# ---- one level of the region hierarchy (Art. 10) --------------------------------------------

_LEVEL_BELOW = {"province": "prefecture", "prefecture": "county"}


def _regions(path: str) -> Regions:
    try:
        return Regions.load(path)
    except OSError as error:
        raise _Failure(EXIT_FILE, f"{path}: cannot read: {error.strerror or error}") from error
    except InputError as error:
        raise _invalid_data(path, error) from error


def _level_of(submissions: Sequence[Any], regions: Regions, path: str) -> str:
    """The one level the submissions' regions are at, when --level is not given."""
    levels = set()
    for submission in submissions:
        code = submission.get("region", {}).get("code") if isinstance(submission, dict) else None
        if isinstance(code, str) and code in regions:
            levels.add(regions.level(code))
    if len(levels) != 1:
        raise _Failure(
            EXIT_USAGE, f"{path}: regions at {len(levels)} levels in the region file: give --level"
        )
    return str(levels.pop())


def _grade_level(args: argparse.Namespace) -> tuple[Scheme, LevelResults, LevelResults | None]:
    """DATA's regions at --level under --under, with --lower (the level below) graded first
    for the points the scheme takes from it."""
    for path in (args.data, args.lower):
        if path and Path(path).suffix.lower() == ".csv":
            raise _Failure(
                EXIT_USAGE, f"{path}: with --regions, give submissions as JSON or a filled .xlsx"
            )
    regions = _regions(args.regions)
    scheme, submissions, _ = _submission_data(args.data, args.scheme)
    level = args.level or _level_of(submissions, regions, args.data)
    lower = None
    if args.lower:
        below = _LEVEL_BELOW.get(level)
        if below is None:
            raise _Failure(EXIT_USAGE, f"--lower: there is no level below {level}")
        lower_scheme, lower_submissions, _ = _submission_data(args.lower, args.lower_scheme)
        try:
            lower = assess_level(
                lower_scheme, lower_submissions, regions, level=below, under=args.under
            )
        except InputError as error:
            raise _invalid_data(args.lower, error) from error
    try:
        results = assess_level(
            scheme, submissions, regions, level=level, under=args.under, lower=lower
        )
    except InputError as error:
        raise _invalid_data(args.data, error) from error
    return scheme, results, lower


def _print_rollup(output: Output, frame: Any, lang: str) -> None:
    """A roll-up (qa.roll_up's frame), one row per region of the level above."""
    table = rollup_table(frame, lang)
    output.table(table.headers, table.rows, table.right, title=table.title)


def _cmd_grade(args: argparse.Namespace) -> int:
    from . import report

    hierarchy = args.regions is not None
    if not hierarchy and (args.level or args.under or args.lower):
        raise _Failure(EXIT_USAGE, "--level, --under and --lower need --regions (the region file)")
    output = Output()
    lower: LevelResults | None = None
    level: LevelResults | None = None
    with output.progress("assessing" if args.lang == "en" else "评分", 1) as advance:
        if hierarchy:
            scheme, level, lower = _grade_level(args)
            cohort = Cohort.of(scheme, level, report.chart_nodes(scheme))
            note = None
        else:
            scheme, cohort, note = _grade_data(args)
        advance()
    if not len(cohort):
        raise _Failure(EXIT_INVALID, f"{args.data}: no submissions")
    summaries = cohort.summaries
    rollups = []
    if lower is not None:
        rollups.append(lower.roll_up())
        _print_rollup(output, rollups[-1], args.lang)
    years = ", ".join(sorted({str(r.year) for r in summaries}))
    title = f"{scheme.id} · {years} ({len(summaries)})"
    _print_ranking(output, summaries, args.lang, title, scheme.grades)
    output.line(_grade_counts(summaries, scheme.grades))
    if level is not None and level.level != "province":
        rollups.append(level.roll_up())
        _print_rollup(output, rollups[-1], args.lang)
    detail = len(cohort) if len(cohort) <= report.DETAIL_LIMIT else 0
    with output.progress("report" if args.lang == "en" else "生成报告", detail) as advance:
        try:
            # Written as it is rendered: the report is never held whole in memory.
            report.write_report(
                cohort, args.out, args.lang, note=note, on_region=advance, rollups=rollups
            )
        except OSError as error:
            raise _Failure(
                EXIT_FILE, f"{args.out}: cannot write: {error.strerror or error}"
            ) from error
    output.line(f"report written to {args.out}")
    if args.xlsx or args.json:
        results = cohort.results
        assert results is not None  # kept for these (_grade_data)
        if args.json:
            _write_results_json(args.json, scheme, results)
            output.line(f"results written to {args.json}")
        if args.xlsx:
            from . import excel

            try:
                excel.write_results(results, args.xlsx, args.lang, rollups=rollups)
            except OSError as error:
                raise _Failure(
                    EXIT_FILE, f"{args.xlsx}: cannot write: {error.strerror or error}"
                ) from error
            output.line(f"results workbook written to {args.xlsx}")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qualityassess",
        description="Assess regional governments' quality work (国办发〔2013〕47号).",
        epilog="Exit codes: 0 ok, 1 invalid scheme or submission, 2 wrong usage, 3 file error.",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the output")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    schemes = verbs.add_parser("schemes", help="list the built-in schemes")
    schemes.set_defaults(run=_cmd_schemes)

    validate = verbs.add_parser("validate", help="check a scheme document, naming every problem")
    validate.add_argument("scheme", metavar="SCHEME.json")
    validate.set_defaults(run=_cmd_validate)

    diff_verb = verbs.add_parser(
        "diff",
        help="list every change from one scheme to another",
        description="List every change from BASE to DERIVED (e.g. a province's scheme adapted "
        "from the national one, Art. 10): header, nodes, grading, conditions, ... Exit 0 "
        "whether or not they differ.",
    )
    diff_verb.add_argument("base", metavar="BASE", help="built-in id or scheme file")
    diff_verb.add_argument("derived", metavar="DERIVED", help="built-in id or scheme file")
    diff_verb.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff_verb.add_argument(
        "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="language of the output"
    )
    diff_verb.set_defaults(run=_cmd_diff)

    assess_verb = verbs.add_parser("assess", help="assess one submission")
    assess_verb.add_argument("submission", metavar="SUBMISSION.json")
    assess_verb.add_argument(
        "--scheme",
        help="built-in id or scheme file (default: the built-in scheme the submission names "
        "by id, else cn-2013)",
    )
    assess_verb.add_argument("--json", action="store_true", help="print the Result JSON")
    assess_verb.set_defaults(run=_cmd_assess)

    demo = verbs.add_parser("demo", help="grade the bundled synthetic sample of the 31 provinces")
    demo.add_argument("--year", type=int, default=2019, choices=[2018, 2019])
    demo.add_argument(
        "--out", default="qualityassess-demo-results.json", help="where to write the results"
    )
    demo.set_defaults(run=_cmd_demo)

    grade = verbs.add_parser(
        "grade",
        help="grade many regions and write an HTML report",
        description="Grade the regions in DATA and write one self-contained HTML report. DATA "
        "is JSON (a list of submissions, or a document with 'submissions'), CSV (the "
        "assess_frame layout: region, name, year, <point>.target, <point>.self, "
        "<point>.verified; row N is line N of the file) or a filled Excel template (.xlsx).",
    )
    grade.add_argument("data", metavar="DATA", help="submissions: .json, .csv or .xlsx")
    grade.add_argument(
        "--scheme",
        help="built-in id or scheme file (default: the built-in scheme the data names by id, "
        "else cn-2013; a file the data names is never opened)",
    )
    grade.add_argument("--out", default="qualityassess-report.html", help="the HTML report")
    grade.add_argument("--incidents", metavar="CSV", help="incidents for CSV data")
    grade.add_argument("--year", type=int, help="assessment year for CSV data without 'year'")
    grade.add_argument("--xlsx", metavar="PATH", help="also write the results as a workbook")
    grade.add_argument(
        "--json", metavar="PATH", help="also write every region's Result JSON ('-': stdout)"
    )
    grade.add_argument(
        "--regions",
        metavar="FILE",
        help="region file (.json or .csv, docs/regions.md): grade one level of the hierarchy "
        "and print its roll-up to the level above (Art. 10)",
    )
    grade.add_argument(
        "--level",
        choices=["province", "prefecture", "county"],
        help="the level graded (default: the level of DATA's regions)",
    )
    grade.add_argument("--under", metavar="CODE", help="only the regions under this one")
    grade.add_argument(
        "--lower",
        metavar="DATA",
        help="submissions of the level below, graded first for points the scheme takes from "
        "them (from_lower_level)",
    )
    grade.add_argument(
        "--lower-scheme", help="scheme of the level below (default: the built-in one it names)"
    )
    grade.set_defaults(run=_cmd_grade)

    for sub in (schemes, validate, assess_verb, demo, grade):
        sub.add_argument(
            "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="language of the output"
        )
    from . import campaign_cli  # imported here: it uses this module's helpers

    campaign_cli.register(verbs)
    return parser


def _discard_stdout() -> None:
    """Point standard output at /dev/null once writing to it failed: what could not be written
    stays in its buffer, and Python would try again at exit and fail with "Exception ignored"
    and status 120."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by a test's capture: nothing to do
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _flush_stdout() -> int | None:
    """Flush what the verb printed while its failure can still be reported: a full device
    (``> /dev/full``) is one line and exit 3; a reader that went away (``| head -1``) ends the
    command quietly, as other command-line tools do. None when all was written."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_OK
    except OSError as error:
        _discard_stdout()
        print(f"qualityassess: standard output: {error.strerror or error}", file=sys.stderr)
        return EXIT_FILE
    return None


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except _Failure as failure:
        print(f"qualityassess: {failure}", file=sys.stderr)
        return failure.code
    except (SchemeError, InputError) as error:
        print(f"qualityassess: {_one_line(error)}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as other command-line tools do.
        _discard_stdout()
        return EXIT_OK
    except OSError as error:
        # Standard output that cannot be written (a full device) says so itself.
        failed = _flush_stdout() if error.filename is None else None
        if failed is not None:
            return failed
        # A file that cannot be read or written (a full disk, a folder that is not there, no
        # permission): one line naming it, never a traceback.
        where = f"{error.filename}: " if error.filename else ""
        print(f"qualityassess: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_FILE


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code (docs above). Standard output is flushed before the code
    is returned, so that output lost to a full device is an error, not a success."""
    try:
        code = _run(argv)
    except SystemExit:  # argparse printed --help (0) or a usage error (2)
        failed = _flush_stdout()
        if failed:
            raise SystemExit(failed) from None
        raise
    failed = _flush_stdout()
    return code if failed is None or code != EXIT_OK else failed


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
