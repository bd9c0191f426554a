// The scheme: one year's assessment points, how each is scored, how the total is graded and
// which conditions override the grade (docs/scheme-language.md). Immutable once loaded; the
// node tree is stored flat in pre-order so one plan serves single and batch assessment.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "qualityassess/civil_date.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/id_index.hpp"
#include "qualityassess/text.hpp"

namespace qa {

// ---- leaf rules -------------------------------------------------------------------------

enum class Direction { higher_is_better, lower_is_better };
enum class TargetMethod { deduction, proportional, table };

struct AttainmentStep {
  Fixed attainment;  // actual/target (or target/actual when lower is better), e.g. 0.95
  Fixed fraction;    // share of the leaf's points given from this attainment upwards
};

// A quantitative indicator measured against a target (filed by the region, or fixed here).
struct TargetRule {
  Direction direction = Direction::higher_is_better;
  TargetMethod method = TargetMethod::deduction;
  Fixed per_point;                    // deduction: points lost per unit short, pro rata
  std::vector<AttainmentStep> table;  // table: descending attainment
  std::optional<Fixed> fixed_target;  // when absent the region files its own target
  std::optional<Fixed> min_value;     // inputs outside [min_value, max_value] are errors
  std::optional<Fixed> max_value;
  std::string unit;  // for display only, e.g. "%"
  bool zero_if_worse_than_previous = false;
};

struct Level {
  std::string id;
  Text label;
  Fixed fraction;  // of the leaf's points
};

struct LevelsRule {
  std::string level_set;  // id in Scheme::level_sets
};

enum class ItemState { met, partly_met, not_met };

struct ChecklistItem {
  std::string id;
  Text name;
  Fixed points;  // 0 when the rule deducts per missing item instead
};

struct ChecklistRule {
  std::vector<ChecklistItem> items;
  Fixed partly_fraction = Fixed::from_units(Fixed::kScale / 2);
  std::optional<Fixed> per_missing;  // "start from the maximum, minus this per item not met"
};

struct DeductionKind {
  std::string id;
  Text name;
  Fixed per_occurrence;
};

// Start at the maximum, minus an amount per occurrence of each kind, stopping at zero (扣完为止).
// What a deduction point's absence from the filing means: a missing value (0 points and a
// missing_value finding, the default: nothing is assumed), or, where the scheme says so, that
// there was nothing to deduct (full points, no finding).
enum class NotFiled { missing, nothing_to_deduct };

struct DeductionRule {
  std::vector<DeductionKind> kinds;
  NotFiled not_filed = NotFiled::missing;
};

struct DirectRule {};   // the assessor's points, checked against the maximum
struct BooleanRule {};  // all or nothing

// A figure recorded for what it is (an informational point only): last year's concentration,
// a population, an operand of a derived value.
struct ValueRule {
  std::optional<Fixed> min_value;  // inputs outside [min_value, max_value] are errors
  std::optional<Fixed> max_value;
  std::string unit;  // for display only
};

using Rule =
    std::variant<TargetRule, LevelsRule, ChecklistRule, DeductionRule, DirectRule, BooleanRule, ValueRule>;

const char* rule_type_name(const Rule& rule);

// ---- the indicator tree -----------------------------------------------------------------

enum class Aggregation { sum, min, weighted_mean };

// A point whose value is computed from the results of the regions one level below (Art. 10:
// a province grading its prefectures may score "share of counties graded A or B").
enum class LowerLevelMeasure { share_graded, mean_total, lowest_total };
const char* lower_level_measure_name(LowerLevelMeasure measure);

struct LowerLevelSource {
  LowerLevelMeasure measure = LowerLevelMeasure::share_graded;
  std::vector<std::string> grades;  // share_graded: the grades counted (of the lower scheme)
};

// A value computed from two other points' values rather than filed (docs/scheme-language.md,
// "Derived values"), exact and rounded half up to four decimals (derived_value.hpp).
enum class DerivedOp { difference, ratio, share, percent_change, percent_reduction, per_n };
const char* derived_op_name(DerivedOp op);

struct DerivedValue {
  DerivedOp op = DerivedOp::difference;
  // The point ids of the operands: a - b, a / b, a / b x 100, (b - a) / a x 100 (from a to b),
  // (a - b) / a x 100 (a reduction from a to b), a / b x n.
  std::string a;
  std::string b;
  Fixed n;  // per_n only
};

struct Node {
  std::string id;
  Text name;
  std::string number;                 // the annex's numbering ("1", "3"), optional
  Fixed points;                       // the node's maximum; 0 for an informational point
  Fixed weight = Fixed::from_int(1);  // used when the parent aggregates by weighted mean
  Aggregation aggregation = Aggregation::sum;
  std::optional<Rule> rule;                          // present exactly for leaves
  std::optional<LowerLevelSource> from_lower_level;  // only on target leaves
  std::optional<DerivedValue> derived;               // only on target and value leaves
  std::vector<int> children;
  int parent = -1;
  int depth = 0;
  // A point that is read, checked and shown but scores nothing (docs/scheme-language.md,
  // "Informational points"): a gate may test it.
  bool informational = false;

