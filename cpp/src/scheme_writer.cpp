// Writes a Scheme back as a canonical document that read_scheme accepts unchanged.
#include "qualityassess/scheme_io.hpp"

namespace qa {
namespace {

using nlohmann::json;

json number(Fixed value) {
  if (value.units() % Fixed::kScale == 0) return value.units() / Fixed::kScale;
  return value.to_double();
}

json text(const Text& t) {
  json out = json::object();
  if (!t.zh.empty()) out["zh"] = t.zh;
  if (!t.en.empty()) out["en"] = t.en;
  return out;
}

json write_legal_basis(const LegalBasis& basis) {
  json out = json::object();
  if (!basis.title.empty()) out["title"] = text(basis.title);
  json articles = json::object();
  if (!basis.filing.empty()) articles["filing"] = text(basis.filing);
  if (!basis.misreporting.empty()) articles["misreporting"] = text(basis.misreporting);
  const std::pair<const char*, const Text*> deadlines[] = {
      {"targets", &basis.targets},
      {"self_evaluation", &basis.self_evaluation},
      {"targets_not_submitted", &basis.targets_not_submitted},
      {"self_evaluation_not_submitted", &basis.self_evaluation_not_submitted},
      {"report", &basis.report},
      {"rectification", &basis.rectification}};
  for (const auto& [key, article] : deadlines) {
    if (!article->empty()) articles[key] = text(*article);
  }
  if (!articles.empty()) out["articles"] = articles;
  return out;
}

const char* direction_name(Direction d) {
  return d == Direction::higher_is_better ? "higher_is_better" : "lower_is_better";
}

const char* method_name(TargetMethod m) {
  switch (m) {
    case TargetMethod::deduction:
      return "deduction";
    case TargetMethod::proportional:
      return "proportional";
    case TargetMethod::table:
      return "table";
  }
  return "deduction";
}

const char* aggregation_name(Aggregation a) {
  switch (a) {
    case Aggregation::sum:
      return "sum";
    case Aggregation::min:
      return "min";
    case Aggregation::weighted_mean:
      return "weighted_mean";
  }
  return "sum";
}

const char* rounding_mode_name(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::half_up:
      return "half_up";
    case RoundingMode::half_even:
      return "half_even";
    case RoundingMode::down:
      return "down";
    case RoundingMode::up:
      return "up";
  }
  return "half_up";
}

struct RuleWriter {
  json operator()(const TargetRule& rule) const {
    json out = {{"type", "target"},
                {"direction", direction_name(rule.direction)},
                {"method", method_name(rule.method)}};
    if (rule.method == TargetMethod::deduction) out["per_point"] = number(rule.per_point);
    if (rule.method == TargetMethod::table) {
      out["table"] = json::array();
      for (const AttainmentStep& step : rule.table) {
        out["table"].push_back(
            {{"attainment", number(step.attainment)}, {"fraction", number(step.fraction)}});
      }
    }
    if (rule.fixed_target) out["target"] = number(*rule.fixed_target);
    if (rule.min_value) out["min_value"] = number(*rule.min_value);
    if (rule.max_value) out["max_value"] = number(*rule.max_value);
    if (!rule.unit.empty()) out["unit"] = rule.unit;
    if (rule.zero_if_worse_than_previous) out["zero_if_worse_than_previous"] = true;
    return out;
  }
  json operator()(const LevelsRule& rule) const {
    return {{"type", "levels"}, {"level_set", rule.level_set}};
  }
  json operator()(const ChecklistRule& rule) const {
    json out = {{"type", "checklist"}, {"partly_fraction", number(rule.partly_fraction)}};
    if (rule.per_missing) out["per_missing"] = number(*rule.per_missing);
    out["items"] = json::array();
    for (const ChecklistItem& item : rule.items) {
      json entry = {{"id", item.id}};
      if (!item.name.empty()) entry["name"] = text(item.name);
      if (!rule.per_missing) entry["points"] = number(item.points);
      out["items"].push_back(entry);
    }
    return out;
  }
  json operator()(const DeductionRule& rule) const {
    json out = {{"type", "deduction"}, {"kinds", json::array()}};
    for (const DeductionKind& kind : rule.kinds) {
      json entry = {{"id", kind.id}, {"per_occurrence", number(kind.per_occurrence)}};
      if (!kind.name.empty()) entry["name"] = text(kind.name);
      out["kinds"].push_back(entry);
    }
    if (rule.not_filed == NotFiled::nothing_to_deduct) out["not_filed"] = "nothing_to_deduct";
    return out;
  }
  json operator()(const DirectRule&) const { return {{"type", "direct"}}; }
  json operator()(const BooleanRule&) const { return {{"type", "boolean"}}; }
  json operator()(const ValueRule& rule) const {
    json out = {{"type", "value"}};
    if (rule.min_value) out["min_value"] = number(*rule.min_value);
    if (rule.max_value) out["max_value"] = number(*rule.max_value);
    if (!rule.unit.empty()) out["unit"] = rule.unit;
    return out;
  }
};

json write_node(const Scheme& scheme, int index) {
  const Node& node = scheme.nodes[static_cast<std::size_t>(index)];
  json out = {{"id", node.id}, {"name", text(node.name)}};
  if (node.informational) {
    out["informational"] = true;
  } else {
    out["points"] = number(node.points);
  }
  if (!node.number.empty()) out["number"] = node.number;
  if (node.weight != Fixed::from_int(1)) out["weight"] = number(node.weight);
  if (node.rule) {
    out["rule"] = std::visit(RuleWriter{}, *node.rule);
    if (node.from_lower_level) {
      json source = {{"measure", lower_level_measure_name(node.from_lower_level->measure)}};
      if (!node.from_lower_level->grades.empty()) source["grades"] = node.from_lower_level->grades;
      out["from_lower_level"] = source;
    }
    if (node.derived) {
      json derived = {{"op", derived_op_name(node.derived->op)}, {"of", {node.derived->a, node.derived->b}}};
      if (node.derived->op == DerivedOp::per_n) derived["n"] = number(node.derived->n);
      out["derived"] = derived;
    }
    return out;
  }
  out["aggregate"] = aggregation_name(node.aggregation);
  out["children"] = json::array();
  for (int child : node.children) out["children"].push_back(write_node(scheme, child));
  return out;
}

json write_requirement(const std::vector<Requirement>& list, int index) {
  const Requirement& requirement = list[static_cast<std::size_t>(index)];
  switch (requirement.kind) {
    case Requirement::Kind::all_of:
    case Requirement::Kind::any_of: {
      json parts = json::array();
      for (int part : requirement.parts) parts.push_back(write_requirement(list, part));
      return {{requirement.kind == Requirement::Kind::all_of ? "all_of" : "any_of", parts}};
    }
    case Requirement::Kind::node_rate: {
      json out = {{"node", requirement.node}};
      if (requirement.rate != Fixed::from_int(1)) out["rate"] = number(requirement.rate);
      return out;
    }
    case Requirement::Kind::total:
      break;
  }
  return {{"total", number(requirement.total)}};
}

json write_grading(const Grading& grading) {
  json out;
  if (grading.method == GradingMethod::bands) {
    out["method"] = "bands";
    out["bands"] = json::array();
    for (const Band& band : grading.bands) {
      json entry = {{"grade", band.grade}};
      if (band.min) {
        entry["min"] = number(*band.min);
        entry["inclusive"] = band.inclusive;
      }
      out["bands"].push_back(entry);
    }
  } else if (grading.method == GradingMethod::gate) {
    out["method"] = "gate";
    out["pass"] = grading.grades.front().id;
    out["fail"] = grading.grades.back().id;
    out["requires"] = write_requirement(grading.requirements, 0);
  } else {
    out["method"] = "rank";
    out["tiers"] = json::array();
    for (const RankTier& tier : grading.tiers) {
      json entry = {{"grade", tier.grade}};
      if (tier.count) entry["count"] = *tier.count;
      if (tier.share) entry["share"] = number(*tier.share);
      if (!tier.ranked) entry["ranked"] = false;
      out["tiers"].push_back(entry);
    }
  }
  json labels = json::object();
  for (const GradeInfo& grade : grading.grades) {
    if (!grade.label.empty()) labels[grade.id] = text(grade.label);
  }
  if (!labels.empty()) out["labels"] = labels;
  return out;
}

json write_trigger(const Trigger& trigger) {
  if (const auto* incident = std::get_if<IncidentTrigger>(&trigger)) {
    json out = {
        {"type", "incident"}, {"within_year", incident->within_year}, {"min_count", incident->min_count}};
    if (!incident->scopes.empty()) out["scopes"] = incident->scopes;
    if (!incident->severities.empty()) out["severities"] = incident->severities;
    if (incident->min_deaths) out["min_deaths"] = *incident->min_deaths;
    return out;
  }
  if (const auto* rate = std::get_if<ScoreRateTrigger>(&trigger)) {
    return {{"type", "score_rate_below"}, {"nodes", rate->nodes}, {"rate", number(rate->below)}};
  }
  if (const auto* not_met = std::get_if<NotMetTrigger>(&trigger)) {
    return {{"type", "not_met"}, {"requires", write_requirement(not_met->requirements, 0)}};
  }
  const auto& finding = std::get<FindingTrigger>(trigger);
  json kinds = json::array();
  for (FindingKind kind : finding.kinds) kinds.push_back(finding_kind_name(kind));
  return {{"type", "finding"}, {"kinds", kinds}, {"min_count", finding.min_count}};
}

json write_effect(const Effect& effect) {
  json out = {{"type", effect_type_name(effect.type)}};
  if (effect.type == EffectType::cap_grade || effect.type == EffectType::force_grade) {
    out["grade"] = effect.grade;
  }
  if (effect.type == EffectType::downgrade) out["levels"] = effect.levels;
  return out;
}

json write_adjustment(const Adjustment& item) {
  json out = {{"id", item.id},
              {"name", text(item.name)},
              {"kind", item.kind == AdjustmentKind::bonus ? "bonus" : "penalty"},
              {"cap", number(item.cap)}};
  switch (item.input) {
    case AdjustmentInput::direct:
      out["input"] = "direct";
      break;
    case AdjustmentInput::count:
      out["input"] = "count";
      out["per_occurrence"] = number(item.per_occurrence);
      break;
    case AdjustmentInput::boolean:
      out["input"] = "boolean";
      out["points"] = number(item.per_occurrence);
      break;
  }
  return out;
}

json write_consequence(const Consequence& consequence) {
  json out = {{"id", consequence.id}, {"text", text(consequence.text)}};
  if (!consequence.article.empty()) out["article"] = consequence.article;
  if (consequence.always) out["when"] = {{"always", true}};
  if (!consequence.grades.empty()) out["when"] = {{"grades", consequence.grades}};
  if (!consequence.conditions.empty()) out["when"] = {{"conditions", consequence.conditions}};
  if (consequence.due_months_after_announcement) {
    out["due_months_after_announcement"] = *consequence.due_months_after_announcement;
  }
  return out;
}

json write_period_date(const PeriodDate& date) {
  static const char* const kYears[] = {"Y-1", "Y", "Y+1", "Y+2"};
  return {{"month_day", month_day_text(date.on)}, {"year", kYears[date.year_offset + 1]}};
}

json write_period(const AssessmentPeriod& period) {
  json out = {{"start", month_day_text(period.start)},
              {"targets_due", write_period_date(period.targets_due)},
              {"self_evaluation_due", write_period_date(period.self_evaluation_due)},
              {"report_due", write_period_date(period.report_due)}};
  if (period.rectification_days > 0) {
    out["rectification_due"] = {{"days_after_announcement", period.rectification_days}};
  } else {
    out["rectification_due"] = {{"months_after_announcement", period.rectification_months}};
  }
  return out;
}

}  // namespace

