// The one engine (docs/architecture.md, "The pipeline"): a Scheme compiled into flat integer
// tables, and the evaluation of one region from its leaves' "features". Every assessment runs
// it: qa::assess with a trace (assess.cpp), the columnar batch (batch.cpp), the analyses
// (analysis.cpp).
//
// A feature (leaf_rules.hpp) is what a leaf's input says independently of the scheme's numbers
// that an analysis may vary (leaf points, per_point): "missing", "met", "short of the target by
// s", "level k", "a rate a/b of the leaf's points" (checklists whose items carry points, direct
// points), "d points deducted from the leaf's points" (deductions, checklists per missing item).
// score_feature turns it into points with a set of Params: clamped into [0, max], with the
// scheme's rounding applied once to the exact rational value.
#pragma once

#include <algorithm>
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "json_reader.hpp"
#include "qualityassess/batch.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/grading.hpp"
#include "qualityassess/scheme.hpp"

namespace qa {
// Why a leaf's value could not be scored in full, if it could not (a finding of the trace).
enum class LeafGap : std::uint8_t { none, missing_value, missing_target, missing_previous };
}  // namespace qa

namespace qa::detail {

using Int128 = __int128;
constexpr std::int64_t kScale = Fixed::kScale;
constexpr int kFindingKinds = 7;  // FindingKind values

// Largest node points, maximum total and rule parameter the plan takes (1e8 points): far beyond
// any scheme, and small enough for 64-bit intermediate values.
constexpr std::int64_t kMaxPlanUnits = 100000000LL * kScale;

enum class FeatureKind : std::uint8_t {
  zero,       // 0 points
  full,       // the leaf's points, unrounded (a target met, a boolean true)
  shortfall,  // target deduction: max - per_point * a / kScale, clamped and rounded
  index,      // a level or a table step: Params::table[offset + a]
  rate,       // max * a / b, clamped and rounded
  deduct,     // max - a / kScale, clamped and rounded (deductions, checklists per missing item)
};

struct Feature {
  std::int64_t a = 0;
  std::int64_t b = 1;
  FeatureKind kind = FeatureKind::zero;
  LeafGap gap = LeafGap::none;
  bool present = false;
  bool worse_than_previous = false;  // a target rule's zero: worse than last year (the trace says so)
};

enum class RuleKind : std::uint8_t {
  target_deduction,
  target_proportional,
  target_table,
  levels,
  checklist,
  deduction,
  direct,
  boolean,
  value  // an informational figure: read and checked, scored nothing
};

// The fields every evaluation reads come first, in one cache line; the id, read only for what a
// problem says, last.
struct LeafPlan {
  int node = 0;  // index in scheme.nodes
  RuleKind kind = RuleKind::direct;
  std::int64_t base_max = 0;  // the scheme's points of the leaf
  // target rules
  bool higher = true;
  bool has_fixed_target = false;
  std::int64_t fixed_target = 0;
  bool zero_if_worse = false;
  bool has_min = false;
  bool has_max = false;
  std::int64_t min_value = 0;
  std::int64_t max_value = 0;
  std::int64_t per_point = 0;
  std::vector<std::int64_t> step_attainment;  // table, descending
  std::vector<std::int64_t> step_fraction;
  // levels
  std::vector<std::int64_t> level_fraction;
  std::vector<std::string> level_ids;
  const LevelSet* level_set = nullptr;  // the scheme's own, found once rather than per value read
  // checklist (items) and deduction (kinds): the width of their matrices
  int width = 0;
  std::vector<std::int64_t> item_points;
  std::int64_t partly_fraction = 0;
  bool has_per_missing = false;
  std::int64_t per_missing = 0;
  std::vector<std::int64_t> per_occurrence;
  bool not_filed_is_nothing = false;  // deduction: nothing filed means nothing to deduct
  // derived values (derived_value.hpp): the operands' slots, -1 when the value is filed
  int derived_a = -1;
  int derived_b = -1;
  DerivedOp derived_op = DerivedOp::difference;
  std::int64_t derived_n = 0;  // per_n, units
  std::string id;
};

// The numbers of a scheme that an analysis may vary; Plan::defaults holds the scheme's own.
struct LeafParams {
  std::int64_t max = 0;          // the leaf's points
  std::int64_t rounded_max = 0;  // round(max)
  std::int64_t per_point = 0;    // target deduction
  std::int64_t tolerance = 0;    // overstated when (self - verified) * kScale > tolerance
  std::int32_t table_offset = 0;
};

struct Params {
  std::vector<LeafParams> leaves;   // parallel to scheme.leaves
  std::vector<std::int64_t> table;  // rounded points per level / table step
  std::vector<std::int64_t> node_max;
  std::vector<std::int64_t> band_min;  // parallel to grading.bands (unused when absent)
};

// A gate's requirement (Grading::requirements) with its node resolved: an informational leaf
// is tested by the rate of its feature (the slot), any other node by its points.
struct RequirementPlan {
  Requirement::Kind kind = Requirement::Kind::all_of;
  std::vector<int> parts;
  int node = -1;
  int slot = -1;               // an informational leaf's slot, else -1
  std::int64_t threshold = 0;  // node_rate: the rate (units); total: the total (units)
};

struct ConditionPlan {
  const Condition* condition = nullptr;
  enum class Type { incident, score_rate, finding, not_met } type = Type::finding;
  // incident
  const IncidentTrigger* incident = nullptr;
  // score rate
  std::vector<int> nodes;
  std::int64_t below = 0;
  // finding
  unsigned kinds = 0;  // bit per FindingKind
  int min_count = 1;
  // not met: the requirement, the root first
  std::vector<RequirementPlan> requirements;
  // effect
  EffectType effect = EffectType::notice;
  int grade = -1;  // cap_grade, force_grade
  int levels = 0;  // downgrade
  bool veto = false;
};

struct AdjustmentPlan {
  AdjustmentKind kind = AdjustmentKind::bonus;
  AdjustmentInput input = AdjustmentInput::direct;
  std::int64_t per_occurrence = 0;
  std::int64_t cap = 0;
  std::string id;
};

struct BandPlan {
  int grade = 0;
  bool has_min = false;
  bool inclusive = true;
};

// Assessment year Y of the scheme's period (Scheme::calendar) as day numbers, for the batch.
struct YearDays {
  std::int32_t start = 0;
  std::int32_t end = 0;
  std::int32_t targets_due = 0;
  std::int32_t self_evaluation_due = 0;

