// The leaf rules (docs/scheme-language.md, "Leaf rules"), written once: what one section of one
// leaf's input says, as a Feature that plan.hpp's score_feature turns into points. Every path
// reads its input through a Source and calls leaf_feature: the columnar batch (batch.cpp reads
// columns of doubles and codes), the single assessment with its trace (assess.cpp reads a bound
// submission) and, through the batch's prepared features, the analyses.
//
// A Source is one section (self-evaluated or verified) of one leaf of one region:
//   bool number(std::int64_t& units)    target and direct rules: the value, false when not given
//   bool target(std::int64_t& units)    target rules without a fixed target: the filed target
//   bool previous(std::int64_t& units)  target rules: last year's value
//   int code()                          levels: index in the level set; boolean: 1 or 0; -1 none
//   bool has_states(); int state(k)     checklist: 2 met, 1 partly met, 0 not met, -1 not given
//   bool has_counts(); std::int64_t count(k)  deduction: occurrences of kind k, -1 not given
#pragma once

#include <algorithm>
#include <cstdint>

#include "plan.hpp"

namespace qa::detail {

// Inlined into the batch's region loop: returned through memory, a Feature costs a
// store-forwarding stall per copy.
#define QA_LEAF_INLINE inline __attribute__((always_inline))

QA_LEAF_INLINE Feature missing_feature(LeafGap gap, bool present) {
  Feature f;
  f.gap = gap;
  f.present = present;
  return f;
}

// A deduction point with nothing filed, where the scheme says that means nothing to deduct: full
// points and no gap. Not `present`: a verification that filed nothing is still no verification,
// and the region's empty filing is not compared with the verified count for overstatement.
QA_LEAF_INLINE Feature nothing_deducted() {
  Feature f;
  f.kind = FeatureKind::deduct;
  return f;
}

// Target rules (deduction, proportional, table), Art. 5's quality targets.
template <class Source>
QA_LEAF_INLINE Feature target_feature(const LeafPlan& leaf, const Source& source) {
  std::int64_t actual = 0;
  if (!source.number(actual)) return missing_feature(LeafGap::missing_value, false);
  std::int64_t target = leaf.fixed_target;
  if (!leaf.has_fixed_target && !source.target(target)) {
    return missing_feature(LeafGap::missing_target, true);  // Art. 6: a target not filed scores 0
  }
  Feature f;
  f.present = true;
  if (leaf.zero_if_worse) {
    std::int64_t before = 0;
    if (!source.previous(before)) {
      f.gap = LeafGap::missing_previous;
    } else if (leaf.higher ? actual < before : actual > before) {
      f.worse_than_previous = true;
      return f;  // zero points, no gap
    }
  }
  if (leaf.kind == RuleKind::target_deduction) {
    const std::int64_t shortfall = leaf.higher ? target - actual : actual - target;
    if (shortfall <= 0) {
      f.kind = FeatureKind::full;
    } else {
      f.kind = FeatureKind::shortfall;
      f.a = shortfall;
    }
    return f;
  }
  // Attainment: actual/target when higher is better, target/actual when lower is better; a zero
  // target to beat (or a zero actual where lower is better) is full attainment.
  const std::int64_t num = leaf.higher ? actual : target;
  const std::int64_t den = leaf.higher ? target : actual;
  f.kind = FeatureKind::rate;
  f.a = 1;  // full attainment unless found otherwise: round(max)
  f.b = 1;
  if (den <= 0) return f;
  if (leaf.kind == RuleKind::target_proportional) {
    if (num < den) {
      f.a = num;
      f.b = den;
    }
    return f;
  }
  for (std::size_t k = 0; k < leaf.step_attainment.size(); ++k) {
    if (static_cast<Int128>(num) * kScale >= static_cast<Int128>(leaf.step_attainment[k]) * den) {
      f.kind = FeatureKind::index;
      f.a = static_cast<std::int64_t>(k);
      return f;
    }
  }
  f.kind = FeatureKind::zero;
  return f;
}

// Checklists: items carry points (a rate of the leaf's points), or the leaf loses per_missing
// for each item not met (partly met: in part).
template <class Source>
QA_LEAF_INLINE Feature checklist_feature(const LeafPlan& leaf, const Source& source) {
  if (!source.has_states()) return missing_feature(LeafGap::missing_value, false);
  bool present = false;
  std::int64_t partly = 0;
  std::int64_t not_met = 0;
  Int128 points = 0;  // in units x kScale
  for (int k = 0; k < leaf.width; ++k) {
    const int state = source.state(k);
    present = present || state >= 0;
    if (state == 2) {
      points += static_cast<Int128>(leaf.item_points[static_cast<std::size_t>(k)]) * kScale;
    } else if (state == 1) {
      ++partly;
      points += static_cast<Int128>(leaf.item_points[static_cast<std::size_t>(k)]) * leaf.partly_fraction;
    } else {
      ++not_met;
    }
  }
  if (!present) return missing_feature(LeafGap::missing_value, false);
  Feature f;
  f.present = true;
  if (leaf.has_per_missing) {
    const Int128 lost =
        static_cast<Int128>(leaf.per_missing) * (not_met * kScale + partly * (kScale - leaf.partly_fraction));
    f.kind = FeatureKind::deduct;
    f.a = static_cast<std::int64_t>(std::min<Int128>(lost, static_cast<Int128>(kMaxPlanUnits) * kScale));
    return f;
  }
  f.kind = FeatureKind::rate;
  f.a = static_cast<std::int64_t>(std::min<Int128>(points, static_cast<Int128>(leaf.base_max) * kScale));
  f.b = leaf.base_max * kScale;
  return f;
}

// Deductions: per_occurrence for each occurrence of each kind, stopping at 0. Nothing filed is
// a missing value, unless the scheme says it means nothing to deduct (NotFiled).
template <class Source>
QA_LEAF_INLINE Feature deduction_feature(const LeafPlan& leaf, const Source& source) {
  if (!source.has_counts())
    return leaf.not_filed_is_nothing ? nothing_deducted() : missing_feature(LeafGap::missing_value, false);
  bool present = false;
  Int128 lost = 0;
  for (int k = 0; k < leaf.width; ++k) {
    const std::int64_t count = source.count(k);
    present = present || count >= 0;
    if (count > 0) lost += static_cast<Int128>(leaf.per_occurrence[static_cast<std::size_t>(k)]) * count;
  }
  if (!present)
    return leaf.not_filed_is_nothing ? nothing_deducted() : missing_feature(LeafGap::missing_value, false);
  Feature f;
  f.present = true;
  f.kind = FeatureKind::deduct;
  f.a = static_cast<std::int64_t>(std::min<Int128>(lost, kMaxPlanUnits) * kScale);
  return f;
}

template <class Source>
QA_LEAF_INLINE Feature leaf_feature(const LeafPlan& leaf, const Source& source) {
  switch (leaf.kind) {
    case RuleKind::target_deduction:
    case RuleKind::target_proportional:
    case RuleKind::target_table:
      return target_feature(leaf, source);
    case RuleKind::levels: {
      // Without branches: whether a value is given is as good as random down a column.
      const int code = source.code();
      const bool given = code >= 0;
      Feature f;
      f.present = given;
      f.kind = given ? FeatureKind::index : FeatureKind::zero;
      f.gap = given ? LeafGap::none : LeafGap::missing_value;
      f.a = given ? code : 0;
      return f;
    }
    case RuleKind::boolean: {
      const int code = source.code();
      Feature f;
      f.present = code >= 0;
      f.kind = code == 1 ? FeatureKind::full : FeatureKind::zero;
      f.gap = code >= 0 ? LeafGap::none : LeafGap::missing_value;
      return f;
    }
    case RuleKind::direct: {
      std::int64_t units = 0;
      if (!source.number(units)) return missing_feature(LeafGap::missing_value, false);
      Feature f;
      f.present = true;
      f.kind = FeatureKind::rate;
      f.a = units;
      f.b = leaf.base_max;
      return f;
    }
    case RuleKind::value: {  // informational: present or missing, never points
      std::int64_t units = 0;
      if (!source.number(units)) return missing_feature(LeafGap::missing_value, false);
      return missing_feature(LeafGap::none, true);
    }
    case RuleKind::checklist:
      return checklist_feature(leaf, source);
    case RuleKind::deduction:
      return deduction_feature(leaf, source);
  }
  return Feature{};
}

}  // namespace qa::detail
