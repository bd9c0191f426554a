"""The ``grade`` verb: many regions from JSON, CSV or a filled workbook graded into one HTML
report (and the results workbook and JSON), or one level of the region hierarchy with its
roll-up to the level above (Art. 10)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .._console import Output, Step
from .._errors import InputError
from .._i18n import Lang
from ..assessment import Result
from ..cascade import LevelResults, assess_level
from ..io._cohort import Cohort
from ..io.regions import Level, Regions, rollup_table
from ..scheme import Scheme
from ._common import (
    _LEVEL_BELOW,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Note,
    _cannot,
    _Failure,
    _grade_counts,
    _invalid_data,
    _no_level_below,
    _print_ranking,
    _read_csv,
    _regions,
    _scheme,
    _submission_data,
    _written,
)
from ._messages import say
from ._vocabulary import Old, renamed

# What `grade` writes, by the suffix of --out; a name with no suffix (or "-") is the report.
DEFAULT_REPORT = "qualityassess-report.html"
_SUFFIXES = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".json": "json"}


def _outputs(args: argparse.Namespace) -> dict[str, str]:
    """The files to write by format ("html", "xlsx", "json"): each --out by its suffix, and
    the old --xlsx / --json. Without --out the report goes to DEFAULT_REPORT, as it did beside
    --xlsx and --json."""
    given: list[tuple[str, str, str]] = []  # (format, path, as given)
    for path in args.out or []:
        suffix = "" if path == "-" else Path(path).suffix.lower()
        if suffix and suffix not in _SUFFIXES:
            raise _Failure(EXIT_USAGE, say("not_a_format", path=path, suffix=suffix))
        given.append((_SUFFIXES.get(suffix, "html"), path, f"--out {path}"))
    given += [(kind, path, f"--{kind} {path}") for path, kind in getattr(args, "out_as", [])]
    if not args.out:
        given.insert(0, ("html", DEFAULT_REPORT, ""))
    outputs: dict[str, str] = {}
    first: dict[str, str] = {}
    for kind, path, spelled in given:
        if kind in outputs:
            second = say(f"kind.{kind}")
            raise _Failure(
                EXIT_USAGE, say("second_output", spelled=spelled, kind=second, first=first[kind])
            )
        outputs[kind], first[kind] = path, spelled
    return outputs


# The progress bars' stages, in the language of the output.
_STAGES = {
    "en": {"reading": "reading", "assessing": "assessing", "report": "report"},
    "zh": {"reading": "读取", "assessing": "评分", "report": "生成报告"},
}


def _grade_data(
    args: argparse.Namespace, keep_all: bool, stage: Callable[[str, int | None], Step]
) -> tuple[Scheme, Cohort, Note]:
    """The scheme, the graded cohort and a note (a sample's "about") for DATA. Every region's
    full result is kept only when something shows each one (a report within its detail limit,
    the results workbook or JSON: ``keep_all``); otherwise the cohort holds a small summary
    per region. ``stage`` adds the bars of reading (rows or regions) and assessing (regions)."""
    from .. import report
    from ..io._cohort import grade_cohort

    path = args.data
    words = _STAGES[args.lang]
    reading = stage(words["reading"], None)
    try:
        if Path(path).suffix.lower() == ".csv":
            from ..io.batch import check_frame
            from ..io.frame import frame_submissions

            scheme = _scheme(args.scheme or "cn-2013")
            frame = _read_csv(path, "table")
            # The rows are counted once read; checking and shaping them takes the time.
            reading.total(len(frame))
            incidents = _read_csv(args.incidents, "incidents") if args.incidents else None
            # The door of qa.assess_frame: every problem of the table at once, by row and
            # column. Only a table that passed is shaped into the documents each region's
            # full Result (explanations, findings) is made from.
            check_frame(scheme, frame, incidents, args.year)
            submissions: Sequence[Any] = frame_submissions(
                scheme, frame, incidents, args.year
            ).documents
            note = None
            reading(len(submissions))
        else:
            scheme, submissions, note = _submission_data(path, args.scheme, reading)
        keep = keep_all or len(submissions) <= report.DETAIL_LIMIT
        nodes = report.chart_nodes(scheme)
        assessing = stage(words["assessing"], len(submissions))
        cohort = grade_cohort(scheme, submissions, nodes=nodes, keep=keep, on_assessed=assessing)
        return scheme, cohort, note
    except InputError as error:
        raise _invalid_data(path, error) from error


def _write_results_json(path: str, scheme: Scheme, results: Sequence[Result]) -> None:
    """Every region's Result JSON, written as it is made (``{"scheme", "results": [...]}``)."""
    from .._files import write_text_chunks

    def chunks() -> Iterator[str]:
        yield '{\n  "scheme": ' + json.dumps(scheme.id, ensure_ascii=False) + ',\n  "results": ['
        for index, result in enumerate(results):
            yield ("," if index else "") + "\n" + result.to_json(2)
        yield "\n  ]\n}\n"

    try:
        write_text_chunks(path, chunks())
    except OSError as error:
        raise _cannot("write", path, error) from error


def _level_of(submissions: Sequence[Any], regions: Regions, path: str) -> Level:
    """The one level the submissions' regions are at, when --level is not given."""
    levels: set[Level] = set()
    for submission in submissions:
        code = submission.get("region", {}).get("code") if isinstance(submission, dict) else None
        if isinstance(code, str) and code in regions:
            levels.add(regions.level(code))
    if len(levels) != 1:
        raise _Failure(EXIT_USAGE, say("levels_in_file", path=path, count=len(levels)))
    return levels.pop()


class _Counted(Step):
    """The reading bar of ``files`` files read one after the other, opened by ``open_bar``
    (``stage(description, total)``) only once every file has said how many regions it holds
    (``total``, once per file: a JSON file once parsed, a workbook once its metadata names the
    region sheets), with their sum as its total: the bar never shows a count out of an unknown
    total ("4/?"), nor fills and then grows. Regions read before it opens are held and counted
    when it does."""

    def __init__(self, open_bar: Callable[[int], Step], files: int) -> None:
        self._open = open_bar
        self._files = files
        self._counts: list[int] = []
        self._held = 0
        self._bar: Step | None = None

    def __call__(self, done: int = 1) -> None:
        if self._bar is None:
            self._held += done
        else:
            self._bar(done)

    def total(self, total: int) -> None:
        self._counts.append(total)
        if self._bar is None and len(self._counts) == self._files:
            self._bar = self._open(sum(self._counts))
            if self._held:
                self._bar(self._held)


def _grade_level(
    args: argparse.Namespace, stage: Callable[[str, int | None], Step]
) -> tuple[Scheme, LevelResults, LevelResults | None]:
    """DATA's regions at --level under --under, with --lower (the level below) graded first
    for the points the scheme takes from it. ``stage`` adds the bars of reading and assessing
    (each level is assessed in one call: its bar moves by the level's regions)."""
    for path in (args.data, args.lower):
        if path and Path(path).suffix.lower() == ".csv":
            raise _Failure(EXIT_USAGE, say("hierarchy_data", path=path))
    words = _STAGES[args.lang]
    # DATA is read first (its regions give the level below), then --lower: the bar opens once
    # both counts are known, with their sum (a JSON file's count is known once it is parsed,
    # a workbook's before its region sheets are read, so these still move it one by one).
    reading = _Counted(lambda total: stage(words["reading"], total), 2 if args.lower else 1)
    regions = _regions(args.hierarchy)
    scheme, submissions, _ = _submission_data(args.data, args.scheme, reading)
    level = args.level or _level_of(submissions, regions, args.data)
    lower_data = None
    if args.lower:
        below = _LEVEL_BELOW.get(level)
        if below is None:
            raise _no_level_below(level)
        lower_data = (below, *_submission_data(args.lower, args.lower_scheme, reading)[:2])
    count = len(submissions) + (len(lower_data[2]) if lower_data else 0)
    assessing = stage(words["assessing"], count)
    lower = None
    if lower_data is not None:
        below, lower_scheme, lower_submissions = lower_data
        try:
            lower = assess_level(
                lower_scheme, lower_submissions, regions, level=below, under=args.under
            )
        except InputError as error:
            raise _invalid_data(args.lower, error) from error
        assessing(len(lower_submissions))
    try:
        results = assess_level(
            scheme, submissions, regions, level=level, under=args.under, lower=lower
        )
    except InputError as error:
        raise _invalid_data(args.data, error) from error
    assessing(len(submissions))
    return scheme, results, lower


def _print_rollup(output: Output, frame: Any, lang: Lang) -> None:
    """A roll-up (qa.roll_up's frame), one row per region of the level above."""
    table = rollup_table(frame, lang)
    output.table(table.headers, table.rows, table.right, title=table.title)


def _cmd_grade(args: argparse.Namespace) -> int:
    from .. import report

    hierarchy = args.hierarchy is not None
    if not hierarchy and (args.level or args.under or args.lower):
        raise _Failure(EXIT_USAGE, say("needs_hierarchy"))
    outputs = _outputs(args)
    keep_all = "xlsx" in outputs or "json" in outputs
    output = Output()
    lower: LevelResults | None = None
    level: LevelResults | None = None
    with output.stages() as stage:
        if hierarchy:
            scheme, level, lower = _grade_level(args, stage)
            cohort = Cohort.of(scheme, level, report.chart_nodes(scheme))
            note = None
        else:
            scheme, cohort, note = _grade_data(args, keep_all, stage)
    if not len(cohort):
        raise _Failure(EXIT_INVALID, say("no_submissions", path=args.data))
    summaries = cohort.summaries
    rollups = []
    if lower is not None:
        rollups.append(lower.roll_up())
        _print_rollup(output, rollups[-1], args.lang)
    years = ", ".join(sorted({str(r.year) for r in summaries}))
    title = f"{scheme.id} · {years} ({len(summaries)})"
    _print_ranking(output, summaries, args.lang, title, scheme.grades, scheme)
    output.line(_grade_counts(summaries, scheme.grades))
    if level is not None and level.level != "province":
        rollups.append(level.roll_up())
        _print_rollup(output, rollups[-1], args.lang)
    if "html" in outputs:
        _write_report(output, args, outputs["html"], cohort, note, rollups)
    if keep_all:
        results = cohort.results
        assert results is not None  # kept for these (_grade_data)
        if "json" in outputs:
            _write_results_json(outputs["json"], scheme, results)
            output.line(_written("results", outputs["json"], args.lang))
        if "xlsx" in outputs:
            from ..io import excel

            book = outputs["xlsx"]
            try:
                excel.write_results(results, book, args.lang, rollups=rollups)
            except OSError as error:
                raise _cannot("write", book, error) from error
            output.line(_written("workbook", book, args.lang))
    return EXIT_OK


def _write_report(
    output: Output,
    args: argparse.Namespace,
    path: str,
    cohort: Cohort,
    note: Note,
    rollups: list[Any],
) -> None:
    from .. import report

    detail = len(cohort) if len(cohort) <= report.DETAIL_LIMIT else 0
    with output.progress(_STAGES[args.lang]["report"], detail) as advance:
        try:
            # Written as it is rendered: the report is never held whole in memory.
            report.write_report(
                cohort, path, args.lang, note=note, on_region=advance, rollups=rollups
            )
        except OSError as error:
            raise _cannot("write", path, error) from error
    output.line(_written("report", path, args.lang))


def _written_as(kind: str) -> Any:
    """What the old --xlsx / --json did with PATH: one more file of that format, whatever its
    suffix (--json - wrote the JSON on stdout)."""

    def add(namespace: argparse.Namespace, path: str) -> None:
        namespace.out_as = [*getattr(namespace, "out_as", []), (path, kind)]

    return add


def register(verbs: Any) -> None:
    """Add ``grade`` to the command's verbs."""
    grade = verbs.add_parser(
        "grade",
        help="grade many regions and write an HTML report",
        description="Grade the regions in DATA and write what --out names: one "
        "self-contained HTML report (the default), the results workbook, the Result JSON. DATA "
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
    renamed(
        grade,
        "--out",
        "--xlsx",
        "--json",
        verb="grade",
        old={
            "--xlsx": Old("--xlsx PATH", "--out PATH.xlsx", _written_as("xlsx")),
            "--json": Old("--json PATH", "--out PATH.json", _written_as("json")),
        },
        append=True,
        metavar="PATH",
        help="a file to write, its format from its suffix: .html the report, .xlsx the results "
        "workbook, .json every region's Result JSON ('-': the report on stdout); repeat it "
        f"for several (default: the report, {DEFAULT_REPORT})",
    )
    grade.add_argument("--incidents", metavar="CSV", help="incidents for CSV data")
    grade.add_argument("--year", type=int, help="assessment year for CSV data without 'year'")
    renamed(
        grade,
        "--hierarchy",
        "--regions",
        verb="grade",
        old={"--regions": Old("--regions FILE", "--hierarchy FILE")},
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

    for sub in (grade,):
        sub.add_argument(
            "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="language of the output"
        )
