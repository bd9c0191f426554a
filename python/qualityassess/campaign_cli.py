"""``qualityassess campaign ...``: the assessment year from the command line.

Every verb opens the campaign file, records one step (or reads), and exits; a refused step
prints one line saying why and exits 1, leaving the file as it was."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import _text_table
from ._errors import InputError
from .campaign import Campaign


def _cli() -> Any:
    from . import cli  # imported late: cli imports this module while building its parser

    return cli


def _documents(path: str) -> list[dict[str, Any]]:
    """Submissions from a JSON file (one submission, a list, or a document with
    "submissions") or from a filled Excel template."""
    if path.endswith(".xlsx"):
        from .excel import read_submissions

        return [dict(s) for s in read_submissions(path)]
    document = _cli()._read_json(path)
    if isinstance(document, dict) and "submissions" in document:
        document = document["submissions"]
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list) or not all(isinstance(d, dict) for d in document):
        raise _cli()._Failure(
            _cli().EXIT_INVALID, f"{path}: expected a submission or a list of them"
        )
    return document


def _each_region(args: argparse.Namespace) -> Iterator[tuple[str, dict[str, Any]]]:
    for document in _documents(args.submissions):
        code = args.region or (document.get("region") or {}).get("code")
        if not code:
            raise _cli()._Failure(
                _cli().EXIT_INVALID, f"{args.submissions}: no region code; give --region"
            )
        yield str(code), document


def _open(args: argparse.Namespace) -> Campaign:
    try:
        return Campaign.open(args.campaign)
    except FileNotFoundError as error:
        raise _cli()._Failure(_cli().EXIT_FILE, str(error)) from error


def _filed(document: dict[str, Any], step: str, fallback: str | None) -> str | None:
    return fallback or (document.get("filed") or {}).get(step)


def _cmd_init(args: argparse.Namespace) -> int:
    source = _cli()._read_json(args.regions)
    if isinstance(source, dict) and "submissions" in source:
        submissions = source["submissions"]
        if not isinstance(submissions, list) or not all(isinstance(s, dict) for s in submissions):
            raise _cli()._Failure(
                _cli().EXIT_INVALID, f"{args.regions}: 'submissions' must be a list of objects"
            )
        regions = [s.get("region") for s in submissions]
    elif isinstance(source, dict) and "regions" in source:
        regions = source["regions"]
    else:
        regions = source
    if not isinstance(regions, list):
        raise _cli()._Failure(
            _cli().EXIT_INVALID, f"{args.regions}: expected a list of regions or submissions"
        )
    try:
        campaign = Campaign.create(
            args.campaign,
            args.scheme,
            args.year,
            regions,
            title=args.title,
            date=args.date,
            actor=args.actor,
        )
    except FileExistsError as error:
        raise _cli()._Failure(_cli().EXIT_FILE, str(error)) from error
    print(f"{campaign.path}: campaign for {campaign.year} with {len(campaign.regions)} regions")
    return 0


def _cmd_file_targets(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        for code, document in _each_region(args):
            date = _filed(document, "targets", args.date)
            campaign.file_targets(code, document.get("targets", {}), date=date, actor=args.actor)
            print(f"{code}: targets filed")
    return 0


def _cmd_self_eval(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        for code, document in _each_region(args):
            date = _filed(document, "self_evaluation", args.date)
            values = document.get("self_evaluation", {})
            incidents = document.get("incidents", [])
            campaign.self_evaluate(code, values, incidents, date=date, actor=args.actor)
            print(f"{code}: self-evaluation received")
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        plan = campaign.plan_verification(
            rule=args.rule,
            share=args.share,
            points=args.points,
            seed=args.seed,
            regions=args.regions.split(",") if args.regions else None,
            date=args.date,
            actor=args.actor,
        )
    for selected in plan["selected"]:
        print(
            f"{selected['region']}\t{selected['risk_weight']:.2f}\t{', '.join(selected['points'])}"
        )
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        for code, document in _each_region(args):
            campaign.verify(
                code,
                document.get("verification", {}),
                evidence=document.get("evidence"),
                incidents=document.get("incidents", []),
                date=args.date,
                actor=args.actor,
            )
            print(f"{code}: verification recorded")
    return 0


def _lower_level(args: argparse.Namespace, campaign: Campaign) -> dict[str, Any]:
    """``lower`` and ``regions`` for Campaign.assess (Art. 10): the level below the campaign's
    regions, graded from --lower under their common parent."""
    cli = _cli()
    if args.lower is None and args.regions is None:
        return {}
    if args.lower is None or args.regions is None:
        raise cli._Failure(cli.EXIT_USAGE, "--lower and --regions go together")
    from .cascade import assess_level

    regions = cli._regions(args.regions)
    codes = campaign.regions
    try:
        level = regions.level(codes[0])
        parents = {regions[code].parent for code in codes if code in regions}
    except InputError as error:
        raise cli._invalid_data(args.regions, error) from error
    below = cli._LEVEL_BELOW.get(level)
    if below is None:
        raise cli._Failure(cli.EXIT_USAGE, f"--lower: there is no level below {level}")
    scheme, submissions, _ = cli._submission_data(args.lower, args.lower_scheme)
    under = parents.pop() if len(parents) == 1 else None
    try:
        lower = assess_level(scheme, submissions, regions, level=below, under=under or None)
    except InputError as error:
        raise cli._invalid_data(args.lower, error) from error
    return {"lower": lower, "regions": regions}


def _cmd_assess(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        results = campaign.assess(date=args.date, actor=args.actor, **_lower_level(args, campaign))
    print(_cli()._ranking(results, args.lang))
    return 0


def _cmd_approve(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        campaign.approve(date=args.date, actor=args.actor)
        print(f"{campaign.path}: approved")
    return 0


def _write_or_print(text: str, out: str | None) -> None:
    if out is None:
        print(text, end="")
        return
    target = Path(out)
    staging = target.with_name(f".{target.name}.tmp")
    staging.write_text(text, encoding="utf-8")
    staging.replace(target)
    print(f"written to {target}")


def _cmd_announce(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        campaign.announce(date=args.date, actor=args.actor)
        _write_or_print(campaign.notice("announcement", args.lang), args.out)
    return 0


def _cmd_notice(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        _write_or_print(campaign.notice(args.kind, args.lang), args.out)
    return 0


def _cmd_rectification(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        campaign.receive_rectification(
            args.region, summary=args.summary, date=args.date, actor=args.actor
        )
        print(f"{args.region}: rectification report received")
    return 0


def _cmd_interview(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        campaign.interview(
            args.region,
            reason=args.reason,
            insufficient=args.insufficient,
            date=args.date,
            actor=args.actor,
        )
        print(f"{args.region}: interview recorded")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        statuses = campaign.status(as_of=args.as_of)
        print(f"{campaign.path}: {campaign.year}, phase {campaign.phase}")
    zh = args.lang == "zh"
    headers = (
        ["代码", "地区", "阶段", "等级", "整改期限", "逾期"]
        if zh
        else ["code", "region", "stage", "grade", "report due", "overdue"]
    )
    rows = [
        [
            s["region"],
            s["name"],
            s["stage"],
            s["grade"] or "",
            s["rectification_due"] or "",
            (f"{s['days_overdue']} 天" if zh else f"{s['days_overdue']} days")
            if s["rectification_overdue"]
            else "",
        ]
        for s in statuses
    ]
    print(_text_table.render(headers, rows, [False] * 6))
    return 0


def _cmd_history(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        for entry in campaign.history(args.region):
            region = entry["region"] or "-"
            print(
                f"{entry['seq']}\t{entry['recorded_at']}\t{entry['date']}\t{entry['actor']}\t{entry['type']}\t{region}"
            )
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        campaign.export_json(args.out)
    print(f"written to {args.out}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    document = _cli()._read_json(args.export)
    try:
        campaign = Campaign.import_(args.campaign, document)
    except FileExistsError as error:
        raise _cli()._Failure(_cli().EXIT_FILE, str(error)) from error
    print(f"{campaign.path}: {len(campaign.history())} steps imported, phase {campaign.phase}")
    campaign.close()
    return 0


def register(verbs: Any) -> argparse.ArgumentParser:
    """Add ``campaign`` and its verbs to the top-level parser's verbs."""
    campaign: argparse.ArgumentParser = verbs.add_parser(
        "campaign", help="run an assessment year kept in a campaign file"
    )
    steps = campaign.add_subparsers(dest="step", required=True, metavar="STEP")

    def step(
        name: str, run: Any, help_text: str, *, region_step: bool = False
    ) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = steps.add_parser(name, help=help_text)
        parser.add_argument("campaign", metavar="CAMPAIGN.qa")
        parser.add_argument(
            "--date", help="the date the step counts as taken (YYYY-MM-DD; default today)"
        )
        parser.add_argument(
            "--actor", default="", help="who takes the step (recorded in the journal)"
        )
        parser.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        if region_step:
            parser.add_argument("--region", required=True, help="region code")
        parser.set_defaults(run=run)
        return parser

    init = step("init", _cmd_init, "create a campaign file")
    init.add_argument(
        "--year", type=int, required=True, help="assessment year (1 July YEAR - 30 June YEAR+1)"
    )
    init.add_argument("--scheme", default="cn-2013", help="built-in id or scheme file")
    init.add_argument(
        "--regions", required=True, help="JSON: a list of {code, name}, or a sample document"
    )
    init.add_argument("--title", default="")

    for name, run, help_text in (
        (
            "file-targets",
            _cmd_file_targets,
            "record targets (Art. 6.1) from submission JSON or xlsx",
        ),
        (
            "self-eval",
            _cmd_self_eval,
            "record self-evaluations (Art. 6.2) from submission JSON or xlsx",
        ),
        ("verify", _cmd_verify, "record verified values, evidence and found incidents (Art. 6.3)"),
    ):
        parser = step(name, run, help_text)
        parser.add_argument(
            "submissions", metavar="SUBMISSIONS", help="one submission, a list, or .xlsx"
        )
        parser.add_argument("--region", help="region code when the file does not say")

    plan = step(
        "plan-verification", _cmd_plan, "choose regions and points to verify on site (Art. 6.3)"
    )
    plan.add_argument("--rule", choices=["all", "share", "risk", "manual"], default="risk")
    plan.add_argument("--share", type=float, default=0.3)
    plan.add_argument("--points", type=int, default=0, help="points per region (0: every point)")
    plan.add_argument("--seed", type=int, default=0)
    plan.add_argument("--regions", help="comma-separated codes, for --rule manual")

    assess = step("assess", _cmd_assess, "the comprehensive assessment (Art. 6.4)")
    assess.add_argument(
        "--lower",
        metavar="DATA",
        help="submissions of the level below (Art. 10), graded first, for the points the "
        "scheme takes from them; needs --regions",
    )
    assess.add_argument("--lower-scheme", help="scheme of the level below (default: DATA's own)")
    assess.add_argument("--regions", metavar="FILE", help="the region file (docs/regions.md)")
    step("approve", _cmd_approve, "approval of the results (Art. 6.5)")
    announce = step(
        "announce", _cmd_announce, "the public announcement (Art. 6.5); prints the notice"
    )
    announce.add_argument("--out", help="write the notice to this file")

    notice = step(
        "notice", _cmd_notice, "print a notice: announcement, criticism (Art. 9), cadre (Art. 8)"
    )
    notice.add_argument(
        "--kind", choices=["announcement", "criticism", "cadre"], default="announcement"
    )
    notice.add_argument("--out", help="write the notice to this file")

    rectification = step(
        "rectification",
        _cmd_rectification,
        "a grade-D rectification report arrived (Art. 7)",
        region_step=True,
    )
    rectification.add_argument("--summary", default="")
    interview = step(
        "interview", _cmd_interview, "an interview with a grade-D region (Art. 7)", region_step=True
    )
    interview.add_argument("--reason", default="")
    interview.add_argument(
        "--insufficient", action="store_true", help="the report received falls short"
    )

    status = step("status", _cmd_status, "each region's stage, grade and grade-D follow-up")
    status.add_argument(
        "--as-of", dest="as_of", help="date to judge overdue reports by (default today)"
    )
    history = step("history", _cmd_history, "the journal of steps")
    history.add_argument("--region", help="only this region's steps (and campaign-wide ones)")
    export = step("export", _cmd_export, "the whole campaign as one JSON document")
    export.add_argument("out", metavar="OUT.json")

    importer = steps.add_parser("import", help="a new campaign file from an exported JSON document")
    importer.add_argument("export", metavar="EXPORT.json")
    importer.add_argument("campaign", metavar="CAMPAIGN.qa")
    importer.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    importer.set_defaults(run=_cmd_import)
    return campaign


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_cli().main(["campaign", *sys.argv[1:]]))
