// Columnar batch assessment (docs/architecture.md, "The pipeline"): the one engine run over
// regions held as columns.
//
// An EvaluationPlan is a Scheme compiled once into flat integer tables, the engine that qa::assess
// also runs. It assesses regions held as columns (one array per leaf and section, NaN or -1 for
// "not given"; incidents as a long table), so that every total, grade and node's points is
// identical to assessing the regions one by one. Regions are split into fixed chunks handled by
// worker threads that write disjoint slices of the outputs: results do not depend on the number
// of threads.
//
// No explanations, findings lists or consequences are produced here: use qa::assess for the
// full trace of one region.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "qualityassess/scheme.hpp"

namespace qa {

// One section (self-evaluated or verified values) of one leaf. Which array is read depends on
// the leaf's rule; a null array means "no value given" for every region.
struct SectionColumns {
  // target, direct: the value; NaN = not given.
  const double* number = nullptr;
  // levels: index in the leaf's level set, -1 = not given.
  // boolean: 1 = true, 0 = false, -1 = not given.
  // checklist: a regions x items matrix (row-major) of 2 = met, 1 = partly met, 0 = not met,
  //   -1 = not given; a region gave the checklist when any of its items is >= 0 (items left at
  //   -1 then count as not met).
  const std::int8_t* code = nullptr;
  // deduction: a regions x kinds matrix (row-major) of occurrences, -1 = not given; a region
  //   gave the leaf when any of its kinds is >= 0.
  const std::int64_t* counts = nullptr;
};

struct LeafColumns {
  SectionColumns self;
  SectionColumns verified;
  const double* target = nullptr;    // target rules without a fixed target; NaN = not filed
  const double* previous = nullptr;  // target rules: last year's value; NaN = not given
};

// Incidents as a long table, one row per incident.
struct IncidentColumns {
  std::size_t count = 0;
  const std::int32_t* region = nullptr;    // row of the region in the batch, 0-based
  const std::int32_t* day = nullptr;       // date as days since 1970-01-01
  const std::int32_t* scope = nullptr;     // index into scope_names
  const std::int32_t* severity = nullptr;  // index into severity_names, -1 = none; null = none
  const std::int64_t* deaths = nullptr;    // null = 0
  const std::uint8_t* reported = nullptr;  // reported in the self-evaluation; null = all were
  std::vector<std::string> scope_names;
  std::vector<std::string> severity_names;
};

inline constexpr std::int32_t kNoDate = INT32_MIN;

struct BatchInputs {
  std::size_t regions = 0;
  int year = 0;                            // the assessment year of every region ...
  const std::int32_t* years = nullptr;     // ... or one per region
  std::vector<LeafColumns> leaves;         // parallel to Scheme::leaves (may be empty: nothing given)
  std::vector<const double*> adjustments;  // parallel to Scheme::adjustments; NaN = not given
  // When the region filed its targets / self-evaluation (days since 1970-01-01, kNoDate = not
  // recorded): a later date than the calendar's is a late_filing finding (Art. 6).
  const std::int32_t* filed_targets = nullptr;
  const std::int32_t* filed_self_evaluation = nullptr;
  IncidentColumns incidents;
};

// One bad value: the row (region, or incident for columns "incidents.*"; -1 for a whole column)
// and the column in the table layout of assess_frame ("development_plan.self", "year", ...);
// what is wrong in English and in Chinese, as Issue words it (a clerk's CSV is answered in the
// command line's language).
struct BatchIssue {
  std::int64_t row = -1;
  std::string column;
  std::string message;
  std::string message_zh;
};

// Caller-owned output arrays, `regions` long (node_points: regions x nodes, row-major unless
// node_points_by_node); any may be null when not wanted. Points are Fixed units (1e-4 of a point).
struct BatchOutputs {
  std::int64_t* total = nullptr;                    // after bonus, penalty and zero_total
  std::int64_t* total_before_conditions = nullptr;  // before zero_total
  std::int32_t* grade = nullptr;                    // index into scheme.grading.grades (0 = best)
  std::int32_t* grade_before_conditions = nullptr;
  std::uint8_t* vetoed = nullptr;
  std::int32_t* rank = nullptr;  // rank grading only: 1-based competition rank
  std::int64_t* node_points = nullptr;
  // Column-major node_points (node j of region r at j * regions + r): each node's column is then
  // one contiguous array, as a pandas block or an Arrow column holds it, and needs no copy.
  bool node_points_by_node = false;
};

// Allocated results of assess_columns.
struct BatchResult {
  std::vector<std::int64_t> total;
  std::vector<std::int64_t> total_before_conditions;
  std::vector<std::int32_t> grade;
  std::vector<std::int32_t> grade_before_conditions;
  std::vector<std::uint8_t> vetoed;
  std::vector<std::int32_t> rank;  // empty unless the scheme grades by rank
  std::vector<std::int64_t> node_points;
};

namespace detail {
struct PlanData;
}

class EvaluationPlan {
 public:
  explicit EvaluationPlan(SchemePtr scheme);
  ~EvaluationPlan();
  EvaluationPlan(const EvaluationPlan&) = delete;
  EvaluationPlan& operator=(const EvaluationPlan&) = delete;

  const Scheme& scheme() const;
  const SchemePtr& scheme_ptr() const;
  const detail::PlanData& data() const { return *data_; }
  // Rank grading: regions are graded against each other (outputs.rank is filled).
  bool grades_by_rank() const { return scheme_->grading.method == GradingMethod::rank; }

  // Every bad value (up to `limit`; `total_found`, when given, receives the full count), in
  // the same order whatever the number of threads.
  std::vector<BatchIssue> check(const BatchInputs& inputs, std::size_t limit = 100,
                                std::size_t* total_found = nullptr, int threads = 0) const;

  // Assesses every region into `outputs`; throws InputError (rows and columns named) when check()
  // finds anything. threads <= 0: one per hardware thread.
  void run(const BatchInputs& inputs_given, const BatchOutputs& outputs, int threads = 0) const;

 private:
  SchemePtr scheme_;
  std::unique_ptr<detail::PlanData> data_;
};

// Plan, check and run in one call, with allocated outputs (node_points when asked for).
BatchResult assess_columns(const SchemePtr& scheme, const BatchInputs& inputs, int threads = 0,
                           bool node_points = true);

// The number of worker threads for `threads` (<= 0: hardware threads) and `work_items`.
int worker_count(int threads, std::size_t work_items);

}  // namespace qa
