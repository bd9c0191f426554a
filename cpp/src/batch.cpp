// Columnar batch assessment: checking the columns as bind_submission checks a submission, then
// scoring regions chunk by chunk on worker threads with the compiled plan (plan.hpp).
#include "qualityassess/batch.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

#include "derived_value.hpp"
#include "json_reader.hpp"
#include "leaf_rules.hpp"
#include "plan.hpp"
#include "qualityassess/civil_date.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/grading.hpp"
#include "value_wording.hpp"

namespace qa {

namespace {

using detail::Feature;
using detail::FeatureKind;
using detail::Int128;
using detail::kScale;
using detail::LeafPlan;
using detail::PlanData;
using detail::RuleKind;
using detail::Wording;
using detail::YearDays;

constexpr std::size_t kChunk = 2048;
constexpr std::int64_t kMaxCount = 1000000000;
const LeafColumns kNoColumns{};

bool valid_year(std::int64_t year) { return year >= kMinAssessmentYear && year <= kMaxAssessmentYear; }

std::int64_t to_units(double value) { return std::llround(value * static_cast<double>(kScale)); }

std::string number_text(double value) {
  if (Fixed::is_exact_double(value)) return Fixed::from_double(value).to_string();
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

// ---- checking -------------------------------------------------------------------------------

class Checker {
 public:
  Checker(const PlanData& plan, const Scheme& scheme, const BatchInputs& inputs, std::size_t limit)
      : plan_(plan), scheme_(scheme), inputs_(inputs), limit_(limit) {}

  std::vector<BatchIssue> run(std::size_t* total_found, int threads) {
    check_shape();
    check_years();
    if (inputs_.leaves.size() == plan_.leaves.size()) {
      // Leaves are checked on worker threads, each into its own list; merged in leaf order.
      const std::size_t slots = plan_.leaves.size();
      std::vector<std::vector<BatchIssue>> found(slots);
      std::vector<std::size_t> counts(slots, 0);
      detail::parallel_for(slots, worker_count(threads, slots), [&](std::size_t slot) {
        Checker leaf_checker(plan_, scheme_, inputs_, limit_);
        leaf_checker.check_leaf(plan_.leaves[slot], inputs_.leaves[slot]);
        found[slot] = std::move(leaf_checker.issues_);
        counts[slot] = leaf_checker.found_;
      });
      for (std::size_t slot = 0; slot < slots; ++slot) {
        found_ += counts[slot];
        for (BatchIssue& issue : found[slot]) {
          if (issues_.size() < limit_) issues_.push_back(std::move(issue));
        }
      }
    }
    if (inputs_.adjustments.size() == plan_.adjustments.size()) {
      for (std::size_t i = 0; i < plan_.adjustments.size(); ++i) {
        check_adjustment(plan_.adjustments[i], inputs_.adjustments[i]);
      }
    }
    check_incidents();
    check_lower_level_values();
    if (total_found != nullptr) *total_found = found_;
    return std::move(issues_);
  }

 private:
  const PlanData& plan_;
  const Scheme& scheme_;
  const BatchInputs& inputs_;
  std::size_t limit_;
  std::size_t found_ = 0;
  std::vector<BatchIssue> issues_;

  void add(std::int64_t row, const std::string& column, Wording wording) {
    ++found_;
    if (issues_.size() < limit_)
      issues_.push_back({row, column, std::move(wording.en), std::move(wording.zh)});
  }

  void check_shape() {
    if (!inputs_.leaves.empty() && inputs_.leaves.size() != plan_.leaves.size()) {
      const std::string given = std::to_string(inputs_.leaves.size());
      const std::string has = std::to_string(plan_.leaves.size());
      add(-1, "",
          {"columns given for " + given + " points, but scheme " + scheme_.id + " has " + has,
           "给出了 " + given + " 个指标的列，但考核方案 " + scheme_.id + " 有 " + has + " 个指标"});
    }
    if (!inputs_.adjustments.empty() && inputs_.adjustments.size() != plan_.adjustments.size()) {
      const std::string given = std::to_string(inputs_.adjustments.size());
      const std::string has = std::to_string(plan_.adjustments.size());
      add(-1, "",
          {"columns given for " + given + " adjustments, but scheme " + scheme_.id + " has " + has,
           "给出了 " + given + " 个加分或扣分项的列，但考核方案 " + scheme_.id + " 有 " + has + " 个"});
    }
  }

  void check_years() {
    if (inputs_.years == nullptr) {
      if (!valid_year(inputs_.year) && inputs_.regions > 0) {
        const std::string year = std::to_string(inputs_.year);
        const std::string span =
            std::to_string(kMinAssessmentYear) + "-" + std::to_string(kMaxAssessmentYear);
        add(-1, "year",
            {"assessment year " + year + " is outside " + span,
             "考核年度 " + year + " 不在 " + span + " 之内"});
      }
      return;
    }
    for (std::size_t r = 0; r < inputs_.regions; ++r) {
      if (!valid_year(inputs_.years[r])) {
        add(static_cast<std::int64_t>(r), "year",
            detail::not_between(kMinAssessmentYear, kMaxAssessmentYear, std::to_string(inputs_.years[r])));
      }
    }
  }

  // read_fixed's checks: a finite number with at most four decimals, inside `range`.
  void check_numbers(const double* values, const std::string& column, const detail::NumberRange& range,
                     bool positive_for_proportional = false) {
    if (values == nullptr) return;
    for (std::size_t r = 0; r < inputs_.regions; ++r) {
      const double v = values[r];
      if (std::isnan(v)) continue;
      const auto row = static_cast<std::int64_t>(r);
      if (!std::isfinite(v)) {
        add(row, column, detail::not_finite());
      } else if (std::fabs(v) > 1e12) {
        add(row, column, detail::out_of_range(number_text(v)));
      } else if (!Fixed::is_exact_double(v)) {
        add(row, column, detail::too_many_decimals(number_text(v)));
      } else if (!range.contains(Fixed::from_double(v))) {
        add(row, column, detail::outside(range, Fixed::from_double(v)));
      } else if (positive_for_proportional && to_units(v) <= 0) {
        add(row, column, detail::not_positive_for_proportional());
      }
    }
  }

  // A column the leaf's rule does not take: every given value is a problem.
  template <class T, class Given>
  void reject_column(const T* values, std::size_t width, const std::string& column, const Wording& why,
                     Given&& given) {
    if (values == nullptr) return;
    for (std::size_t r = 0; r < inputs_.regions; ++r) {
      for (std::size_t k = 0; k < width; ++k) {
        if (given(values[r * width + k])) {
          add(static_cast<std::int64_t>(r), column, why);
          break;
        }
      }
    }
  }

  void check_section(const LeafPlan& leaf, const SectionColumns& section, const std::string& column) {
    if (leaf.derived_a >= 0) {  // computed from its operands' columns (derived_value.hpp)
      const Node& node = scheme_.nodes[static_cast<std::size_t>(leaf.node)];
      reject_column(section.number, 1, column,
                    detail::derived_not_filed(leaf.id, node.derived->a, node.derived->b),
                    [](double v) { return !std::isnan(v); });
      return;
    }
    const bool numeric = leaf.kind == RuleKind::target_deduction ||
                         leaf.kind == RuleKind::target_proportional || leaf.kind == RuleKind::target_table ||
                         leaf.kind == RuleKind::direct || leaf.kind == RuleKind::value;
    const bool coded =
        leaf.kind == RuleKind::levels || leaf.kind == RuleKind::boolean || leaf.kind == RuleKind::checklist;
    const std::string rule = rule_type_name(*scheme_.nodes[static_cast<std::size_t>(leaf.node)].rule);
    auto is_given_number = [](double v) { return !std::isnan(v); };
    auto is_given_code = [](std::int8_t c) { return c >= 0; };
    auto is_given_count = [](std::int64_t c) { return c >= 0; };
    auto not_by = [&](const std::string& en, const std::string& zh) -> Wording {
      return {"'" + leaf.id + "' is scored by " + rule + ", not by " + en,
              "'" + leaf.id + "' 按 " + rule + " 规则计分，不填写" + zh};
    };
    if (!numeric) reject_column(section.number, 1, column, not_by("a number", "数字"), is_given_number);
    if (!coded) reject_column(section.code, 1, column, not_by("a code", "代码"), is_given_code);
    if (leaf.kind != RuleKind::deduction)
      reject_column(section.counts, 1, column, not_by("counts", "次数"), is_given_count);
    switch (leaf.kind) {
      case RuleKind::target_deduction:
      case RuleKind::target_proportional:
      case RuleKind::target_table:
      case RuleKind::value:
        check_numbers(section.number, column, rate_range(leaf));
        break;
      case RuleKind::direct:
        check_numbers(section.number, column,
                      detail::NumberRange::closed(Fixed(), Fixed::from_units(leaf.base_max)));
        break;
      case RuleKind::levels:
        check_codes(section.code, 1, column, static_cast<int>(leaf.level_ids.size()) - 1, [&](int code) {
          const std::string shown = std::to_string(code);
          return Wording{
              not_a_level_message("level code " + shown, leaf.id, leaf.level_ids),
              not_a_level_message_zh("等级代码 " + shown, leaf.id, name_zh_of(leaf), levels_of(leaf))};
        });
        break;
      case RuleKind::boolean:
        check_codes(section.code, 1, column, 1, [](int code) {
          const std::string shown = std::to_string(code);
          return Wording{"must be true (1), false (0) or not given (-1), not " + shown,
                         "应为 true (1)、false (0) 或未填写 (-1)，而不是 " + shown};
        });
        break;
      case RuleKind::checklist:
        check_codes(section.code, static_cast<std::size_t>(leaf.width), column, 2, [](int code) {
          const std::string shown = std::to_string(code);
          return Wording{
              "item state " + shown + " is not met (2), partly_met (1), not_met (0) or not given (-1)",
              "检查项状态 " + shown +
                  " 应为 met（达到，2）、partly_met（部分达到，1）、not_met（未达到，0）或未填写 (-1)"};
        });
        break;
      case RuleKind::deduction:
        if (section.counts != nullptr) {
          const auto width = static_cast<std::size_t>(leaf.width);
          for (std::size_t r = 0; r < inputs_.regions; ++r) {
            for (std::size_t k = 0; k < width; ++k) {
              const std::int64_t count = section.counts[r * width + k];
              if (count < -1 || count > kMaxCount) {
                const Wording range = detail::not_between(0, kMaxCount, std::to_string(count));
                add(static_cast<std::int64_t>(r), column, {"occurrences " + range.en, "次数" + range.zh});
                break;
              }
            }
          }
        }
        break;
    }
  }

  template <class Describe>
  void check_codes(const std::int8_t* codes, std::size_t width, const std::string& column, int max_code,
                   Describe&& describe) {
    if (codes == nullptr) return;
    for (std::size_t r = 0; r < inputs_.regions; ++r) {
      for (std::size_t k = 0; k < width; ++k) {
        const int code = codes[r * width + k];
        if (code < -1 || code > max_code) {
          add(static_cast<std::int64_t>(r), column, describe(code));
          break;
        }
      }
    }
  }

  const std::string& name_zh_of(const LeafPlan& leaf) const {
    return scheme_.nodes[static_cast<std::size_t>(leaf.node)].name.zh;
  }

  const std::vector<Level>& levels_of(const LeafPlan& leaf) const {
    const Node& node = scheme_.nodes[static_cast<std::size_t>(leaf.node)];
    return scheme_.level_set(std::get<LevelsRule>(*node.rule).level_set)->levels;
  }

  static detail::NumberRange rate_range(const LeafPlan& leaf) {
    detail::NumberRange range;
    if (leaf.has_min) range.min = Fixed::from_units(leaf.min_value);
    if (leaf.has_max) range.max = Fixed::from_units(leaf.max_value);
    return range;
  }

  void check_leaf(const LeafPlan& leaf, const LeafColumns& columns) {
    check_section(leaf, columns.self, leaf.id + ".self");
    check_section(leaf, columns.verified, leaf.id + ".verified");
    const bool target_rule = leaf.kind == RuleKind::target_deduction ||
                             leaf.kind == RuleKind::target_proportional ||
                             leaf.kind == RuleKind::target_table;
    const std::string target_column = leaf.id + ".target";
    auto given = [](double v) { return !std::isnan(v); };
    if (!target_rule) {
      const std::string rule = rule_type_name(*scheme_.nodes[static_cast<std::size_t>(leaf.node)].rule);
      reject_column(columns.target, 1, target_column, detail::takes_no_target(leaf.id, rule), given);
      reject_column(columns.previous, 1, leaf.id + ".previous", detail::previous_only_for_targets(), given);
      return;
    }
    if (leaf.has_fixed_target) {
      reject_column(columns.target, 1, target_column,
                    detail::target_is_fixed(leaf.id, Fixed::from_units(leaf.fixed_target).to_string()),
                    given);
    } else {
      check_numbers(columns.target, target_column, rate_range(leaf),
                    leaf.kind == RuleKind::target_proportional);
    }
    check_numbers(columns.previous, leaf.id + ".previous", rate_range(leaf));
  }

  // As bind_submission: a point computed from the level below (Art. 10) without its value would
  // score as missing, a silently wrong grade; it is refused (the value comes from assess_level).
  void check_lower_level_values() {
    const bool given_columns = inputs_.leaves.size() == plan_.leaves.size();
    for (std::size_t slot = 0; slot < plan_.leaves.size(); ++slot) {
      const LeafPlan& leaf = plan_.leaves[slot];
      if (!scheme_.nodes[static_cast<std::size_t>(leaf.node)].from_lower_level) continue;
      const LeafColumns* columns = given_columns ? &inputs_.leaves[slot] : nullptr;
      auto given = [](const double* values, std::size_t row) {
        return values != nullptr && !std::isnan(values[row]);
      };
      for (std::size_t r = 0; r < inputs_.regions; ++r) {
        if (columns != nullptr && (given(columns->self.number, r) || given(columns->verified.number, r)))
          continue;
        add(static_cast<std::int64_t>(r), leaf.id + ".self", detail::computed_from_lower_level(leaf.id));
      }
    }
  }

  void check_adjustment(const detail::AdjustmentPlan& item, const double* values) {
    if (values == nullptr) return;
    const std::string column = item.id + ".value";
    if (item.input == AdjustmentInput::direct) {
      check_numbers(values, column, detail::NumberRange::non_negative());
      return;
    }
    for (std::size_t r = 0; r < inputs_.regions; ++r) {
      const double v = values[r];
      if (std::isnan(v)) continue;
      const auto row = static_cast<std::int64_t>(r);
      if (item.input == AdjustmentInput::boolean) {
        if (v != 0.0 && v != 1.0) add(row, column, detail::not_true_or_false(number_text(v)));
      } else if (!std::isfinite(v) || std::floor(v) != v || std::fabs(v) >= 9e15) {
        add(row, column, detail::not_whole(number_text(v)));
      } else if (v < 0 || v > static_cast<double>(kMaxCount)) {
        add(row, column, detail::not_between(0, kMaxCount, number_text(v)));
      }
    }
  }

  void check_incidents() {
    const IncidentColumns& incidents = inputs_.incidents;
    if (incidents.count == 0) return;
    if (incidents.region == nullptr || incidents.day == nullptr || incidents.scope == nullptr) {
      add(-1, "incidents", {"incidents need their region, date and scope", "事件须有所属地区、日期和范围"});
      return;
    }
    std::vector<int> scope_known;
    for (const std::string& name : incidents.scope_names) {
      scope_known.push_back(scheme_.incident_scopes.empty() || scheme_.has_scope(name) ? 1 : 0);
    }
    std::vector<int> severity_known;
    for (const std::string& name : incidents.severity_names) {
      severity_known.push_back(scheme_.incident_severities.empty() || scheme_.has_severity(name) ? 1 : 0);
    }
    std::string scopes;
    for (const auto& scope : scheme_.incident_scopes) scopes += (scopes.empty() ? "" : ", ") + scope.id;
    for (std::size_t i = 0; i < incidents.count; ++i) {
      const auto row = static_cast<std::int64_t>(i);
      const std::int32_t region = incidents.region[i];
      if (region < 0 || static_cast<std::size_t>(region) >= inputs_.regions) {
        const std::string shown = std::to_string(region);
        add(row, "incidents.region",
            {"region row " + shown + " is not a row of the batch",
             "地区行 " + shown + " 不是本批数据中的行"});
      }
      const std::int32_t scope = incidents.scope[i];
      if (scope < 0 || static_cast<std::size_t>(scope) >= scope_known.size()) {
        const std::string shown = std::to_string(scope);
        add(row, "incidents.scope",
            {"scope code " + shown + " is not a scope given", "范围代码 " + shown + " 不在所给的范围之中"});
      } else if (scope_known[static_cast<std::size_t>(scope)] == 0) {
        add(row, "incidents.scope",
            detail::not_an_incident_scope(incidents.scope_names[static_cast<std::size_t>(scope)], scopes));
      }
      if (incidents.severity != nullptr) {
        const std::int32_t severity = incidents.severity[i];
        if (severity < -1 || (severity >= 0 && static_cast<std::size_t>(severity) >= severity_known.size())) {
          const std::string shown = std::to_string(severity);
          add(row, "incidents.severity",
              {"severity code " + shown + " is not a severity given",
               "事件等级代码 " + shown + " 不在所给的事件等级之中"});
        } else if (severity >= 0 && severity_known[static_cast<std::size_t>(severity)] == 0) {
          add(row, "incidents.severity",
              detail::not_an_incident_severity(incidents.severity_names[static_cast<std::size_t>(severity)],
                                               scheme_.id));
        }
      }
      if (incidents.deaths != nullptr && (incidents.deaths[i] < 0 || incidents.deaths[i] > kMaxCount)) {
        add(row, "incidents.deaths", detail::not_between(0, kMaxCount, std::to_string(incidents.deaths[i])));
      }
    }
  }
};

std::string issue_path(const BatchIssue& issue) {
  const std::string prefix = "incidents.";
  if (issue.column.compare(0, prefix.size(), prefix) == 0) {
    return "incidents row " + std::to_string(issue.row) + ", column '" + issue.column.substr(prefix.size()) +
           "'";
  }
  if (issue.row < 0) return issue.column.empty() ? "columns" : "column '" + issue.column + "'";
  return "row " + std::to_string(issue.row) + ", column '" + issue.column + "'";
}

// ---- features from columns ------------------------------------------------------------------

// One section of one leaf of region r, read from columns for leaf_feature (leaf_rules.hpp).
struct ColumnSource {
  const LeafPlan& leaf;
  const LeafColumns& columns;
  const SectionColumns& section;
  std::size_t r;

  static bool given(const double* column, std::size_t r, std::int64_t& units) {
    const double value = column != nullptr ? column[r] : NAN;
    if (std::isnan(value)) return false;
    units = to_units(value);
    return true;
  }
  bool number(std::int64_t& units) const { return given(section.number, r, units); }
  bool target(std::int64_t& units) const { return given(columns.target, r, units); }
  bool previous(std::int64_t& units) const { return given(columns.previous, r, units); }
  int code() const { return section.code != nullptr ? section.code[r] : -1; }
  bool has_states() const { return section.code != nullptr; }
  int state(int k) const {
    return section.code[r * static_cast<std::size_t>(leaf.width) + static_cast<std::size_t>(k)];
  }
  bool has_counts() const { return section.counts != nullptr; }
  std::int64_t count(int k) const {
    return section.counts[r * static_cast<std::size_t>(leaf.width) + static_cast<std::size_t>(k)];
  }
};

inline __attribute__((always_inline)) Feature section_feature(const LeafPlan& leaf,
                                                              const LeafColumns& columns,
                                                              const SectionColumns& section, std::size_t r) {
  return detail::leaf_feature(leaf, ColumnSource{leaf, columns, section, r});
}

// ---- incidents ------------------------------------------------------------------------------

struct IncidentIndex {
  std::vector<std::size_t> offsets;  // regions + 1
  std::vector<std::size_t> rows;
  // Per condition (incident triggers only): which scope and severity codes match.
  std::vector<std::vector<std::uint8_t>> scope_ok;
  std::vector<std::vector<std::uint8_t>> severity_ok;  // index severity + 1 (0 = none)
};

IncidentIndex index_incidents(const PlanData& plan, const BatchInputs& inputs) {
  const IncidentColumns& incidents = inputs.incidents;
  IncidentIndex index;
  index.offsets.assign(inputs.regions + 1, 0);
  for (std::size_t i = 0; i < incidents.count; ++i)
    ++index.offsets[static_cast<std::size_t>(incidents.region[i]) + 1];
  for (std::size_t r = 0; r < inputs.regions; ++r) index.offsets[r + 1] += index.offsets[r];
  index.rows.resize(incidents.count);
  std::vector<std::size_t> fill(index.offsets.begin(), index.offsets.end() - 1);
  for (std::size_t i = 0; i < incidents.count; ++i)
    index.rows[fill[static_cast<std::size_t>(incidents.region[i])]++] = i;
  index.scope_ok.resize(plan.conditions.size());
  index.severity_ok.resize(plan.conditions.size());
  for (std::size_t c = 0; c < plan.conditions.size(); ++c) {
    const IncidentTrigger* trigger = plan.conditions[c].incident;
    if (trigger == nullptr) continue;
    for (const std::string& name : incidents.scope_names) {
      index.scope_ok[c].push_back(detail::scope_counts(*trigger, name) ? 1 : 0);
    }
    index.severity_ok[c].push_back(detail::severity_counts(*trigger, "") ? 1 : 0);
    for (const std::string& name : incidents.severity_names) {
      index.severity_ok[c].push_back(detail::severity_counts(*trigger, name) ? 1 : 0);
    }
  }
  return index;
}

// ---- running --------------------------------------------------------------------------------

struct Scratch {
  std::vector<Feature> self;
  std::vector<Feature> verified;
  std::vector<std::int64_t> nodes;
  std::vector<std::int64_t> leaf_points;
  std::vector<std::uint8_t> fired;
  std::vector<int> matched;
};

class Runner {
 public:
  Runner(const PlanData& plan, const BatchInputs& inputs, const BatchOutputs& outputs)
      : plan_(plan), inputs_(inputs), outputs_(outputs), incidents_(index_incidents(plan, inputs)) {
    if (plan.rank_grading) {
      totals_before_.resize(inputs.regions);
      totals_.resize(inputs.regions);
      effects_.resize(inputs.regions);
    }
  }

  void chunk(std::size_t begin, std::size_t end) {
    Scratch scratch = make_scratch(plan_);
    const std::size_t nodes = plan_.scheme->nodes.size();
    for (std::size_t r = begin; r < end; ++r) region(r, scratch, nodes);
  }

  void finish_ranks() {
    if (!plan_.rank_grading) return;
    const Grading& grading = plan_.scheme->grading;
    std::vector<Fixed> before(inputs_.regions);
    std::vector<Fixed> after(inputs_.regions);
    for (std::size_t r = 0; r < inputs_.regions; ++r) {
      before[r] = Fixed::from_units(totals_before_[r]);
      after[r] = Fixed::from_units(totals_[r]);
    }
    const std::vector<RankedGrade> ranked_before = rank_grades(grading, before);
    const std::vector<RankedGrade> ranked_after = rank_grades(grading, after);
    for (std::size_t r = 0; r < inputs_.regions; ++r) {
      if (outputs_.grade_before_conditions != nullptr)
        outputs_.grade_before_conditions[r] = ranked_before[r].grade;
      if (outputs_.grade != nullptr)
        outputs_.grade[r] = detail::apply_effects(plan_, ranked_after[r].grade, effects_[r]);
      if (outputs_.rank != nullptr) outputs_.rank[r] = ranked_after[r].rank;
    }
  }

  // A region's facts (incident_fired pointing into scratch.fired) and features.
  detail::RegionFacts prepare(std::size_t r, Scratch& scratch, Feature* self, Feature* verified) const {
    const int year = inputs_.years != nullptr ? inputs_.years[r] : inputs_.year;
    const detail::RegionFacts facts = facts_of(r, plan_.days_of(year), scratch);
    for (std::size_t slot = 0; slot < plan_.leaves.size(); ++slot) {
      const LeafColumns& columns = inputs_.leaves.empty() ? kNoColumns : inputs_.leaves[slot];
      self[slot] = section_feature(plan_.leaves[slot], columns, columns.self, r);
      verified[slot] = section_feature(plan_.leaves[slot], columns, columns.verified, r);
    }
    return facts;
  }

  static Scratch make_scratch(const PlanData& plan) {
    Scratch scratch;
    scratch.self.resize(plan.leaves.size());
    scratch.verified.resize(plan.leaves.size());
    scratch.nodes.resize(plan.scheme->nodes.size());
    scratch.leaf_points.resize(plan.leaves.size());
    scratch.fired.resize(plan.conditions.size());
    scratch.matched.resize(plan.conditions.size());
    return scratch;
  }

 private:
  const PlanData& plan_;
  const BatchInputs& inputs_;
  const BatchOutputs& outputs_;
  IncidentIndex incidents_;
  std::vector<std::int64_t> totals_before_;
  std::vector<std::int64_t> totals_;
  std::vector<detail::RegionOutcome> effects_;

  detail::RegionFacts facts_of(std::size_t r, const YearDays& days, Scratch& scratch) const {
    detail::RegionFacts facts;
    for (std::size_t i = 0; i < plan_.adjustments.size() && !inputs_.adjustments.empty(); ++i) {
      const double* column = inputs_.adjustments[i];
      if (column == nullptr || std::isnan(column[r])) continue;
      const detail::AdjustmentPlan& item = plan_.adjustments[i];
      const std::int64_t points = detail::adjustment_points(item, to_units(column[r]), plan_).points;
      (item.kind == AdjustmentKind::bonus ? facts.bonus : facts.penalty) += points;
    }
    std::fill(scratch.matched.begin(), scratch.matched.end(), 0);
    const IncidentColumns& incidents = inputs_.incidents;
    for (std::size_t k = incidents_.offsets[r]; k < incidents_.offsets[r + 1]; ++k) {
      const std::size_t i = incidents_.rows[k];
      const std::int32_t day = incidents.day[i];
      const bool inside = days.contains(day);
      const bool reported = incidents.reported == nullptr || incidents.reported[i] != 0;
      if (detail::concealed_incident(reported, inside)) ++facts.concealed;
      const auto scope = static_cast<std::size_t>(incidents.scope[i]);
      const auto severity =
          static_cast<std::size_t>(incidents.severity != nullptr ? incidents.severity[i] + 1 : 0);
      const std::int64_t deaths = incidents.deaths != nullptr ? incidents.deaths[i] : 0;
      for (std::size_t c = 0; c < plan_.conditions.size(); ++c) {
        const IncidentTrigger* trigger = plan_.conditions[c].incident;
        if (trigger == nullptr) continue;
        const detail::IncidentMismatch mismatch =
            detail::incident_mismatch(*trigger, incidents_.scope_ok[c][scope] != 0,
                                      incidents_.severity_ok[c][severity] != 0, deaths, inside);
        if (mismatch == detail::IncidentMismatch::none) ++scratch.matched[c];
      }
    }
    for (std::size_t c = 0; c < plan_.conditions.size(); ++c) {
      const IncidentTrigger* trigger = plan_.conditions[c].incident;
      scratch.fired[c] = trigger != nullptr && scratch.matched[c] >= trigger->min_count ? 1 : 0;
    }
    facts.incident_fired = scratch.fired.data();
    if (inputs_.filed_targets != nullptr && inputs_.filed_targets[r] != kNoDate &&
        detail::filed_late(inputs_.filed_targets[r], days.targets_due)) {
      ++facts.late;
    }
    if (inputs_.filed_self_evaluation != nullptr && inputs_.filed_self_evaluation[r] != kNoDate &&
        detail::filed_late(inputs_.filed_self_evaluation[r], days.self_evaluation_due)) {
      ++facts.late;
    }
    return facts;
  }

  void region(std::size_t r, Scratch& scratch, std::size_t nodes) {
    const detail::RegionFacts facts = prepare(r, scratch, scratch.self.data(), scratch.verified.data());
    const bool in_place = outputs_.node_points != nullptr && !outputs_.node_points_by_node;
    std::int64_t* node_points = in_place ? outputs_.node_points + r * nodes : scratch.nodes.data();
    const detail::RegionOutcome outcome =
        detail::evaluate_region(plan_, plan_.defaults, scratch.self.data(), scratch.verified.data(), facts,
                                node_points, scratch.leaf_points.data(), [](std::size_t) { return true; });
    if (outputs_.node_points != nullptr && outputs_.node_points_by_node) {
      for (std::size_t node = 0; node < nodes; ++node)
        outputs_.node_points[node * inputs_.regions + r] = scratch.nodes[node];
    }
    if (outputs_.total != nullptr) outputs_.total[r] = outcome.total;
    if (outputs_.total_before_conditions != nullptr)
      outputs_.total_before_conditions[r] = outcome.total_before;
    if (outputs_.vetoed != nullptr) outputs_.vetoed[r] = outcome.vetoed ? 1 : 0;
    if (plan_.rank_grading) {
      totals_before_[r] = outcome.total_before;
      totals_[r] = outcome.total;
      effects_[r] = outcome;
      return;
    }
    const int before =
        detail::grade_of_total(plan_, plan_.defaults, outcome.total_before, outcome.gate_met_before);
    const int after = detail::grade_of_total(plan_, plan_.defaults, outcome.total, outcome.gate_met);
    if (outputs_.grade_before_conditions != nullptr) outputs_.grade_before_conditions[r] = before;
    if (outputs_.grade != nullptr) outputs_.grade[r] = detail::apply_effects(plan_, after, outcome);
  }
};

void throw_issues(const EvaluationPlan& plan, const BatchInputs& inputs, int threads) {
  std::size_t found = 0;
  const std::vector<BatchIssue> issues = plan.check(inputs, 100, &found, threads);
  if (issues.empty()) return;
  std::vector<Issue> out;
  out.reserve(issues.size() + 1);
  for (const BatchIssue& issue : issues) out.push_back({issue_path(issue), issue.message, issue.message_zh});
  if (found > issues.size()) {
    const std::string more = std::to_string(found - issues.size());
    out.push_back({"", "... and " + more + " more", "……另有 " + more + " 个问题"});
  }
  throw InputError("invalid batch of " + std::to_string(inputs.regions) + " regions", out);
}

}  // namespace

// The inputs with each derived point's columns computed from its operands' columns
// (derived_value.hpp): the values the single assessment's binder gives, rounded the same way.
class WithDerived {
 public:
  WithDerived(const PlanData& plan, const BatchInputs& inputs) : given_(inputs) {
    for (std::size_t slot = 0; slot < plan.leaves.size() && slot < inputs.leaves.size(); ++slot) {
      const LeafPlan& leaf = plan.leaves[slot];
      if (leaf.derived_a < 0) continue;
      if (!copy_) copy_ = inputs;  // only a scheme with derived values pays for the copy
      const LeafColumns& a = inputs.leaves[static_cast<std::size_t>(leaf.derived_a)];
      const LeafColumns& b = inputs.leaves[static_cast<std::size_t>(leaf.derived_b)];
      copy_->leaves[slot].self.number = derive(leaf, a.self.number, nullptr, b.self.number, nullptr);
      const bool verified = a.verified.number != nullptr || b.verified.number != nullptr;
      copy_->leaves[slot].verified.number =
          verified ? derive(leaf, a.self.number, a.verified.number, b.self.number, b.verified.number)
                   : nullptr;
    }
  }
  const BatchInputs& inputs() const { return copy_ ? *copy_ : given_; }

