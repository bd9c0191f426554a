// The pipeline of docs/architecture.md, for one region or a cohort.
#include "qualityassess/assess.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "qualityassess/aggregation.hpp"
#include "qualityassess/civil_date.hpp"
#include "qualityassess/conditions.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/grading.hpp"
#include "qualityassess/leaf_scoring.hpp"
#include "qualityassess/logging.hpp"

namespace qa {
namespace {

std::string leaf_label(const Node& leaf, Lang lang) { return leaf.id + " (" + leaf.name.in(lang) + ")"; }

Finding gap_finding(LeafGap gap, const Node& leaf) {
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
      finding.detail = {leaf_label(leaf, Lang::zh) + " 的目标未备案，该项得 0 分（第六条）",
                        "no target filed for " + leaf_label(leaf, Lang::en) + ": 0 points (Art. 6)"};
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

Finding overstatement(const Node& leaf, Fixed self_points, Fixed verified_points, Fixed tolerance) {
  Finding finding;
  finding.kind = FindingKind::overstated;
  finding.leaf = leaf.id;
  const std::string self = self_points.to_string(2);
  const std::string verified = verified_points.to_string(2);
  const std::string by = (self_points - verified_points).to_string(2);
  const std::string limit =
      (Ratio(tolerance) * Ratio(Fixed::from_int(100))).round({2, RoundingMode::half_up}).to_string() + "%";
  finding.detail = {leaf_label(leaf, Lang::zh) + " 自评 " + self + " 分，核查 " + verified + " 分，高报 " +
                        by + " 分，超过该项满分的 " + limit + "（第九条）",
                    leaf_label(leaf, Lang::en) + " self-evaluated at " + self + " points, verified at " +
                        verified + ": overstated by " + by + ", more than " + limit +
                        " of its maximum (Art. 9)"};
  return finding;
}

Finding late_filing(const std::string& step, const CivilDate& filed, const CivilDate& due) {
  Finding finding;
  finding.kind = FindingKind::late_filing;
  finding.step = step;
  finding.days_late = filed.days_since_epoch() - due.days_since_epoch();
  const std::string days = std::to_string(*finding.days_late);
  const bool targets = step == "targets";
  finding.detail = {std::string(targets ? "质量目标" : "自评报告") + "于 " + filed.to_string() +
                        " 报送，晚于 " + due.to_string() + " " + days + " 天（第六条）",
                    std::string(targets ? "targets" : "self-evaluation") + " filed on " + filed.to_string() +
                        ", " + days + " day(s) after " + due.to_string() + " (Art. 6)"};
  return finding;
}

// Art. 6.1, 6.2: the office recorded that the region never filed; its values are missing and
// scored as the scheme scores missing values.
Finding not_submitted(const std::string& step, const AssessmentCalendar& calendar) {
  Finding finding;
  finding.kind = FindingKind::not_submitted;
  finding.step = step;
  const bool targets = step == "targets";
  const std::string due = (targets ? calendar.targets_due : calendar.self_evaluation_due).to_string();
  finding.detail = {std::string(targets ? "质量目标" : "自评报告") + "未按期报送（应于 " + due +
                        " 前报送），相关指标按缺失数据计分（第六条）",
                    std::string(targets ? "targets" : "self-evaluation") + " never submitted (due " + due +
                        "): the points it would give are scored as missing (Art. 6)"};
  return finding;
}

void find_late_filings(const BoundSubmission& input, const AssessmentCalendar& calendar, Result& result) {
  for (const std::string& step : input.filed.not_submitted)
    result.findings.push_back(not_submitted(step, calendar));
  if (input.filed.targets && calendar.targets_due < *input.filed.targets) {
    result.findings.push_back(late_filing("targets", *input.filed.targets, calendar.targets_due));
  }
  if (input.filed.self_evaluation && calendar.self_evaluation_due < *input.filed.self_evaluation) {
    result.findings.push_back(
        late_filing("self_evaluation", *input.filed.self_evaluation, calendar.self_evaluation_due));
  }
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
                        "）经核查发现，自评报告未报告（第九条）",
                    "incident " + incident.id + " (" + scope.en + ", " + incident.date.to_string() +
                        ") was found by verification but not reported in the self-evaluation (Art. 9)"};
  return finding;
}

void score_leaves(const Scheme& scheme, const BoundSubmission& input, bool explain, Result& result) {
  result.leaves.resize(scheme.leaves.size());
  for (std::size_t slot = 0; slot < scheme.leaves.size(); ++slot) {
    const auto node_index = static_cast<std::size_t>(scheme.leaves[slot]);
    const Node& leaf = scheme.nodes[node_index];
    const LeafInput& in = input.leaves[slot];
    LeafOutcome& out = result.leaves[slot];
    // Effective input: the verified value where there is one, else the self-evaluated value.
    const bool verified = in.verified.present;
    out.source = verified ? InputSource::verified
                          : (in.self.present ? InputSource::self_evaluated : InputSource::missing);
    const LeafScore score = score_leaf(scheme, leaf, verified ? in.verified : in.self, in, explain);
    out.points = score.points;
    out.how = score.how;
    result.node_points[node_index] = score.points;
    if (score.gap != LeafGap::none) result.findings.push_back(gap_finding(score.gap, leaf));
    if (verified && in.self.present) {
      const Fixed self_points = score_leaf(scheme, leaf, in.self, in, false).points;
      out.self_points = self_points;
      out.verified_points = score.points;
      const Ratio allowed = Ratio(scheme.overstatement_tolerance) * Ratio(leaf.points);
      if (Ratio(self_points - score.points) > allowed) {
        result.findings.push_back(
            overstatement(leaf, self_points, score.points, scheme.overstatement_tolerance));
        result.findings.back().evidence = input.evidence[slot];
      }
    }
  }
}

// Bonuses first, stopping at the maximum (unless the scheme lets the total exceed it), then
// penalties, stopping at the minimum: a penalty always costs a region at the top its points.
void apply_adjustments(const Scheme& scheme, const BoundSubmission& input, Result& result) {
  Fixed bonus;
  Fixed penalty;
  for (std::size_t i = 0; i < scheme.adjustments.size(); ++i) {
    if (!input.adjustment_given[i]) continue;
    const Adjustment& item = scheme.adjustments[i];
    Fixed amount = input.adjustments[i];
    if (item.input != AdjustmentInput::direct) {
      amount = (Ratio(amount) * Ratio(item.per_occurrence)).round(scheme.rounding);
    }
    AdjustmentOutcome outcome{item.id, item.kind, min(amount, item.cap), amount > item.cap};
    (item.kind == AdjustmentKind::bonus ? bonus : penalty) += outcome.points;
    result.adjustments.push_back(outcome);
  }
  Fixed total = result.base_total + bonus;
  if (!scheme.may_exceed_max && total > scheme.max_total) total = scheme.max_total;
  total -= penalty;
  if (total < scheme.min_total) total = scheme.min_total;
  result.total = total;
}

void find_concealed_incidents(const Scheme& scheme, const BoundSubmission& input,
                              const AssessmentCalendar& calendar, Result& result) {
  for (const Incident& incident : input.incidents) {
    if (!incident.reported_in_self_evaluation && calendar.contains(incident.date)) {
      result.findings.push_back(concealment(scheme, incident));
      result.findings.back().evidence = incident.evidence;
    }
  }
}

// Scores, totals and findings, and which conditions fire; grading comes after, because rank
// grading needs the whole cohort.
struct Evaluation {
  Result result;
  Fixed total_before_conditions;
  std::vector<const Condition*> fired;
};

Evaluation evaluate(const SchemePtr& scheme_ptr, const BoundSubmission& input, bool explain) {
  const Scheme& scheme = *scheme_ptr;
  const AssessmentCalendar calendar = assessment_calendar(input.year);
  Evaluation evaluation;
  Result& result = evaluation.result;
  result.scheme = scheme_ptr;
  result.region = input.region;
  result.year = input.year;
  result.node_points.assign(scheme.nodes.size(), Fixed());
  score_leaves(scheme, input, explain, result);
  roll_up(scheme, result.node_points);
  for (int root : scheme.roots) result.base_total += result.node_points[static_cast<std::size_t>(root)];
  apply_adjustments(scheme, input, result);
  find_concealed_incidents(scheme, input, calendar, result);
  find_late_filings(input, calendar, result);
  evaluation.total_before_conditions = result.total;

  const TriggerContext context{scheme, result.node_points, result.findings, input.incidents, calendar};
  for (const Condition& condition : scheme.conditions) {
    TriggerOutcome outcome = evaluate_trigger(condition, context);
    if (!outcome.fired) {
      result.conditions_not_applied.push_back({condition.id, std::move(outcome.reason)});
      continue;
    }
    result.conditions.push_back({condition.id, condition.effect, condition.veto, std::move(outcome.reason)});
    evaluation.fired.push_back(&condition);
    if (condition.effect.type == EffectType::zero_total) result.total = Fixed();
  }
  return evaluation;
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
      result.consequences.push_back(
          {consequence.id, consequence.article, consequence.text, consequence.due_months_after_announcement});
    }
  }
}

