#include "qualityassess/conditions.hpp"

#include <algorithm>

namespace qa {
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

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Why `incident` does not count for `trigger`, or an empty text when it does.
Text incident_mismatch(const IncidentTrigger& trigger, const Incident& incident,
                       const AssessmentCalendar& calendar) {
  if (!trigger.scopes.empty() && !contains(trigger.scopes, incident.scope)) {
    return {
        "事件 " + incident.id + " 范围为 " + incident.scope + "，不属于 " + join(trigger.scopes, "、"),
        "incident " + incident.id + " has scope " + incident.scope + ", not " + join(trigger.scopes, " or ")};
  }
  if (!trigger.severities.empty() && !contains(trigger.severities, incident.severity)) {
    const std::string severity = incident.severity.empty() ? "(none)" : incident.severity;
    return {"事件 " + incident.id + " 等级为 " + severity + "，不属于 " + join(trigger.severities, "、"),
            "incident " + incident.id + " has severity " + severity + ", not " +
                join(trigger.severities, " or ")};
  }
  if (trigger.min_deaths && incident.deaths < *trigger.min_deaths) {
    return {"事件 " + incident.id + " 死亡 " + std::to_string(incident.deaths) + " 人，少于 " +
                std::to_string(*trigger.min_deaths) + " 人",
            "incident " + incident.id + " caused " + std::to_string(incident.deaths) +
                " deaths, fewer than " + std::to_string(*trigger.min_deaths)};
  }
  if (trigger.within_year && !calendar.contains(incident.date)) {
    return {"事件 " + incident.id + " 发生于 " + incident.date.to_string() + "，不在 " +
                std::to_string(calendar.year) + " 考核年度（" + year_span(calendar, Lang::zh) + "）内",
            "incident " + incident.id + " on " + incident.date.to_string() +
                " lies outside assessment year " + std::to_string(calendar.year) + " (" +
                year_span(calendar, Lang::en) + ")"};
  }
  return {};
}

TriggerOutcome evaluate_incidents(const IncidentTrigger& trigger, const TriggerContext& context) {
  std::vector<std::string> matched;
  Text rejections;
  for (const Incident& incident : context.incidents) {
    const Text why_not = incident_mismatch(trigger, incident, context.calendar);
    if (why_not.empty()) {
      matched.push_back(incident.id + " (" + incident.scope + ", " + incident.date.to_string() + ")");
      continue;
    }
    rejections.zh += (rejections.zh.empty() ? "" : "；") + why_not.zh;
    rejections.en += (rejections.en.empty() ? "" : "; ") + why_not.en;
  }
  TriggerOutcome outcome;
  outcome.fired = static_cast<int>(matched.size()) >= trigger.min_count;
  const std::string year = std::to_string(context.calendar.year);
  if (outcome.fired && !trigger.within_year) {
    outcome.reason = {"事件 " + join(matched, "、") + " 符合条件（不限考核年度）",
                      "incident " + join(matched, ", ") + " (whatever its date)"};
  } else if (outcome.fired) {
    outcome.reason = {"事件 " + join(matched, "、") + " 发生在 " + year + " 考核年度（" +
                          year_span(context.calendar, Lang::zh) + "）内",
                      "incident " + join(matched, ", ") + " within assessment year " + year + " (" +
                          year_span(context.calendar, Lang::en) + ")"};
  } else if (context.incidents.empty()) {
    outcome.reason = {"未报告事件", "no incident reported"};
  } else if (!matched.empty()) {
    outcome.reason = {
        std::to_string(matched.size()) + " 起事件符合，少于 " + std::to_string(trigger.min_count) + " 起",
        std::to_string(matched.size()) + " matching incident(s), fewer than " +
            std::to_string(trigger.min_count)};
  } else {
    outcome.reason = rejections;
  }
  return outcome;
}

TriggerOutcome evaluate_score_rate(const ScoreRateTrigger& trigger, const TriggerContext& context) {
  std::vector<std::string> below_zh;
  std::vector<std::string> below_en;
  for (const std::string& id : trigger.nodes) {
    const auto index = static_cast<std::size_t>(context.scheme.node_index(id));
    const Node& node = context.scheme.nodes[index];
    const Fixed points = context.node_points[index];
    if (Ratio(points) < Ratio(node.points) * Ratio(trigger.below)) {
      below_zh.push_back(node.name.in(Lang::zh) + " 得 " + points.to_string() + "/" +
                         node.points.to_string());
      below_en.push_back(id + " scored " + points.to_string() + " of " + node.points.to_string());
    }
  }
  const std::string floor =
      (Ratio(trigger.below) * Ratio(Fixed::from_int(100))).round({2, RoundingMode::half_up}).to_string() +
      "%";
  TriggerOutcome outcome;
  outcome.fired = !below_en.empty();
  if (outcome.fired) {
    outcome.reason = {join(below_zh, "，") + "，得分率低于 " + floor,
                      join(below_en, ", ") + ": below " + floor};
  } else {
    outcome.reason = {"各项得分率均不低于 " + floor, "every listed point scored at least " + floor};
  }
  return outcome;
}

TriggerOutcome evaluate_findings(const FindingTrigger& trigger, const TriggerContext& context) {
  std::vector<std::string> hits;
  std::vector<std::string> hits_zh;
  for (const Finding& finding : context.findings) {
    if (std::find(trigger.kinds.begin(), trigger.kinds.end(), finding.kind) == trigger.kinds.end()) continue;
    hits.push_back(std::string(finding_kind_name(finding.kind)) + " (" +
                   (finding.leaf.empty() ? finding.incident : finding.leaf) + ")");
    hits_zh.push_back(finding_kind_label(finding.kind).zh + "（" +
                      (finding.leaf.empty() ? finding.incident : finding.leaf) + "）");
  }
  std::vector<std::string> kinds;
  std::vector<std::string> kinds_zh;
  for (FindingKind kind : trigger.kinds) {
    kinds.emplace_back(finding_kind_name(kind));
    kinds_zh.push_back(finding_kind_label(kind).zh);
  }
  TriggerOutcome outcome;
  outcome.fired = static_cast<int>(hits.size()) >= trigger.min_count;
  if (outcome.fired) {
    outcome.reason = {"发现" + join(hits_zh, "、"), "found " + join(hits, ", ")};
  } else if (hits.empty()) {
    outcome.reason = {"未发现" + join(kinds_zh, "、") + "情形", "no " + join(kinds, " or ") + " finding"};
  } else {
    outcome.reason = {"发现" + join(hits_zh, "、") + "，少于 " + std::to_string(trigger.min_count) + " 项",
                      "found " + join(hits, ", ") + ", fewer than " + std::to_string(trigger.min_count)};
  }
  return outcome;
}

}  // namespace

