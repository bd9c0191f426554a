// Fixtures for the batch and analysis tests: a batch held both as submission documents and as
// columns (random, seeded), a scheme with every rule, aggregation and condition, and the
// fire-safety example.
#pragma once

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "qualityassess/batch.hpp"
#include "test_helpers.hpp"

#ifndef QA_EXAMPLES_DIR
#define QA_EXAMPLES_DIR "examples"
#endif

namespace qa::testing {

// ---- dates ----------------------------------------------------------------------------------

inline std::int32_t days_of(const std::string& date) {
  return static_cast<std::int32_t>(CivilDate::parse(date)->days_since_epoch());
}

// Howard Hinnant's civil_from_days.
inline std::string date_of(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(m <= 2 ? y + 1 : y), m, d);
  return buffer;
}

// ---- a batch held both as submission documents and as columns --------------------------------

struct LeafTable {
  std::vector<double> self_number, verified_number, target, previous;
  std::vector<std::int8_t> self_code, verified_code;
  std::vector<std::int64_t> self_counts, verified_counts;
};

struct Table {
  std::size_t regions = 0;
  std::vector<std::int32_t> years;
  std::vector<LeafTable> leaves;
  std::vector<std::vector<double>> adjustments;
  std::vector<std::int32_t> filed_targets, filed_self;
  std::vector<std::int32_t> incident_region, incident_day, incident_scope, incident_severity;
  std::vector<std::int64_t> incident_deaths;
  std::vector<std::uint8_t> incident_reported;
  std::vector<std::string> scope_names, severity_names;
  std::vector<json> documents;

  template <class T>
  static const T* data_or_null(const std::vector<T>& v) {
    return v.empty() ? nullptr : v.data();
  }

  BatchInputs inputs() const {
    BatchInputs in;
    in.regions = regions;
    in.years = years.data();
    for (const LeafTable& leaf : leaves) {
      LeafColumns columns;
      columns.self = {data_or_null(leaf.self_number), data_or_null(leaf.self_code),
                      data_or_null(leaf.self_counts)};
      columns.verified = {data_or_null(leaf.verified_number), data_or_null(leaf.verified_code),
                          data_or_null(leaf.verified_counts)};
      columns.target = data_or_null(leaf.target);
      columns.previous = data_or_null(leaf.previous);
      in.leaves.push_back(columns);
    }
    for (const auto& column : adjustments) in.adjustments.push_back(column.data());
    in.filed_targets = data_or_null(filed_targets);
    in.filed_self_evaluation = data_or_null(filed_self);
    in.incidents.count = incident_region.size();
    in.incidents.region = incident_region.data();
    in.incidents.day = incident_day.data();
    in.incidents.scope = incident_scope.data();
    in.incidents.severity = incident_severity.data();
    in.incidents.deaths = incident_deaths.data();
    in.incidents.reported = incident_reported.data();
    in.incidents.scope_names = scope_names;
    in.incidents.severity_names = severity_names;
    return in;
  }
};

class Generator {
 public:
  Generator(const Scheme& scheme, std::uint64_t seed) : scheme_(scheme), rng_(seed) {}

  Table table(std::size_t regions, bool vary_years) {
    Table t;
    t.regions = regions;
    t.leaves.resize(scheme_.leaves.size());
    t.adjustments.assign(scheme_.adjustments.size(), std::vector<double>(regions, NAN));
    t.filed_targets.assign(regions, kNoDate);
    t.filed_self.assign(regions, kNoDate);
    for (const auto& scope : scheme_.incident_scopes) t.scope_names.push_back(scope.id);
    if (t.scope_names.empty()) t.scope_names = {"local", "regional"};
    t.severity_names = scheme_.incident_severities;
    for (std::size_t slot = 0; slot < scheme_.leaves.size(); ++slot) allocate(t, slot);
    for (std::size_t r = 0; r < regions; ++r) region(t, r, vary_years);
    return t;
  }

 private:
  const Scheme& scheme_;
  std::mt19937_64 rng_;

  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  // A number in [lo, hi] with 0-4 decimals.
  double decimal(double lo, double hi) {
    const int digits = between(0, 4);
    const double scale = std::pow(10.0, digits);
    const double x = std::uniform_real_distribution<double>(lo, hi)(rng_);
    double v = std::round(x * scale) / scale;
    return std::min(hi, std::max(lo, v));
  }