void finish(Evaluation& evaluation, int grade_before, int grade_after_total_effects) {
  Result& result = evaluation.result;
  const Scheme& scheme = *result.scheme;
  const Grading& grading = scheme.grading;
  const int final_grade = apply_grade_effects(grading, grade_after_total_effects, evaluation.fired);
  result.grade_before_conditions = grading.grades[static_cast<std::size_t>(grade_before)].id;
  result.grade = grading.grades[static_cast<std::size_t>(final_grade)].id;
  for (const AppliedCondition& applied : result.conditions) result.vetoed = result.vetoed || applied.veto;
  add_consequences(scheme, result);
  if (result.vetoed) {
    logger()->info("{} {}: veto applied, grade {} (score alone: {})", result.region.code, result.region.name,
                   result.grade, result.grade_before_conditions);
  }
  logger()->debug("{} {}: total {} of {}, grade {}", result.region.code, result.region.name,
                  result.total.to_string(scheme.rounding.digits), scheme.max_total.to_string(), result.grade);
}

using Binding = BoundSubmission (*)(const Scheme&, const Submission&);

std::vector<BoundSubmission> bind_all(const Scheme& scheme, const std::vector<Submission>& submissions,
                                      Binding bind = bind_for_assessment) {
  std::vector<BoundSubmission> bound;
  bound.reserve(submissions.size());
  if (submissions.size() == 1) {
    bound.push_back(bind(scheme, submissions.front()));
    return bound;
  }
  // Every region's problems at once, each path prefixed with the region. A region given twice
  // would be graded twice and counted twice in every tally.
  std::vector<Issue> issues;
  // (Several years of one region are several assessments: the year is part of the key.)
  std::map<std::pair<std::string, int>, std::size_t> first_seen;
  for (std::size_t i = 0; i < submissions.size(); ++i) {
    const Submission& submission = submissions[i];
    const auto [first, fresh] =
        first_seen.emplace(std::make_pair(submission.region.code, submission.year), i);
    if (!fresh) {
      issues.push_back({"/submissions/" + std::to_string(i) + "/region/code",
                        "region " + submission.region.code + " is given again for " +
                            std::to_string(submission.year) + " (first at /submissions/" +
                            std::to_string(first->second) + "): each region is assessed once a year"});
    }
  }
  for (const Submission& submission : submissions) {
    try {
      bound.push_back(bind(scheme, submission));
    } catch (const InputError& error) {
      std::string region = submission.region.code;
      if (!submission.region.name.empty()) region += " " + submission.region.name;
      for (const Issue& issue : error.issues()) issues.push_back({region + " " + issue.path, issue.message});
    }
  }
  if (!issues.empty()) throw InputError("invalid submissions", issues);
  return bound;
}

