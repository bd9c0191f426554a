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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import _core, _text_table
from ._console import Output
from ._errors import InputError, SchemeError, issues_of
from .assessment import Result, Results, assess, assess_many
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
    # Without --scheme, the submission's own "scheme" field says which scheme it was made for.
    named = document.get("scheme") if isinstance(document, dict) else None
    if args.scheme is None and isinstance(named, str) and named not in builtin_schemes():
        raise _Failure(
            EXIT_INVALID,
            f"{args.submission}: the submission is for scheme {named!r}, which is not built in: "
            "give its file with --scheme",
        )
    scheme = _scheme(args.scheme or (named if isinstance(named, str) else "cn-2013"))
    try:
        result = assess(scheme, document)
    except InputError as error:
        raise _Failure(EXIT_INVALID, f"{args.submission}: {_one_line(error)}") from error
    if args.json:
        print(result.to_json())
    else:
        print(result.explain(args.lang))
    return EXIT_OK


def _ranking_rows(results: Sequence[Result], lang: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the ranking: by grade, then total (``Results.ranking``)."""
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
        for rank, result in ranked(results)
    ]
    return headers, rows


_RANKING_RIGHT = [True, False, False, True, False, False]


def _ranking(results: Sequence[Result], lang: str) -> str:
    """The ranking as plain text."""
    headers, rows = _ranking_rows(results, lang)
    return _text_table.render(headers, rows, _RANKING_RIGHT)


def _print_ranking(output: Output, results: Sequence[Result], lang: str, title: str) -> None:
    headers, rows = _ranking_rows(results, lang)
    output.table(headers, rows, _RANKING_RIGHT, title=title)


def _grade_counts(results: Sequence[Result], grades: Sequence[str]) -> str:
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


def _invalid_data(path: str, error: ValueError) -> _Failure:
    """Every problem of the data, one per line, each naming its place."""
    issues = issues_of(error)
    lines = [f"{path}: invalid data, {len(issues)} problem(s):"]
    lines += [
        f"{path}: {place}: {message}" if place else f"{path}: {message}"
        for place, message in issues
    ]
    return _Failure(EXIT_INVALID, "\n".join(lines))


def _read_csv(path: str, what: str) -> Any:
    """A CSV file as a DataFrame whose index is the file's line number (the header is line 1),
    so that errors say "row 7" for line 7. Region codes and ids stay text."""
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype={"region": str, "id": str, "name": str}, encoding="utf-8")
    except OSError as error:
        raise _Failure(EXIT_FILE, f"{path}: cannot read: {error.strerror or error}") from error
    except (UnicodeDecodeError, ValueError) as error:
        raise _Failure(EXIT_INVALID, f"{path}: not a readable {what} CSV file: {error}") from error
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


def _submission_data(path: str, scheme_spec: str | None) -> tuple[Scheme, list[Any], str | None]:
    """The scheme, the submissions and a note (a sample's "about") of a JSON file (a list of
    submissions, or a document with "submissions") or a filled Excel template."""
    if Path(path).suffix.lower() == ".xlsx":
        from . import excel

        if not Path(path).is_file():
            raise _Failure(EXIT_FILE, f"{path}: cannot read: no such file")
        scheme = _scheme(scheme_spec) if scheme_spec else excel.read_scheme(path)
        return scheme, list(excel.read_submissions(path, scheme)), None
    document = _read_json(path)
    submissions = document.get("submissions") if isinstance(document, dict) else document
    if not isinstance(submissions, list) or not all(isinstance(s, dict) for s in submissions):
        raise _Failure(
            EXIT_INVALID, f'{path}: expected a list of submissions or {{"submissions": [...]}}'
        )
    named = document.get("scheme") if isinstance(document, dict) else None
    named = named or next((s.get("scheme") for s in submissions if s.get("scheme")), None)
    scheme = _scheme(scheme_spec or (named if isinstance(named, str) else "cn-2013"))
    note = document.get("about") if isinstance(document, dict) else None
    return scheme, submissions, note if isinstance(note, str) else None


def _grade_data(args: argparse.Namespace) -> tuple[Scheme, Results, str | None]:
    """The scheme, the assessed results and a note (a sample's "about") for DATA."""
    path = args.data
    try:
        if Path(path).suffix.lower() == ".csv":
            from .frame import frame_submissions

            scheme = _scheme(args.scheme or "cn-2013")
            frame = _read_csv(path, "table")
            incidents = _read_csv(args.incidents, "incidents") if args.incidents else None
            batch = frame_submissions(scheme, frame, incidents, args.year)
            return scheme, batch.assess(scheme), None
        scheme, submissions, note = _submission_data(path, args.scheme)
        return scheme, assess_many(scheme, submissions), note
    except InputError as error:
        raise _invalid_data(path, error) from error


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
    results: Results
    with output.progress("assessing" if args.lang == "en" else "评分", 1) as advance:
        if hierarchy:
            scheme, results, lower = _grade_level(args)
            note = None
        else:
            scheme, results, note = _grade_data(args)
        advance()
    if not results:
        raise _Failure(EXIT_INVALID, f"{args.data}: no submissions")
    rollups = []
    if lower is not None:
        rollups.append(lower.roll_up())
        _print_rollup(output, rollups[-1], args.lang)
    title = f"{scheme.id} · {', '.join(sorted({str(r.year) for r in results}))} ({len(results)})"
    _print_ranking(output, results, args.lang, title)
    output.line(_grade_counts(results, scheme.grades))
    if isinstance(results, LevelResults) and results.level != "province":
        rollups.append(results.roll_up())
        _print_rollup(output, rollups[-1], args.lang)
    with output.progress("report" if args.lang == "en" else "生成报告", len(results)) as advance:
        html = report.render_report(
            results, args.lang, note=note, on_region=advance, rollups=rollups
        )
    _write_text(Path(args.out), html)
    output.line(f"report written to {args.out}")
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
        help="built-in id or scheme file (default: the submission's own 'scheme', else cn-2013)",
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
        help="built-in id or scheme file (default: the data's own scheme, else cn-2013)",
    )
    grade.add_argument("--out", default="qualityassess-report.html", help="the HTML report")
    grade.add_argument("--incidents", metavar="CSV", help="incidents for CSV data")
    grade.add_argument("--year", type=int, help="assessment year for CSV data without 'year'")
    grade.add_argument("--xlsx", metavar="PATH", help="also write the results as a workbook")
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
        "--lower-scheme", help="scheme of the level below (default: that data's own scheme)"
    )
    grade.set_defaults(run=_cmd_grade)

    for sub in (schemes, validate, assess_verb, demo, grade):
        sub.add_argument(
            "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="language of the output"
        )
    from . import campaign_cli  # imported here: it uses this module's helpers

    campaign_cli.register(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        # A file that cannot be read or written (a full disk, a folder that is not there, no
        # permission): one line naming it, never a traceback.
        where = f"{error.filename}: " if error.filename else ""
        print(f"qualityassess: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_FILE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
