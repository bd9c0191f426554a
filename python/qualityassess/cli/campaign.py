"""``qualityassess campaign ...``: the assessment year from the command line.

Every verb opens the campaign file, records one step (or reads), and exits; a refused step
prints one line saying why and exits 1, leaving the file as it was. A file with several regions
is recorded all or nothing (``Campaign.transaction``).
(About 1,200 lines: the 22 verbs of ``qualityassess campaign``, each a short function over
``Campaign``, with their argument parser; split by verb family is issue 14's remaining work.)"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import difflib
import functools
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .. import _text_table
from .._errors import InputError
from .._logging import logger
from ..campaign import Campaign
from ..io._scheme_choice import SchemeChoiceError
from ..io._table_problems import Wording
from ..scheme import Scheme
from . import _common
from ._messages import say
from ._vocabulary import Old, exactly_one, renamed, retired


def _invalid(message: str) -> Exception:
    failure: Exception = _common._Failure(_common.EXIT_INVALID, message)
    return failure


@functools.cache
def _submission_keys() -> tuple[str, ...]:
    """The top-level keys a submission may have: the Submission contract's
    (schemas/submission.schema.json), and the filing dates and evidence the core also reads."""
    schema = resources.files("qualityassess").joinpath("schemas", "submission.schema.json")
    properties = json.loads(schema.read_text(encoding="utf-8"))["properties"]
    return (*properties, *(key for key in ("filed", "evidence") if key not in properties))


def _documents(path: str, scheme: Scheme) -> list[dict[str, Any]]:
    """Submissions from a JSON file (one submission, a list, or a document with
    "submissions") or from a filled Excel template, which the campaign's ``scheme`` reads (the
    template must name it and store it unaltered: docs/security.md). A submission with a key
    the Submission contract does not know (a typo such as "self_evalution") is refused, every
    one named."""
    if path.endswith(".xlsx"):
        from ..io.excel import _read_filled

        try:
            ask = Wording("the campaign's", "考核活动所用")
            documents = [dict(s) for s in _read_filled(path, scheme, ask=ask)[1]]
        except SchemeChoiceError as error:
            raise _invalid(_common._one_line(error)) from error
    else:
        document = _common._read_json(path)
        if isinstance(document, dict) and "submissions" in document:
            document = document["submissions"]
        if isinstance(document, dict):
            document = [document]
        if not isinstance(document, list) or not all(isinstance(d, dict) for d in document):
            raise _invalid(say("not_submissions", path=path))
        documents = document
    known = _submission_keys()
    problems: list[str] = []
    for index, submission in enumerate(documents):
        where = _which(path, index, len(documents), submission)
        problems.extend(f"{where}: {problem}" for problem in _shape_problems(submission))
        for key in submission:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = (
                say("did_you_mean", key=close[0])
                if close
                else say("the_keys_are", keys=", ".join(known))
            )
            problems.append(say("unknown_key", where=where, key=key, hint=hint))
    if problems:
        raise _invalid(say("separator").join(problems))
    return documents


_JSON_TYPES = {dict: "json.object", list: "json.array", str: "json.string", bool: "json.boolean"}


def _json_type(value: Any) -> str:
    """What ``value`` is, in JSON's words and --lang: an object, an array, null..."""
    if value is None:
        return "null"
    return say(_JSON_TYPES.get(type(value), "json.number"))


# The sections the campaign's steps read from a submission, and what each must be.
_OBJECT_SECTIONS = ("targets", "self_evaluation", "verification", "evidence", "filed")


def _shape_problems(submission: dict[str, Any]) -> list[str]:
    """Each section a step would read that has the wrong shape, with its JSON path: refused
    here, on one line, before a step is recorded (never a TypeError from deep inside)."""
    problems = []
    region = submission.get("region")
    if "region" in submission and not (
        isinstance(region, dict) and isinstance(region.get("code"), str) and region["code"]
    ):
        found = "" if isinstance(region, dict) else say("found", type=_json_type(region))
        problems.append(say("region_object", found=found))
    an_object, an_array = say("json.object"), say("json.array")
    for key in _OBJECT_SECTIONS:
        if key in submission and not isinstance(submission[key], dict):
            found = _json_type(submission[key])
            problems.append(say("must_be", path=f"/{key}", wanted=an_object, type=found))
    incidents = submission.get("incidents", [])
    if not isinstance(incidents, list):
        found = _json_type(incidents)
        problems.append(say("must_be", path="/incidents", wanted=an_array, type=found))
    else:
        problems.extend(
            say("must_be", path=f"/incidents/{i}", wanted=an_object, type=_json_type(incident))
            for i, incident in enumerate(incidents)
            if not isinstance(incident, dict)
        )
    filed = submission.get("filed")
    if isinstance(filed, dict):
        problems.extend(
            say("filed_date", step=step, type=_json_type(date))
            for step, date in filed.items()
            if not isinstance(date, str)
        )
    return problems


def _code_of(document: dict[str, Any]) -> str | None:
    region = document.get("region")
    code = region.get("code") if isinstance(region, dict) else None
    return code if isinstance(code, str) and code else None


def _which(path: str, index: int, count: int, document: dict[str, Any]) -> str:
    """``FILE: submission 2 of 3 (420000)``: where a submission is, for messages."""
    code = _code_of(document)
    where = say("submission_at", path=path, n=index + 1, count=count)
    return where + (say("code_in_brackets", code=code) if code else "")