std::vector<Result> grade_cohort(const SchemePtr& scheme, const std::vector<BoundSubmission>& inputs) {
  std::vector<Evaluation> evaluations;
  evaluations.reserve(inputs.size());
  for (const BoundSubmission& input : inputs) evaluations.push_back(evaluate(scheme, input, true));

  std::vector<int> before(evaluations.size());
  std::vector<int> after(evaluations.size());
  const Grading& grading = scheme->grading;
  if (grading.method == GradingMethod::bands) {
    for (std::size_t i = 0; i < evaluations.size(); ++i) {
      before[i] = band_grade(grading, evaluations[i].total_before_conditions);
      after[i] = band_grade(grading, evaluations[i].result.total);
    }
  } else {
    std::vector<Fixed> totals_before;
    std::vector<Fixed> totals_after;
    for (const Evaluation& e : evaluations) {
      totals_before.push_back(e.total_before_conditions);
      totals_after.push_back(e.result.total);
    }
    const auto ranked_before = rank_grades(grading, totals_before);
    const auto ranked_after = rank_grades(grading, totals_after);
    for (std::size_t i = 0; i < evaluations.size(); ++i) {
      before[i] = ranked_before[i].grade;
      after[i] = ranked_after[i].grade;
      evaluations[i].result.rank = ranked_after[i].rank;
    }
  }
  std::vector<Result> results;
  results.reserve(evaluations.size());
  for (std::size_t i = 0; i < evaluations.size(); ++i) {
    finish(evaluations[i], before[i], after[i]);
    results.push_back(std::move(evaluations[i].result));
  }
  return results;
}

}  // namespace

Result assess(const SchemePtr& scheme, const Submission& submission) {
  if (scheme->grading.method == GradingMethod::rank) {
    throw InputError("cannot grade alone",
                     {{"grading", "scheme " + scheme->id +
                                      " grades by rank, which needs the whole cohort: assess the "
                                      "regions together"}});
  }
  logger()->debug("assessing {} {} for {} with scheme {}", submission.region.code, submission.region.name,
                  submission.year, scheme->id);
  const BoundSubmission input = bind_for_assessment(*scheme, submission);
  Evaluation evaluation = evaluate(scheme, input, true);
  const int before = band_grade(scheme->grading, evaluation.total_before_conditions);
  const int after_total_effects = band_grade(scheme->grading, evaluation.result.total);
  finish(evaluation, before, after_total_effects);
  return std::move(evaluation.result);
}

void check_submissions(const Scheme& scheme, const std::vector<Submission>& submissions) {
  bind_all(scheme, submissions, bind_submission);
}

std::vector<Result> assess_cohort(const SchemePtr& scheme, const std::vector<Submission>& submissions) {
  return grade_cohort(scheme, bind_all(*scheme, submissions));
}

std::vector<Result> assess_cohort_provisional(const SchemePtr& scheme,
                                              const std::vector<Submission>& submissions) {
  return grade_cohort(scheme, bind_all(*scheme, submissions, bind_submission));
}

}  // namespace qa
