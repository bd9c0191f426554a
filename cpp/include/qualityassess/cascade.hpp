// One level of the hierarchy graded under a parent (Art. 10: a province grades its prefectures,
// a prefecture its counties, each with a scheme adapted from the one above). The submissions are
// matched against the region file, and points the scheme takes from the level below
// (`from_lower_level`) are filled in from that level's roll-up before assessment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qualityassess/region_tree.hpp"
#include "qualityassess/result.hpp"
#include "qualityassess/rollup.hpp"
#include "qualityassess/scheme.hpp"
#include "qualityassess/submission.hpp"

namespace qa {

struct LevelSelection {
  AdminLevel level = AdminLevel::prefecture;
  std::optional<std::string> under;  // a region above `level`; all of them when absent
};

struct LevelAssessment {
  std::vector<Result> results;       // one per selected region, in code order
  std::vector<std::string> skipped;  // codes of submissions outside the selection, in input order
};

// The value of a `from_lower_level` point for the region `row` summarises: the share (percent)
// of regions below graded in `source.grades`, or their mean or lowest total. Throws InputError
// naming `point` when the row holds no graded region, some are not graded yet (a share of an
// incomplete level would be wrong), or a grade is unknown to the lower scheme.
Fixed lower_level_value(const LowerLevelSource& source, const Rollup& lower, const RollupRow& row,
                        const std::string& point);

// The leaves of `scheme` whose value is computed from the level below (from_lower_level).
std::vector<const Node*> lower_level_points(const Scheme& scheme);

// The values of every point `scheme` takes from the level below for the region `code` (whose
// row in `lower` summarises the regions under it), by point id. Throws InputError naming each
// point ("point 'county_results'") that cannot be computed.
std::map<std::string, Fixed> lower_level_values(const Scheme& scheme, const Rollup& lower,
                                                const std::string& code);

// Grades every region at `selection.level` under `selection.under` from `submissions`
// (submissions of other regions are skipped and listed). Throws InputError naming every
// problem at once: submissions for regions not in the region file, names that differ from it,
// two submissions for one region, regions of the selection without a submission, values filed
// for a point taken from the level below, and a missing or mismatched `lower` roll-up (it must
// roll the level below up to `selection.level`).
LevelAssessment assess_level(const SchemePtr& scheme, const RegionTree& tree, const LevelSelection& selection,
                             std::vector<Submission> submissions, const Rollup* lower);

}  // namespace qa
