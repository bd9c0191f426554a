// The one order of a ranking (docs/architecture.md, "Where a rule lives"): the ranking table
// (Results.ranking, the command line, the HTML report, the workbook), the campaign's
// announcement (Art. 6.5) and the competition rank that rank grading gives its tiers all use it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "qualityassess/fixed.hpp"

namespace qa {

struct Ranking {
  std::vector<std::size_t> order;  // indices of the input, best first
  std::vector<int> rank;           // parallel to the input: its competition rank, 1 = best
};

// Best first: the better grade first (`grades`: index into the scheme's grades, 0 = best; a
// larger index, e.g. one past the list for a grade the scheme does not know, comes later), then
// the higher total. Equal grade and total share a rank and the next rank skips (1, 2, 2, 4).
// Ties are listed by region code (`codes`, compared as byte strings), or in input order when
// `codes` is empty; the tie-break orders the display only, never the rank. Rank grading ranks
// its cohort with every grade equal (0): by total alone. `grades`, `totals` and `codes` (unless
// empty) have one entry per region; throws std::invalid_argument otherwise.
Ranking rank_order(const std::vector<int>& grades, const std::vector<Fixed>& totals,
                   const std::vector<std::string>& codes);

}  // namespace qa
