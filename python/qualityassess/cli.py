"""The ``qualityassess`` command.

Exit codes: 0 success; 1 the input was read but is invalid (a scheme or submission error,
each problem named with its path); 2 wrong usage (unknown verb or option); 3 a file could not
be read or written."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import _text_table
from ._errors import InputError, SchemeError
from .assessment import Result, assess, assess_many
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


def _read_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise _Failure(EXIT_FILE, f"{path}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise _Failure(EXIT_INVALID, f"{path}: not UTF-8 text (byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise _Failure(
            EXIT_INVALID,
            f"{path}: not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}",
        ) from error


def _scheme(spec: str) -> Scheme:
    if spec in builtin_schemes():
        return Scheme.builtin(spec)
    return Scheme.from_json(_read_json(spec))


def _one_line(error: ValueError) -> str:
    return " ".join(str(error).split("\n  ")).replace("\n", " ")


def _cmd_schemes(args: argparse.Namespace) -> int:
    for scheme_id in builtin_schemes():
        scheme = Scheme.builtin(scheme_id)
        name = scheme.name["zh" if args.lang == "zh" else "en"]
        print(f"{scheme_id}\t{name}\t{len(scheme.leaf_ids)} points, max {scheme.max_total:g}")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    try:
        scheme = Scheme.from_json(_read_json(args.scheme))
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


def _cmd_assess(args: argparse.Namespace) -> int:
    document = _read_json(args.submission)
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


def _ranking(results: Sequence[Result], lang: str) -> str:
    order = sorted(results, key=lambda r: (-r.total, r.region_code))
    zh = lang == "zh"
    headers = (
        ["名次", "代码", "地区", "总分", "等级", "否决"]
        if zh
        else ["rank", "code", "region", "total", "grade", "veto"]
    )
    rows, rank, previous = [], 0, None
    for position, result in enumerate(order, start=1):
        if result.total != previous:
            rank, previous = position, result.total
        veto = ("是" if zh else "yes") if result.vetoed else ""
        rows.append(
            [
                str(rank),
                result.region_code,
                result.region_name,
                f"{result.total:.2f}",
                result.grade,
                veto,
            ]
        )
    return _text_table.render(headers, rows, [True, False, False, True, False, False])


def _grade_counts(results: Sequence[Result], grades: Sequence[str]) -> str:
    counts = {grade: 0 for grade in grades}
    for result in results:
        counts[result.grade] += 1
    return "  ".join(f"{grade}: {count}" for grade, count in counts.items())


def _cmd_demo(args: argparse.Namespace) -> int:
    sample = load_sample(args.year)
    scheme = Scheme.builtin(sample["scheme"])
    results = assess_many(scheme, sample["submissions"])
    title = "synthetic sample" if args.lang == "en" else "合成样例数据"
    print(f"{scheme.id} · {sample['year']} · {title} ({len(results)})")
    print(_ranking(results, args.lang))
    print(_grade_counts(results, scheme.grades))
    out = Path(args.out)
    document = {"about": sample["about"], "results": [r.to_dict() for r in results]}
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(out)  # never leave a half-written results file behind
    except OSError as error:
        raise _Failure(EXIT_FILE, f"{out}: cannot write: {error.strerror or error}") from error
    print(f"results written to {out}")
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

    for sub in (schemes, validate, assess_verb, demo):
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
