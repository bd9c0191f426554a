"""The command's own lines in the two languages of ``--lang``: what a verb prints once a step
succeeded, its refusals of files and options, and argparse's usage errors. Each is written once,
here, in English and Chinese (docs/contracts.md, "Command line"); what the core and the package
word (an ``InputError``'s problems, a campaign's refusals) comes worded from there.

The language is the command's: ``--lang`` (default ``zh``), set as the ``lang`` option while the
verb runs, and read from the command line itself while argparse parses it (``usage_lang``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..options import get_option

__all__ = ["pair", "say", "usage_error", "usage_lang"]

# key: (English, Chinese), formatted with the fields the caller names.
_MESSAGES: dict[str, tuple[str, str]] = {
    # campaign: what a step recorded
    "created": (
        "{path}: campaign for {year} with {count} regions",
        "{path}: 已建立 {year} 年度考核，共 {count} 个地区",
    ),
    "filed": ("{code}: {what} filed", "{code}: {what}已报送"),
    "amended": (
        "{code}: {what} amended (first filed {first} counts for lateness)",
        "{code}: {what}已更新（是否逾期以首次报送日期 {first} 为准）",
    ),
    "verified": ("{code}: verification recorded", "{code}: 核查结果已记录"),
    "approved": ("{path}: approved", "{path}: 考核结果已审定"),
    "rectification": ("{region}: rectification report received", "{region}: 已收到整改报告"),
    "interview": ("{region}: interview recorded", "{region}: 约谈已记录"),
    "not_submitted": (
        "{region}: {what} recorded as not submitted{article}",
        "{region}: {what}已记为未报送{article}",
    ),
    "spot_check": (
        "{region}: selected for verification by a spot check (Art. 6.3)",
        "{region}: 经抽查列入核查（第六条第三款）",
    ),
    "imported": (
        "{path}: {count} steps imported, phase {phase}",
        "{path}: 已导入 {count} 个步骤，阶段：{phase}",
    ),
    "correction": ("{step}: {changes}; reason: {reason}", "{step}: {changes}；理由：{reason}"),
    "changed": ("{name} {old} -> {new}", "{name} {old} -> {new}"),
    "replaced": ("{name} replaced", "{name} 已替换"),
    "corrected": ("corrected", "已更正"),
    # campaign history: what an entry says beyond its step
    "note.points": ("points {points}", "要点 {points}"),
    "note.insufficient": ("report insufficient", "整改报告不充分"),
    "note.reason": ("reason: {text}", "理由：{text}"),
    "note.summary": ("summary: {text}", "摘要：{text}"),
    # campaign: what a verb refuses before the campaign sees it
    "submission_at": (
        "{path}: submission {n} of {count}",
        "{path}: 第 {n} 份报送数据（共 {count} 份）",
    ),
    "not_submissions": (
        "{path}: expected a submission or a list of them",
        "{path}: 应为一份报送数据或报送数据的列表",
    ),
    "unknown_key": ("{where}: unknown key {key!r} ({hint})", "{where}: 未知的键 {key!r}（{hint}）"),
    "did_you_mean": ("did you mean {key!r}?", "是否应为 {key!r}？"),
    "the_keys_are": ("the keys are {keys}", "可用的键：{keys}"),
    "region_object": (
        '/region: must be an object with a "code" (text){found}',
        '/region: 应为含 "code"（文字）的对象{found}',
    ),
    "found": (", not {type}", "，而不是{type}"),
    "must_be": ("{path}: must be {wanted}, not {type}", "{path}: 应为{wanted}，而不是{type}"),
    "filed_date": (
        "/filed/{step}: must be a date (YYYY-MM-DD), not {type}",
        "/filed/{step}: 应为日期（YYYY-MM-DD），而不是{type}",
    ),
    "no_code": ("{where}: no region code; give --region", "{where}: 没有地区代码；请给出 --region"),
    "no_section": (
        "{where}: no {sections} section for {code}; {step} reads it (check its spelling)",
        "{where}: {code} 没有 {sections} 部分，{step} 需要读取它（请检查拼写）",
    ),
    "or": (" or ", " 或 "),
    "separator": ("; ", "；"),
    "list_separator": (", ", "，"),
    "code_in_brackets": (" ({code})", "（{code}）"),
    "article_in_brackets": (" ({article})", "（{article}）"),
    "what.targets": ("targets", "质量目标"),
    "what.self_evaluation": ("self-evaluation", "自评报告"),
    "json.object": ("an object", "对象"),
    "json.array": ("an array", "数组"),
    "json.string": ("a string", "文字"),
    "json.boolean": ("true or false", "true 或 false"),
    "json.number": ("a number", "数字"),
    "key_unreadable": ("{path}: cannot read the key: {reason}", "{path}: 无法读取密钥：{reason}"),
    "key_too_large": (
        "{path}: larger than 4096 bytes: not a campaign key",
        "{path}: 超过 4096 字节，不是考核密钥",
    ),
    "lower_with_hierarchy": (
        "--lower and --hierarchy go together",
        "--lower 与 --hierarchy 须一同给出",
    ),
    "no_level_below": (
        "--lower: there is no level below {level}",
        "--lower: {level}没有下一级",
    ),
    "records_no_values": (
        "--values: {step} records no values; correct its date (--step-date)",
        "--values: {step} 不记录数值；请更正它的日期（--step-date）",
    ),
    "one_submission": (
        "{path}: one submission is needed ({found} for {region}); give --region",
        "{path}: 需要一份报送数据（{region}：{found}）；请给出 --region",
    ),
    "none": ("none", "没有"),
    "any_region": ("any region", "任一地区"),
    "no_correction_section": (
        "{where}: no {sections} section; correcting {step} reads it",
        "{where}: 没有 {sections} 部分，更正 {step} 需要读取它",
    ),
    "campaign_wide": (
        "{step} is a step of the whole campaign: give no --region",
        "{step} 是整个考核的步骤：不要给出 --region",
    ),
    "needs_region": ("correcting {step} needs --region", "更正 {step} 需要 --region"),
    "no_such_region": (
        "{path}: no region {region} in this campaign",
        "{path}: 本次考核中没有地区 {region}",
    ),
    "nothing_to_report": ("{path}: no regions to report", "{path}: 没有可写入报告的地区"),
    "cohort_submissions": (
        "{path}: 'submissions' must be a list of objects",
        "{path}: 'submissions' 应为对象的列表",
    ),
    "cohort": (
        "{path}: expected a list of regions or submissions",
        "{path}: 应为地区或报送数据的列表",
    ),
    # grade
    "not_a_format": (
        "--out {path}: {suffix} is not a format grade writes: the report (.html), the results "
        "workbook (.xlsx) or every region's Result JSON (.json)",
        "--out {path}: grade 不写 {suffix} 格式，可写：报告（.html）、结果工作簿（.xlsx）"
        "或各地区的结果 JSON（.json）",
    ),
    "second_output": (
        "{spelled}: a second {kind} ({first} writes it); give one",
        "{spelled}: 又一个{kind}（已由 {first} 写出）；只能给一个",
    ),
    "kind.html": ("report", "报告"),
    "kind.xlsx": ("results workbook", "结果工作簿"),
    "kind.json": ("results JSON", "结果 JSON"),
    "levels_in_file": (
        "{path}: regions at {count} levels in the region file: give --level",
        "{path}: 这些地区在地区文件中分属 {count} 个层级：请给出 --level",
    ),
    "hierarchy_data": (
        "{path}: with --hierarchy, give submissions as JSON or a filled .xlsx",
        "{path}: 使用 --hierarchy 时，报送数据应为 JSON 或填好的 .xlsx",
    ),
    "needs_hierarchy": (
        "--level, --under and --lower need --hierarchy (the region file)",
        "--level、--under 和 --lower 需要 --hierarchy（地区文件）",
    ),
    "no_submissions": ("{path}: no submissions", "{path}: 没有报送数据"),
    # files and data, every verb
    "cannot_read": ("{path}: cannot read: {reason}", "{path}: 无法读取：{reason}"),
    "cannot_write": ("{path}: cannot write: {reason}", "{path}: 无法写入：{reason}"),
    "json_too_large": (
        "{path}: larger than {limit} bytes; not read",
        "{path}: 超过 {limit} 字节，未读取",
    ),
    "csv_too_large": (
        "{path}: larger than the limit of {limit:,} bytes; not read",
        "{path}: 超过 {limit:,} 字节的上限，未读取",
    ),
    "not_utf8": (
        "{path}: not UTF-8 text (byte {byte})",
        "{path}: 不是 UTF-8 文本（第 {byte} 字节）",
    ),
    "csv_header": ("{path}: unreadable header: {reason}", "{path}: 无法读取表头：{reason}"),
    "csv_columns": (
        "{path}: {count:,} columns, more than the limit of {limit:,}; not read",
        "{path}: {count:,} 列，超过 {limit:,} 列的上限，未读取",
    ),
    "csv_unreadable": (
        "{path}: not a readable {what} CSV file: {reason}",
        "{path}: 无法读取的{what} CSV 文件：{reason}",
    ),
    "csv.table": ("table", "数据表"),
    "csv.incidents": ("incidents", "事件"),
    "csv_rows": (
        "{path}: more than the limit of {limit:,} rows; not read",
        "{path}: 超过 {limit:,} 行的上限，未读取",
    ),
    "no_scheme": (
        "scheme {spec!r} is neither built in ({builtin}) nor a file: give --scheme with the "
        "scheme file's path",
        "考核方案 {spec!r} 既不是内置方案（{builtin}）也不是文件："
        "请用 --scheme 给出考核方案文件的路径",
    ),
    "not_a_submission_list": (
        '{path}: expected a list of submissions or {{"submissions": [...]}}',
        '{path}: 应为报送数据的列表或 {{"submissions": [...]}}',
    ),
    "standard_output": ("standard output: {reason}", "标准输出：{reason}"),
    # usage: both spellings of one argument, or neither
    "given_twice": (
        "{verb}: {what} is given twice ({new} and {old}): {usage}",
        "{verb}: {what}给出了两次（{new} 和 {old}）：{usage}",
    ),
    "missing": ("{verb}: {what} is missing: {usage}", "{verb}: 缺少{what}：{usage}"),
    "what.region": ("the region code", "地区代码"),
    "what.out": ("the file to write", "要写入的文件"),
    "usage": ("usage: ", "用法： "),  # as wide as "usage: ": the lines below stay aligned
    "error": ("error: ", "错误："),
}


def _lang() -> str:
    return "zh" if get_option("lang") == "zh" else "en"


def say(key: str, /, **fields: object) -> str:
    """The message ``key`` in the command's --lang, its fields filled in."""
    english, chinese = _MESSAGES[key]
    return (chinese if _lang() == "zh" else english).format(**fields)


