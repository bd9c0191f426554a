// What a region needs for the next better grade (docs/architecture.md, "Where a rule lives"): the
// gap to the next band's minimum (Art. 5), the points still to be had, and the cheapest way up.
// Exact: every number is a Fixed (units of 1/10000), no epsilon; qa.whatif.next_grade only shapes
// the table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "qualityassess/fixed.hpp"
#include "qualityassess/scheme.hpp"

namespace qa {

// The scoring units of a scheme: the nodes whose points add straight into the total, raising
// such a node's points by x raises the total by x. Walking down from each root, a `sum` branch
// hands on to its children; a leaf or a `min` / `weighted_mean` branch is a unit. Node indexes,
// in pre-order (the scheme's node order).
std::vector<int> scoring_units(const Scheme& scheme);

// What stands in a region's way when the total does not decide its grade: a veto (Annex item 6),
// or another condition (a downgrade, a cap) that gave a grade other than the band's.
enum class Blocked { none, veto, condition };
const char* blocked_name(Blocked blocked);  // "", "veto", "condition"

// One region as assessed: its total, the grade it was given (after conditions, index into the
// scheme's grades, 0 = best), whether a veto fired, and the points of each scoring unit.
struct NextGradeInputs {
  std::vector<Fixed> totals;         // per region
  std::vector<int> grades;           // per region
  std::vector<std::uint8_t> vetoed;  // per region, 0 or 1
  std::vector<Fixed> unit_points;    // regions x scoring_units(scheme), row by row
};

// Raise unit `unit` (a position in scoring_units) by `points`.
struct RaiseStep {
  std::size_t unit = 0;
  Fixed points;
};

struct NextGrade {
  // The next better grade (index), or none for the best grade (or when no band with a minimum
  // gives it).
  std::optional<int> next;
  // The points the total lacks for it: the band's minimum minus the total, one step of the
  // scheme's last kept digit more when the minimum is exclusive (">" 90 at two digits: 90.01),
  // never below 0. Present exactly when `next` is.
  std::optional<Fixed> gap;
  Fixed headroom;  // the sum over the units of maximum minus points
  // The cheapest way there: the fewest units, those with the most headroom first (equal headroom:
  // in unit order), each raised by its headroom, the last by what is left of the gap. Empty and
  // 0 when not reachable.
  std::vector<RaiseStep> plan;
  int points_to_raise = 0;  // plan.size()
  // A next grade, not blocked, and the headroom covers the gap.
  bool reachable = false;
  // Decided whatever the grade: a veto first, else any other condition that moved the grade off
  // the band of the total alone (band_grade, grading.hpp).
  Blocked blocked = Blocked::none;
};

// Per region of `inputs`, what it needs for the next grade under `scheme`. Throws InputError
// under rank grading (no points threshold to reach) or when the inputs do not fit (lengths, a
// grade index outside the scheme's list).
std::vector<NextGrade> next_grades(const Scheme& scheme, const NextGradeInputs& inputs);

}  // namespace qa