json write_scheme(const Scheme& scheme) {
  json out;
  out["format"] = kSchemeFormat;
  out["id"] = scheme.id;
  out["name"] = text(scheme.name);
  if (!scheme.version.empty()) out["version"] = scheme.version;
  if (!scheme.description.empty()) out["description"] = text(scheme.description);
  if (!scheme.derived_from_id.empty()) {
    out["derived_from"] = {{"id", scheme.derived_from_id}};
    if (!scheme.derived_from_version.empty()) out["derived_from"]["version"] = scheme.derived_from_version;
  }
  out["total"] = {{"max", number(scheme.max_total)},
                  {"min", number(scheme.min_total)},
                  {"may_exceed_max", scheme.may_exceed_max}};
  out["rounding"] = {{"digits", scheme.rounding.digits}, {"mode", rounding_mode_name(scheme.rounding.mode)}};
  out["misreporting"] = {{"overstatement_tolerance", number(scheme.overstatement_tolerance)}};
  out["level_sets"] = json::array();
  for (const LevelSet& set : scheme.level_sets) {
    json levels = json::array();
    for (const Level& level : set.levels) {
      json entry = {{"id", level.id}, {"fraction", number(level.fraction)}};
      if (!level.label.empty()) entry["label"] = text(level.label);
      levels.push_back(entry);
    }
    out["level_sets"].push_back({{"id", set.id}, {"levels", levels}});
  }
  out["nodes"] = json::array();
  for (int root : scheme.roots) out["nodes"].push_back(write_node(scheme, root));
  out["adjustments"] = json::array();
  for (const Adjustment& item : scheme.adjustments) out["adjustments"].push_back(write_adjustment(item));
  out["grading"] = write_grading(scheme.grading);
  out["incident_scopes"] = json::array();
  for (const IncidentScope& scope : scheme.incident_scopes) {
    json entry = {{"id", scope.id}};
    if (!scope.name.empty()) entry["name"] = text(scope.name);
    out["incident_scopes"].push_back(entry);
  }
  out["incident_severities"] = scheme.incident_severities;
  out["conditions"] = json::array();
  for (const Condition& condition : scheme.conditions) {
    json entry = {{"id", condition.id},
                  {"name", text(condition.name)},
                  {"veto", condition.veto},
                  {"trigger", write_trigger(condition.trigger)},
                  {"effect", write_effect(condition.effect)}};
    if (!condition.article.empty()) entry["article"] = condition.article;
    out["conditions"].push_back(entry);
  }
  out["consequences"] = json::array();
  for (const Consequence& consequence : scheme.consequences) {
    out["consequences"].push_back(write_consequence(consequence));
  }
  // Only when declared, so that a scheme without it (cn-2013) is written as before.
  if (scheme.period_declared) out["period"] = write_period(scheme.period);
  if (scheme.legal_basis.declared()) out["legal_basis"] = write_legal_basis(scheme.legal_basis);
  return out;
}

}  // namespace qa
