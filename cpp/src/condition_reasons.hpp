// Why a condition fired or did not (Result.conditions[].reason, conditions_not_applied), in zh
// and en. Text only: whether it fired is decided once, by plan.hpp's apply_conditions; the
// reasons name what that decision saw, through the same predicates (incident_mismatch,
// below_rate).
//
// Order of effects (docs/scheme-language.md, "Conditions"):
//   1. zero_total   - the total becomes 0 before grading;
//   2. the grade is taken from the bands (or the rank) of that total;
//   3. downgrade    - the levels of all fired downgrades add up, stopping at the lowest grade;
//   4. cap_grade    - the grade can be no better than the strictest cap;
//   5. force_grade  - the grade becomes the forced one (the worst, if several are forced).
//   notice          - changes nothing; it is recorded and may bring consequences.
#pragma once

#include <vector>

#include "plan.hpp"
#include "qualityassess/civil_date.hpp"
#include "qualityassess/result.hpp"
#include "qualityassess/submission.hpp"

namespace qa::detail {

struct ReasonContext {
  const Scheme& scheme;
  const std::int64_t* node_points;  // scheme.nodes long
  const std::vector<Finding>& findings;
  const std::vector<Incident>& incidents;
  const AssessmentCalendar& calendar;
};

Text condition_reason(const Condition& condition, bool fired, const ReasonContext& context);

// A requirement trigger's reason (gate_reasons.cpp): the tests that decided it, from the trace.
Text not_met_reason(const Result& result, const ConditionPlan& condition, bool fired);

// An incident scope as a reader sees it: its name in the scheme (zh, en), the id where the scheme
// names none.
Text scope_label(const Scheme& scheme, const std::string& scope);

// A point as a Chinese reader sees it: its name, the id where it has none.
std::string node_label_zh(const Scheme& scheme, const std::string& node_id);

// Whether one incident counts for an incident trigger (plan.hpp's incident_mismatch on it).
IncidentMismatch incident_mismatch_of(const IncidentTrigger& trigger, const Incident& incident,
                                      const AssessmentCalendar& calendar);

}  // namespace qa::detail
