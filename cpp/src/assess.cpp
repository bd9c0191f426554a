// The pipeline of docs/architecture.md, for one region or a cohort, on the one engine: a bound
// submission is read into the compiled plan's features and facts (leaf_rules.hpp, plan.hpp),
// evaluated by evaluate_region like every batch region, and the trace of that evaluation becomes
// the Result: leaf explanations, findings, condition reasons, consequences.
#include "qualityassess/assess.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "bound_value_source.hpp"
#include "condition_reasons.hpp"
#include "leaf_explanation.hpp"
#include "leaf_input_pool.hpp"
#include "leaf_rules.hpp"
#include "plan.hpp"
#include "qualityassess/civil_date.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/grading.hpp"
#include "qualityassess/logging.hpp"

namespace qa {
namespace {

using detail::Feature;
using detail::LeafPlan;
using detail::PlanData;

// A point as its reader knows it: in Chinese its name first, the id after, as levels read
// "优秀 (excellent)"; in English the id, which reads as words, then the name.
std::string leaf_label(const Node& leaf, Lang lang) {
  if (lang == Lang::zh) return leaf.name.in(lang) + " (" + leaf.id + ")";
  return leaf.id + " (" + leaf.name.in(lang) + ")";
}

// The scheme's article on a finding, as the finding's text ends: "（第九条）" / " (Art. 9)";
// nothing when the scheme cites none (LegalBasis).
std::string cite(const Text& article, Lang lang) {
  if (article.empty()) return {};
  return lang == Lang::zh ? "（" + article.in(lang) + "）" : " (" + article.in(lang) + ")";
}

Finding gap_finding(LeafGap gap, const Node& leaf, const LegalBasis& basis) {
  Finding finding;
  finding.leaf = leaf.id;
  switch (gap) {
    case LeafGap::missing_value:
      finding.kind = FindingKind::missing_value;
      finding.detail = {"未提供 " + leaf_label(leaf, Lang::zh) + " 的数据，该项得 0 分",
                        "no value for " + leaf_label(leaf, Lang::en) + ": 0 points"};
      break;
    case LeafGap::missing_target:
      finding.kind = FindingKind::missing_target;
      finding.detail = {
          leaf_label(leaf, Lang::zh) + " 的目标未备案，该项得 0 分" + cite(basis.filing, Lang::zh),
          "no target filed for " + leaf_label(leaf, Lang::en) + ": 0 points" + cite(basis.filing, Lang::en)};
      break;
    case LeafGap::missing_previous:
      finding.kind = FindingKind::missing_previous;
      finding.detail = {"缺少 " + leaf_label(leaf, Lang::zh) + " 的上年数据，无法检查是否较上年变差",
                        "no previous-year value for " + leaf_label(leaf, Lang::en) +
                            ": whether it got worse could not be checked"};
      break;
    case LeafGap::none:
      break;
  }
  return finding;
}

Finding overstatement(const Node& leaf, Fixed self_points, Fixed verified_points, Fixed tolerance,
                      const LegalBasis& basis) {
  Finding finding;
  finding.kind = FindingKind::overstated;
  finding.leaf = leaf.id;
  const std::string self = self_points.to_string(2);
  const std::string verified = verified_points.to_string(2);
  const std::string by = (self_points - verified_points).to_string(2);
  const std::string limit =
      (Ratio(tolerance) * Ratio(Fixed::from_int(100))).round({2, RoundingMode::half_up}).to_string() + "%";
  finding.detail = {leaf_label(leaf, Lang::zh) + " 自评 " + self + " 分，核查 " + verified + " 分，高报 " +
                        by + " 分，超过该项满分的 " + limit + cite(basis.misreporting, Lang::zh),
                    leaf_label(leaf, Lang::en) + " self-evaluated at " + self + " points, verified at " +
                        verified + ": overstated by " + by + ", more than " + limit + " of its maximum" +
                        cite(basis.misreporting, Lang::en)};
  return finding;
}

Finding late_filing(const std::string& step, const CivilDate& filed, const CivilDate& due,
                    const LegalBasis& basis) {
  Finding finding;
  finding.kind = FindingKind::late_filing;
  finding.step = step;
  finding.days_late = filed.days_since_epoch() - due.days_since_epoch();
  const std::string days = std::to_string(*finding.days_late);
  const bool targets = step == "targets";
  finding.detail = {std::string(targets ? "质量目标" : "自评报告") + "于 " + filed.to_string() +
                        " 报送，晚于 " + due.to_string() + " " + days + " 天" + cite(basis.filing, Lang::zh),
                    std::string(targets ? "targets" : "self-evaluation") + " filed on " + filed.to_string() +
                        ", " + days + " day(s) after " + due.to_string() + cite(basis.filing, Lang::en)};
  return finding;
}

// Art. 6.1, 6.2: the office recorded that the region never filed; its values are missing and
// scored as the scheme scores missing values.
Finding not_submitted(const std::string& step, const AssessmentCalendar& calendar, const LegalBasis& basis) {
  Finding finding;
  finding.kind = FindingKind::not_submitted;
  finding.step = step;
  const bool targets = step == "targets";
  const std::string due = (targets ? calendar.targets_due : calendar.self_evaluation_due).to_string();
  finding.detail = {std::string(targets ? "质量目标" : "自评报告") + "未按期报送（应于 " + due +
                        " 前报送），相关指标按缺失数据计分" + cite(basis.filing, Lang::zh),
                    std::string(targets ? "targets" : "self-evaluation") + " never submitted (due " + due +
                        "): the points it would give are scored as missing" + cite(basis.filing, Lang::en)};
  return finding;
}

// An incident named in the notice's language: "区域性事件（…）" rather than the scope's id.
Text scope_label(const Scheme& scheme, const std::string& scope) {
  for (const IncidentScope& known : scheme.incident_scopes) {
    if (known.id == scope && !known.name.zh.empty()) return known.name;
  }
  return {scope, scope};
}

Finding concealment(const Scheme& scheme, const Incident& incident) {
  Finding finding;
  finding.kind = FindingKind::concealed;
  finding.incident = incident.id;
  const Text scope = scope_label(scheme, incident.scope);
  finding.detail = {"事件 " + incident.id + "（" + scope.zh + "，" + incident.date.to_string() +
                        "）经核查发现，自评报告未报告" + cite(scheme.legal_basis.misreporting, Lang::zh),
                    "incident " + incident.id + " (" + scope.en + ", " + incident.date.to_string() +
                        ") was found by verification but not reported in the self-evaluation" +
                        cite(scheme.legal_basis.misreporting, Lang::en)};
  return finding;
}

// The findings about the region as a whole, in the Result's order: concealed incidents (Art. 9),
// filings never submitted and late filings (Art. 6). The engine counts them (RegionFacts).
std::vector<Finding> region_findings(const Scheme& scheme, const BoundSubmission& input,
                                     const AssessmentCalendar& calendar) {
  std::vector<Finding> findings;
  for (const Incident& incident : input.incidents) {
    if (detail::concealed_incident(incident.reported_in_self_evaluation, calendar.contains(incident.date))) {
      findings.push_back(concealment(scheme, incident));
      findings.back().evidence = incident.evidence;
    }
  }
  for (const std::string& step : input.filed.not_submitted)
    findings.push_back(not_submitted(step, calendar, scheme.legal_basis));
  if (input.filed.targets &&
      detail::filed_late(input.filed.targets->days_since_epoch(), calendar.targets_due.days_since_epoch())) {
    findings.push_back(
        late_filing("targets", *input.filed.targets, calendar.targets_due, scheme.legal_basis));
  }
  if (input.filed.self_evaluation && detail::filed_late(input.filed.self_evaluation->days_since_epoch(),
                                                        calendar.self_evaluation_due.days_since_epoch())) {
    findings.push_back(late_filing("self_evaluation", *input.filed.self_evaluation,
                                   calendar.self_evaluation_due, scheme.legal_basis));
  }
  return findings;
}

// What a region's evaluation needs besides its leaves (plan.hpp's RegionFacts), and the
// adjustments' outcomes for the Result. `fired` receives, per plan.all_conditions, whether an
// incident trigger is met.
detail::RegionFacts region_facts(const PlanData& plan, const BoundSubmission& input,
                                 const AssessmentCalendar& calendar, const std::vector<Finding>& findings,
                                 std::vector<std::uint8_t>& fired, Result& result) {
  detail::RegionFacts facts;
  for (std::size_t i = 0; i < plan.adjustments.size(); ++i) {
    if (!input.adjustment_given[i]) continue;
    const detail::AdjustmentPlan& item = plan.adjustments[i];
    const detail::AdjustmentPoints adjusted =
        detail::adjustment_points(item, input.adjustments[i].units(), plan);
    (item.kind == AdjustmentKind::bonus ? facts.bonus : facts.penalty) += adjusted.points;
    result.adjustments.push_back({item.id, item.kind, Fixed::from_units(adjusted.points), adjusted.capped});
  }
  for (const Finding& finding : findings) {
    if (finding.kind == FindingKind::concealed) ++facts.concealed;
    if (finding.kind == FindingKind::not_submitted) ++facts.not_submitted;
    if (finding.kind == FindingKind::late_filing) ++facts.late;
  }
  fired.assign(plan.all_conditions.size(), 0);
  for (std::size_t c = 0; c < plan.all_conditions.size(); ++c) {
    const IncidentTrigger* trigger = plan.all_conditions[c].incident;
    if (trigger == nullptr) continue;
    int matched = 0;
    for (const Incident& incident : input.incidents) {
      if (detail::incident_mismatch_of(*trigger, incident, calendar) == detail::IncidentMismatch::none)
        ++matched;
    }
    fired[c] = matched >= trigger->min_count ? 1 : 0;
  }
  facts.incident_fired = fired.data();
  return facts;
}

// The leaves' findings, in the Result's order: per leaf its gap and any overstatement (Art. 9);
// the self-evaluated and verified points of each verified leaf.
void record_leaf_findings(const PlanData& plan, const BoundSubmission& input,
                          const std::vector<Feature>& self, const std::vector<Feature>& verified,
                          const std::vector<std::int64_t>& leaf_points, Result& result) {
  const Scheme& scheme = *plan.scheme;
  for (std::size_t slot = 0; slot < plan.leaves.size(); ++slot) {
    const Node& leaf = scheme.nodes[static_cast<std::size_t>(plan.leaves[slot].node)];
    const bool checked = verified[slot].present;
    const Feature& used = checked ? verified[slot] : self[slot];
    if (used.gap != LeafGap::none) result.findings.push_back(gap_finding(used.gap, leaf, scheme.legal_basis));
    if (!checked || !self[slot].present) continue;
    const detail::LeafParams& params = plan.defaults.leaves[slot];
    const std::int64_t self_points = detail::score_feature(self[slot], params, plan.defaults.table, plan);
    LeafOutcome& out = result.leaves[slot];
    out.set_compared(Fixed::from_units(self_points));
    if (detail::overstated(self_points, leaf_points[slot], params.tolerance)) {
      result.findings.push_back(overstatement(leaf, Fixed::from_units(self_points), out.points,
                                              scheme.overstatement_tolerance, scheme.legal_basis));
      if (!input.evidence.empty()) result.findings.back().evidence = input.evidence[slot];
    }
  }
}

// An evaluation's working arrays, kept per thread from one region to the next: allocating them
// for every region cost as much as filling them. Nothing in an evaluation starts another.
struct Scratch {
  std::vector<Feature> self;
  std::vector<Feature> verified;
  std::vector<std::int64_t> node_points;
  std::vector<std::int64_t> leaf_points;
  std::vector<std::uint8_t> fired;
  std::vector<std::uint8_t> incident_fired;
};

// Not inlined: inlined, the compiler found the thread's copy again (a call to __tls_get_addr) at
// nearly every use of the arrays, 38 times per region.
__attribute__((noinline)) Scratch& scratch() {
  thread_local Scratch arrays;
  return arrays;
}

// The region's evaluation on the plan, into `result` with its trace, and the outcome that grading
// reads: grading comes after, because rank grading needs the whole cohort. `input` is consumed:
// its leaves become the Result's trace. The Result is filled where the caller keeps it, not
// moved there: a Result is ten vectors and strings.
detail::RegionOutcome evaluate(const SchemePtr& scheme_ptr, BoundSubmission&& input, Result& result) {
  const Scheme& scheme = *scheme_ptr;
  const PlanData& plan = detail::plan_of(scheme);
  const AssessmentCalendar calendar = scheme.calendar(input.year);
  result.scheme = scheme_ptr;
  result.region = std::move(input.region);
  result.year = input.year;

  const std::size_t slots = plan.leaves.size();
  Scratch& work = scratch();
  std::vector<Feature>& self = work.self;
  std::vector<Feature>& verified = work.verified;
  self.assign(slots, Feature{});
  verified.assign(slots, Feature{});
  for (std::size_t slot = 0; slot < slots; ++slot) {
    const LeafInput& in = input.leaves[slot];
    self[slot] = detail::bound_feature(plan.leaves[slot], in.self, in);
    verified[slot] = detail::bound_feature(plan.leaves[slot], in.verified, in);
  }
  std::vector<Finding> about_region = region_findings(scheme, input, calendar);
  std::vector<std::uint8_t>& incident_fired = work.incident_fired;
  const detail::RegionFacts facts = region_facts(plan, input, calendar, about_region, incident_fired, result);
  std::vector<std::int64_t>& node_points = work.node_points;
  std::vector<std::int64_t>& leaf_points = work.leaf_points;
  std::vector<std::uint8_t>& fired = work.fired;
  node_points.assign(scheme.nodes.size(), 0);
  leaf_points.assign(slots, 0);
  fired.assign(plan.all_conditions.size(), 0);
  const detail::RegionOutcome outcome = detail::evaluate_region(
      plan, plan.defaults, self.data(), verified.data(), facts, node_points.data(), leaf_points.data(),
      [](std::size_t) { return true; }, fired.data());

  result.node_points.reserve(node_points.size());
  for (std::int64_t points : node_points) result.node_points.push_back(Fixed::from_units(points));
  result.leaves.resize(slots);
  for (std::size_t slot = 0; slot < slots; ++slot) {
    const LeafInput& in = input.leaves[slot];
    LeafOutcome& out = result.leaves[slot];
    const bool checked = verified[slot].present;
    out.source = checked ? InputSource::verified
                         : (in.self.present ? InputSource::self_evaluated : InputSource::missing);
    out.points = Fixed::from_units(leaf_points[slot]);
  }
  record_leaf_findings(plan, input, self, verified, leaf_points, result);
  for (Finding& finding : about_region) result.findings.push_back(std::move(finding));
  result.base_total = Fixed::from_units(outcome.base);
  result.total = Fixed::from_units(outcome.total);
  result.total_before_conditions = Fixed::from_units(outcome.total_before);

  result.conditions_not_applied.reserve(plan.all_conditions.size());
  for (std::size_t c = 0; c < plan.all_conditions.size(); ++c) {
    const Condition& condition = *plan.all_conditions[c].condition;
    if (fired[c] != 0) {
      result.conditions.push_back({condition.id, condition.effect, condition.veto, c});
    } else {
      result.conditions_not_applied.push_back({&condition, c});
    }
  }
  result.vetoed = outcome.vetoed;
  if (plan.gate_grading) {
    // Every requirement's outcome at the final total, for the explanation and the document.
    result.requirements_met.assign(plan.requirements.size(), 0);
    detail::requirement_met(
        plan, plan.requirements, 0, plan.defaults, node_points.data(), outcome.total,
        [&](std::size_t slot) -> const Feature& {
          return verified[slot].present ? verified[slot] : self[slot];
        },
        result.requirements_met.data());
  }
  // The inputs, not the features: those are made again from them when an explanation is asked
  // for (bound_value_source.hpp), and most Results are graded and counted without one.
  result.trace =
      std::make_shared<const detail::LeafTrace>(input.leaves, std::move(input.incidents), calendar);
  detail::give_back_leaf_inputs(std::move(input.leaves));
  return outcome;
}

void add_consequences(const Scheme& scheme, Result& result) {
  for (const Consequence& consequence : scheme.consequences) {
    bool applies = consequence.always || std::find(consequence.grades.begin(), consequence.grades.end(),
                                                   result.grade) != consequence.grades.end();
    for (const AppliedCondition& applied : result.conditions) {
      applies = applies || std::find(consequence.conditions.begin(), consequence.conditions.end(),
                                     applied.id) != consequence.conditions.end();
    }
    if (applies) {
      result.consequences.push_back({&consequence});
    }
  }
}

// Grades an evaluated Result: `before` and `after_total_effects` are the grades (indices) of the total
// before the conditions and after zero_total, from the bands or the rank; the grade effects of the
// conditions that fired come last (plan.hpp's apply_effects).
void finish(Result& result, const detail::RegionOutcome& outcome, int before, int after_total_effects) {
  const Scheme& scheme = *result.scheme;
  const Grading& grading = scheme.grading;
  const int final_grade = detail::apply_effects(detail::plan_of(scheme), after_total_effects, outcome);
  result.grade_before_conditions = grading.grades[static_cast<std::size_t>(before)].id;
  result.grade = grading.grades[static_cast<std::size_t>(final_grade)].id;
  add_consequences(scheme, result);
  if (result.vetoed) {
    logger()->info("{} {}: veto applied, grade {} (score alone: {})", result.region.code, result.region.name,
                   result.grade, result.grade_before_conditions);
  }
  // The totals' texts are made only for a log that shows them: most assessments log nothing.
  if (logger()->should_log(spdlog::level::debug)) {
    logger()->debug("{} {}: total {} of {}, grade {}", result.region.code, result.region.name,
                    result.total.to_string(scheme.rounding.digits), scheme.max_total.to_string(),
                    result.grade);
  }
}

// The grades (indices) of an evaluation's total before the conditions and after zero_total,
// from the bands or the gate.
std::pair<int, int> grades_of_totals(const Scheme& scheme, const detail::RegionOutcome& outcome) {
  const PlanData& plan = detail::plan_of(scheme);
  return {detail::grade_of_total(plan, plan.defaults, outcome.total_before, outcome.gate_met_before),
          detail::grade_of_total(plan, plan.defaults, outcome.total, outcome.gate_met)};
}

using Binding = BoundSubmission (*)(const Scheme&, const Submission&);

SubmissionRefs refs_of(const std::vector<Submission>& submissions) {
  return SubmissionRefs(submissions.begin(), submissions.end());
}

// A region given twice would be graded twice and counted twice in every tally. (Several years
// of one region are several assessments: the year is part of the key.) `region_at(i)` and
// `year_at(i)` are the i-th submission's.
template <class RegionAt, class YearAt>
void add_repeated_regions(std::size_t count, RegionAt region_at, YearAt year_at, std::vector<Issue>& issues) {
  std::map<std::pair<std::string, int>, std::size_t> first_seen;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& code = region_at(i).code;
    const int year = year_at(i);
    const auto [first, fresh] = first_seen.emplace(std::make_pair(code, year), i);
    if (!fresh) {
      issues.push_back(
          {"/submissions/" + std::to_string(i) + "/region/code",
           "region " + code + " is given again for " + std::to_string(year) + " (first at /submissions/" +
               std::to_string(first->second) + "): each region is assessed once a year",
           "地区 " + code + " 的 " + std::to_string(year) + " 年度材料重复（首次出现于 /submissions/" +
               std::to_string(first->second) + "）：每个地区每年只考核一次"});
    }
  }
}

std::vector<BoundSubmission> bind_all(const Scheme& scheme, const SubmissionRefs& submissions,
                                      Binding bind = bind_for_assessment) {
  std::vector<BoundSubmission> bound;
  bound.reserve(submissions.size());
  if (submissions.size() == 1) {
    bound.push_back(bind(scheme, submissions.front()));
    return bound;
  }
  // Every region's problems at once, each path prefixed with the region.
  std::vector<Issue> issues;
  add_repeated_regions(
      submissions.size(), [&](std::size_t i) -> const Region& { return submissions[i].get().region; },
      [&](std::size_t i) { return submissions[i].get().year; }, issues);
  for (const Submission& submission : submissions) {
    try {
      bound.push_back(bind(scheme, submission));
    } catch (const InputError& error) {
      std::string region = submission.region.code;
      if (!submission.region.name.empty()) region += " " + submission.region.name;
      for (const Issue& issue : error.issues())
        issues.push_back({region + " " + issue.path, issue.message, issue.message_zh});
    }
  }
  if (!issues.empty()) throw InputError("invalid submissions", issues);
  return bound;
}

std::vector<Result> grade_cohort(const SchemePtr& scheme, std::vector<BoundSubmission> inputs) {
  std::vector<Result> results(inputs.size());
  std::vector<detail::RegionOutcome> outcomes;
  outcomes.reserve(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i)
    outcomes.push_back(evaluate(scheme, std::move(inputs[i]), results[i]));

  std::vector<int> before(results.size());
  std::vector<int> after(results.size());
  const Grading& grading = scheme->grading;
  if (grading.method != GradingMethod::rank) {
    for (std::size_t i = 0; i < results.size(); ++i) {
      std::tie(before[i], after[i]) = grades_of_totals(*scheme, outcomes[i]);
    }
  } else {
    std::vector<Fixed> totals_before;
    std::vector<Fixed> totals_after;
    for (const detail::RegionOutcome& outcome : outcomes) {
      totals_before.push_back(Fixed::from_units(outcome.total_before));
      totals_after.push_back(Fixed::from_units(outcome.total));
    }
    const auto ranked_before = rank_grades(grading, totals_before);
    const auto ranked_after = rank_grades(grading, totals_after);
    for (std::size_t i = 0; i < results.size(); ++i) {
      before[i] = ranked_before[i].grade;
      after[i] = ranked_after[i].grade;
      results[i].rank = ranked_after[i].rank;
    }
  }
  for (std::size_t i = 0; i < results.size(); ++i) finish(results[i], outcomes[i], before[i], after[i]);
  return results;
}

}  // namespace

