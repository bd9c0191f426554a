#include "condition_reasons.hpp"

#include <algorithm>

#include "leaf_explanation.hpp"

namespace qa::detail {
namespace {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string year_span(const AssessmentCalendar& calendar, Lang lang) {
  return calendar.year_start.to_string() + (lang == Lang::zh ? " 至 " : " to ") +
         calendar.year_end.to_string();
}

// Why `incident` does not count for `trigger`, or an empty text when it does.
Text incident_rejection(const Scheme& scheme, const IncidentTrigger& trigger, const Incident& incident,
                        const AssessmentCalendar& calendar) {
  switch (incident_mismatch_of(trigger, incident, calendar)) {
    case IncidentMismatch::none:
      return {};
    case IncidentMismatch::scope: {
      std::vector<std::string> scopes_zh;
      for (const std::string& scope : trigger.scopes) scopes_zh.push_back(scope_label(scheme, scope).zh);
      return {"事件 " + incident.id + " 范围为 " + scope_label(scheme, incident.scope).zh + "，不属于 " +
                  join(scopes_zh, "、"),
              "incident " + incident.id + " has scope " + incident.scope + ", not " +
                  join(trigger.scopes, " or ")};
    }
    case IncidentMismatch::severity: {
      const bool graded = !incident.severity.empty();
      return {"事件 " + incident.id + (graded ? " 等级为 " + incident.severity : std::string(" 未注明等级")) +
                  "，不属于 " + join(trigger.severities, "、"),
              "incident " + incident.id + " has severity " + (graded ? incident.severity : "(none)") +
                  ", not " + join(trigger.severities, " or ")};
    }
    case IncidentMismatch::deaths:
      return {"事件 " + incident.id + " 死亡 " + std::to_string(incident.deaths) + " 人，少于 " +
                  std::to_string(*trigger.min_deaths) + " 人",
              "incident " + incident.id + " caused " + std::to_string(incident.deaths) +
                  " deaths, fewer than " + std::to_string(*trigger.min_deaths)};
    case IncidentMismatch::outside_year:
      return {"事件 " + incident.id + " 发生于 " + incident.date.to_string() + "，不在 " +
                  std::to_string(calendar.year) + " 考核年度（" + year_span(calendar, Lang::zh) + "）内",
              "incident " + incident.id + " on " + incident.date.to_string() +
                  " lies outside assessment year " + std::to_string(calendar.year) + " (" +
                  year_span(calendar, Lang::en) + ")"};
  }
  return {};
}

Text incidents_reason(const IncidentTrigger& trigger, bool fired, const ReasonContext& context) {
  std::vector<std::string> matched;
  std::vector<std::string> matched_zh;
  Text rejections;
  for (const Incident& incident : context.incidents) {
    const Text why_not = incident_rejection(context.scheme, trigger, incident, context.calendar);
    if (why_not.empty()) {
      // A scheme without incident scopes takes incidents without one: only the date is shown.
      const std::string date = incident.date.to_string();
      matched.push_back(incident.id + " (" + (incident.scope.empty() ? "" : incident.scope + ", ") + date +
                        ")");
      matched_zh.push_back(
          incident.id + "（" +
          (incident.scope.empty() ? "" : scope_label(context.scheme, incident.scope).zh + "，") + date +
          "）");
      continue;
    }
    rejections.zh += (rejections.zh.empty() ? "" : "；") + why_not.zh;
    rejections.en += (rejections.en.empty() ? "" : "; ") + why_not.en;
  }
  const std::string year = std::to_string(context.calendar.year);
  if (fired && !trigger.within_year) {
    return {"事件 " + join(matched_zh, "、") + " 符合条件（不限考核年度）",
            "incident " + join(matched, ", ") + " (whatever its date)"};
  }
  if (fired) {
    return {"事件 " + join(matched_zh, "、") + " 发生在 " + year + " 考核年度（" +
                year_span(context.calendar, Lang::zh) + "）内",
            "incident " + join(matched, ", ") + " within assessment year " + year + " (" +
                year_span(context.calendar, Lang::en) + ")"};
  }
  if (context.incidents.empty()) return {"未报告事件", "no incident reported"};
  if (!matched.empty()) {
    return {std::to_string(matched.size()) + " 起事件符合，少于 " + std::to_string(trigger.min_count) + " 起",
            std::to_string(matched.size()) + " matching incident(s), fewer than " +
                std::to_string(trigger.min_count)};
  }
  return rejections;
}

Text score_rate_reason(const ScoreRateTrigger& trigger, bool fired, const ReasonContext& context) {
  std::vector<std::string> below_zh;
  std::vector<std::string> below_en;
  for (const std::string& id : trigger.nodes) {
    const auto index = static_cast<std::size_t>(context.scheme.node_index(id));
    const Node& node = context.scheme.nodes[index];
    const std::int64_t points = context.node_points[index];
    if (below_rate(points, node.points.units(), trigger.below.units())) {
      const std::string shown = Fixed::from_units(points).to_string();
      below_zh.push_back(node.name.in(Lang::zh) + " 得 " + shown + "/" + node.points.to_string());
      below_en.push_back(id + " scored " + shown + " of " + node.points.to_string());
    }
  }
  const std::string floor =
      (Ratio(trigger.below) * Ratio(Fixed::from_int(100))).round({2, RoundingMode::half_up}).to_string() +
      "%";
  if (fired)
    return {join(below_zh, "，") + "，得分率低于 " + floor, join(below_en, ", ") + ": below " + floor};
  return {"各项得分率均不低于 " + floor, "every listed point scored at least " + floor};
}

Text findings_reason(const FindingTrigger& trigger, bool fired, const ReasonContext& context) {
  std::vector<std::string> hits;
  std::vector<std::string> hits_zh;
  for (const Finding& finding : context.findings) {
    if (std::find(trigger.kinds.begin(), trigger.kinds.end(), finding.kind) == trigger.kinds.end()) continue;
    const std::string& what = finding.leaf.empty() ? finding.incident : finding.leaf;
    hits.push_back(std::string(finding_kind_name(finding.kind)) + " (" + what + ")");
    const std::string what_zh =
        finding.leaf.empty() ? finding.incident : node_label_zh(context.scheme, finding.leaf);
    hits_zh.push_back(finding_kind_label(finding.kind).zh + "（" + what_zh + "）");
  }
  std::vector<std::string> kinds;
  std::vector<std::string> kinds_zh;
  for (FindingKind kind : trigger.kinds) {
    kinds.emplace_back(finding_kind_name(kind));
    kinds_zh.push_back(finding_kind_label(kind).zh);
  }
  if (fired) return {"发现" + join(hits_zh, "、"), "found " + join(hits, ", ")};
  if (hits.empty())
    return {"未发现" + join(kinds_zh, "、") + "情形", "no " + join(kinds, " or ") + " finding"};
  return {"发现" + join(hits_zh, "、") + "，少于 " + std::to_string(trigger.min_count) + " 项",
          "found " + join(hits, ", ") + ", fewer than " + std::to_string(trigger.min_count)};
}

}  // namespace

Text scope_label(const Scheme& scheme, const std::string& scope) {
  for (const IncidentScope& known : scheme.incident_scopes) {
    if (known.id == scope && !known.name.empty()) return {known.name.in(Lang::zh), known.name.in(Lang::en)};
  }
  return {scope, scope};
}

std::string node_label_zh(const Scheme& scheme, const std::string& node_id) {
  const int index = scheme.node_index(node_id);
  if (index < 0) return node_id;
  const std::string& name = scheme.nodes[static_cast<std::size_t>(index)].name.in(Lang::zh);
  return name.empty() ? node_id : name;
}

IncidentMismatch incident_mismatch_of(const IncidentTrigger& trigger, const Incident& incident,
                                      const AssessmentCalendar& calendar) {
  return incident_mismatch(trigger, scope_counts(trigger, incident.scope),
                           severity_counts(trigger, incident.severity), incident.deaths,
                           calendar.contains(incident.date));
}

Text condition_reason(const Condition& condition, bool fired, const ReasonContext& context) {
  if (const auto* incident = std::get_if<IncidentTrigger>(&condition.trigger)) {
    return incidents_reason(*incident, fired, context);
  }
  if (const auto* rate = std::get_if<ScoreRateTrigger>(&condition.trigger)) {
    return score_rate_reason(*rate, fired, context);
  }
  if (const auto* finding = std::get_if<FindingTrigger>(&condition.trigger)) {
    return findings_reason(*finding, fired, context);
  }
  return {};  // a requirement: not_met_reason, which reads the trace
}

}  // namespace qa::detail

namespace qa {
namespace {

Text reason_of(const Result& result, std::size_t index, bool fired) {
  if (!result.trace || !result.scheme) return {};
  const detail::PlanData& plan = detail::plan_of(*result.scheme);
  if (index >= plan.all_conditions.size()) return {};
  if (plan.all_conditions[index].type == detail::ConditionPlan::Type::not_met) {
    return detail::not_met_reason(result, plan.all_conditions[index], fired);
  }
  std::vector<std::int64_t> node_points;
  node_points.reserve(result.node_points.size());
  for (const Fixed& points : result.node_points) node_points.push_back(points.units());
  const detail::ReasonContext context{*result.scheme, node_points.data(), result.findings,
                                      result.trace->incidents(), result.trace->calendar()};
  return detail::condition_reason(*plan.all_conditions[index].condition, fired, context);
}

}  // namespace

Text Result::reason(const AppliedCondition& condition) const {
  return reason_of(*this, condition.index, true);
}

Text Result::reason(const ConditionNotApplied& condition) const {
  return reason_of(*this, condition.index, false);
}

}  // namespace qa
