"""The verbs about schemes: ``schemes`` (the built-in ones), ``validate`` (a scheme document,
every problem named) and ``diff`` (every change from one scheme to another)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._console import Output
from .._errors import SchemeError, issues_of
from ..scheme import Scheme, builtin_schemes
from ._common import EXIT_INVALID, EXIT_OK, _scheme, _scheme_file


def _cmd_schemes(args: argparse.Namespace) -> int:
    rows = []
    for scheme_id in builtin_schemes():
        scheme = Scheme.builtin(scheme_id)
        name = scheme.name["zh" if args.lang == "zh" else "en"]
        rows.append([scheme_id, name, _size(scheme, args.lang)])
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
        # In the command's --lang: the core words a scheme's problems in Chinese too.
        zh = args.lang == "zh"
        issues = issues_of(error, "zh" if zh else "en")
        heading = (
            f"考核方案有误，共 {len(issues)} 个问题："
            if zh
            else f"invalid scheme, {len(issues)} problem(s):"
        )
        print(f"{args.scheme}: {heading}", file=sys.stderr)
        for path, message in issues:
            print(f"{args.scheme}: {path or '/'}: {message}", file=sys.stderr)
        return EXIT_INVALID
    if args.lang == "zh":
        print(f"{args.scheme}: 校验通过：考核方案 {scheme.id!r}，{_size(scheme, 'zh')}")
    else:
        print(f"{args.scheme}: ok: scheme {scheme.id!r}, {_size(scheme, 'en')}")
    return EXIT_OK


def _size(scheme: Scheme, lang: str) -> str:
    """``21 points, max 100`` (``21 个要点，满分 100``): the assessment points a region is
    scored on (the leaves), and how many of them only record a value (informational)."""
    count = len(scheme.leaf_ids)
    noted = sum(1 for node in scheme.nodes() if node.get("informational"))
    if lang == "zh":
        among = f"（其中 {noted} 个仅记录不计分）" if noted else ""
        return f"{count} 个要点{among}，满分 {scheme.max_total:g}"
    among = f" ({noted} informational)" if noted else ""
    return f"{count} point{'' if count == 1 else 's'}{among}, max {scheme.max_total:g}"


def _cmd_diff(args: argparse.Namespace) -> int:
    from ..diff import diff

    changes = diff(_scheme(args.base), _scheme(args.derived))
    print(changes.to_json() if args.json else changes.text(args.lang))
    return EXIT_OK


def register(verbs: Any) -> None:
    """Add ``schemes``, ``validate`` and ``diff`` to the command's verbs."""
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

    for sub in (schemes, validate):
        sub.add_argument(
            "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="language of the output"
        )
