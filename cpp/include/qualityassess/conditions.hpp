// Conditions and vetoes: whether a trigger fires, with a reason either way, and how the grade
// effects of the conditions that fired combine.
//
// Order of effects (documented in docs/scheme-language.md):
//   1. zero_total   - the total becomes 0 before grading;
//   2. the grade is taken from the bands (or the rank) of that total;
//   3. downgrade    - the levels of all fired downgrades add up, stopping at the lowest grade;
//   4. cap_grade    - the grade can be no better than the strictest cap;
//   5. force_grade  - the grade becomes the forced one (the worst, if several are forced).
//   notice          - changes nothing; it is recorded and may bring consequences.
#pragma once

#include <vector>

#include "qualityassess/civil_date.hpp"
#include "qualityassess/result.hpp"
#include "qualityassess/scheme.hpp"
#include "qualityassess/submission.hpp"

namespace qa {

struct TriggerOutcome {
  bool fired = false;
  Text reason;  // why it fired, or why it did not
};

struct TriggerContext {
  const Scheme& scheme;
  const std::vector<Fixed>& node_points;
  const std::vector<Finding>& findings;
  const std::vector<Incident>& incidents;
  const AssessmentCalendar& calendar;
};

TriggerOutcome evaluate_trigger(const Condition& condition, const TriggerContext& context);

// The grade (index into grading.grades) after the grade effects of `fired`, steps 3-5 above.
int apply_grade_effects(const Grading& grading, int grade, const std::vector<const Condition*>& fired);

}  // namespace qa