 private:
  const BatchInputs& given_;
  std::optional<BatchInputs> copy_;
  std::vector<std::unique_ptr<double[]>> columns_;

  static double at(const double* column, std::size_t r) { return column != nullptr ? column[r] : NAN; }

  // The self-evaluated column from the operands' self-evaluated columns; or, with `a_verified`
  // and `b_verified`, the verified one: given where an operand was verified, from each operand's
  // verified value or else its self-evaluated one.
  const double* derive(const LeafPlan& leaf, const double* a_self, const double* a_verified,
                       const double* b_self, const double* b_verified) {
    const bool verified_section = a_verified != nullptr || b_verified != nullptr;
    auto column = std::make_unique<double[]>(given_.regions);
    for (std::size_t r = 0; r < given_.regions; ++r) {
      column[r] = NAN;
      const double av = at(a_verified, r);
      const double bv = at(b_verified, r);
      if (verified_section && std::isnan(av) && std::isnan(bv)) continue;
      const double x = std::isnan(av) ? at(a_self, r) : av;
      const double y = std::isnan(bv) ? at(b_self, r) : bv;
      if (std::isnan(x) || std::isnan(y)) continue;
      if (const auto units =
              detail::derive_units(leaf.derived_op, to_units(x), to_units(y), leaf.derived_n)) {
        column[r] = static_cast<double>(*units) / static_cast<double>(kScale);
      }
    }
    columns_.push_back(std::move(column));
    return columns_.back().get();
  }
};

namespace detail {

Prepared prepare_regions(const EvaluationPlan& plan, const BatchInputs& inputs_given, int threads) {
  throw_issues(plan, inputs_given, threads);
  const WithDerived derived(plan.data(), inputs_given);
  const BatchInputs& inputs = derived.inputs();
  const PlanData& data = plan.data();
  Prepared prepared;
  prepared.regions = inputs.regions;
  prepared.slots = data.leaves.size();
  const std::size_t conditions = data.conditions.size();
  prepared.self.resize(prepared.regions * prepared.slots);
  prepared.verified.resize(prepared.regions * prepared.slots);
  prepared.facts.resize(prepared.regions);
  prepared.fired.resize(prepared.regions * conditions);
  const BatchOutputs none;
  Runner runner(data, inputs, none);
  const std::size_t chunks = (inputs.regions + kChunk - 1) / kChunk;
  parallel_for(chunks, worker_count(threads, chunks), [&](std::size_t chunk) {
    Scratch scratch = Runner::make_scratch(data);
    for (std::size_t r = chunk * kChunk; r < std::min(inputs.regions, (chunk + 1) * kChunk); ++r) {
      RegionFacts facts = runner.prepare(r, scratch, prepared.self.data() + r * prepared.slots,
                                         prepared.verified.data() + r * prepared.slots);
      std::copy(scratch.fired.begin(), scratch.fired.end(),
                prepared.fired.begin() + static_cast<std::ptrdiff_t>(r * conditions));
      facts.incident_fired = prepared.fired.data() + r * conditions;
      prepared.facts[r] = facts;
    }
  });
  return prepared;
}

}  // namespace detail

int worker_count(int threads, std::size_t work_items) {
  unsigned hardware = std::thread::hardware_concurrency();
  if (hardware == 0) hardware = 1;
  std::size_t wanted = threads > 0 ? static_cast<std::size_t>(threads) : hardware;
  wanted = std::min<std::size_t>(wanted, 256);
  wanted = std::min(wanted, work_items);
  return static_cast<int>(std::max<std::size_t>(wanted, 1));
}

EvaluationPlan::EvaluationPlan(SchemePtr scheme)
    : scheme_(std::move(scheme)), data_(std::make_unique<detail::PlanData>(detail::compile_plan(*scheme_))) {}

EvaluationPlan::~EvaluationPlan() = default;

const Scheme& EvaluationPlan::scheme() const { return *scheme_; }
const SchemePtr& EvaluationPlan::scheme_ptr() const { return scheme_; }

std::vector<BatchIssue> EvaluationPlan::check(const BatchInputs& inputs, std::size_t limit,
                                              std::size_t* total_found, int threads) const {
  return Checker(*data_, *scheme_, inputs, limit).run(total_found, threads);
}

void EvaluationPlan::run(const BatchInputs& inputs_given, const BatchOutputs& outputs, int threads) const {
  throw_issues(*this, inputs_given, threads);
  const WithDerived derived(*data_, inputs_given);
  const BatchInputs& inputs = derived.inputs();
  Runner runner(*data_, inputs, outputs);
  const std::size_t chunks = (inputs.regions + kChunk - 1) / kChunk;
  detail::parallel_for(chunks, worker_count(threads, chunks), [&](std::size_t chunk) {
    runner.chunk(chunk * kChunk, std::min(inputs.regions, (chunk + 1) * kChunk));
  });
  runner.finish_ranks();
}

BatchResult assess_columns(const SchemePtr& scheme, const BatchInputs& inputs, int threads,
                           bool node_points) {
  const EvaluationPlan plan(scheme);
  BatchResult result;
  const std::size_t n = inputs.regions;
  result.total.resize(n);
  result.total_before_conditions.resize(n);
  result.grade.resize(n);
  result.grade_before_conditions.resize(n);
  result.vetoed.resize(n);
  if (plan.data().rank_grading) result.rank.resize(n);
  if (node_points) result.node_points.resize(n * scheme->nodes.size());
  BatchOutputs outputs;
  outputs.total = result.total.data();
  outputs.total_before_conditions = result.total_before_conditions.data();
  outputs.grade = result.grade.data();
  outputs.grade_before_conditions = result.grade_before_conditions.data();
  outputs.vetoed = result.vetoed.data();
  outputs.rank = result.rank.empty() ? nullptr : result.rank.data();
  outputs.node_points = node_points ? result.node_points.data() : nullptr;
  plan.run(inputs, outputs, threads);
  return result;
}

}  // namespace qa
