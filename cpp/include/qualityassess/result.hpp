// The outcome of assessing one region: points per node, the grade before and after
// conditions, every applied condition with its reason, findings and consequences.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "qualityassess/fixed.hpp"
#include "qualityassess/scheme.hpp"
#include "qualityassess/submission.hpp"
#include "qualityassess/text.hpp"

namespace qa {

namespace detail {
class LeafTrace;
}

enum class InputSource : std::uint8_t { verified, self_evaluated, missing };
const char* input_source_name(InputSource source);

// 24 bytes: every Result keeps one per leaf, and Results are kept by the thousand. When a leaf was
// both self-evaluated and verified (Art. 9's comparison), its points are the verified value's, so
// only the self-evaluated value's points are kept beside them.
struct LeafOutcome {
  Fixed points;
  InputSource source = InputSource::missing;
  bool compared = false;  // self-evaluated and verified both

  // What the self-evaluated value alone would score, and what the verified value scores: given
  // only when the leaf was compared.
  std::optional<Fixed> self_points() const { return compared ? std::optional<Fixed>(self_) : std::nullopt; }
  std::optional<Fixed> verified_points() const {
    return compared ? std::optional<Fixed>(points) : std::nullopt;
  }
  void set_compared(Fixed self_points) {
    compared = true;
    self_ = self_points;
  }

 private:
  Fixed self_;
};

struct AdjustmentOutcome {
  std::string id;
  AdjustmentKind kind = AdjustmentKind::bonus;
  Fixed points;  // applied amount after the cap, always >= 0
  bool capped = false;
};

// Why a condition fired or did not is told only when asked (Result::reason): most results are
// graded, ranked and counted without anyone reading it.
struct AppliedCondition {
  std::string id;
  Effect effect;
  bool veto = false;
  std::size_t index = 0;  // in the scheme's compiled plan (plan.hpp, all_conditions)
};

// A condition the region did not meet: the scheme's own, as for ConsequenceOutcome.
struct ConditionNotApplied {
  const Condition* condition = nullptr;
  std::size_t index = 0;  // in the scheme's compiled plan (plan.hpp, all_conditions)

  const std::string& id() const { return condition->id; }
};

struct Finding {
  FindingKind kind = FindingKind::missing_value;
  std::string leaf;
  std::string incident;
  std::string step;  // late_filing: "targets" or "self_evaluation"
  Text detail;
  std::string evidence;           // what the verification found, as recorded
  std::optional<long> days_late;  // late_filing
};

// A consequence that applies to the region: the scheme's own, which the Result's (or the
// Announcement's) scheme keeps alive, rather than a copy of its texts in every Result.
struct ConsequenceOutcome {
  const Consequence* consequence = nullptr;

  const std::string& id() const { return consequence->id; }
  const std::string& article() const { return consequence->article; }
  const Text& text() const { return consequence->text; }
  const std::optional<int>& due_months_after_announcement() const {
    return consequence->due_months_after_announcement;
  }
};

struct Result {
  SchemePtr scheme;
  Region region;
  int year = 0;
  std::vector<Fixed> node_points;   // parallel to scheme->nodes
  std::vector<LeafOutcome> leaves;  // parallel to scheme->leaves
  std::vector<AdjustmentOutcome> adjustments;
  Fixed base_total;               // sum of the roots
  Fixed total;                    // after bonus, penalty, clamping and total effects
  Fixed total_before_conditions;  // after bonus, penalty and clamping: what requirements test
  std::string grade_before_conditions;
  std::string grade;
  std::optional<int> rank;  // 1-based, only when graded by rank in a cohort
  bool vetoed = false;
  std::vector<AppliedCondition> conditions;
  std::vector<ConditionNotApplied> conditions_not_applied;
  std::vector<Finding> findings;
  std::vector<ConsequenceOutcome> consequences;
  // Gate grading: whether each of the scheme's requirements (Grading::requirements) is met at
  // the final total; empty otherwise.
  std::vector<std::uint8_t> requirements_met;
  // What the engine read for each leaf, kept so that how it was scored is told only when asked.
  std::shared_ptr<const detail::LeafTrace> trace;

  // How leaf `slot` was scored, in zh and en ("92.3 against target 93: 0.7 short x 3 = -2.1"),
  // built from the trace; empty without one.
  Text leaf_how(std::size_t slot) const;
  // Why a condition fired, or did not, in zh and en, built from the trace; empty without one.
  Text reason(const AppliedCondition& condition) const;
  Text reason(const ConditionNotApplied& condition) const;
  // Requirement `index` of a gate, what it asks and what the region has, in zh and en
  // ("plan (Plan adopted) met in full: yes"); empty without a trace.
  Text requirement_reason(std::size_t index) const;
  // The Result JSON contract (docs/contracts.md).
  nlohmann::json to_json() const;
  // Lines a reviewer can follow: why this total, why this grade.
  std::vector<std::string> explain(Lang lang) const;
};

}  // namespace qa