TriggerOutcome evaluate_trigger(const Condition& condition, const TriggerContext& context) {
  if (const auto* incident = std::get_if<IncidentTrigger>(&condition.trigger)) {
    return evaluate_incidents(*incident, context);
  }
  if (const auto* rate = std::get_if<ScoreRateTrigger>(&condition.trigger)) {
    return evaluate_score_rate(*rate, context);
  }
  return evaluate_findings(std::get<FindingTrigger>(condition.trigger), context);
}

int apply_grade_effects(const Grading& grading, int grade, const std::vector<const Condition*>& fired) {
  const int worst = grading.worst_index();
  int downgrade_levels = 0;
  int cap = 0;  // the best grade allowed
  int forced = -1;
  for (const Condition* condition : fired) {
    const Effect& effect = condition->effect;
    switch (effect.type) {
      case EffectType::downgrade:
        downgrade_levels += effect.levels;
        break;
      case EffectType::cap_grade:
        cap = std::max(cap, grading.grade_index(effect.grade));
        break;
      case EffectType::force_grade:
        forced = std::max(forced, grading.grade_index(effect.grade));
        break;
      case EffectType::zero_total:
      case EffectType::notice:
        break;
    }
  }
  grade = std::min(worst, grade + downgrade_levels);
  grade = std::max(grade, cap);
  if (forced >= 0) grade = forced;
  return grade;
}

}  // namespace qa