  bool is_leaf() const { return rule.has_value(); }
};

// ---- bonus and penalty items outside the base ------------------------------------------

enum class AdjustmentKind { bonus, penalty };
enum class AdjustmentInput { direct, count, boolean };

struct Adjustment {
  std::string id;
  Text name;
  AdjustmentKind kind = AdjustmentKind::bonus;
  AdjustmentInput input = AdjustmentInput::direct;
  Fixed per_occurrence;  // count: points per occurrence; boolean: points when true
  Fixed cap;             // the item never moves the total by more than this
};

// ---- grading ----------------------------------------------------------------------------

struct Band {
  std::string grade;
  std::optional<Fixed> min;  // absent on the last band, which takes everything below
  bool inclusive = true;     // 以上包括本数: "min and above"
};

struct RankTier {
  std::string grade;
  std::optional<int> count;    // the next `count` regions by rank
  std::optional<Fixed> share;  // or the next share of the cohort (floor)
  // false: a grade no region gets by its rank, only through a condition (a downgrade, a cap, a
  // forced grade); such tiers come after the ranked ones.
  bool ranked = true;
};

enum class GradingMethod { bands, rank, gate };

// One requirement of a gate (docs/scheme-language.md, "Gates"): a tree stored flat in
// Grading::requirements, the root first, each all_of/any_of naming its parts by index.
struct Requirement {
  enum class Kind { all_of, any_of, node_rate, total };
  Kind kind = Kind::all_of;
  std::vector<int> parts;  // all_of, any_of
  std::string node;        // node_rate: the node whose score rate is tested
  Fixed rate = Fixed::from_int(1);
  Fixed total;  // total: the lowest total that meets it
};

struct GradeInfo {
  std::string id;
  Text label;
};

struct Grading {
  GradingMethod method = GradingMethod::bands;
  std::vector<Band> bands;        // best first
  std::vector<RankTier> tiers;    // best first; the last takes the rest
  std::vector<GradeInfo> grades;  // all grades, best first
  // gate: grades are [pass, fail]; the pass grade when requirements[0] is met.
  std::vector<Requirement> requirements;