# The sections a step reads; a submission without any of them would record an empty step.
_NEEDED = {
    "file-targets": ("targets",),
    "self-eval": ("self_evaluation",),
    "verify": ("verification", "incidents"),
}


def _each_region(args: argparse.Namespace, scheme: Scheme) -> list[tuple[str, dict[str, Any]]]:
    """(region code, submission) for every submission in the file, all checked before any step
    is recorded: known keys, a region code, and the section the step reads."""
    documents = _documents(args.submissions, scheme)
    needed = _NEEDED[args.step]
    regions = []
    for index, document in enumerate(documents):
        code = args.region or _code_of(document)
        where = _which(args.submissions, index, len(documents), document)
        if not code:
            raise _invalid(say("no_code", where=where))
        if not any(section in document for section in needed):
            sections = say("or").join(repr(section) for section in needed)
            raise _invalid(
                say("no_section", where=where, sections=sections, code=code, step=args.step)
            )
        regions.append((str(code), document))
    return regions


def _exists(error: FileExistsError) -> Exception:
    """init and import never replace a file (another campaign, perhaps created a moment ago)."""
    where = error.filename or ""
    failure: Exception = _common._Failure(_common.EXIT_FILE, f"{where}: {error.strerror or error}")
    return failure


KEY_FILE_VARIABLE = "QA_CAMPAIGN_KEY_FILE"


def _key(args: argparse.Namespace) -> bytes | None:
    """The office's campaign key, from --key-file or the file $QA_CAMPAIGN_KEY_FILE names (a
    file, not the key itself in the environment, where other tools and crash reports see it).
    One line break at the end of the file is not part of the key."""
    path = getattr(args, "key_file", None) or os.environ.get(KEY_FILE_VARIABLE) or None
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            key = handle.read(4097)
    except OSError as error:
        reason = error.strerror or error
        raise _common._Failure(
            _common.EXIT_FILE, say("key_unreadable", path=path, reason=reason)
        ) from error
    if len(key) > 4096:
        raise _invalid(say("key_too_large", path=path))
    return key[:-2] if key.endswith(b"\r\n") else key[:-1] if key.endswith(b"\n") else key


def _open(args: argparse.Namespace) -> Campaign:
    try:
        return Campaign.open(args.campaign, key=_key(args))
    except FileNotFoundError as error:
        raise _common._Failure(_common.EXIT_FILE, str(error)) from error


class _HeldWarnings(logging.Filter):
    """Holds back the warnings of the campaign's steps (a deadline missed: Campaign.last_warnings)
    from the ``qualityassess`` logger while a verb runs, so that the verb prints each once, and
    only for steps that were kept; every other record passes."""

    def __init__(self, campaign: Campaign) -> None:
        super().__init__()
        self._campaign = campaign
        self.warnings: list[tuple[str, str]] = []  # (English, Chinese)

    def filter(self, record: logging.LogRecord) -> bool:
        warning = getattr(record, "campaign_warning", None)
        if warning is None:
            return True
        self.warnings.append((warning, getattr(record, "campaign_warning_zh", warning)))
        return False


@contextlib.contextmanager
def _recording(args: argparse.Namespace) -> Iterator[Campaign]:
    """The campaign opened for a verb that records steps; once they are kept, each step's
    warnings are printed on stderr, once (not also by the logger). A refused step prints
    nothing but its refusal."""
    with _open(args) as campaign:
        held = _HeldWarnings(campaign)
        logger.addFilter(held)
        try:
            yield campaign
        finally:
            logger.removeFilter(held)
    label = "警告：" if args.lang == "zh" else "warning: "
    for en, zh in held.warnings:
        print(f"qualityassess: {label}{zh if args.lang == 'zh' else en}", file=sys.stderr)


def _today() -> str:
    return _dt.date.today().isoformat()


def _warn_today(args: argparse.Namespace, today: str, codes: Sequence[str] = ()) -> None:
    """The step was dated today because neither --date nor the file gave a date: say so."""
    if args.lang == "zh":
        for_ = f"（{', '.join(codes)}）" if codes else ""
        message = f"警告：未给出 --date，此步骤{for_}按今天 {today} 记录"
    else:
        for_ = f" for {', '.join(codes)}" if codes else ""
        message = f"warning: no --date given: recording the step{for_} as taken today, {today}"
    print(f"qualityassess: {message}", file=sys.stderr)


def _step_date(args: argparse.Namespace) -> str:
    """--date, or today with a warning."""
    if args.date is not None:
        return str(args.date)
    today = _today()
    _warn_today(args, today)
    return today


def _filing_dates(
    args: argparse.Namespace, regions: Sequence[tuple[str, dict[str, Any]]], step: str
) -> list[str]:
    """Each submission's date for ``step``: --date, else its own ``filed`` date, else today
    (with a warning naming the regions dated today when only some are)."""
    if args.date is not None:
        return [str(args.date)] * len(regions)
    today = _today()
    dates, undated = [], []
    for code, document in regions:
        filed = document.get("filed")
        date = filed.get(step) if isinstance(filed, dict) else None
        if date is None:
            undated.append(code)
        dates.append(today if date is None else str(date))
    if undated:
        _warn_today(args, today, undated if len(undated) < len(regions) else ())
    return dates