  const Node& leaf(std::size_t slot) const {
    return scheme_.nodes[static_cast<std::size_t>(scheme_.leaves[slot])];
  }

  void allocate(Table& t, std::size_t slot) {
    LeafTable& columns = t.leaves[slot];
    const Rule& rule = *leaf(slot).rule;
    const std::size_t n = t.regions;
    if (std::holds_alternative<TargetRule>(rule) || std::holds_alternative<DirectRule>(rule) ||
        std::holds_alternative<ValueRule>(rule)) {
      if (!leaf(slot).derived) {  // a derived value has no column: the engine computes it
        columns.self_number.assign(n, NAN);
        columns.verified_number.assign(n, NAN);
      }
      if (std::holds_alternative<TargetRule>(rule)) {
        if (!std::get<TargetRule>(rule).fixed_target) columns.target.assign(n, NAN);
        columns.previous.assign(n, NAN);
      }
    } else if (std::holds_alternative<LevelsRule>(rule) || std::holds_alternative<BooleanRule>(rule)) {
      columns.self_code.assign(n, -1);
      columns.verified_code.assign(n, -1);
    } else if (const auto* checklist = std::get_if<ChecklistRule>(&rule)) {
      columns.self_code.assign(n * checklist->items.size(), -1);
      columns.verified_code.assign(n * checklist->items.size(), -1);
    } else if (const auto* deduction = std::get_if<DeductionRule>(&rule)) {
      columns.self_counts.assign(n * deduction->kinds.size(), -1);
      columns.verified_counts.assign(n * deduction->kinds.size(), -1);
    }
  }

  std::pair<double, double> value_range(const TargetRule& rule) {
    const double lo = rule.min_value ? rule.min_value->to_double() : 0.0;
    double hi = rule.max_value ? rule.max_value->to_double() : lo + 20.0;
    if (rule.direction == Direction::higher_is_better && rule.max_value && lo < 50) return {50.0, hi};
    return {lo, hi};
  }

  // A value near `around` (a target) in [lo, hi].
  double near(double around, double lo, double hi) {
    return decimal(std::max(lo, around - 8.0), std::min(hi, around + 3.0));
  }

  json value(Table& t, std::size_t slot, std::size_t r, bool verified, double target_hint) {
    const Node& node = leaf(slot);
    LeafTable& columns = t.leaves[slot];
    const Rule& rule = *node.rule;
    if (const auto* target = std::get_if<TargetRule>(&rule)) {
      auto [lo, hi] = value_range(*target);
      const double v = near(target_hint, lo, hi);
      (verified ? columns.verified_number : columns.self_number)[r] = v;
      return v;
    }
    if (const auto* figure = std::get_if<ValueRule>(&rule)) {
      const double lo = figure->min_value ? figure->min_value->to_double() : 0.0;
      const double hi = figure->max_value ? figure->max_value->to_double() : 100.0;
      const double v = chance(0.05) ? std::max(lo, 0.0) : decimal(lo, hi);  // zeros test divisions
      (verified ? columns.verified_number : columns.self_number)[r] = v;
      return v;
    }
    if (std::holds_alternative<DirectRule>(rule)) {
      const double v = decimal(0.0, node.points.to_double());
      (verified ? columns.verified_number : columns.self_number)[r] = v;
      return v;
    }
    if (const auto* levels = std::get_if<LevelsRule>(&rule)) {
      const LevelSet* set = scheme_.level_set(levels->level_set);
      const int code = between(0, static_cast<int>(set->levels.size()) - 1);
      (verified ? columns.verified_code : columns.self_code)[r] = static_cast<std::int8_t>(code);
      const Level& level = set->levels[static_cast<std::size_t>(code)];
      const int how = between(0, 2);
      return how == 0 ? level.id : (how == 1 ? level.label.zh : level.label.en);
    }
    if (std::holds_alternative<BooleanRule>(rule)) {
      const bool flag = chance(0.6);
      (verified ? columns.verified_code : columns.self_code)[r] = flag ? 1 : 0;
      return flag;
    }
    if (const auto* checklist = std::get_if<ChecklistRule>(&rule)) {
      const std::size_t width = checklist->items.size();
      auto& codes = verified ? columns.verified_code : columns.self_code;
      json out = json::object();
      for (std::size_t k = 0; k < width; ++k) {
        codes[r * width + k] = 0;  // given as a whole: items left out are not met
        const int state = between(0, 3);
        if (state == 3) continue;  // left out
        static const char* const kStates[] = {"not_met", "partly_met", "met"};
        codes[r * width + k] = static_cast<std::int8_t>(state);
        if (state != 1 && chance(0.3)) {
          out[checklist->items[k].id] = state == 2;
        } else {
          out[checklist->items[k].id] = kStates[state];
        }
      }
      return out;
    }
    const auto& deduction = std::get<DeductionRule>(rule);
    const std::size_t width = deduction.kinds.size();
    auto& counts = verified ? columns.verified_counts : columns.self_counts;
    if (width == 1 && chance(0.5)) {
      const int n = between(0, 20);
      counts[r] = n;
      return n;
    }
    json out = json::object();
    for (std::size_t k = 0; k < width; ++k) {
      counts[r * width + k] = chance(0.3) ? -1 : between(0, 4);  // -1: left out (no occurrence)
      if (counts[r * width + k] >= 0) out[deduction.kinds[k].id] = counts[r * width + k];
    }
    if (out.empty()) counts[r * width] = 0;  // {} is given, with no occurrence: all -1 would be "not given"
    return out;
  }