  // Within the year: the one rule, civil_date.hpp's within_period.
  bool contains(std::int32_t day) const { return within_period(day, start, end); }
};

// What the binder (submission.cpp) asks of a leaf for every value it reads, one small record per
// leaf and the ids side by side. Asked of the scheme's Node (several cache lines apiece), every
// value touched two to four of a Node's lines, and those misses were a large part of the time a
// single assessment took to read its submission.
struct LeafIntake {
  std::string_view id;               // in PlanData::intake_ids
  const Rule* rule = nullptr;        // the Node's
  const LevelSet* levels = nullptr;  // a levels rule's set, found once rather than per value
  bool number = false;   // the value is one number (target, value, direct): intake_ranges has its range
  bool derived = false;  // computed from other points (Node::derived): never filed
};

struct PlanData {
  const Scheme* scheme = nullptr;
  std::vector<LeafIntake> intake;          // parallel to leaves
  std::vector<char> intake_ids;            // the leaves' ids, one after another
  std::vector<NumberRange> intake_ranges;  // parallel to leaves: where a number must be
  std::vector<int> derived_slots;          // the leaves computed from others (derived_value.hpp)
  bool any_from_lower_level = false;       // a leaf is computed from the level below (Art. 10)
  // Years kMinAssessmentYear..kMaxAssessmentYear of the scheme's period.
  std::vector<YearDays> year_days;
  const YearDays& days_of(int year) const {
    return year_days[static_cast<std::size_t>(year - kMinAssessmentYear)];
  }
  std::vector<LeafPlan> leaves;
  // The inner nodes, children before parents, each with its children's indices in
  // inner_children: summing a branch reads these two arrays rather than each Node (several cache
  // lines apiece, and a vector of children of its own).
  struct InnerNode {
    int index = 0;  // in scheme.nodes
    Aggregation aggregation = Aggregation::sum;
    std::uint32_t first_child = 0;  // in inner_children
    std::uint32_t child_count = 0;
  };
  std::vector<InnerNode> inner;
  std::vector<int> inner_children;
  template <class F>
  void for_each_child(const InnerNode& node, F f) const {
    for (std::uint32_t k = 0; k < node.child_count; ++k) f(inner_children[node.first_child + k]);
  }
  bool all_sum = true;      // every inner node sums its children
  std::int64_t step = 100;  // units per last kept digit
  RoundingMode mode = RoundingMode::half_up;
  std::int64_t max_total = 0;
  std::int64_t min_total = 0;
  bool may_exceed_max = false;
  std::int64_t tolerance = 0;  // overstatement tolerance (fraction, units)
  std::vector<AdjustmentPlan> adjustments;
  std::vector<BandPlan> bands;
  int worst_grade = 0;
  bool rank_grading = false;
  bool gate_grading = false;
  std::vector<RequirementPlan> requirements;  // gate: the root first
  bool uses_not_met = false;                  // a condition tests a requirement
  // The conditions that can change a total, a grade or `vetoed` (a notice that is no veto cannot:
  // a batch skips it) ...
  std::vector<ConditionPlan> conditions;
  unsigned finding_kinds_used = 0;  // finding kinds any of them counts
  // ... and every condition, in the scheme's order, for a trace (assess.cpp).
  std::vector<ConditionPlan> all_conditions;
  unsigned all_finding_kinds = 0;
  bool uses_score_rate = false;
  Params defaults;

