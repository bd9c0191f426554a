"""The verbs of one submission and of the bundled sample: ``assess`` (one region, explained
point by point or as the Result JSON) and ``demo`` (the synthetic 31 provinces)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .._console import Output
from .._errors import InputError
from ..assessment import assess, assess_many
from ..sample import load_sample
from ..scheme import Scheme
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    _chosen_scheme,
    _Failure,
    _grade_counts,
    _one_line,
    _print_ranking,
    _read_json,
    _write_text,
    _written,
)


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
    output.line(_written("results", out, args.lang))
    return EXIT_OK


def register(verbs: Any) -> None:
    """Add ``assess`` and ``demo`` to the command's verbs."""
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

    for sub in (assess_verb, demo):
        sub.add_argument(
            "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="language of the output"
        )