  int grade_index(const std::string& grade) const;  // -1 when unknown
  int worst_index() const { return static_cast<int>(grades.size()) - 1; }
};

// ---- conditions and vetoes --------------------------------------------------------------

enum class FindingKind {
  missing_target,
  missing_value,
  missing_previous,
  overstated,
  concealed,
  late_filing,
  not_submitted,  // a filing recorded as never submitted (Art. 6.1, 6.2): its values are missing
};
const char* finding_kind_name(FindingKind kind);
Text finding_kind_label(FindingKind kind);
std::optional<FindingKind> parse_finding_kind(const std::string& name);

struct IncidentTrigger {
  std::vector<std::string> scopes;      // empty: any scope
  std::vector<std::string> severities;  // empty: any severity
  std::optional<std::int64_t> min_deaths;
  bool within_year = true;
  int min_count = 1;
};

struct ScoreRateTrigger {
  std::vector<std::string> nodes;  // triggers when any of them scores below `below`
  Fixed below;                     // a fraction of the node's points, e.g. 0.6
};

struct FindingTrigger {
  std::vector<FindingKind> kinds;
  int min_count = 1;
};

// Fires when a requirement (the gates' language, Grading::requirements) is not met, tested at
// the total before the conditions: "every basic requirement met" beside bands.
struct NotMetTrigger {
  std::vector<Requirement> requirements;  // flat, the root first
};

using Trigger = std::variant<IncidentTrigger, ScoreRateTrigger, FindingTrigger, NotMetTrigger>;

enum class EffectType { zero_total, downgrade, cap_grade, force_grade, notice };
const char* effect_type_name(EffectType type);

struct Effect {
  EffectType type = EffectType::notice;
  std::string grade;  // cap_grade, force_grade
  int levels = 0;     // downgrade
};

// "Art. 9" -> "第九条" for Chinese text; other text is returned unchanged.
std::string article_in(const std::string& article, Lang lang);

struct Condition {
  std::string id;
  Text name;
  std::string article;  // e.g. "Art. 5"
  bool veto = false;
  Trigger trigger;
  Effect effect;
};

// ---- consequences (Art. 7, 8, 9) ------------------------------------------------------------

struct Consequence {
  std::string id;
  Text text;
  std::string article;
  bool always = false;
  std::vector<std::string> grades;      // applies to these final grades
  std::vector<std::string> conditions;  // or when one of these conditions applied
  std::optional<int> due_months_after_announcement;
};

struct IncidentScope {
  std::string id;
  Text name;
};

struct LevelSet {
  std::string id;
  std::vector<Level> levels;

  int find(const std::string& id_or_label) const;  // by id, zh or en label; -1 when unknown
};

// The refusal of a value that is not one of a leaf's levels, wherever it is read (a document, a
// table's column, a column of codes): "'superb' is not a level of development_plan (excellent,
// good, ...)". `shown` is the value as its reader shows it.
std::string not_a_level_message(std::string_view shown, const std::string& leaf_id,
                                const std::vector<std::string>& level_ids);
// The same in Chinese, the point by its Chinese name and each level as the form shows it:
// "'superb' 不是 质量发展规划 (development_plan) 的等级，可选：优秀 (excellent)、良好 (good)…".
// A point without a Chinese name is shown by its id.
std::string not_a_level_message_zh(std::string_view shown, const std::string& leaf_id,
                                   const std::string& leaf_name_zh, const std::vector<Level>& levels);

// The document a scheme implements and the articles its findings cite
// (docs/scheme-language.md, "Legal basis"): a late or missing filing cites `filing`, an
// overstated self-evaluation or a concealed incident `misreporting`. A scheme that declares
// none cites none: the measures' Art. 6 and Art. 9 are cn-2013's, not every assessment's.
// The campaign's deadlines cite the rest, as declared (the defaults are applied where they are
// cited, deadline_article in campaign_rules.hpp, so that the writer writes only what was given).
struct LegalBasis {
  Text title;                          // "《质量工作考核办法》（国办发〔2013〕47号）"
  Text filing;                         // cn-2013: "第六条" / "Art. 6"
  Text misreporting;                   // cn-2013: "第九条" / "Art. 9"
  Text targets;                        // cn-2013: "第六条" / "Art. 6.1"; else `filing`
  Text self_evaluation;                // cn-2013: "第六条" / "Art. 6.2"; else `filing`
  Text targets_not_submitted;          // cn-2013: "第六条第一款" / "Art. 6.1"; else `targets`
  Text self_evaluation_not_submitted;  // cn-2013: "第六条第二款" / "Art. 6.2"; else `self_evaluation`
  Text report;                         // cn-2013: "第六条" / "Art. 6.5"; else none
  Text rectification;                  // cn-2013: "第七条" / "Art. 7"; else none