  // Params for leaf maxima `leaf_max` (units, parallel to leaves), per_point (parallel to
  // leaves, ignored but for target deduction) and node maxima; fills tables and tolerances.
  void fill_leaf_params(Params& params) const;
};

PlanData compile_plan(const Scheme& scheme);

// The scheme's plan, compiled on first use and kept with the scheme (Scheme::compiled).
const PlanData& plan_of(const Scheme& scheme);

// ---- exact rounding -----------------------------------------------------------------------

// num / den units (den > 0) rounded with the scheme's rounding, as a multiple of `step` units.
inline std::int64_t round_units(Int128 num, std::int64_t den, std::int64_t step, RoundingMode mode) {
  std::int64_t den_steps = 0;
  if (num >= INT64_MIN && num <= INT64_MAX && !__builtin_mul_overflow(den, step, &den_steps)) {
    return divide_rounded<std::int64_t>(static_cast<std::int64_t>(num), den_steps, mode) * step;
  }
  const Int128 steps = divide_rounded<Int128>(num, static_cast<Int128>(den) * step, mode);
  return static_cast<std::int64_t>(steps * step);
}

// num / den units clamped into [0, max] and then rounded once.
inline std::int64_t clamp_round(Int128 num, std::int64_t den, const LeafParams& leaf, const PlanData& plan) {
  if (num <= 0) return 0;
  if (num >= static_cast<Int128>(leaf.max) * den) return leaf.rounded_max;
  return round_units(num, den, plan.step, plan.mode);
}

inline std::int64_t score_feature(const Feature& f, const LeafParams& leaf,
                                  const std::vector<std::int64_t>& table, const PlanData& plan) {
  switch (f.kind) {
    case FeatureKind::zero:
      return 0;
    case FeatureKind::full:
      return leaf.max;
    case FeatureKind::shortfall:
      return clamp_round(static_cast<Int128>(leaf.max) * kScale - static_cast<Int128>(leaf.per_point) * f.a,
                         kScale, leaf, plan);
    case FeatureKind::index:
      return table[static_cast<std::size_t>(leaf.table_offset + f.a)];
    case FeatureKind::rate:
      return clamp_round(static_cast<Int128>(leaf.max) * f.a, f.b, leaf, plan);
    case FeatureKind::deduct:
      return clamp_round(static_cast<Int128>(leaf.max) * kScale - f.a, kScale, leaf, plan);
  }
  return 0;
}

// ---- one region ---------------------------------------------------------------------------

// What does not depend on Params: adjustments and incident/filing facts.
struct RegionFacts {
  std::int64_t bonus = 0;
  std::int64_t penalty = 0;
  int concealed = 0;
  int late = 0;
  int not_submitted = 0;                         // filings recorded as never submitted (Art. 6.1, 6.2)
  const std::uint8_t* incident_fired = nullptr;  // per condition (incident triggers only)
};

struct RegionOutcome {
  std::int64_t base = 0;  // the points of the tree, before bonus and penalty
  std::int64_t total_before = 0;
  std::int64_t total = 0;
  int downgrade = 0;
  int cap = 0;
  int forced = -1;
  bool vetoed = false;
  // Gate grading: whether the requirements are met by total_before and by total.
  bool gate_met_before = false;
  bool gate_met = false;
};

// The band rule (band_lookup, grading.hpp) over the plan's bands with `params`' mins.
inline int band_grade(const PlanData& plan, const Params& params, std::int64_t total) {
  return band_lookup(plan.bands.size(), plan.worst_grade, total, [&](std::size_t i) {
    const BandPlan& band = plan.bands[i];
    return BandTest{band.has_min, band.inclusive, params.band_min[i], band.grade};
  });
}

// A score-rate trigger: the node scored below `below` (a fraction, units) of its points.
inline bool below_rate(std::int64_t points, std::int64_t node_max, std::int64_t below) {
  return static_cast<Int128>(points) * kScale < static_cast<Int128>(node_max) * below;
}

// An informational leaf's rate (its rule's, without points) is at least `rate` (units): met in
// full (a true boolean, a target reached), a share a/b of it, or a level's or table step's
// fraction. A missing value is rate 0.
inline bool feature_rate_at_least(const LeafPlan& leaf, const Feature& f, std::int64_t rate) {
  switch (f.kind) {
    case FeatureKind::full:
      return true;
    case FeatureKind::rate:
      return static_cast<Int128>(f.a) * kScale >= static_cast<Int128>(rate) * f.b;
    case FeatureKind::index: {
      const auto& fractions = leaf.kind == RuleKind::levels ? leaf.level_fraction : leaf.step_fraction;
      return fractions[static_cast<std::size_t>(f.a)] >= rate;
    }
    case FeatureKind::zero:
    case FeatureKind::shortfall:  // not informational (the reader refuses them)
    case FeatureKind::deduct:
      return false;
  }
  return false;
}

// Whether requirement `index` is met by a region with these node points and total. `feature_of`
// gives the feature scored for an informational leaf's slot. `met`, when given (requirements
// long), receives each requirement's outcome for a trace; all_of and any_of then evaluate every
// part rather than stopping at the first that decides.
template <class FeatureOf>
bool requirement_met(const PlanData& plan, const std::vector<RequirementPlan>& list, int index,
                     const Params& params, const std::int64_t* node_points, std::int64_t total,
                     FeatureOf&& feature_of, std::uint8_t* met = nullptr) {
  const RequirementPlan& requirement = list[static_cast<std::size_t>(index)];
  bool result = false;
  switch (requirement.kind) {
    case Requirement::Kind::all_of:
    case Requirement::Kind::any_of: {
      const bool all = requirement.kind == Requirement::Kind::all_of;
      result = all;
      for (int part : requirement.parts) {
        const bool part_met = requirement_met(plan, list, part, params, node_points, total, feature_of, met);
        result = all ? result && part_met : result || part_met;
        if (met == nullptr && result != all) break;
      }
      break;
    }
    case Requirement::Kind::node_rate:
      if (requirement.slot >= 0) {
        result = feature_rate_at_least(plan.leaves[static_cast<std::size_t>(requirement.slot)],
                                       feature_of(static_cast<std::size_t>(requirement.slot)),
                                       requirement.threshold);
      } else {
        result =
            !below_rate(node_points[requirement.node],
                        params.node_max[static_cast<std::size_t>(requirement.node)], requirement.threshold);
      }
      break;
    case Requirement::Kind::total:
      result = total >= requirement.threshold;
      break;
  }
  if (met != nullptr) met[index] = result ? 1 : 0;
  return result;
}

// The grade of a total before the grade effects: from the bands, or the gate's pass or fail
// (`gate_met`). Rank grading takes the whole cohort (ranking.hpp).
inline int grade_of_total(const PlanData& plan, const Params& params, std::int64_t total, bool gate_met) {
  if (plan.gate_grading) return gate_met ? 0 : 1;
  return band_grade(plan, params, total);
}

inline int apply_effects(const PlanData& plan, int grade, const RegionOutcome& outcome) {
  grade = std::min(plan.worst_grade, grade + outcome.downgrade);
  grade = std::max(grade, outcome.cap);
  if (outcome.forced >= 0) grade = outcome.forced;
  return grade;
}

// Rolls the leaves' points (already in node_points) up the tree.
void roll_up(const PlanData& plan, const Params& params, std::int64_t* node_points);

// ---- the rules of a region's evaluation, each written once ------------------------------------

// Art. 9: a leaf is overstated when its self-evaluated points exceed the verified ones by more
// than the tolerance (a fraction of the leaf's points; `tolerance` = fraction x max, in units^2).
inline bool overstated(std::int64_t self_points, std::int64_t verified_points, std::int64_t tolerance) {
  return static_cast<Int128>(self_points - verified_points) * kScale > tolerance;
}

// One bonus or penalty item: counts and booleans are worth per_occurrence each (rounded as the
// scheme rounds); no item moves the total by more than its cap.
struct AdjustmentPoints {
  std::int64_t points = 0;
  bool capped = false;
};
inline AdjustmentPoints adjustment_points(const AdjustmentPlan& item, std::int64_t amount,
                                          const PlanData& plan) {
  if (item.input != AdjustmentInput::direct) {
    amount = round_units(static_cast<Int128>(amount) * item.per_occurrence, kScale, plan.step, plan.mode);
  }
  return {std::min(amount, item.cap), amount > item.cap};
}

// Bonuses first, stopping at the maximum (unless the scheme lets the total exceed it), then
// penalties, stopping at the minimum: a penalty always costs a region at the top its points.
inline std::int64_t adjusted_total(const PlanData& plan, std::int64_t base, std::int64_t bonus,
                                   std::int64_t penalty) {
  std::int64_t total = base + bonus;
  if (!plan.may_exceed_max && total > plan.max_total) total = plan.max_total;
  total -= penalty;
  if (total < plan.min_total) total = plan.min_total;
  return total;
}

// Art. 9: an incident in the assessment year that the self-evaluation did not report.
inline bool concealed_incident(bool reported, bool within_year) { return !reported && within_year; }

// Art. 6: a filing after its due date is late (days since 1970-01-01).
inline bool filed_late(std::int64_t filed_day, std::int64_t due_day) { return filed_day > due_day; }

// Whether an incident counts for an incident trigger, or the first reason it does not.
enum class IncidentMismatch { none, scope, severity, deaths, outside_year };
inline bool scope_counts(const IncidentTrigger& trigger, const std::string& scope) {
  return trigger.scopes.empty() ||
         std::find(trigger.scopes.begin(), trigger.scopes.end(), scope) != trigger.scopes.end();
}
inline bool severity_counts(const IncidentTrigger& trigger, const std::string& severity) {
  return trigger.severities.empty() || std::find(trigger.severities.begin(), trigger.severities.end(),
                                                 severity) != trigger.severities.end();
}
inline IncidentMismatch incident_mismatch(const IncidentTrigger& trigger, bool scope_ok, bool severity_ok,
                                          std::int64_t deaths, bool within_year) {
  if (!scope_ok) return IncidentMismatch::scope;
  if (!severity_ok) return IncidentMismatch::severity;
  if (trigger.min_deaths && deaths < *trigger.min_deaths) return IncidentMismatch::deaths;
  if (trigger.within_year && !within_year) return IncidentMismatch::outside_year;
  return IncidentMismatch::none;
}

// Conditions on a region whose node points (or, when !plan.uses_score_rate and all sums, just
// the base total) and findings are known. `fired`, when given (plan.conditions long), receives
// which conditions fired, for a trace.
// `unmet`, when given (conditions long), says which requirement triggers are not met.
void apply_conditions(const std::vector<ConditionPlan>& conditions, const Params& params,
                      const std::int64_t* node_points, const int* findings, const RegionFacts& facts,
                      RegionOutcome& outcome, std::uint8_t* fired = nullptr,
                      const std::uint8_t* unmet = nullptr);

// Scores a region: `self` and `verified` are its features per leaf; `use_verified(slot)` says
// whether a present verified value is used (an analysis may pretend it was not verified).
// node_points (scheme.nodes long) is scratch or output; it may be null when the plan is all sums
// and has no score-rate condition.
// leaf_points (slots long) is scratch.
// `fired`, when given, asks for a trace: every condition is evaluated (plan.all_conditions, to
// which facts.incident_fired must then be parallel) and `fired` receives which fired.
template <class UseVerified>
RegionOutcome evaluate_region(const PlanData& plan, const Params& params, const Feature* self,
                              const Feature* verified, const RegionFacts& facts, std::int64_t* node_points,
                              std::int64_t* __restrict leaf_points, UseVerified&& use_verified,
                              std::uint8_t* fired = nullptr) {
  int findings[kFindingKinds] = {};
  findings[static_cast<int>(FindingKind::concealed)] = facts.concealed;
  findings[static_cast<int>(FindingKind::late_filing)] = facts.late;
  findings[static_cast<int>(FindingKind::not_submitted)] = facts.not_submitted;
  const bool trace = fired != nullptr;
  const unsigned kinds_used = trace ? plan.all_finding_kinds : plan.finding_kinds_used;
  const bool want_overstated = (kinds_used & (1u << static_cast<int>(FindingKind::overstated))) != 0;
  std::int64_t leaf_sum = 0;
  int gaps[4] = {0, 0, 0, 0};  // by LeafGap
  const std::size_t slots = plan.leaves.size();
  for (std::size_t slot = 0; slot < slots; ++slot) {
    const LeafParams& lp = params.leaves[slot];
    const bool ver = verified[slot].present && use_verified(slot);
    const Feature& f = *(ver ? verified + slot : self + slot);
    const std::int64_t points = score_feature(f, lp, params.table, plan);
    leaf_points[slot] = points;  // summed below: a running sum here would be spilled to memory
    ++gaps[static_cast<int>(f.gap)];
    if (want_overstated && ver && self[slot].present) {
      const std::int64_t self_points = score_feature(self[slot], lp, params.table, plan);
      if (overstated(self_points, points, lp.tolerance)) {
        ++findings[static_cast<int>(FindingKind::overstated)];
      }
    }
  }
  findings[static_cast<int>(FindingKind::missing_value)] += gaps[static_cast<int>(LeafGap::missing_value)];
  findings[static_cast<int>(FindingKind::missing_target)] += gaps[static_cast<int>(LeafGap::missing_target)];
  findings[static_cast<int>(FindingKind::missing_previous)] +=
      gaps[static_cast<int>(LeafGap::missing_previous)];
  for (std::size_t slot = 0; slot < slots; ++slot) leaf_sum += leaf_points[slot];
  if (node_points != nullptr) {
    for (std::size_t slot = 0; slot < slots; ++slot) node_points[plan.leaves[slot].node] = leaf_points[slot];
  }
  std::int64_t base = leaf_sum;
  if (node_points != nullptr && !plan.all_sum) {
    roll_up(plan, params, node_points);
    base = 0;
    for (int root : plan.scheme->roots) base += node_points[root];
  } else if (node_points != nullptr) {
    roll_up(plan, params, node_points);
  }
  RegionOutcome outcome;
  const std::int64_t total = adjusted_total(plan, base, facts.bonus, facts.penalty);
  outcome.base = base;
  outcome.total_before = total;
  outcome.total = total;
  const auto feature_of = [&](std::size_t slot) -> const Feature& {
    return verified[slot].present && use_verified(slot) ? verified[slot] : self[slot];
  };
  const std::vector<ConditionPlan>& conditions = trace ? plan.all_conditions : plan.conditions;
  // Requirement triggers, tested at the total before the conditions (docs/scheme-language.md,
  // "Triggers"): whether each is not met, per condition.
  std::vector<std::uint8_t> unmet;
  if (plan.uses_not_met) {
    unmet.assign(conditions.size(), 0);
    for (std::size_t c = 0; c < conditions.size(); ++c) {
      if (conditions[c].type != ConditionPlan::Type::not_met) continue;
      unmet[c] = requirement_met(plan, conditions[c].requirements, 0, params, node_points, total, feature_of)
                     ? 0
                     : 1;
    }
  }
  apply_conditions(conditions, params, node_points, findings, facts, outcome, fired,
                   unmet.empty() ? nullptr : unmet.data());
  if (plan.gate_grading) {
    outcome.gate_met_before =
        requirement_met(plan, plan.requirements, 0, params, node_points, outcome.total_before, feature_of);
    outcome.gate_met =
        outcome.total == outcome.total_before
            ? outcome.gate_met_before
            : requirement_met(plan, plan.requirements, 0, params, node_points, outcome.total, feature_of);
  }
  return outcome;
}

// ---- a batch prepared for many re-assessments -----------------------------------------------

struct Prepared {
  std::size_t regions = 0;
  std::size_t slots = 0;
  std::vector<Feature> self;        // regions x slots
  std::vector<Feature> verified;    // regions x slots
  std::vector<RegionFacts> facts;   // regions; incident_fired points into `fired`
  std::vector<std::uint8_t> fired;  // regions x conditions
};

// Checks `inputs` (InputError naming rows and columns) and computes every region's features and
// facts, which do not depend on Params.
Prepared prepare_regions(const EvaluationPlan& plan, const BatchInputs& inputs_given, int threads);

// ---- threads ------------------------------------------------------------------------------

// Runs task(item) for items 0..count-1 on `workers` threads (the calling one included); the first
// exception thrown is rethrown after every thread has stopped. `after_own_item`, when given, runs
// on the calling thread after each item it finishes, with the number of items finished in all
// (e.g. to report progress to a caller who is only safe to call from that thread).
void parallel_for(std::size_t count, int workers, const std::function<void(std::size_t)>& task,
                  const std::function<void(std::size_t)>& after_own_item = nullptr);

}  // namespace qa::detail
