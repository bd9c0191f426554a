// The compiled evaluation plan behind EvaluationPlan (batch.hpp) and the analyses
// (analysis.hpp): a Scheme as flat integer tables, and the evaluation of one region from its
// leaves' "features".
//
// A feature is what a leaf's input says independently of the scheme's numbers that an analysis
// may vary (leaf points, per_point): "missing", "met", "short of the target by s", "level k",
// "a rate a/b of the leaf's points" (checklists whose items carry points, direct points),
// "d points deducted from the leaf's points" (deductions, checklists per missing item). Scoring a feature
// with a set of Params gives exactly what leaf_scoring.cpp gives for the same input under a scheme with those
// numbers: the same clamping, and the scheme's rounding applied once to the exact rational value.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "qualityassess/batch.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/grading.hpp"
#include "qualityassess/leaf_scoring.hpp"
#include "qualityassess/scheme.hpp"

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
};

enum class RuleKind : std::uint8_t {
  target_deduction,
  target_proportional,
  target_table,
  levels,
  checklist,
  deduction,
  direct,
  boolean
};

struct LeafPlan {
  int node = 0;  // index in scheme.nodes
  std::string id;
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
  // checklist (items) and deduction (kinds): the width of their matrices
  int width = 0;
  std::vector<std::int64_t> item_points;
  std::int64_t partly_fraction = 0;
  bool has_per_missing = false;
  std::int64_t per_missing = 0;
  std::vector<std::int64_t> per_occurrence;
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

struct ConditionPlan {
  const Condition* condition = nullptr;
  enum class Type { incident, score_rate, finding } type = Type::finding;
  // incident
  const IncidentTrigger* incident = nullptr;
  // score rate
  std::vector<int> nodes;
  std::int64_t below = 0;
  // finding
  unsigned kinds = 0;  // bit per FindingKind
  int min_count = 1;
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

struct PlanData {
  const Scheme* scheme = nullptr;
  std::vector<LeafPlan> leaves;
  std::vector<int> inner_reverse;  // inner nodes, children before parents
  bool all_sum = true;             // every inner node sums its children
  std::int64_t step = 100;         // units per last kept digit
  RoundingMode mode = RoundingMode::half_up;
  std::int64_t max_total = 0;
  std::int64_t min_total = 0;
  bool may_exceed_max = false;
  std::int64_t tolerance = 0;  // overstatement tolerance (fraction, units)
  std::vector<AdjustmentPlan> adjustments;
  std::vector<BandPlan> bands;
  int worst_grade = 0;
  bool rank_grading = false;
  std::vector<ConditionPlan> conditions;
  unsigned finding_kinds_used = 0;  // finding kinds any condition counts
  bool uses_score_rate = false;
  Params defaults;

  // Params for leaf maxima `leaf_max` (units, parallel to leaves), per_point (parallel to
  // leaves, ignored but for target deduction) and node maxima; fills tables and tolerances.
  void fill_leaf_params(Params& params) const;
};

PlanData compile_plan(const Scheme& scheme);

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

// num / den units clamped into [0, max] and then rounded (leaf_scoring's `rounded`).
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
  const std::uint8_t* incident_fired = nullptr;  // per condition (incident triggers only)
};

struct RegionOutcome {
  std::int64_t total_before = 0;
  std::int64_t total = 0;
  int downgrade = 0;
  int cap = 0;
  int forced = -1;
  bool vetoed = false;
};

// The band rule (band_lookup, grading.hpp) over the plan's bands with `params`' mins.
inline int band_grade(const PlanData& plan, const Params& params, std::int64_t total) {
  return band_lookup(plan.bands.size(), plan.worst_grade, total, [&](std::size_t i) {
    const BandPlan& band = plan.bands[i];
    return BandTest{band.has_min, band.inclusive, params.band_min[i], band.grade};
  });
}

inline int apply_effects(const PlanData& plan, int grade, const RegionOutcome& outcome) {
  grade = std::min(plan.worst_grade, grade + outcome.downgrade);
  grade = std::max(grade, outcome.cap);
  if (outcome.forced >= 0) grade = outcome.forced;
  return grade;
}

// Rolls the leaves' points (already in node_points) up the tree.
void roll_up(const PlanData& plan, const Params& params, std::int64_t* node_points);

// Conditions on a region whose node points (or, when !plan.uses_score_rate and all sums, just
// the base total) and findings are known.
void apply_conditions(const PlanData& plan, const Params& params, const std::int64_t* node_points,
                      const int* findings, const RegionFacts& facts, RegionOutcome& outcome);

// Scores a region: `self` and `verified` are its features per leaf; `use_verified(slot)` says
// whether a present verified value is used (an analysis may pretend it was not verified).
// node_points (scheme.nodes long) is scratch or output; it may be null when the plan is all sums
// and has no score-rate condition.
// leaf_points (slots long) is scratch.
template <class UseVerified>
RegionOutcome evaluate_region(const PlanData& plan, const Params& params, const Feature* self,
                              const Feature* verified, const RegionFacts& facts, std::int64_t* node_points,
                              std::int64_t* __restrict leaf_points, UseVerified&& use_verified) {
  int findings[kFindingKinds] = {};
  findings[static_cast<int>(FindingKind::concealed)] = facts.concealed;
  findings[static_cast<int>(FindingKind::late_filing)] = facts.late;
  const bool want_overstated =
      (plan.finding_kinds_used & (1u << static_cast<int>(FindingKind::overstated))) != 0;
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
      if (static_cast<Int128>(self_points - points) * kScale > lp.tolerance) {
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
  std::int64_t total = base + facts.bonus;
  if (!plan.may_exceed_max && total > plan.max_total) total = plan.max_total;
  total -= facts.penalty;
  if (total < plan.min_total) total = plan.min_total;
  outcome.total_before = total;
  outcome.total = total;
  apply_conditions(plan, params, node_points, findings, facts, outcome);
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
Prepared prepare_regions(const EvaluationPlan& plan, const BatchInputs& inputs, int threads);

// ---- threads ------------------------------------------------------------------------------

// Runs task(item) for items 0..count-1 on `workers` threads (the calling one included); the first
// exception thrown is rethrown after every thread has stopped. `after_own_item`, when given, runs
// on the calling thread after each item it finishes, with the number of items finished in all
// (e.g. to report progress to a caller who is only safe to call from that thread).
void parallel_for(std::size_t count, int workers, const std::function<void(std::size_t)>& task,
                  const std::function<void(std::size_t)>& after_own_item = nullptr);

}  // namespace qa::detail
