// Grades from totals: bands with stated inclusivity, or rank within a cohort.
#pragma once

#include <vector>

#include "qualityassess/fixed.hpp"
#include "qualityassess/scheme.hpp"

namespace qa {

// Index into grading.grades (0 = best) of the band that `total` falls in.
int band_grade(const Grading& grading, Fixed total);

struct RankedGrade {
  int rank = 0;   // 1-based competition rank: equal totals share a rank (1, 2, 2, 4)
  int grade = 0;  // index into grading.grades
};

// Ranks a cohort by total, highest first, and gives each tier its share; regions tied at a
// tier's boundary all get the better grade.
std::vector<RankedGrade> rank_grades(const Grading& grading, const std::vector<Fixed>& totals);

}  // namespace qa
