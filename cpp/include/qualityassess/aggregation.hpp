// Rolling leaf points up the indicator tree: sum, min (the weaker sub-score, on the node's
// scale) and weighted mean of the children's score rates.
#pragma once

#include <vector>

#include "qualityassess/fixed.hpp"
#include "qualityassess/scheme.hpp"

namespace qa {

// `node_points` is parallel to scheme.nodes with the leaves filled in; fills in every inner
// node. Sums are exact; min and weighted means are rounded once with the scheme's rounding.
void roll_up(const Scheme& scheme, std::vector<Fixed>& node_points);

}  // namespace qa
