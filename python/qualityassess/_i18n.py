"""The words of tables, workbooks and reports in Chinese and English.

Explanations of scores come from the core (``Result.explain``, each leaf's ``how``); these are
only the labels around them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ._errors import input_error

if TYPE_CHECKING:
    from ._findings import ConditionEffect

__all__ = ["LANGS", "Lang", "check_lang", "effect_text", "finding_kind", "text", "words"]

# The one type of a language parameter in a public signature (the type checker then refuses
# "english" where it is typed; check_lang refuses it at run time for untyped callers).
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "rank": "名次",
        "code": "代码",
        "region": "地区",
        "total": "总分",
        "grade": "等级",
        "grade_before": "按分数等级",
        "grade_changed_by": "等级调整原因",
        "vetoed": "否决",
        "yes": "是",
        "no": "否",
        "findings": "发现的问题",
        "consequences": "考核结果运用",
        "conditions": "适用的条件",
        "conditions_not_applied": "未适用的条件",
        "points": "得分",
        "max": "分值",
        "rate": "得分率",
        "node": "考核内容",
        "source": "依据",
        "how": "计分说明",
        "adjustments": "加分与扣分",
        "bonus": "加分",
        "penalty": "扣分",
        "capped": "已封顶",
        "ranking": "考核结果排名",
        "rollups": "逐级汇总",
        "distribution": "等级分布",
        "dimensions": "各项得分率",
        "heatmap": "各地区各项得分率",
        "regions": "各地区得分明细",
        "count": "地区数",
        "of": "满分",
        "assessment_year": "考核年度",
        "scheme": "考核方案",
        "version": "版本",
        "generated_by": "由 qualityassess 生成",
        "report_title": "{year}年度考核结果",
        "none": "无",
        "verified": "核查值",
        "self_evaluated": "自评值",
        "missing": "无数据",
        "self_points": "自评得分",
        "article": "条款",
        "due": "期限",
        "due_months": "公告后{months}个月内",
        "summary": "概况",
        "regions_assessed": "参加考核地区",
        "note": "说明",
        "back_to_top": "返回排名",
        "detail_omitted": "各地区明细从略：{count}个地区超过报告上限{limit}个（排名列出全部地区）；"
        "全部地区的得分见结果工作簿（grade --out results.xlsx）"
        "或结果 JSON（grade --out results.json）。",
        "score_rate_axis": "得分率（%）",
        "grade_by_score": "按分数",
        "leaf": "考核要点",
        "reason": "原因",
        "effect": "效果",
        "veto": "一票否决",
        "tree": "指标体系",
        "scheme_conditions": "条件与否决",
        "rule": "评分方法",
        "id": "编号",
        # Notebook views and plots of results and analyses
        "results_repr": "{count}个地区",
        "grade_count": "{grade} {count}个",
        "total_points": "{total}分",
        "scheme_repr": "{points}个要点，满分{max}分",
        "uncertainty": "不确定性分析",
        "sensitivity": "敏感性分析",
        "replications": "重复次数",
        "seed": "随机种子",
        "varied": "变动",
        "p_grade": "保持原等级的概率",
        "likeliest": "最可能等级",
        "rank_interval": "名次（5%–95%）",
        "total_interval": "总分（5%–95%）",
        "median": "中位数",
        "as_assessed": "考核结果",
        "percentile_range": "第5–95百分位",
        "probability": "概率",
        "grade_probability": "各等级的概率",
        "rank_uncertainty": "名次的不确定性",
        "least_firm": "最不稳定",
        "mean_p_grade": "平均保持原等级的概率",
        "group": "输入组",
        "first_order": "一阶指数",
        "total_index": "总效应指数",
        "interval": "95%区间",
        "sobol_index": "Sobol指数",
        "output": "输出",
        "rank_shift": "名次平均变动",
        "grade_changes": "等级变化的地区数",
        "variance": "方差",
        "no_variance": "输出没有变化，指数无定义",
        "group.points": "分值",
        "group.thresholds": "等级分数线",
        "group.per_point": "扣分标准",
        "group.verification": "核查",
        "sensitivity_of": "{output}的敏感性",
        "sep": "，",
        "year_repr": "{year}年度",
        "vetoed_repr": "（一票否决）",
        "results_of": "{count}个地区（{counts}）",
        "repr_more": "仅列出{total}个地区中的前{shown}个；summary()列出全部地区",
        "uncertainty_repr": "{count}个地区：重复{n}次（随机种子{seed}），变动 {varied}",
        "uncertainty_tail": "；平均保持原等级的概率{mean}，最不稳定：{region}（{grade}，{p}）",
        "sensitivity_repr": "{title}：{n}个基础样本（随机种子{seed}）；总效应指数：{indices}",
        # The command line (cli/_vocabulary.py)
        "deprecated_spelling": "警告：`{verb}` 的 {old} 已弃用，请改用 {new}",
    },
    "en": {
        "rank": "Rank",
        "code": "Code",
        "region": "Region",
        "total": "Total",
        "grade": "Grade",
        "grade_before": "Grade by score",
        "grade_changed_by": "Grade changed by",
        "vetoed": "Veto",
        "yes": "yes",
        "no": "no",
        "findings": "Findings",
        "consequences": "Consequences",
        "conditions": "Conditions applied",
        "conditions_not_applied": "Conditions not applied",
        "points": "Points",
        "max": "Max",
        "rate": "Rate",
        "node": "Indicator",
        "source": "Source",
        "how": "How scored",
        "adjustments": "Bonus and penalty",
        "bonus": "bonus",
        "penalty": "penalty",
        "capped": "capped",
        "ranking": "Ranking",
        "rollups": "Roll-ups by level",
        "distribution": "Grade distribution",
        "dimensions": "Score rate by dimension",
        "heatmap": "Score rate by region and dimension",
        "regions": "Each region's breakdown",
        "count": "Regions",
        "of": "of",
        "assessment_year": "Assessment year",
        "scheme": "Scheme",
        "version": "version",
        "generated_by": "Generated by qualityassess",
        "report_title": "Assessment results, year {year}",
        "none": "none",
        "verified": "verified",
        "self_evaluated": "self-evaluated",
        "missing": "missing",
        "self_points": "Self-evaluated points",
        "article": "Article",
        "due": "Due",
        "due_months": "within {months} month(s) of the announcement",
        "summary": "Summary",
        "regions_assessed": "Regions assessed",
        "note": "Note",
        "back_to_top": "back to the ranking",
        "detail_omitted": "per-region detail omitted: {count} regions exceeds the report's "
        "limit of {limit} (the ranking lists every region); for all, write the results "
        "workbook or JSON (grade --out results.xlsx / results.json): it holds every region's "
        "points and findings.",
        "score_rate_axis": "Score rate (%)",
        "grade_by_score": "by score",
        "leaf": "Point",
        "reason": "Reason",
        "effect": "Effect",
        "veto": "veto",
        "tree": "Indicators",
        "scheme_conditions": "Conditions and vetoes",
        "rule": "Rule",
        "id": "Id",
        # Notebook views and plots of results and analyses
        "results_repr": "{count} regions",
        "grade_count": "{grade}: {count}",
        "total_points": "{total}",
        "scheme_repr": "{points} points, max {max}",
        "uncertainty": "Uncertainty analysis",
        "sensitivity": "Sensitivity analysis",
        "replications": "Replications",
        "seed": "Seed",
        "varied": "Varied",
        "p_grade": "P(grade held)",
        "likeliest": "Likeliest grade",
        "rank_interval": "Rank (5th–95th pct.)",
        "total_interval": "Total (5th–95th pct.)",
        "median": "median",
        "as_assessed": "as assessed",
        "percentile_range": "5th–95th percentile",
        "probability": "Probability",
        "grade_probability": "Probability of each grade",
        "rank_uncertainty": "Rank under uncertainty",
        "least_firm": "least firm",
        "mean_p_grade": "mean P(grade held)",
        "group": "Input group",
        "first_order": "First-order index",
        "total_index": "Total index",
        "interval": "95% interval",
        "sobol_index": "Sobol index",
        "output": "Output",
        "rank_shift": "mean rank shift",
        "grade_changes": "regions whose grade changes",
        "variance": "Variance",
        "no_variance": "the output does not vary; the indices are undefined",
        "group.points": "points",
        "group.thresholds": "grade thresholds",
        "group.per_point": "deduction rates",
        "group.verification": "verification",
        "sensitivity_of": "Sensitivity of the {output}",
        "sep": ", ",
        "year_repr": "{year}",
        "vetoed_repr": ", vetoed",
        "results_of": "of {count} regions ({counts})",
        "repr_more": "the first {shown} of {total} regions are shown; summary() has them all",
        "uncertainty_repr": "of {count} regions: {n} replications (seed {seed}), varied {varied}",
        "uncertainty_tail": "; mean P(grade held) {mean}, least firm {region} ({grade}, {p})",
        "sensitivity_repr": "{title}: {n} base samples (seed {seed}); total index: {indices}",
        # The command line (cli/_vocabulary.py)
        "deprecated_spelling": "warning: {old} in `{verb}` is deprecated; use {new}",
    },
}

_FINDING_KINDS = {
    "missing_value": ("缺少数值", "missing value"),
    "missing_target": ("未报送目标", "no target filed"),
    "missing_previous": ("缺少上年数值", "no last-year value"),
    "overstated": ("自评虚高", "overstated"),
    "concealed": ("瞒报事件", "concealed incident"),
    "late_filing": ("逾期报送", "late filing"),
    "not_submitted": ("未报送", "not submitted"),
}

_RULES = {
    "target": ("目标值", "target"),
    "levels": ("等次", "levels"),
    "checklist": ("检查项", "checklist"),
    "deduction": ("扣分", "deduction"),
    "direct": ("直接评分", "direct points"),
    "boolean": ("是/否", "yes/no"),
    "value": ("数值", "figure"),
}


def check_lang(lang: str) -> Lang:
    """``lang`` if it is ``"zh"`` or ``"en"``; otherwise a ``qa.InputError`` at ``lang``."""
    for known in LANGS:
        if lang == known:
            return known
    raise input_error("bad argument", [("lang", f"{lang!r} is not a language; use zh or en")])


def words(lang: str) -> dict[str, str]:
    return _WORDS[check_lang(lang)]


def text(value: Any, lang: str) -> str:
    """A scheme text (``{"zh", "en"}`` or a plain string) in ``lang``, falling back to the
    other language."""
    if isinstance(value, dict):
        other = "en" if lang == "zh" else "zh"
        return str(value.get(lang) or value.get(other) or "")
    return "" if value is None else str(value)


def finding_kind(kind: str, lang: str) -> str:
    zh, en = _FINDING_KINDS.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def rule_name(rule: str | None, lang: str) -> str:
    if rule is None:
        return ""
    zh, en = _RULES.get(rule, (rule, rule))
    return zh if lang == "zh" else en


def effect_text(effect: ConditionEffect, lang: str) -> str:
    """A condition's effect in words."""
    kind = effect.type
    grade = effect.grade or ""
    levels = effect.levels or 1
    if lang == "zh":
        return {
            "force_grade": f"等级定为{grade}",
            "cap_grade": f"等级最高为{grade}",
            "downgrade": f"降{levels}个等级",
            "zero_total": "总分计为零",
            "notice": "通报",
        }.get(kind, kind)
    return {
        "force_grade": f"grade set to {grade}",
        "cap_grade": f"grade at most {grade}",
        "downgrade": f"{levels} grade(s) lower",
        "zero_total": "total set to 0",
        "notice": "notice",
    }.get(kind, kind)
