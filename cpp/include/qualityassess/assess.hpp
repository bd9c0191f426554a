// The assessment pipeline (docs/architecture.md, "The pipeline"): effective inputs, leaf scores, roll-up,
// bonus/penalty, grading, conditions and vetoes, findings, consequences.
#pragma once

#include <functional>
#include <vector>

#include "qualityassess/result.hpp"
#include "qualityassess/scheme.hpp"
#include "qualityassess/submission.hpp"

namespace qa {

// One region. Throws InputError for a bad submission, or when the scheme grades by rank
// (which needs the whole cohort: use assess_cohort).
Result assess(const SchemePtr& scheme, const Submission& submission);
// The same for a submission already bound to the scheme (bind_for_assessment): the bindings
// bind a Python dict read in place while they hold the GIL, then assess without it.
Result assess(const SchemePtr& scheme, BoundSubmission input);

// Submissions held elsewhere (the objects of a Python list), read in place instead of copied.
using SubmissionRefs = std::vector<std::reference_wrapper<const Submission>>;

// Several regions graded together; required for rank grading, identical to assess() one by one
// for band grading.
std::vector<Result> assess_cohort(const SchemePtr& scheme, const std::vector<Submission>& submissions);
std::vector<Result> assess_cohort(const SchemePtr& scheme, const SubmissionRefs& submissions);
// The same for submissions already bound to the scheme (the bindings bind Python dicts in place,
// submission_dict.hpp); a region given twice for one year is refused as above.
std::vector<Result> assess_cohort(const SchemePtr& scheme, std::vector<BoundSubmission> inputs);

// As assess_cohort, with points computed from the level below that have no value yet scored as
// missing: provisional totals before those values are known (a campaign's verification plan).
std::vector<Result> assess_cohort_provisional(const SchemePtr& scheme,
                                              const std::vector<Submission>& submissions);

// The submissions checked against the scheme as assess_cohort checks them, without assessing and
// without the values an assessment supplies itself (points computed from the level below): what
// a filled form must pass. Throws InputError naming every problem, each prefixed by its region.
void check_submissions(const Scheme& scheme, const std::vector<Submission>& submissions);
void check_submissions(const Scheme& scheme, const SubmissionRefs& submissions);

}  // namespace qa
