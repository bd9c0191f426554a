// Scoring one leaf from its effective value, by the leaf's rule (docs/scheme-language.md, "Leaf rules").
#pragma once

#include "qualityassess/fixed.hpp"
#include "qualityassess/scheme.hpp"
#include "qualityassess/submission.hpp"
#include "qualityassess/text.hpp"

namespace qa {

enum class LeafGap { none, missing_value, missing_target, missing_previous };

struct LeafScore {
  Fixed points;
  LeafGap gap = LeafGap::none;  // why the value could not be scored in full, if it could not
  Text how;                     // filled only when asked for (explanations, not batch runs)
};

// Scores `value` (the effective, self-evaluated or verified value) of the leaf `leaf`; the
// result is rounded once with the scheme's rounding.
LeafScore score_leaf(const Scheme& scheme, const Node& leaf, const LeafValue& value, const LeafInput& input,
                     bool explain);

}  // namespace qa