namespace {

void require_band_grading(const Scheme& scheme) {
  if (scheme.grading.method == GradingMethod::rank) {
    throw InputError("cannot grade alone",
                     {{"grading",
                       "scheme " + scheme.id +
                           " grades by rank, which needs the whole cohort: assess the regions together",
                       "考核方案 " + scheme.id + " 按名次评定等级，需要全部地区：请一同考核各地区"}});
  }
}

}  // namespace

Result assess(const SchemePtr& scheme, const Submission& submission) {
  require_band_grading(*scheme);
  return assess(scheme, bind_for_assessment(*scheme, submission));
}

Result assess(const SchemePtr& scheme, BoundSubmission input) {
  require_band_grading(*scheme);
  logger()->debug("assessing {} {} for {} with scheme {}", input.region.code, input.region.name, input.year,
                  scheme->id);
  Result result;
  const detail::RegionOutcome outcome = evaluate(scheme, std::move(input), result);
  const auto [before, after] = grades_of_totals(*scheme, outcome);
  finish(result, outcome, before, after);
  return result;
}

void check_submissions(const Scheme& scheme, const SubmissionRefs& submissions) {
  bind_all(scheme, submissions, bind_submission);
}

void check_submissions(const Scheme& scheme, const std::vector<Submission>& submissions) {
  check_submissions(scheme, refs_of(submissions));
}

std::vector<Result> assess_cohort(const SchemePtr& scheme, const SubmissionRefs& submissions) {
  return grade_cohort(scheme, bind_all(*scheme, submissions));
}

std::vector<Result> assess_cohort(const SchemePtr& scheme, const std::vector<Submission>& submissions) {
  return assess_cohort(scheme, refs_of(submissions));
}

std::vector<Result> assess_cohort(const SchemePtr& scheme, std::vector<BoundSubmission> inputs) {
  std::vector<Issue> issues;
  add_repeated_regions(
      inputs.size(), [&](std::size_t i) -> const Region& { return inputs[i].region; },
      [&](std::size_t i) { return inputs[i].year; }, issues);
  if (!issues.empty()) throw InputError("invalid submissions", issues);
  return grade_cohort(scheme, std::move(inputs));
}

std::vector<Result> assess_cohort_provisional(const SchemePtr& scheme,
                                              const std::vector<Submission>& submissions) {
  return grade_cohort(scheme, bind_all(*scheme, refs_of(submissions), bind_submission));
}

}  // namespace qa
