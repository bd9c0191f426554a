// Grades from totals: bands with stated inclusivity, or rank within a cohort.
#pragma once

#include <vector>

#include "qualityassess/fixed.hpp"
#include "qualityassess/scheme.hpp"

namespace qa {

// Index into grading.grades (0 = best) of the band that `total` falls in.
int band_grade(const Grading& grading, Fixed total);

// Cumulative capacity of each rank tier for a cohort of n: tier k takes ranks up to
// capacity[k] (shares are floored; the last tier takes the rest).
std::vector<std::int64_t> rank_tier_capacity(const Grading& grading, std::size_t n);

struct RankedGrade {
  int rank = 0;   // 1-based competition rank: equal totals share a rank (1, 2, 2, 4)
  int grade = 0;  // index into grading.grades
};

// Ranks a cohort by total, highest first, and gives each tier its share; regions tied at a
// tier's boundary all get the better grade.
std::vector<RankedGrade> rank_grades(const Grading& grading, const std::vector<Fixed>& totals);

}  // namespace qa