  void region(Table& t, std::size_t r, bool vary_years) {
    const int year = vary_years ? between(2015, 2022) : 2019;
    t.years.push_back(year);
    json doc = {{"region", {{"code", std::to_string(100000 + r)}}}, {"year", year}};
    json targets = json::object();
    json self = json::object();
    json verification = json::object();
    json previous = json::object();
    for (std::size_t slot = 0; slot < scheme_.leaves.size(); ++slot) {
      const Node& node = leaf(slot);
      double hint = 0;
      if (const auto* target = std::get_if<TargetRule>(&*node.rule)) {
        auto [lo, hi] = value_range(*target);
        hint = target->fixed_target ? target->fixed_target->to_double() : decimal(std::max(lo, hi - 15), hi);
        if (target->method == TargetMethod::proportional && hint <= 0) hint = std::max(1.0, hi / 2);
        if (!target->fixed_target && chance(0.85)) {
          t.leaves[slot].target[r] = hint;
          targets[node.id] = hint;
        }
        if (chance(0.5)) {
          const double p = near(hint, lo, hi);
          t.leaves[slot].previous[r] = p;
          previous[node.id] = p;
        }
      }
      if (node.derived) continue;  // computed from its operands, never filed
      if (chance(0.85)) self[node.id] = value(t, slot, r, false, hint);
      if (chance(0.4)) verification[node.id] = value(t, slot, r, true, hint);
    }
    doc["targets"] = targets;
    doc["self_evaluation"] = self;
    doc["verification"] = verification;
    doc["previous"] = previous;
    json adjustments = json::object();
    for (std::size_t i = 0; i < scheme_.adjustments.size(); ++i) {
      if (!chance(0.5)) continue;
      const Adjustment& item = scheme_.adjustments[i];
      double v = 0;
      json given;
      switch (item.input) {
        case AdjustmentInput::direct:
          v = decimal(0, item.cap.to_double() * 1.5);
          given = v;
          break;
        case AdjustmentInput::count:
          v = between(0, 6);
          given = static_cast<int>(v);
          break;
        case AdjustmentInput::boolean:
          v = chance(0.5) ? 1 : 0;
          given = v == 1;
          break;
      }
      t.adjustments[i][r] = v;
      adjustments[item.id] = given;
    }
    doc["adjustments"] = adjustments;
    const AssessmentCalendar calendar = assessment_calendar(year);
    json filed = json::object();
    if (chance(0.4)) {
      const std::int64_t day = calendar.targets_due.days_since_epoch() + between(-3, 3);
      t.filed_targets[r] = static_cast<std::int32_t>(day);
      filed["targets"] = date_of(day);
    }
    if (chance(0.4)) {
      const std::int64_t day = calendar.self_evaluation_due.days_since_epoch() + between(-3, 3);
      t.filed_self[r] = static_cast<std::int32_t>(day);
      filed["self_evaluation"] = date_of(day);
    }
    if (!filed.empty()) doc["filed"] = filed;
    json incidents = json::array();
    const int count = chance(0.6) ? 0 : between(1, 3);
    for (int k = 0; k < count; ++k) {
      const std::int64_t start = calendar.year_start.days_since_epoch();
      const std::int64_t end = calendar.year_end.days_since_epoch();
      const std::int64_t candidates[] = {start - 1, start, end, end + 1, start + between(0, 364)};
      const std::int64_t day = candidates[between(0, 4)];
      const int scope = between(0, static_cast<int>(t.scope_names.size()) - 1);
      const int severity = t.severity_names.empty() || chance(0.3)
                               ? -1
                               : between(0, static_cast<int>(t.severity_names.size()) - 1);
      const int deaths = chance(0.5) ? 0 : between(0, 15);
      const bool reported = chance(0.7);
      t.incident_region.push_back(static_cast<std::int32_t>(r));
      t.incident_day.push_back(static_cast<std::int32_t>(day));
      t.incident_scope.push_back(scope);
      t.incident_severity.push_back(severity);
      t.incident_deaths.push_back(deaths);
      t.incident_reported.push_back(reported ? 1 : 0);
      json incident = {{"id", "i-" + std::to_string(k)},
                       {"date", date_of(day)},
                       {"scope", t.scope_names[static_cast<std::size_t>(scope)]},
                       {"reported_in_self_evaluation", reported}};
      if (severity >= 0) incident["severity"] = t.severity_names[static_cast<std::size_t>(severity)];
      if (deaths > 0) incident["deaths"] = deaths;
      incidents.push_back(incident);
    }
    doc["incidents"] = incidents;
    t.documents.push_back(doc);
  }
};

