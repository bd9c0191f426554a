// What a trace says about one leaf (Result.leaves[].how): the input, the rule's working and the
// points, in zh and en. Text only: the feature (leaf_rules.hpp) and its points (plan.hpp's
// score_feature) have decided everything; this reads them, and the input, to say so.
#pragma once

#include <vector>

#include "leaf_trace.hpp"
#include "plan.hpp"
#include "qualityassess/scheme.hpp"
#include "qualityassess/submission.hpp"
#include "qualityassess/text.hpp"

namespace qa::detail {

// `value` is the section the feature was read from (verified or self-evaluated); `points` the
// leaf's points from that feature.
Text explain_leaf(const Scheme& scheme, const Node& node, const LeafPlan& leaf, const LeafValue& value,
                  const LeafInput& input, const Feature& feature, std::int64_t points);

// How a derived value came from its operands' values (the section the binder used):
// "computed from a and b: (53 − 58) / 58 × 100 = -8.6207", or why it could not be.
Text explain_derivation(const DerivedValue& derived, const LeafValue& a, const LeafValue& b);

}  // namespace qa::detail