def _first_filed(campaign: Campaign, code: str, step: str) -> str | None:
    """The date ``code`` first filed ``step`` ("targets", "self_evaluation"), if it has."""
    try:
        filed = campaign.submission(code).get("filed") or {}
    except InputError:
        return None  # not a region of the campaign: the step says so
    date = filed.get(step)
    return str(date) if date else None


def _cmd_init(args: argparse.Namespace) -> int:
    source = _common._read_json(args.cohort)
    if isinstance(source, dict) and "submissions" in source:
        submissions = source["submissions"]
        if not isinstance(submissions, list) or not all(isinstance(s, dict) for s in submissions):
            raise _invalid(say("cohort_submissions", path=args.cohort))
        regions = [s.get("region") for s in submissions]
    elif isinstance(source, dict) and "regions" in source:
        regions = source["regions"]
    else:
        regions = source
    if not isinstance(regions, list):
        raise _invalid(say("cohort", path=args.cohort))
    scheme = _common._scheme(args.scheme)  # an unknown id or file: one line, before any file
    try:
        campaign = Campaign.create(
            args.campaign,
            scheme,
            args.year,
            regions,
            title=args.title,
            date=_step_date(args),
            actor=args.actor,
            key=_key(args),
        )
    except FileExistsError as error:
        raise _exists(error) from error
    campaign.close()
    print(say("created", path=campaign.path, year=campaign.year, count=len(campaign.regions)))
    return 0


def _record_filings(args: argparse.Namespace, step: str, what: str, record: Any) -> int:
    """file-targets and self-eval: every submission in the file, all or nothing; a region that
    had filed already is reported as amended, with the first date (the one that counts)."""
    lines = []
    with _recording(args) as campaign:
        regions = _each_region(args, campaign.scheme)
        dates = _filing_dates(args, regions, step)
        with campaign.transaction():
            for (code, document), date in zip(regions, dates, strict=True):
                first = _first_filed(campaign, code, step)
                record(campaign, code, document, date)
                if first is None:
                    lines.append(say("filed", code=code, what=say(what)))
                else:
                    lines.append(say("amended", code=code, what=say(what), first=first))
    for line in lines:
        print(line)
    return 0


def _cmd_file_targets(args: argparse.Namespace) -> int:
    def record(campaign: Campaign, code: str, document: dict[str, Any], date: str) -> None:
        campaign.file_targets(code, document["targets"], date=date, actor=args.actor)

    return _record_filings(args, "targets", "what.targets", record)


def _cmd_self_eval(args: argparse.Namespace) -> int:
    def record(campaign: Campaign, code: str, document: dict[str, Any], date: str) -> None:
        values = document["self_evaluation"]
        incidents = document.get("incidents", [])
        campaign.self_evaluate(code, values, incidents, date=date, actor=args.actor)

    return _record_filings(args, "self_evaluation", "what.self_evaluation", record)


def _cmd_plan(args: argparse.Namespace) -> int:
    with _recording(args) as campaign:
        plan = campaign.plan_verification(
            rule=args.rule,
            share=args.share,
            points=args.points,
            seed=args.seed,
            regions=args.region or None,
            date=_step_date(args),
            actor=args.actor,
        )
    for selected in plan["selected"]:
        print(
            f"{selected['region']}\t{selected['risk_weight']:.2f}\t{', '.join(selected['points'])}"
        )
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    with _recording(args) as campaign:
        regions = _each_region(args, campaign.scheme)
        date = _step_date(args)
        with campaign.transaction():
            for code, document in regions:
                campaign.verify(
                    code,
                    document.get("verification", {}),
                    evidence=document.get("evidence"),
                    incidents=document.get("incidents", []),
                    date=date,
                    actor=args.actor,
                )
    for code, _ in regions:
        print(say("verified", code=code))
    return 0


def _lower_level(args: argparse.Namespace, campaign: Campaign) -> dict[str, Any]:
    """``lower`` and ``regions`` for Campaign.assess (Art. 10): the level below the campaign's
    regions, graded from --lower under their common parent."""
    if args.lower is None and args.hierarchy is None:
        return {}
    if args.lower is None or args.hierarchy is None:
        raise _common._Failure(_common.EXIT_USAGE, say("lower_with_hierarchy"))
    from ..cascade import assess_level

    regions = _common._regions(args.hierarchy)
    codes = campaign.regions
    try:
        level = regions.level(codes[0])
        parents = {regions[code].parent for code in codes if code in regions}
    except InputError as error:
        raise _common._invalid_data(args.hierarchy, error) from error
    below = _common._LEVEL_BELOW.get(level)
    if below is None:
        raise _common._no_level_below(level)
    scheme, submissions, _ = _common._submission_data(args.lower, args.lower_scheme)
    under = parents.pop() if len(parents) == 1 else None
    try:
        lower = assess_level(scheme, submissions, regions, level=below, under=under or None)
    except InputError as error:
        raise _common._invalid_data(args.lower, error) from error
    return {"lower": lower, "regions": regions}


def _cmd_assess(args: argparse.Namespace) -> int:
    with _recording(args) as campaign:
        lower = _lower_level(args, campaign)
        results = campaign.assess(date=_step_date(args), actor=args.actor, **lower)
    print(_common._ranking(results, args.lang))
    return 0


def _cmd_approve(args: argparse.Namespace) -> int:
    with _recording(args) as campaign:
        campaign.approve(date=_step_date(args), actor=args.actor)
        print(say("approved", path=campaign.path))
    return 0