  bool declared() const {
    return !title.empty() || !filing.empty() || !misreporting.empty() || !targets.empty() ||
           !self_evaluation.empty() || !targets_not_submitted.empty() ||
           !self_evaluation_not_submitted.empty() || !report.empty() || !rectification.empty();
  }
};

// ---- the scheme -------------------------------------------------------------------------

namespace detail {
struct PlanData;
}

// The scheme compiled into the evaluation plan (docs/architecture.md, "The one engine"), made on
// first use and kept with the scheme it points into. A copy starts empty: the original's plan
// points at the original.
class CompiledPlanSlot {
 public:
  CompiledPlanSlot() = default;
  CompiledPlanSlot(const CompiledPlanSlot&) {}
  // Assigning empties the cache, itself included (bugprone-unhandled-self-assignment).
  // NOLINTNEXTLINE(bugprone-unhandled-self-assignment)
  CompiledPlanSlot& operator=(const CompiledPlanSlot&) {
    reset();
    return *this;
  }
  void reset() {
    const std::lock_guard<std::mutex> lock(mutex_);
    ready_.store(nullptr, std::memory_order_release);
    plan_.reset();
  }
  // Once made, the plan is found without the lock: an assessment asks for it a score of times,
  // and taking the lock each time cost more than scoring a leaf.
  template <class Compile>
  const detail::PlanData& get(Compile&& compile) const {
    if (const detail::PlanData* ready = ready_.load(std::memory_order_acquire)) return *ready;
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!plan_) plan_ = compile();
    ready_.store(plan_.get(), std::memory_order_release);
    return *plan_;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::shared_ptr<const detail::PlanData> plan_;
  mutable std::atomic<const detail::PlanData*> ready_{nullptr};
};

struct Scheme {
  std::string id;
  Text name;
  std::string version;
  Text description;
  // Set when the scheme was derived (`extends`) from another: the base's id and version.
  std::string derived_from_id;
  std::string derived_from_version;
  Fixed max_total = Fixed::from_int(100);
  Fixed min_total;  // floor of the total after penalties
  bool may_exceed_max = false;
  Rounding rounding;
  Fixed overstatement_tolerance = Fixed::from_units(1000);  // 10% of the leaf maximum
  std::vector<LevelSet> level_sets;
  std::vector<Node> nodes;  // pre-order
  std::vector<int> roots;
  std::vector<int> leaves;  // indexes of leaf nodes, in pre-order
  std::vector<Adjustment> adjustments;
  Grading grading;
  std::vector<Condition> conditions;
  std::vector<Consequence> consequences;
  std::vector<IncidentScope> incident_scopes;
  std::vector<std::string> incident_severities;
  // The assessment period and its deadlines (/period); the measures' when not declared.
  AssessmentPeriod period;
  bool period_declared = false;  // written back by write_scheme only when the scheme gave it
  AssessmentCalendar calendar(int year) const { return assessment_calendar(year, period); }
  // The document the scheme implements and the articles its findings cite (/legal_basis).
  LegalBasis legal_basis;

  int node_index(std::string_view node_id) const;  // -1 when unknown
  int leaf_slot(std::string_view node_id) const;   // position in `leaves`; -1 when not a leaf
  int adjustment_index(const std::string& adjustment_id) const;
  const LevelSet* level_set(const std::string& set_id) const;
  bool has_scope(const std::string& scope) const;
  bool has_severity(const std::string& severity) const;

  // Id -> index lookups, filled by finalize() after the nodes are in place (id_index.hpp).
  IdIndex node_by_id;
  void finalize();

  CompiledPlanSlot compiled;  // see plan_of (plan.hpp); finalize() empties it
};

using SchemePtr = std::shared_ptr<const Scheme>;

}  // namespace qa
