// Results rolled up the region hierarchy (Art. 10): one row per region at a higher level with
// how the regions under it fared, e.g. a province's counties per prefecture.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qualityassess/fixed.hpp"
#include "qualityassess/region_tree.hpp"
#include "qualityassess/result.hpp"
#include "qualityassess/scheme.hpp"

namespace qa {

struct RollupRow {
  std::string parent;  // code of the region the results roll up to
  std::string parent_name;
  int expected = 0;               // regions at the results' level under `parent` in the region tree
  int graded = 0;                 // results under `parent`
  std::vector<int> grade_counts;  // parallel to scheme->grading.grades (best first)
  Fixed total_sum;
  // total_sum / graded, exact, rounded half away from zero to 4 decimals; absent when graded == 0.
  std::optional<Fixed> mean_total;
  std::optional<Fixed> lowest_total;  // absent when graded == 0
  std::string lowest_region;          // ties: the smallest code; "" when graded == 0
  std::vector<std::string> vetoed;    // codes, sorted
  std::vector<std::string>
      misreporting;               // codes of regions with an overstated or concealed finding (Art. 9), sorted
  int misreporting_findings = 0;  // how many such findings in all
};

struct Rollup {
  SchemePtr scheme;  // the results' scheme
  AdminLevel results_level = AdminLevel::county;
  AdminLevel level = AdminLevel::province;  // the level rolled up to
  // By parent code: every region at `level` with at least one region at the results' level
  // under it in the tree, graded or not.
  std::vector<RollupRow> rows;

  // nullptr when `parent` has no row.
  const RollupRow* find(const std::string& parent) const;
};

// Groups each result under its ancestor at `to_level` (counties may roll up to their prefecture
// or straight to their province). Throws InputError naming each region at fault: results that
// are empty, null, of regions not in the tree, of different schemes or years, at mixed levels,
// two for one region, without an ancestor at `to_level` (a county directly under its province
// has no prefecture), or a `to_level` not strictly above the results' level.
Rollup roll_up(const RegionTree& tree, const std::vector<const Result*>& results, AdminLevel to_level);

}  // namespace qa