def _write_or_print(text: str, out: str | None, lang: str) -> None:
    if out is None or out == "-":
        print(text, end="")
        return
    _common._write_text(Path(out), text)
    print(_common._written("file", out, lang))


def _cmd_announce(args: argparse.Namespace) -> int:
    with _recording(args) as campaign:
        campaign.announce(date=_step_date(args), actor=args.actor)
        _write_or_print(campaign.notice("announcement", args.lang), args.out, args.lang)
    return 0


def _cmd_notice(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        _write_or_print(campaign.notice(args.kind, args.lang), args.out, args.lang)
    return 0


def _step_region(args: argparse.Namespace) -> str:
    """REGION of `rectification` and `interview`, or their old --region CODE: one of them."""
    return exactly_one(
        args,
        "region",
        "region_option",
        spellings=("REGION", "--region"),
        what="what.region",
        verb=f"campaign {args.step}",
        usage=f"campaign {args.step} FILE REGION",
    )


def _cmd_rectification(args: argparse.Namespace) -> int:
    region = _step_region(args)
    with _recording(args) as campaign:
        campaign.receive_rectification(
            region, summary=args.summary, date=_step_date(args), actor=args.actor
        )
        print(say("rectification", region=region))
    return 0


def _cmd_interview(args: argparse.Namespace) -> int:
    region = _step_region(args)
    with _recording(args) as campaign:
        campaign.interview(
            region,
            reason=args.reason,
            insufficient=args.insufficient,
            date=_step_date(args),
            actor=args.actor,
        )
        print(say("interview", region=region))
    return 0


def _cmd_not_submitted(args: argparse.Namespace) -> int:
    with _recording(args) as campaign:
        campaign.mark_not_submitted(
            args.region,
            args.which,
            reason=args.reason,
            date=_step_date(args),
            actor=args.actor,
        )
        # The scheme's article for the deadline (its legal basis), as the status gives it.
        article = next(d["article"] for d in campaign.deadlines() if d["deadline"] == args.which)
        if article and args.lang == "zh":
            article = _article_zh(campaign.scheme, f"{args.which}_not_submitted", article)
    what = say("what.targets" if args.which == "targets" else "what.self_evaluation")
    cited = say("article_in_brackets", article=article) if article else ""
    print(say("not_submitted", region=args.region, what=what, article=cited))
    return 0


def _article_zh(scheme: Scheme, key: str, english: str) -> str:
    """The article ``key`` of the scheme's legal basis as its Chinese cites it (第六条第二款),
    else ``english`` (Art. 6.2) in Chinese numbering."""
    basis = scheme.to_dict().get("legal_basis") or {}
    cited = (basis.get("articles") or {}).get(key) or {}
    return str(cited.get("zh") or _article(english, True))


def _cmd_spot_check(args: argparse.Namespace) -> int:
    points = args.point or []
    with _recording(args) as campaign:
        campaign.spot_check(
            args.region, reason=args.reason, points=points, date=_step_date(args), actor=args.actor
        )
    print(say("spot_check", region=args.region))
    return 0


# `correct STEP`: the step as its CLI verb or as the journal names it.
_CORRECTABLE = {
    "file-targets": "file_targets",
    "self-eval": "self_evaluate",
    "verify": "verify",
    "spot-check": "spot_check",
    "rectification": "receive_rectification",
    "interview": "interview",
    "plan-verification": "plan_verification",
    "assess": "assess",
    "approve": "approve",
    "announce": "announce",
}
_CAMPAIGN_WIDE = ("plan_verification", "assess", "approve", "announce")
# The sections of a submission each step's corrected values come from, as Campaign.correct's
# keywords (the first one is the step's own section).
_CORRECTED_SECTIONS = {
    "file_targets": {"targets": "targets"},
    "self_evaluate": {"self_evaluation": "values", "incidents": "incidents"},
    "verify": {"verification": "values", "evidence": "evidence", "incidents": "incidents"},
}


def _corrected_values(
    args: argparse.Namespace, step: str, scheme: Scheme
) -> tuple[str | None, dict[str, Any]]:
    """The region and Campaign.correct's keywords from --values: the sections of one submission
    that ``step`` recorded, each replacing what the step recorded."""
    if args.values is None:
        return args.region, {}
    sections = _CORRECTED_SECTIONS.get(step)
    if sections is None:
        raise _common._Failure(_common.EXIT_USAGE, say("records_no_values", step=step))
    documents = _documents(args.values, scheme)
    if args.region is not None:
        documents = [d for d in documents if _code_of(d) in (None, args.region)]
    if len(documents) != 1:
        found = say("none") if not documents else f"{len(documents)}"
        region = args.region or say("any_region")
        raise _invalid(say("one_submission", path=args.values, found=found, region=region))
    document = documents[0]
    where = _which(args.values, 0, 1, document)
    region = args.region or _code_of(document)
    if not region:
        raise _invalid(say("no_code", where=where))
    given = {keyword: document[key] for key, keyword in sections.items() if key in document}
    if not given:
        names = say("or").join(repr(key) for key in sections)
        raise _invalid(say("no_correction_section", where=where, sections=names, step=step))
    return region, given


def _change_text(name: str, change: Any) -> str:
    """One change of a correction: a date as from -> to, values by the section's name."""
    if isinstance(change, dict) and all(isinstance(change.get(k), str) for k in ("from", "to")):
        return say("changed", name=name, old=change["from"], new=change["to"])
    return say("replaced", name=name)


def _corrections_text(data: Any, after: Any) -> str:
    """What a ``correct`` entry changed (from the state after it), and why."""
    changes: Any = {}
    if isinstance(after, dict) and after.get("corrections"):
        changes = after["corrections"][-1].get("changes", {})
    parts = [_change_text(name, change) for name, change in sorted(changes.items())]
    changed = say("list_separator").join(parts) or say("corrected")
    return say("correction", step=data.get("step"), changes=changed, reason=data.get("reason"))


def _cmd_correct(args: argparse.Namespace) -> int:
    step = _CORRECTABLE.get(args.which, args.which)
    with _recording(args) as campaign:
        region, values = _corrected_values(args, step, campaign.scheme)
        if step in _CAMPAIGN_WIDE and region is not None:
            raise _invalid(say("campaign_wide", step=args.which))
        if step not in _CAMPAIGN_WIDE and region is None:
            raise _invalid(say("needs_region", step=args.which))
        campaign.correct(
            step,
            reason=args.reason,
            actor=args.actor,
            region=region,
            step_date=args.step_date,
            interview=args.interview,
            date=_step_date(args),
            **values,
        )
        entry = campaign.history(region)[-1]
    print(f"{region or campaign.path.name}: {_corrections_text(entry['data'], entry['after'])}")
    return 0


def _opened_how(report: dict[str, Any], zh: bool) -> str:
    """How the state checked was opened: read from the current state the file keeps, or
    replayed from the journal."""
    if report["opened_from_current_state"]:
        return (
            "从文件保存的当前状态读出的状态"
            if zh
            else "the state read from the file's current state"
        )
    return "打开时重放日志得到的状态" if zh else "the state replayed on opening"


def _cmd_check(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        report = campaign.check()
        path, keyed = campaign.path, campaign.sealed_with_key
    zh = args.lang == "zh"
    entries, opened = report["entries"], _opened_how(report, zh)
    if zh:
        sealed = "；密钥印鉴已验证" if keyed else ""
        print(f"{path}：已核对 {entries} 条日志记录；{opened}与从头重放整个日志的结果一致{sealed}")
    else:
        sealed = "; its keyed seal verifies" if keyed else ""
        print(
            f"{path}: {entries} journal entries checked; {opened} equals a replay of the whole "
            f"journal{sealed}"
        )
    return 0


# ---- status: every deadline, and each region's position --------------------------------------

_ZH_NUMBERS = "零一二三四五六七八九十"
_STATES = {
    "met": ("按期", "met"),
    "late": ("逾期完成", "late"),
    "pending": ("未到期", "pending"),
    "overdue": ("逾期未完成", "overdue"),
}
_DEADLINES = {
    "targets": ("报送质量目标", "targets filed"),
    "self_evaluation": ("报送自评报告", "self-evaluation"),
    "report": ("综合评价报国务院", "assessment reported to the State Council"),
    "approval": ("国务院审定", "approval"),
    "announcement": ("公告", "announcement"),
    "rectification": ("D级整改报告", "grade-D rectification reports"),
}
_STAGES = {
    "registered": "已登记",
    "targets_filed": "已报目标",
    "self_evaluated": "已自评",
    "not_submitted": "未报送",
    "selected": "待核查",
    "verified": "已核查",
    "not_selected": "未抽中",
    "assessed": "已评价",
    "approved": "已审定",
    "announced": "已公告",
    "rectification_received": "已报整改",
    "interviewed": "已约谈",
}
_PHASES = {
    "filing": "报送",
    "verification": "核查",
    "assessed": "已评价",
    "approved": "已审定",
    "announced": "已公告",
}


def _words(table: dict[str, tuple[str, str]], key: str, zh: bool) -> str:
    pair = table.get(key)
    return key if pair is None else pair[0 if zh else 1]


def _article(article: str, zh: bool) -> str:
    """``Art. 6.1`` as the Chinese text cites it (第六条（一）) in zh."""
    if not zh or not article.startswith("Art. "):
        return article
    numbers = article[len("Art. ") :].split(".")
    if not all(n.isdigit() and 0 < int(n) <= 10 for n in numbers):
        return article
    text = f"第{_ZH_NUMBERS[int(numbers[0])]}条"
    return text + "".join(f"（{_ZH_NUMBERS[int(n)]}）" for n in numbers[1:])


def _days(days: int, zh: bool) -> str:
    return f"{days} 天" if zh else f"{days} day" + ("" if days == 1 else "s")


def _counts(counts: Any, zh: bool) -> str:
    """A per-region deadline's regions in each state: ``30 met, 1 late``."""
    if not counts:
        return ""
    shown = [(state, counts[state]) for state in _STATES if counts.get(state)]
    if zh:
        return "，".join(f"{_words(_STATES, state, zh)} {n}" for state, n in shown)
    return ", ".join(f"{n} {_words(_STATES, state, zh)}" for state, n in shown)


def _deadline_rows(deadlines: Sequence[dict[str, Any]], zh: bool) -> list[list[str]]:
    return [
        [
            _words(_DEADLINES, d["deadline"], zh),
            _article(d["article"], zh),
            d["due"],
            d["done_on"] or "",
            _words(_STATES, d["state"], zh),
            str(d["days_late"]) if d["days_late"] else "",
            _counts(d["regions"], zh),
        ]
        for d in deadlines
    ]


def _filing_cell(row: dict[str, Any], step: str, zh: bool) -> str:
    """When ``step`` (targets, self_evaluation) was filed, and how late; or that it was not."""
    filed = row[f"{step}_filed_on"]
    late = row[f"{step}_days_late"]
    if filed:
        if not late:
            return str(filed)
        return f"{filed}（逾期 {late} 天）" if zh else f"{filed} ({_days(late, zh)} late)"
    if row[f"{step}_not_submitted"]:
        return "未报送" if zh else "not submitted"
    if row[f"{step}_state"] == "overdue":
        return "逾期未报" if zh else "overdue"
    return ""


def _region_rows(statuses: Sequence[dict[str, Any]], zh: bool) -> list[list[str]]:
    rows = []
    for s in statuses:
        state = s["rectification_state"]
        days = s["days_overdue"] or s["rectification_days_late"]
        rows.append(
            [
                s["region"],
                s["name"],
                _STAGES.get(s["stage"], s["stage"]) if zh else s["stage"],
                s["grade"] or "",
                _filing_cell(s, "targets", zh),
                _filing_cell(s, "self_evaluation", zh),
                ("是" if zh else "yes") if s["spot_checked"] else "",
                s["rectification_due"] or "",
                s["rectification_received_on"] or "",
                _words(_STATES, state, zh) if state else "",
                str(days) if days else "",
                ", ".join(s["interviews"]),
            ]
        )
    return rows


def _cmd_status(args: argparse.Namespace) -> int:
    as_of = args.as_of or _today()
    with _open(args) as campaign:
        deadlines = campaign.deadlines(as_of=as_of)
        statuses = campaign.status(as_of=as_of)
        path, year, phase = campaign.path, campaign.year, campaign.phase
    if args.json:
        document = {
            "year": year,
            "phase": phase,
            "as_of": as_of,
            "deadlines": deadlines,
            "regions": statuses,
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    zh = args.lang == "zh"
    if zh:
        print(f"{path}：{year}年度，阶段：{_PHASES.get(phase, phase)}（截至 {as_of}）")
        deadline_headers = ["期限", "依据", "截止日期", "完成日期", "状态", "逾期天数", "各地区"]
        region_headers = [
            "代码",
            "地区",
            "阶段",
            "等级",
            "报送目标",
            "自评报告",
            "抽查",
            "整改报告期限",
            "整改报告收到",
            "整改状态",
            "逾期天数",
            "约谈",
        ]
    else:
        print(f"{path}: {year}, phase {phase}, as of {as_of}")
        deadline_headers = [
            "deadline",
            "article",
            "due",
            "done on",
            "state",
            "days late",
            "regions",
        ]
        region_headers = [
            "code",
            "region",
            "stage",
            "grade",
            "targets filed",
            "self-evaluation",
            "spot check",
            "report due",
            "report received",
            "report state",
            "days late",
            "interviews",
        ]
    right = [False] * 5 + [True, False]
    print()
    print(_text_table.render(deadline_headers, _deadline_rows(deadlines, zh), right))
    print()
    right = [False] * 10 + [True, False]
    print(_text_table.render(region_headers, _region_rows(statuses, zh), right))
    return 0


def _history_note(entry: dict[str, Any]) -> str:
    """What a journal entry says beyond its step: the reasons of steps that give one, and what
    a correction changed."""
    data = entry["data"] if isinstance(entry["data"], dict) else {}
    kind = entry["type"]
    if kind == "correct":
        return _corrections_text(data, entry["after"])
    parts = []
    if kind == "not_submitted":
        parts.append(str(data.get("step", "")))
    if kind == "spot_check" and data.get("points"):
        points = say("list_separator").join(str(p) for p in data["points"])
        parts.append(say("note.points", points=points))
    if kind == "interview" and data.get("insufficient"):
        parts.append(say("note.insufficient"))
    for key in ("reason", "summary"):
        if data.get(key):
            parts.append(say(f"note.{key}", text=data[key]))
    return say("separator").join(part for part in parts if part)


def _cmd_history(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        entries = campaign.history(args.region)
    for entry in entries:
        columns = [
            entry["seq"],
            entry["recorded_at"],
            entry["date"],
            entry["actor"],
            entry["type"],
            entry["region"] or "-",
            _history_note(entry),
        ]
        # One entry, one line: a tab or line break in a reason would split it.
        print("\t".join(" ".join(str(column).split()) for column in columns))
    return 0


def _export_path(args: argparse.Namespace) -> str:
    """--out, or the old positional OUT.json: one of them."""
    return exactly_one(
        args,
        "out",
        "out_positional",
        spellings=("--out", "OUT.json"),
        what="what.out",
        verb="campaign export",
        usage="campaign export FILE --out OUT.json",
    )


def _cmd_export(args: argparse.Namespace) -> int:
    args.out = _export_path(args)
    with _open(args) as campaign:
        if not args.results:
            campaign.export_json(args.out)
        else:
            # Derived, for readers who do not replay the journal; import reads only "journal".
            document = campaign.export()
            document["phase"] = campaign.phase
            document["results"] = [result.to_dict() for result in campaign.results()]
            text = json.dumps(document, ensure_ascii=False, indent=1)
            _common._write_text(Path(args.out), text + "\n")
    print(_common._written("file", args.out, args.lang))
    return 0


# ---- the year's outputs (read only) ----------------------------------------------------------

_APPROVED = ("approved", "announced")


def _provisional(campaign: Campaign) -> bool:
    """Before the ``assess`` step (Art. 6.4) the results are computed from what was filed so
    far and may change."""
    return campaign.phase in ("filing", "verification")


def _standing(campaign: Campaign, lang: str) -> str | None:
    """One line saying the results are preliminary, not yet approved (Art. 6.5), and before the
    assessment (Art. 6.4) also provisional; None once approved."""
    if campaign.phase in _APPROVED:
        return None
    zh = lang == "zh"
    line = (
        f"初步认定（{campaign.year}年度）：考核结果尚未经审定（第六条）"
        if zh
        else f"Preliminary ({campaign.year}): the results are not yet approved (Art. 6.5)"
    )
    if _provisional(campaign):
        line += (
            f"；暂定结果：尚未进行综合评价（阶段 {campaign.phase}），等级可能改变"
            if zh
            else f"; provisional: the comprehensive assessment (Art. 6.4) has not been made "
            f"(phase {campaign.phase}), grades may change"
        )
    return line


def _cmd_results(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        results = campaign.results()
        standing = _standing(campaign, args.lang)
        # --out results.json is JSON as --json is: the suffix names the format.
        if args.json or (args.out is not None and Path(args.out).suffix.lower() == ".json"):
            document = {
                "year": campaign.year,
                "phase": campaign.phase,
                "provisional": _provisional(campaign),
                "approved": campaign.phase in _APPROVED,
                "results": [result.to_dict() for result in results],
            }
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        else:
            text = "".join(
                f"{line}\n" for line in (standing, _common._ranking(results, args.lang)) if line
            )
    if args.out is None:
        print(text, end="")
    else:
        _common._write_text(Path(args.out), text)
        print(_common._written("file", args.out, args.lang))
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    with _open(args) as campaign:
        if args.region not in campaign.regions:
            raise _invalid(say("no_such_region", path=campaign.path, region=args.region))
        result = next(r for r in campaign.results() if r.region_code == args.region)
        standing = _standing(campaign, args.lang)
    if standing:
        print(standing)
    print(result.explain(args.lang))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .. import report
    from .._i18n import words

    with _open(args) as campaign:
        results = campaign.results()
        title = words(args.lang)["report_title"].format(year=campaign.year)
        standing = _standing(campaign, args.lang)
    if not results:
        raise _invalid(say("nothing_to_report", path=campaign.path))
    try:
        report.write_report(results, args.out, args.lang, title=title, status_note=standing)
    except OSError as error:
        raise _common._cannot("write", args.out, error) from error
    print(_common._written("report", args.out, args.lang))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    document = _common._read_json(args.export)
    try:
        campaign = Campaign.import_(args.campaign, document, key=_key(args))
    except FileExistsError as error:
        raise _exists(error) from error
    phase = _PHASES.get(campaign.phase, campaign.phase) if args.lang == "zh" else campaign.phase
    print(say("imported", path=campaign.path, count=len(campaign.history()), phase=phase))
    campaign.close()
    return 0


def _extend(dest: str) -> Any:
    """What an old comma-separated list (--regions A,B, --points A,B) did: every item, as if
    each were given with the new repeated option."""

    def extend(namespace: argparse.Namespace, text: str) -> None:
        items = [item.strip() for item in text.split(",") if item.strip()]
        setattr(namespace, dest, [*(getattr(namespace, dest, None) or []), *items])

    return extend


def _key_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--key-file",
        metavar="FILE",
        help="the office's campaign key (default: the file $QA_CAMPAIGN_KEY_FILE names): a file "
        "created with it is sealed, one sealed must verify (docs/security.md)",
    )


def register(verbs: Any) -> argparse.ArgumentParser:
    """Add ``campaign`` and its verbs to the top-level parser's verbs."""
    campaign: argparse.ArgumentParser = verbs.add_parser(
        "campaign", help="run an assessment year kept in a campaign file"
    )
    steps = campaign.add_subparsers(dest="step", required=True, metavar="STEP")

    def step(
        name: str,
        run: Any,
        help_text: str,
        *,
        region_step: bool = False,
        actor_required: bool = False,
    ) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = steps.add_parser(name, help=help_text)
        parser.add_argument("campaign", metavar="CAMPAIGN.qa")
        parser.add_argument(
            "--date", help="the date the step counts as taken (YYYY-MM-DD; default today)"
        )
        parser.add_argument(
            "--actor",
            default="",
            required=actor_required,
            help="who takes the step (recorded in the journal)",
        )
        parser.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        _key_option(parser)
        if region_step:
            # REGION as in not-submitted, spot-check and explain (required once the old
            # --region CODE is gone; _step_region says when it is missing).
            parser.add_argument("region", metavar="REGION", nargs="?", help="region code")
            retired(
                parser,
                "--region",
                Old("FILE --region CODE", "FILE CODE"),
                verb=f"campaign {name}",
                dest="region_option",
            )
        parser.set_defaults(run=run)
        return parser

    init = step("init", _cmd_init, "create a campaign file")
    init.add_argument(
        "--year", type=int, required=True, help="assessment year (1 July YEAR - 30 June YEAR+1)"
    )
    init.add_argument("--scheme", default="cn-2013", help="built-in id or scheme file")
    renamed(
        init,
        "--cohort",
        "--regions",
        verb="campaign init",
        old={"--regions": Old("--regions FILE", "--cohort FILE")},
        required=True,
        metavar="FILE",
        help="the regions the campaign covers: JSON, a list of {code, name}, or a document "
        "with 'regions' or 'submissions' (a sample)",
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
    renamed(
        plan,
        "--region",
        "--regions",
        verb="campaign plan-verification",
        old={"--regions": Old("--regions A,B", "--region A --region B", _extend("region"))},
        append=True,
        metavar="CODE",
        help="a region drawn by --rule manual; repeat it for several",
    )

    not_submitted = step(
        "not-submitted",
        _cmd_not_submitted,
        "record, after its deadline, that a region did not submit (Art. 6.1, 6.2)",
    )
    not_submitted.add_argument("region", metavar="REGION", help="region code")
    not_submitted.add_argument(
        "--step",
        dest="which",
        choices=["targets", "self_evaluation"],
        default="self_evaluation",
        help="what was not submitted (default: the self-evaluation)",
    )
    not_submitted.add_argument("--reason", default="")
    spot_check = step(
        "spot-check",
        _cmd_spot_check,
        "select for verification a region the plan did not draw (Art. 6.3)",
    )
    spot_check.add_argument("region", metavar="REGION", help="region code")
    spot_check.add_argument("--reason", required=True, help="why this region is checked")
    renamed(
        spot_check,
        "--point",
        "--points",
        verb="campaign spot-check",
        old={"--points": Old("--points A,B", "--point A --point B", _extend("point"))},
        append=True,
        metavar="ID",
        help="a point to verify; repeat it for several (default: every point)",
    )

    assess = step("assess", _cmd_assess, "the comprehensive assessment (Art. 6.4)")
    assess.add_argument(
        "--lower",
        metavar="DATA",
        help="submissions of the level below (Art. 10), graded first, for the points the "
        "scheme takes from them; needs --hierarchy",
    )
    assess.add_argument("--lower-scheme", help="scheme of the level below (default: DATA's own)")
    renamed(
        assess,
        "--hierarchy",
        "--regions",
        verb="campaign assess",
        old={"--regions": Old("--regions FILE", "--hierarchy FILE")},
        metavar="FILE",
        help="the region file (docs/regions.md)",
    )
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

    correct = step(
        "correct",
        _cmd_correct,
        "correct the date or values of a recorded step, saying why",
        actor_required=True,
    )
    correct.add_argument(
        "which",
        metavar="STEP",
        choices=[*_CORRECTABLE, *(s for s in _CORRECTABLE.values() if s not in _CORRECTABLE)],
        help="the step corrected: " + ", ".join(_CORRECTABLE),
    )
    correct.add_argument("--region", help="region code (not for the campaign-wide steps)")
    correct.add_argument("--reason", required=True, help="why the step is corrected")
    correct.add_argument(
        "--step-date", dest="step_date", metavar="YYYY-MM-DD", help="the step's right date"
    )
    correct.add_argument(
        "--values",
        metavar="FILE.json",
        help="a submission whose targets, self_evaluation (+incidents) or verification "
        "(+evidence, incidents) replace what the step recorded",
    )
    correct.add_argument(
        "--interview",
        type=int,
        metavar="N",
        help="which interview (1 = the first; default the last)",
    )

    status = step("status", _cmd_status, "every deadline, and each region's position")
    status.add_argument("--as-of", dest="as_of", help="date to judge deadlines by (default today)")
    status.add_argument(
        "--json", action="store_true", help='{"deadlines": [...], "regions": [...]} as JSON'
    )
    history = step("history", _cmd_history, "the journal of steps")
    history.add_argument("--region", help="only this region's steps (and campaign-wide ones)")
    export = step("export", _cmd_export, "the whole campaign as one JSON document")
    export.add_argument("--out", metavar="OUT.json", help="the JSON file to write ('-': stdout)")
    retired(
        export,
        "out_positional",
        Old("FILE OUT.json", "FILE --out OUT.json"),
        verb="campaign export",
    )
    export.add_argument(
        "--results",
        action="store_true",
        help="also write every region's result (derived; import ignores it)",
    )

    def reader(name: str, run: Any, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = steps.add_parser(name, help=help_text)
        parser.add_argument("campaign", metavar="CAMPAIGN.qa")
        parser.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        _key_option(parser)
        parser.set_defaults(run=run)
        return parser

    results = reader(
        "results", _cmd_results, "every region's result: provisional before the assessment"
    )
    results.add_argument("--json", action="store_true", help="the Result JSON of every region")
    results.add_argument(
        "--out", metavar="PATH", help="write to this file instead of printing (.json: as --json)"
    )
    explain = reader("explain", _cmd_explain, "why a region has its total and grade")
    explain.add_argument("region", metavar="REGION", help="region code")
    report = reader("report", _cmd_report, "the HTML report; marked preliminary until the approval")
    report.add_argument("--out", required=True, help="the HTML file to write")
    reader("check", _cmd_check, "check the whole file against a replay of its journal")

    importer = steps.add_parser("import", help="a new campaign file from an exported JSON document")
    importer.add_argument("export", metavar="EXPORT.json")
    importer.add_argument("campaign", metavar="CAMPAIGN.qa")
    importer.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    _key_option(importer)
    importer.set_defaults(run=_cmd_import)
    return campaign
