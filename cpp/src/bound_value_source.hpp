// One section (self-evaluated or verified) of one leaf of a bound submission, as leaf_rules.hpp's
// leaf_feature reads it: the single assessment scores a region through it (assess.cpp), and a
// Result's explanations make the same features again from the inputs the trace keeps
// (leaf_explanation.cpp, gate_reasons.cpp), rather than keep every feature in every Result.
#pragma once

#include <cstdint>
#include <optional>

#include "leaf_rules.hpp"
#include "plan.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/submission.hpp"

namespace qa::detail {

struct BoundValueSource {
  const LeafPlan& leaf;
  const LeafValue& value;
  const LeafInput& input;

  static bool given(const std::optional<Fixed>& number, std::int64_t& units) {
    if (!number) return false;
    units = number->units();
    return true;
  }
  bool number(std::int64_t& units) const {
    if (!value.present) return false;
    units = value.number.units();
    return true;
  }
  bool target(std::int64_t& units) const { return given(input.target, units); }
  bool previous(std::int64_t& units) const { return given(input.previous, units); }
  int code() const {
    if (!value.present) return -1;
    return leaf.kind == RuleKind::boolean ? (value.flag ? 1 : 0) : value.level;
  }
  bool has_states() const { return value.present; }
  int state(int k) const {
    switch (value.item(static_cast<std::size_t>(k))) {
      case ItemState::met:
        return 2;
      case ItemState::partly_met:
        return 1;
      case ItemState::not_met:
        return 0;
    }
    return 0;
  }
  bool has_counts() const { return value.present; }
  std::int64_t count(int k) const { return value.count(static_cast<std::size_t>(k)); }
};

// The feature of one section of a bound leaf.
inline Feature bound_feature(const LeafPlan& leaf, const LeafValue& value, const LeafInput& input) {
  return leaf_feature(leaf, BoundValueSource{leaf, value, input});
}

// The section a leaf was scored from: the verified one when it gave a value, else the
// self-evaluated one.
struct UsedSection {
  Feature feature;
  bool verified = false;
};

inline UsedSection used_section(const LeafPlan& leaf, const LeafInput& input) {
  const Feature verified = bound_feature(leaf, input.verified, input);
  if (verified.present) return {verified, true};
  return {bound_feature(leaf, input.self, input), false};
}

}  // namespace qa::detail
