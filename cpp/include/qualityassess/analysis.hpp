// Uncertainty and sensitivity analysis of a cohort's grades (docs/architecture.md, "The pipeline": the
// compiled plan serves "a Monte Carlo loop"; section 7: COINr's regenerate-with-changed-settings model).
//
// A replication re-assesses every region of a batch under perturbed scheme numbers:
//   points        each "unit" (a node whose points add up into the total: a leaf under sums, or a
//                 min / weighted-mean branch) gets points x (1 + U(-x, x)); all are re-scaled so
//                 that they still add up to the maximum total and rounded to the scheme's digits
//                 (largest remainders), and the branches above them are re-summed. Within a leaf
//                 the scheme's other numbers stand: levels and tables are fractions of the new
//                 points, deductions (and checklists per missing item) come off the new points,
//                 per_point is unchanged; a checklist's item points and an assessor's direct
//                 points are scaled with the leaf's;
//   thresholds    each band's minimum + U(-t, t) points, rounded to the scheme's digits, kept
//                 strictly descending;
//   per_point     each target-deduction leaf's per_point x (1 + U(-p, p)), to 4 decimals;
//   verification  each verified value is used with probability q, otherwise the self-evaluated
//                 value stands (as if that point had not been picked for verification).
// Random draws use SplitMix64 streams, one per (replication, group of inputs), keyed by
// stream_key(seed, replication, group): a replication's numbers do not depend on the number of
// threads nor on which other groups are varied. Only the drawing uses floating point; each
// replication's numbers are exact Fixed values, and the assessment under them is the same exact
// arithmetic as qa::assess under a scheme with those numbers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "qualityassess/batch.hpp"

namespace qa {

enum class InputGroup : int { points = 0, thresholds = 1, per_point = 2, verification = 3 };
inline constexpr int kInputGroups = 4;
const char* input_group_name(InputGroup group);

struct VarySpec {
  double points = 0;         // x: relative, in [0, 1)
  double thresholds = 0;     // t: points, >= 0
  double per_point = 0;      // p: relative, in [0, 1)
  double verification = -1;  // q in [0, 1]; < 0: not varied (every verified value is used)

  bool varies(InputGroup group) const;
};

// SplitMix64 (Steele, Lea, Flood 2014), the generator of every draw.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t state) : state_(state) {}
  std::uint64_t next();
  double uniform();  // [0, 1), 53 bits

 private:
  std::uint64_t state_;
};

// mix64(seed + 0x9E3779B97F4A7C15 * (1 + 4 * replication + group)), mix64 being SplitMix64's
// output function: distinct (replication, group) pairs give distinct streams.
std::uint64_t stream_key(std::uint64_t seed, std::uint64_t replication, int group);

// One replication's numbers, as drawn (Fixed units).
struct ReplicationNumbers {
  std::vector<std::int64_t> unit_points;  // parallel to Analysis::unit_ids()
  std::vector<std::int64_t> band_min;     // parallel to the bands with a minimum
  std::vector<std::int64_t> per_point;    // parallel to Analysis::per_point_leaves()
  std::int64_t verified_used = 0;         // verified values used (of Analysis::verified_values())
};

// Which stream each group draws from in one replication.
struct ReplicationKeys {
  std::uint64_t key[kInputGroups] = {0, 0, 0, 0};
};

struct ProgressCallback {
  // Called from the calling thread with (replications done, total); may throw to stop.
  std::function<void(std::size_t, std::size_t)> report;
  double every_seconds = 0.2;
};

struct UncertaintyResult {
  std::size_t regions = 0;
  std::size_t replications = 0;
  std::vector<std::string> grades;
  std::vector<std::int64_t> grade_counts;    // regions x grades
  std::vector<double> total_percentiles;     // regions x 3 (5th, 50th, 95th), points
  std::vector<double> rank_percentiles;      // regions x 3
  std::vector<std::int64_t> baseline_total;  // regions (units)
  std::vector<std::int32_t> baseline_grade;
  std::vector<std::int32_t> baseline_rank;
  std::vector<ReplicationNumbers> numbers;  // per replication
  // With keep_matrices: replications x regions, totals (units), ranks and grades.
  std::vector<std::int32_t> totals;
  std::vector<std::int32_t> ranks;
  std::vector<std::int8_t> grade_matrix;
};

struct UncertaintyOptions {
  std::size_t replications = 1000;
  // The replications run are first_replication, ..., first_replication + replications - 1: a
  // share of a larger run draws exactly the numbers of the same replications of the whole run,
  // so shares run apart (on a cluster) and summarised together (summarise_replications) give
  // the whole run's result.
  std::size_t first_replication = 0;
  std::uint64_t seed = 0;
  VarySpec vary;
  int threads = 0;
  bool keep_matrices = false;
  ProgressCallback progress;
};

// The output a sensitivity analysis explains, one number per evaluation.
enum class SensitivityOutput { mean_rank_shift, grade_changes };

struct SensitivityEvaluations {
  std::vector<InputGroup> groups;  // the d varied groups, in InputGroup order
  std::size_t base_samples = 0;    // N
  // N x (d + 2): f(A_i), f(B_i), f(A_B^(1)_i), ..., f(A_B^(d)_i), row by row.
  std::vector<double> values;
};

struct SensitivityOptions {
  std::size_t base_samples = 1000;  // N
  // The base samples evaluated are first_sample, ..., first_sample + base_samples - 1 (a share
  // of a larger design, as UncertaintyOptions::first_replication).
  std::size_t first_sample = 0;
  std::uint64_t seed = 0;
  VarySpec vary;
  SensitivityOutput output = SensitivityOutput::mean_rank_shift;
  int threads = 0;
  ProgressCallback progress;
};

// Per region, from the replications x regions matrices of `result` (totals, ranks,
// grade_matrix): the grade counts and the 5th/50th/95th percentiles of total and rank, as
// Analysis::uncertainty computes them. Throws InputError when the matrices' sizes disagree.
void summarise_replications(UncertaintyResult& result, int threads = 0);

namespace detail {
struct AnalysisState;
}

// A batch of regions prepared once (checked, features computed) for many re-assessments.
class Analysis {
 public:
  Analysis(SchemePtr scheme, const BatchInputs& inputs, int threads = 0);
  ~Analysis();
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;

  std::size_t regions() const;
  const std::vector<std::string>& unit_ids() const;          // nodes whose points vary
  const std::vector<std::string>& per_point_leaves() const;  // target-deduction leaves
  std::vector<std::string> threshold_grades() const;         // grades of bands with a minimum
  std::size_t verified_values() const;                       // verified values in the batch

  // The numbers a replication with these keys draws.
  ReplicationNumbers draw(const VarySpec& vary, const ReplicationKeys& keys) const;

  // Totals (units), grades and ranks of every region under the numbers drawn with `keys`.
  void evaluate(const VarySpec& vary, const ReplicationKeys& keys, std::int64_t* totals, std::int32_t* grades,
                std::int32_t* ranks) const;

  UncertaintyResult uncertainty(const UncertaintyOptions& options) const;
  SensitivityEvaluations sensitivity(const SensitivityOptions& options) const;

 private:
  std::unique_ptr<EvaluationPlan> plan_;
  std::unique_ptr<detail::AnalysisState> state_;

  // One replication into totals / grades / ranks (any may be null but totals); returns the
  // verified values used.
  std::int64_t run_one(const ReplicationNumbers& numbers, const VarySpec& vary,
                       std::uint64_t verification_key, std::int64_t* totals, std::int32_t* grades,
                       std::int32_t* ranks) const;
};

}  // namespace qa