inline json kitchen_sink_scheme(bool rank) {
  json doc = json::parse(R"({
    "format": "qualityassess-scheme/1",
    "id": "kitchen-sink",
    "name": {"zh": "全部规则", "en": "Every rule"},
    "total": {"max": 100, "min": 0, "may_exceed_max": false},
    "rounding": {"digits": 2, "mode": "half_up"},
    "misreporting": {"overstatement_tolerance": 0.1},
    "level_sets": [{"id": "standard", "levels": [
      {"id": "excellent", "label": {"zh": "优秀", "en": "excellent"}, "fraction": 1},
      {"id": "good", "label": {"zh": "良好", "en": "good"}, "fraction": 0.8},
      {"id": "fair", "label": {"zh": "一般", "en": "fair"}, "fraction": 0.6},
      {"id": "poor", "label": {"zh": "较差", "en": "poor"}, "fraction": 0.3},
      {"id": "none", "label": {"zh": "未开展", "en": "not done"}, "fraction": 0}]}],
    "nodes": [
      {"id": "quant", "name": "Quantitative", "points": 40, "children": [
        {"id": "rate_ded", "name": "Deduction", "points": 10, "rule": {"type": "target", "per_point": 1.5,
          "min_value": 0, "max_value": 100, "zero_if_worse_than_previous": true}},
        {"id": "rate_low", "name": "Lower", "points": 10, "rule": {"type": "target",
          "direction": "lower_is_better", "per_point": 2.5, "min_value": 0}},
        {"id": "rate_prop", "name": "Proportional", "points": 10, "rule": {"type": "target",
          "method": "proportional", "min_value": 0, "max_value": 100}},
        {"id": "rate_table", "name": "Table", "points": 10, "rule": {"type": "target", "method": "table",
          "target": 90, "min_value": 0, "max_value": 100, "table": [{"attainment": 1, "fraction": 1},
          {"attainment": 0.95, "fraction": 0.8}, {"attainment": 0.9, "fraction": 0.5}]}}]},
      {"id": "lower", "name": "Lower of two", "points": 15, "aggregate": "min", "children": [
        {"id": "lvl", "name": "Level", "points": 7, "rule": {"type": "levels", "level_set": "standard"}},
        {"id": "flag", "name": "Flag", "points": 3, "rule": {"type": "boolean"}}]},
      {"id": "wmean", "name": "Weighted", "points": 15, "aggregate": "weighted_mean", "children": [
        {"id": "direct_pts", "name": "Direct", "points": 6, "weight": 2, "rule": {"type": "direct"}},
        {"id": "prop_low", "name": "Prop low", "points": 4, "weight": 1, "rule": {"type": "target",
          "method": "proportional", "direction": "lower_is_better", "target": 5, "min_value": 0}}]},
      {"id": "checks", "name": "Checklist", "points": 10, "rule": {"type": "checklist", "partly_fraction": 0.4,
        "items": [{"id": "a", "points": 3}, {"id": "b", "points": 3.5}, {"id": "c", "points": 3.5}]}},
      {"id": "checks_pm", "name": "Checklist per missing", "points": 7, "rule": {"type": "checklist",
        "per_missing": 2.25, "items": [{"id": "x"}, {"id": "y"}, {"id": "z"}]}},
      {"id": "ded", "name": "Deductions", "points": 8, "rule": {"type": "deduction", "kinds": [
        {"id": "minor", "per_occurrence": 1.25}, {"id": "major", "per_occurrence": 3}]}},
      {"id": "ded1", "name": "One kind", "points": 5, "rule": {"type": "deduction", "kinds": [
        {"id": "only", "per_occurrence": 0.333}]}}],
    "adjustments": [
      {"id": "innovation", "name": "Innovation", "kind": "bonus", "cap": 5},
      {"id": "awards", "name": "Awards", "kind": "bonus", "input": "count", "per_occurrence": 0.75, "cap": 3},
      {"id": "late_report", "name": "Late", "kind": "penalty", "input": "boolean", "points": 2, "cap": 2},
      {"id": "criticised", "name": "Criticised", "kind": "penalty", "input": "count", "per_occurrence": 1.5,
       "cap": 6}],
    "grading": {"method": "bands", "bands": [{"grade": "A", "min": 90}, {"grade": "B", "min": 80, "inclusive": false},
      {"grade": "C", "min": 60}, {"grade": "D"}]},
    "incident_scopes": [{"id": "local"}, {"id": "regional"}, {"id": "systemic"}],
    "incident_severities": ["minor", "major"],
    "conditions": [
      {"id": "veto", "name": "Veto", "veto": true, "trigger": {"type": "incident", "scopes": ["regional", "systemic"]},
       "effect": {"type": "force_grade", "grade": "D"}},
      {"id": "deadly", "name": "Deadly", "veto": true, "trigger": {"type": "incident", "min_deaths": 10,
       "severities": ["major"]}, "effect": {"type": "zero_total"}},
      {"id": "many", "name": "Many", "trigger": {"type": "incident", "min_count": 2, "within_year": false},
       "effect": {"type": "cap_grade", "grade": "B"}},
      {"id": "floor", "name": "Floor", "trigger": {"type": "score_rate_below", "nodes": ["lower", "ded"], "rate": 0.6},
       "effect": {"type": "downgrade", "levels": 1}},
      {"id": "misreport", "name": "Misreporting", "trigger": {"type": "finding", "kinds": ["overstated", "concealed"]},
       "effect": {"type": "downgrade", "levels": 1}},
      {"id": "gaps", "name": "Gaps", "trigger": {"type": "finding", "kinds": ["missing_value", "missing_target",
       "missing_previous"], "min_count": 3}, "effect": {"type": "cap_grade", "grade": "C"}},
      {"id": "late", "name": "Late", "trigger": {"type": "finding", "kinds": ["late_filing"], "min_count": 2},
       "effect": {"type": "downgrade", "levels": 2}}]
  })");
  if (rank) {
    doc["grading"] = json::parse(R"({"method": "rank", "tiers": [{"grade": "A", "count": 20},
      {"grade": "B", "share": 0.3}, {"grade": "C", "share": 0.3}, {"grade": "D"}]})");
  }
  return doc;
}

inline SchemePtr fire_safety() {
  std::ifstream in(std::string(QA_EXAMPLES_DIR) + "/schemes/fire-safety.json");
  std::stringstream text;
  text << in.rdbuf();
  return read_scheme_text(text.str());
}

}  // namespace qa::testing