def pair(key: str) -> tuple[str, str]:
    """The message ``key`` as (English, Chinese), unformatted."""
    return _MESSAGES[key]


# argparse's errors (Python 3.10-3.13), each as a pattern of its English and the Chinese it is
# said in: the names of options, verbs and values are quoted as given.
_USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), chinese)
    for pattern, chinese in (
        (r"^the following arguments are required: (?P<a>.*)$", "缺少以下参数：{a}"),
        (r"^unrecognized arguments: (?P<a>.*)$", "无法识别的参数：{a}"),
        (
            r"^argument (?P<a>.*?): invalid choice: (?P<v>.*) \(choose from (?P<c>.*)\)$",
            "参数 {a}：{v} 不是可选值（可选：{c}）",
        ),
        (r"^argument (?P<a>.*?): expected one argument$", "参数 {a}：需要一个值"),
        (r"^argument (?P<a>.*?): expected at most one argument$", "参数 {a}：最多一个值"),
        (r"^argument (?P<a>.*?): expected at least one argument$", "参数 {a}：至少需要一个值"),
        (r"^argument (?P<a>.*?): expected (?P<n>\d+) arguments?$", "参数 {a}：需要 {n} 个值"),
        (
            r"^argument (?P<a>.*?): invalid (?P<t>\w+) value: (?P<v>.*)$",
            "参数 {a}：{v} 不是有效的值（{t}）",
        ),
        (
            r"^argument (?P<a>.*?): not allowed with argument (?P<b>.*)$",
            "参数 {a}：不能与参数 {b} 同时使用",
        ),
        (r"^one of the arguments (?P<a>.*) is required$", "必须给出以下参数之一：{a}"),
        (
            r"^ambiguous option: (?P<a>.*) could match (?P<b>.*)$",
            "有歧义的选项：{a} 可以是 {b}",
        ),
        (r"^argument (?P<a>.*?): ignored explicit argument (?P<v>.*)$", "参数 {a}：多余的值 {v}"),
    )
)


def usage_error(message: str) -> str:
    """argparse's error ``message`` in the command's --lang; one it does not know stays as
    argparse words it."""
    if _lang() != "zh":
        return message
    for pattern, chinese in _USAGE_ERRORS:
        found = pattern.match(message)
        if found:
            return chinese.format(**found.groupdict())
    return message


def usage_lang(argv: Sequence[str]) -> str:
    """The --lang of a command line before argparse has read it (its last, as argparse keeps;
    default zh), so that argparse's own errors are said in it."""
    lang = "zh"
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            lang = argv[index + 1]
        elif word.startswith("--lang="):
            lang = word[len("--lang=") :]
    return "en" if lang == "en" else "zh"
