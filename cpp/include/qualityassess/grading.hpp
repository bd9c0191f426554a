// Grades from totals: bands with stated inclusivity, or rank within a cohort; and how a grade
// changed between two assessments. The one place of these rules (docs/architecture.md, "Where a
// rule lives").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "qualityassess/fixed.hpp"
#include "qualityassess/scheme.hpp"

namespace qa {

// ---- band lookup (Art. 5; docs/scheme-language.md, "Bands") --------------------------------

// One band as the lookup sees it: its lowest total in units (Fixed::kScale), whether that total
// is inside the band, and the grade index (0 = best) it gives.
struct BandTest {
  bool has_min = false;
  bool inclusive = true;
  std::int64_t min_units = 0;
  int grade = 0;
};

// The band rule, written once: bands best first; the first band whose `min` the total reaches
// (total >= min when inclusive, total > min otherwise) gives the grade; a band without `min`
// takes every total; below every band, the worst grade. `band_at(i)` gives band i as a BandTest:
// the scheme's bands (band_grade below) or the compiled plan's, whose mins an analysis varies
// (plan.hpp). Exact: totals and mins are integer units, so 80.00 is in "B: 80 and above".
template <class BandAt>
inline int band_lookup(std::size_t bands, int worst, std::int64_t total_units, BandAt&& band_at) {
  for (std::size_t i = 0; i < bands; ++i) {
    const BandTest band = band_at(i);
    if (!band.has_min) return band.grade;
    if (band.inclusive ? total_units >= band.min_units : total_units > band.min_units) return band.grade;
  }
  return worst;
}

// Index into grading.grades (0 = best) of the band that `total` falls in (band_lookup over the
// scheme's bands). Under rank grading (no bands): the worst grade.
int band_grade(const Grading& grading, Fixed total);

// ---- rank grading (docs/scheme-language.md, "Rank") -----------------------------------------

// Cumulative capacity of each rank tier for a cohort of n: tier k takes ranks up to
// capacity[k] (shares are floored; the last tier takes the rest).
std::vector<std::int64_t> rank_tier_capacity(const Grading& grading, std::size_t n);

struct RankedGrade {
  int rank = 0;   // 1-based competition rank: equal totals share a rank (1, 2, 2, 4)
  int grade = 0;  // index into grading.grades
};

// Ranks a cohort by total, highest first (rank_order in ranking.hpp, every grade equal), and
// gives each tier its share; regions tied at a tier's boundary all get the better grade.
std::vector<RankedGrade> rank_grades(const Grading& grading, const std::vector<Fixed>& totals);

// ---- grade change ---------------------------------------------------------------------------

enum class GradeChange { up, down, same };
const char* grade_change_name(GradeChange change);  // "up", "down", "same"

// How a region's grade changed from `before` (a grade of `grades_before`, best first) to `after`
// (a grade of `grades_after`): up when `after` stands higher in its list than `before` in its,
// down when lower, same at the same place. Two lists compare place by place only when they are
// equally long (A-D against 优秀-不合格); otherwise, or when a grade is not in its list, there
// is no telling: nullopt.
std::optional<GradeChange> grade_change(const std::vector<std::string>& grades_before,
                                        const std::string& before,
                                        const std::vector<std::string>& grades_after,
                                        const std::string& after);

}  // namespace qa
