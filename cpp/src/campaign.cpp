#include "qualityassess/campaign.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "campaign_rules.hpp"
#include "json_reader.hpp"
#include "qualityassess/assess.hpp"
#include "qualityassess/cascade.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "qualityassess/logging.hpp"
#include "qualityassess/scheme_io.hpp"
#include "qualityassess/text.hpp"
#include "value_wording.hpp"

namespace qa {
namespace detail {

using json = nlohmann::json;

void refuse(const Action& action, const std::string& message) { refuse(action, message, {}); }

void refuse(const Action& action, const std::string& message, const std::string& message_zh) {
  const std::string where = action.region.empty() ? action.type : action.region + " " + action.type;
  throw InputError("refused", {{where, message, message_zh}});
}

Wording not_a_region_of_this_campaign(const std::string& code) {
  return {"'" + code + "' is not a region of this campaign", "'" + code + "' 不是本次考核的地区"};
}

Wording not_a_campaign_step(const std::string& type) {
  return {"'" + type + "' is not a campaign step", "'" + type + "' 不是考核步骤"};
}

namespace {

// "'a' or 'b'" and "'a' 或 'b'".
template <class Value, class Name>
Wording either_of(std::initializer_list<Value> allowed, Name name) {
  Wording names;
  for (Value value : allowed) {
    names.en += (names.en.empty() ? "'" : " or '") + std::string(name(value)) + "'";
    names.zh += (names.zh.empty() ? "'" : " 或 '") + std::string(name(value)) + "'";
  }
  return names;
}

}  // namespace

void require_phase(const CampaignState& state, const Action& action, std::initializer_list<Phase> allowed) {
  if (std::find(allowed.begin(), allowed.end(), state.phase) != allowed.end()) return;
  const Wording names = either_of(allowed, phase_name);
  refuse(
      action,
      std::string("the campaign is at phase '") + phase_name(state.phase) + "'; this step needs " + names.en,
      std::string("本次考核处于 '") + phase_name(state.phase) + "' 阶段；此步骤需在 " + names.zh +
          " 阶段进行");
}

void require_stage(const RegionRecord& record, const Action& action,
                   std::initializer_list<RegionStage> allowed) {
  if (std::find(allowed.begin(), allowed.end(), record.stage) != allowed.end()) return;
  const Wording names = either_of(allowed, stage_name);
  refuse(
      action,
      std::string("the region is at stage '") + stage_name(record.stage) + "'; this step needs " + names.en,
      std::string("该地区处于 '") + stage_name(record.stage) + "' 环节；此步骤需在 " + names.zh +
          " 环节进行");
}

void require_only_keys(const Action& action, std::initializer_list<const char*> allowed) {
  for (auto it = action.data.begin(); it != action.data.end(); ++it) {
    const bool known = it.key() == "comment" || std::any_of(allowed.begin(), allowed.end(),
                                                            [&](const char* key) { return it.key() == key; });
    if (!known)
      refuse(action, "data/" + it.key() + ": unknown key '" + it.key() + "'",
             "data/" + it.key() + "：未知的键 '" + it.key() + "'");
  }
}

std::string required_text(const Action& action, const char* key) {
  const auto it = action.data.find(key);
  if (it == action.data.end() || !it->is_string() ||
      it->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
    refuse(action, std::string("data/") + key + ": say why (a non-empty text is needed)",
           std::string("data/") + key + "：请说明理由（需要非空的文字）");
  }
  return it->get<std::string>();
}

const json& data_member(const Action& action, const char* key, json::value_t type) {
  static const json empty_object = json::object();
  static const json empty_array = json::array();
  auto it = action.data.find(key);
  if (it == action.data.end() || it->is_null()) {
    return type == json::value_t::array ? empty_array : empty_object;
  }
  if (it->type() != type) {
    const bool array = type == json::value_t::array;
    refuse(action, std::string("data/") + key + " must be " + (array ? "an array" : "an object"),
           std::string("data/") + key + " 应为" + (array ? "数组" : "对象"));
  }
  return *it;
}

RegionRecord& record_for(CampaignState& state, const Action& action) {
  if (action.region.empty()) refuse(action, "this step needs a region", "此步骤需要指明地区");
  auto it = state.region_index.find(action.region);
  if (it == state.region_index.end()) {
    const Wording wording = not_a_region_of_this_campaign(action.region);
    refuse(action, wording.en, wording.zh);
  }
  return state.regions[it->second];
}

std::optional<CivilDate> latest(std::optional<CivilDate> a, const std::optional<CivilDate>& b) {
  if (!a || (b && *a < *b)) return b;
  return a;
}

namespace {

// "dated 2020-07-19, before the verification plan on 2020-07-20"; a correction names what it
// moved, since its own date is not the one out of order.
// `later_what` and `earlier_what` in English and Chinese: {"spot check", "抽查"}.
void require_order(const Action& action, const std::optional<CivilDate>& later, const Wording& later_what,
                   const std::optional<CivilDate>& earlier, const Wording& earlier_what) {
  if (!later || !earlier || !(*later < *earlier)) return;
  const bool correction = action.type == "correct";
  refuse(action,
         (correction ? later_what.en + " " : "") + "dated " + later->to_string() + ", before the " +
             earlier_what.en + " on " + earlier->to_string(),
         (correction ? later_what.zh : std::string()) + "日期为 " + later->to_string() + "，早于" +
             earlier_what.zh + "的日期 " + earlier->to_string());
}

const Wording kTargetsFiled{"targets filed", "目标备案"};
const Wording kSelfEvaluation{"self-evaluation", "自评"};
const Wording kSpotCheck{"spot check", "抽查"};
const Wording kVerificationPlan{"verification plan", "核查计划"};
const Wording kVerification{"verification", "核查"};
const Wording kRectificationReport{"rectification report", "整改报告"};
const Wording kAnnouncement{"announcement", "公布"};
const Wording kInterview{"interview", "约谈"};

}  // namespace

void check_region_dates(const CampaignState& state, const RegionRecord& record, const Action& action) {
  require_order(action, record.self_evaluated_on, kSelfEvaluation, record.targets_filed_on, kTargetsFiled);
  require_order(action, record.spot_checked_on, kSpotCheck, state.planned_on, kVerificationPlan);
  require_order(action, record.verified_on, kVerification, state.planned_on, kVerificationPlan);
  require_order(action, record.verified_on, kVerification, record.spot_checked_on, kSpotCheck);
  require_order(action, record.rectification_received_on, kRectificationReport, state.announced_on,
                kAnnouncement);
  std::optional<CivilDate> before = state.announced_on;
  const Wording interview_before{"interview before it", "此前的约谈"};
  const Wording* before_what = &kAnnouncement;
  for (const CivilDate& interview : record.interviews) {
    require_order(action, interview, kInterview, before, *before_what);
    before = interview;
    before_what = &interview_before;
  }
}

void check_campaign_dates(const CampaignState& state, const Action& action) {
  std::optional<CivilDate> last_self_evaluation;
  std::optional<CivilDate> last_verification;
  for (const RegionRecord& record : state.regions) {
    last_self_evaluation = latest(last_self_evaluation, record.self_evaluated_on);
    last_verification = latest(last_verification, record.verified_on);
  }
  const Wording assessment{"assessment", "综合评价"};
  const Wording approval{"approval", "审定"};
  require_order(action, state.planned_on, kVerificationPlan, last_self_evaluation,
                {"last self-evaluation", "最后一份自评"});
  require_order(action, state.assessed_on, assessment, state.planned_on, kVerificationPlan);
  require_order(action, state.assessed_on, assessment, last_verification,
                {"last verification step", "最后一次核查"});
  require_order(action, state.approved_on, approval, state.assessed_on,
                {"comprehensive assessment", "综合评价"});
  require_order(action, state.announced_on, kAnnouncement, state.approved_on, approval);
  for (const RegionRecord& record : state.regions) check_region_dates(state, record, action);
}

namespace {

// A point computed from the level below (Art. 10) is never filed: its value comes with the
// assessment step.
void refuse_filed_lower_level_values(const CampaignState& state, const RegionRecord& record,
                                     const Action& action) {
  std::vector<Issue> issues;
  for (const Node* point : lower_level_points(*state.scheme)) {
    for (const char* section : {"self_evaluation", "verification"}) {
      const json& values =
          std::string(section) == "self_evaluation" ? record.self_evaluation : record.verification;
      if (values.contains(point->id)) {
        issues.push_back(
            {record.region.code + " /" + section + "/" + point->id,
             "computed from the results of the level below when the campaign is assessed; not filed",
             "该指标在综合评价时由下一级的考核结果计算，不填报"});
      }
    }
  }
  if (!issues.empty()) throw InputError("refused: " + action.type, issues);
}

}  // namespace

void check_against_scheme(const CampaignState& state, const RegionRecord& record, const Action& action) {
  refuse_filed_lower_level_values(state, record, action);
  try {
    bind_submission(*state.scheme, submission_of(state, record));
  } catch (const InputError& error) {
    std::vector<Issue> issues;
    for (const Issue& issue : error.issues())
      issues.push_back({record.region.code + " " + issue.path, issue.message, issue.message_zh});
    throw InputError("refused: " + action.type, issues);
  }
}

void require_some_values(const Action& action, std::initializer_list<const char*> keys, const Wording& what) {
  for (const char* key : keys) {
    const auto it = action.data.find(key);
    if (it != action.data.end() && (it->is_object() || it->is_array()) && !it->empty()) return;
  }
  std::string names;
  std::string names_zh;
  for (const char* key : keys) {
    names += (names.empty() ? "data/" : " or data/") + std::string(key);
    names_zh += (names_zh.empty() ? "data/" : " 和 data/") + std::string(key);
  }
  refuse(action, "an empty " + what.en + " is not recorded: " + names + " holds nothing",
         "空的" + what.zh + "不予记录：" + names_zh + " 中没有内容");
}

std::optional<std::string> grade_of(const CampaignState& state, const std::string& code) {
  const auto index = state.region_index.find(code);
  if (index == state.region_index.end() || state.phase < Phase::assessed) return std::nullopt;
  return (*campaign_results(state))[index->second].grade;
}

bool owes_rectification(const CampaignState& state, const std::string& code) {
  return grade_of(state, code) == state.scheme->grading.grades.back().id;
}

Text deadline_article(const Scheme& scheme, Deadline deadline) {
  const LegalBasis& basis = scheme.legal_basis;
  const auto either = [](const Text& given, const Text& otherwise) {
    return given.empty() ? otherwise : given;
  };
  switch (deadline) {
    case Deadline::targets:
      return either(basis.targets, basis.filing);
    case Deadline::self_evaluation:
      return either(basis.self_evaluation, basis.filing);
    case Deadline::targets_not_submitted:
      return either(basis.targets_not_submitted, deadline_article(scheme, Deadline::targets));
    case Deadline::self_evaluation_not_submitted:
      return either(basis.self_evaluation_not_submitted, deadline_article(scheme, Deadline::self_evaluation));
    case Deadline::report:
      return basis.report;
    case Deadline::rectification:
      return basis.rectification;
  }
  return {};
}

Wording deadline_citation(const Scheme& scheme, Deadline deadline) {
  const Text article = deadline_article(scheme, deadline);
  if (article.empty()) return {};
  return {" (" + article.in(Lang::en) + ")", "（" + article.in(Lang::zh) + "）"};
}

namespace {

// `what` names the date: "dated 2029-06-28," for a step's own, "data/date: 2029-06-28 is" for
// the date a correction gives a step (and in Chinese: "日期 2029-06-28", "data/date：2029-06-28").
void require_in_window(const CampaignState& state, const Action& action, const CivilDate& date,
                       const Wording& what) {
  const AssessmentCalendar calendar = state.scheme->calendar(state.year);
  const CivilDate first = add_months(calendar.year_start, -12);
  const CivilDate last = add_months(calendar.report_due, 36);
  if (date < first || last < date) {
    const std::string year = std::to_string(state.year);
    refuse(action,
           what.en + " outside " + first.to_string() + " .. " + last.to_string() +
               ", the dates a step of the " + year + " assessment can carry (a typo in the year?)",
           what.zh + " 不在 " + first.to_string() + " 至 " + last.to_string() + " 之间，" + year +
               " 年度考核的步骤只能在这段日期内（年份是否写错？）");
  }
}

}  // namespace

void require_plausible_date(const CampaignState& state, const Action& action) {
  require_in_window(state, action, action.date,
                    {"dated " + action.date.to_string() + ",", "日期 " + action.date.to_string()});
}

void require_plausible_corrected_date(const CampaignState& state, const Action& action,
                                      const CivilDate& date) {
  require_in_window(state, action, date,
                    {"data/date: " + date.to_string() + " is", "data/date：" + date.to_string()});
}

bool step_changes_results(const Action& action) {
  static const std::vector<std::string> unchanged = {"spot_check", "approve", "announce",
                                                     "receive_rectification", "interview"};
  return std::find(unchanged.begin(), unchanged.end(), action.type) == unchanged.end();
}

}  // namespace detail

namespace {

using detail::json;
using detail::ObjectReader;
using namespace detail;  // the shared step rules (campaign_rules.hpp)

const std::vector<std::string>& action_types() {
  static const std::vector<std::string> types = {
      "create", "file_targets", "self_evaluate", "not_submitted", "plan_verification",     "spot_check",
      "verify", "assess",       "approve",       "announce",      "receive_rectification", "interview",
      "correct"};
  return types;
}

Issue warning(const Action& action, const std::string& message, const std::string& message_zh) {
  return {action.region.empty() ? action.type : action.region + " " + action.type, message, message_zh};
}

// A step taken after its deadline is recorded all the same (the measures expect the year to go
// on), with a warning now and a late_filing finding or a late flag in the status later. `what`
// in English and Chinese; the warning cites the scheme's article for `deadline`, if any.
void warn_if_late(const CampaignState& state, const Action& action, const CivilDate& due, const Wording& what,
                  Deadline deadline, std::vector<Issue>& warnings) {
  if (!(due < action.date)) return;
  const std::string days = std::to_string(action.date.days_since_epoch() - due.days_since_epoch());
  const Wording cited = deadline_citation(*state.scheme, deadline);
  warnings.push_back(warning(action,
                             what.en + " dated " + action.date.to_string() + ", " + days +
                                 " day(s) after it was due on " + due.to_string() + cited.en,
                             what.zh + "日期为 " + action.date.to_string() + "，比截止日期 " +
                                 due.to_string() + " 晚 " + days + " 天" + cited.zh));
}

// ---- the steps ------------------------------------------------------------------------

void file_targets(CampaignState& state, const Action& action, std::vector<Issue>& warnings) {
  require_phase(state, action, {Phase::filing});
  RegionRecord& record = record_for(state, action);
  require_stage(record, action,
                {RegionStage::registered, RegionStage::targets_filed, RegionStage::not_submitted});
  require_only_keys(action, {"targets"});
  RegionRecord updated = record;
  updated.targets = data_member(action, "targets", json::value_t::object);
  require_some_values(action, {"targets"}, {"filing of targets", "目标备案"});
  if (!updated.targets_filed_on) {
    updated.targets_filed_on = action.date;
    warn_if_late(state, action, state.scheme->calendar(state.year).targets_due, {"targets", "质量目标备案"},
                 Deadline::targets, warnings);
  }
  updated.targets_not_submitted_on.reset();
  if (updated.stage == RegionStage::registered) updated.stage = RegionStage::targets_filed;
  check_region_dates(state, updated, action);
  check_against_scheme(state, updated, action);
  record = std::move(updated);
}

void self_evaluate(CampaignState& state, const Action& action, std::vector<Issue>& warnings) {
  require_phase(state, action, {Phase::filing});
  RegionRecord& record = record_for(state, action);
  if (!(record.stage == RegionStage::registered && record.targets_not_submitted_on)) {
    require_stage(record, action,
                  {RegionStage::targets_filed, RegionStage::self_evaluated, RegionStage::not_submitted});
  }
  require_only_keys(action, {"values", "incidents"});
  RegionRecord updated = record;
  updated.self_evaluation = data_member(action, "values", json::value_t::object);
  updated.reported_incidents = json::array();
  for (json incident : data_member(action, "incidents", json::value_t::array)) {
    if (incident.is_object()) incident["reported_in_self_evaluation"] = true;
    updated.reported_incidents.push_back(incident);
  }
  require_some_values(action, {"values", "incidents"}, {"self-evaluation", "自评"});
  if (!updated.self_evaluated_on) {
    updated.self_evaluated_on = action.date;
    warn_if_late(state, action, state.scheme->calendar(state.year).self_evaluation_due,
                 {"self-evaluation", "自评报告"}, Deadline::self_evaluation, warnings);
  }
  updated.self_evaluation_not_submitted_on.reset();
  updated.stage = RegionStage::self_evaluated;
  check_region_dates(state, updated, action);
  check_against_scheme(state, updated, action);
  record = std::move(updated);
}

// Art. 6.1, 6.2: once a deadline has passed, the office records a region that did not file so
// that the year goes on; its points are scored under the scheme's rule for missing values and
// its result says it did not submit. A filing that arrives later still counts, as a late one.
void not_submitted(CampaignState& state, const Action& action, std::vector<Issue>&) {
  require_phase(state, action, {Phase::filing});
  RegionRecord& record = record_for(state, action);
  require_only_keys(action, {"step", "reason"});
  const auto step = action.data.find("step");
  const std::string which = step != action.data.end() && step->is_string() ? step->get<std::string>() : "";
  const AssessmentCalendar calendar = state.scheme->calendar(state.year);
  if (which == "targets") {
    require_stage(record, action, {RegionStage::registered});
    if (!(calendar.targets_due < action.date)) {
      const Wording cited = deadline_citation(*state.scheme, Deadline::targets_not_submitted);
      refuse(action, "targets are due until " + calendar.targets_due.to_string() + cited.en,
             "质量目标的报送截止日期为 " + calendar.targets_due.to_string() + "，尚未逾期" + cited.zh);
    }
    record.targets_not_submitted_on = action.date;
  } else if (which == "self_evaluation") {
    require_stage(record, action, {RegionStage::registered, RegionStage::targets_filed});
    if (!(calendar.self_evaluation_due < action.date)) {
      const Wording cited = deadline_citation(*state.scheme, Deadline::self_evaluation_not_submitted);
      refuse(
          action, "the self-evaluation is due until " + calendar.self_evaluation_due.to_string() + cited.en,
          "自评报告的报送截止日期为 " + calendar.self_evaluation_due.to_string() + "，尚未逾期" + cited.zh);
    }
    record.self_evaluation_not_submitted_on = action.date;
    record.stage = RegionStage::not_submitted;
  } else {
    refuse(action, "data/step must be 'targets' or 'self_evaluation'",
           "data/step 应为 'targets' 或 'self_evaluation'");
  }
}

std::vector<PlanCandidate> plan_candidates(const CampaignState& state) {
  std::vector<Fixed> boundaries;
  for (const Band& band : state.scheme->grading.bands) {
    if (band.min) boundaries.push_back(*band.min);
  }
  std::vector<PlanCandidate> candidates;
  const auto results = campaign_results(state);
  for (std::size_t i = 0; i < state.regions.size(); ++i) {
    PlanCandidate candidate{state.regions[i].region.code, (*results)[i].total, {}, {}, boundaries};
    for (std::size_t slot = 0; slot < state.scheme->leaves.size(); ++slot) {
      const Node& leaf = state.scheme->nodes[static_cast<std::size_t>(state.scheme->leaves[slot])];
      if (state.regions[i].self_evaluation.contains(leaf.id)) {
        candidate.leaves.push_back(leaf.id);
        candidate.leaf_points.push_back(leaf.points);
      }
    }
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

void plan_verification(CampaignState& state, const Action& action, std::vector<Issue>&) {
  require_phase(state, action, {Phase::filing});
  std::string waiting;
  for (const RegionRecord& record : state.regions) {
    if (record.stage != RegionStage::self_evaluated && record.stage != RegionStage::not_submitted)
      waiting += (waiting.empty() ? "" : ", ") + record.region.code;
  }
  if (!waiting.empty()) {
    refuse(action,
           "no self-evaluation yet from " + waiting +
               " (a region that does not submit by the deadline is recorded with 'not_submitted')",
           "尚未收到 " + waiting + " 的自评报告（逾期未报送的地区用 'not_submitted' 记录）");
  }
  const PlanSettings settings = read_plan_settings(action.data);
  for (const std::string& code : settings.regions) {
    if (state.region_index.count(code) == 0) {
      const Wording wording = not_a_region_of_this_campaign(code);
      refuse(action, wording.en, wording.zh);
    }
  }
  const std::optional<CivilDate> previous = state.planned_on;
  state.planned_on = action.date;
  try {
    check_campaign_dates(state, action);
  } catch (...) {
    state.planned_on = previous;
    throw;
  }
  VerificationPlan plan = make_verification_plan(settings, plan_candidates(state));
  for (RegionRecord& record : state.regions) {
    record.stage = RegionStage::not_selected;
    record.points_to_verify.clear();
  }
  for (const PlannedRegion& selected : plan.selected) {
    RegionRecord& record = state.regions[state.region_index.at(selected.code)];
    record.stage = RegionStage::selected;
    record.points_to_verify = selected.points;
  }
  state.plan = std::move(plan);
  state.phase = Phase::verification;
}

// Art. 6.3 "key spot checks" (重点抽查): the working group verifies a region the plan did not
// draw. Recorded with its reason; the plan itself stays as drawn.
void spot_check(CampaignState& state, const Action& action, std::vector<Issue>&) {
  require_phase(state, action, {Phase::verification});
  RegionRecord& record = record_for(state, action);
  require_stage(record, action, {RegionStage::not_selected});
  require_only_keys(action, {"reason", "points"});
  const std::string reason = required_text(action, "reason");
  std::vector<std::string> points;
  for (const json& point : data_member(action, "points", json::value_t::array)) {
    const int node = point.is_string() ? state.scheme->node_index(point.get<std::string>()) : -1;
    if (node < 0 || !state.scheme->nodes[static_cast<std::size_t>(node)].children.empty())
      refuse(action, "data/points: " + point.dump() + " is not a point of scheme " + state.scheme->id,
             "data/points：" + point.dump() + " 不是考核方案 " + state.scheme->id + " 的指标");
    points.push_back(point.get<std::string>());
  }
  RegionRecord updated = record;
  updated.spot_checked_on = action.date;
  updated.spot_check_reason = reason;
  updated.points_to_verify = std::move(points);
  updated.stage = RegionStage::selected;
  check_region_dates(state, updated, action);
  record = std::move(updated);
}

void verify(CampaignState& state, const Action& action, std::vector<Issue>&) {
  require_phase(state, action, {Phase::verification});
  RegionRecord& record = record_for(state, action);
  if (record.stage == RegionStage::not_selected) {
    refuse(action, "the verification plan did not draw this region; record a spot check first (spot_check)",
           "核查计划未抽中该地区；请先记录抽查（spot_check）");
  }
  require_stage(record, action, {RegionStage::selected, RegionStage::verified});
  require_only_keys(action, {"values", "evidence", "incidents"});
  RegionRecord updated = record;
  // Several visits add up: later values for the same point replace earlier ones.
  updated.verification.update(data_member(action, "values", json::value_t::object));
  updated.evidence.update(data_member(action, "evidence", json::value_t::object));
  for (json incident : data_member(action, "incidents", json::value_t::array)) {
    if (incident.is_object()) incident["reported_in_self_evaluation"] = false;
    updated.found_incidents.push_back(incident);
  }
  require_some_values(action, {"values", "incidents"}, {"verification", "核查"});
  updated.verified_on = action.date;  // this visit's date, checked against the plan
  check_region_dates(state, updated, action);
  updated.verified_on = latest(record.verified_on, action.date);
  updated.stage = RegionStage::verified;
  check_against_scheme(state, updated, action);
  record = std::move(updated);
}

// Art. 10: the values of points computed from the level below, one object per region
// (code -> point id -> number), recorded with the assessment so that replaying the journal gives
// the same grades. Each region must then be assessable.
void take_lower_level_values(CampaignState& state, const Action& action) {
  const json& given = data_member(action, "lower_level", json::value_t::object);
  const auto points = lower_level_points(*state.scheme);
  if (points.empty()) {
    if (!given.empty())
      refuse(action, "data/lower_level: scheme " + state.scheme->id + " takes no point from the level below",
             "data/lower_level：考核方案 " + state.scheme->id + " 没有取自下一级考核结果的指标");
    return;
  }
  std::vector<Issue> issues;
  for (auto it = given.begin(); it != given.end(); ++it) {
    if (state.region_index.count(it.key()) == 0)
      issues.push_back(
          {"data/lower_level/" + it.key(), "not a region of this campaign", "不是本次考核的地区"});
  }
  std::vector<json> values(state.regions.size());
  for (std::size_t i = 0; i < state.regions.size(); ++i) {
    const RegionRecord& record = state.regions[i];
    const std::string at = "data/lower_level/" + record.region.code;
    const auto found = given.find(record.region.code);
    if (found == given.end() || !found->is_object()) {
      const bool others = points.size() > 1;
      issues.push_back({at,
                        "the values of " + points.front()->id + (others ? " and the other points" : "") +
                            " computed from the level below are needed for every region",
                        "每个地区都需要由下一级计算的" + points.front()->name.in(Lang::zh) + " (" +
                            points.front()->id + ")" + (others ? "等指标" : "") + "的数值"});
      continue;
    }
    values[i] = json::object();
    for (const Node* point : points) {
      const auto value = found->find(point->id);
      if (value == found->end() || !value->is_number()) {
        issues.push_back({at + "/" + point->id, "needs a number", "应为数字"});
      } else {
        values[i][point->id] = *value;
      }
    }
    for (auto it = found->begin(); it != found->end(); ++it) {
      const int node = state.scheme->node_index(it.key());
      if (node < 0 || !state.scheme->nodes[static_cast<std::size_t>(node)].from_lower_level) {
        issues.push_back(
            {at + "/" + it.key(), "not a point computed from the level below", "不是由下一级计算的指标"});
      }
    }
  }
  if (issues.empty()) {
    for (std::size_t i = 0; i < state.regions.size(); ++i) {
      RegionRecord probe = state.regions[i];
      probe.lower_level = values[i];
      try {
        bind_for_assessment(*state.scheme, submission_of(state, probe));
      } catch (const InputError& error) {
        for (const Issue& issue : error.issues())
          issues.push_back({probe.region.code + " " + issue.path, issue.message, issue.message_zh});
      }
    }
  }
  if (!issues.empty()) throw InputError("refused: " + action.type, issues);
  for (std::size_t i = 0; i < state.regions.size(); ++i) state.regions[i].lower_level = std::move(values[i]);
}

void assess_step(CampaignState& state, const Action& action, std::vector<Issue>& warnings) {
  require_phase(state, action, {Phase::verification});
  std::string waiting;
  for (const RegionRecord& record : state.regions) {
    if (record.stage == RegionStage::selected) waiting += (waiting.empty() ? "" : ", ") + record.region.code;
  }
  if (!waiting.empty())
    refuse(action, "selected for verification but not yet verified: " + waiting,
           "已抽中核查但尚未核查：" + waiting);
  require_only_keys(action, {"lower_level"});
  state.assessed_on = action.date;
  try {
    check_campaign_dates(state, action);
    take_lower_level_values(state, action);
  } catch (...) {
    state.assessed_on.reset();
    throw;
  }
  for (RegionRecord& record : state.regions) record.stage = RegionStage::assessed;
  state.phase = Phase::assessed;
  warn_if_late(
      state, action, state.scheme->calendar(state.year).report_due,
      {"the comprehensive assessment (its report to the State Council)", "综合评价（向国务院的报告）"},
      Deadline::report, warnings);
}

// Approval and announcement move every region at once; the date is checked first.
void campaign_wide_step(CampaignState& state, const Action& action, std::optional<CivilDate>& date_field,
                        Phase to, RegionStage stage) {
  require_only_keys(action, {});
  date_field = action.date;
  try {
    check_campaign_dates(state, action);
  } catch (...) {
    date_field.reset();
    throw;
  }
  for (RegionRecord& record : state.regions) record.stage = stage;
  state.phase = to;
}

void approve(CampaignState& state, const Action& action, std::vector<Issue>& warnings) {
  require_phase(state, action, {Phase::assessed});
  campaign_wide_step(state, action, state.approved_on, Phase::approved, RegionStage::approved);
  state.approved_by = action.actor;
  warn_if_late(state, action, state.scheme->calendar(state.year).report_due,
               {"approval (the report to the State Council)", "审定（向国务院的报告）"}, Deadline::report,
               warnings);
}

void announce(CampaignState& state, const Action& action, std::vector<Issue>& warnings) {
  require_phase(state, action, {Phase::approved});
  campaign_wide_step(state, action, state.announced_on, Phase::announced, RegionStage::announced);
  warn_if_late(state, action, state.scheme->calendar(state.year).report_due,
               {"announcement (the report to the State Council)", "公告（向国务院的报告）"}, Deadline::report,
               warnings);
}

void require_owes_rectification(const CampaignState& state, const Action& action) {
  if (!owes_rectification(state, action.region)) {
    const std::string& lowest = state.scheme->grading.grades.back().id;
    const Wording cited = deadline_citation(*state.scheme, Deadline::rectification);
    refuse(action, "only a region graded " + lowest + " owes a rectification report" + cited.en,
           "只有考核等级为 " + lowest + " 的地区才需提交整改报告" + cited.zh);
  }
}

// Art. 7: the report is due one month after the announcement; one that arrives later (or after
// an interview) is recorded all the same, and its lateness stays visible in the status.
void receive_rectification(CampaignState& state, const Action& action, std::vector<Issue>& warnings) {
  require_phase(state, action, {Phase::announced});
  RegionRecord& record = record_for(state, action);
  require_owes_rectification(state, action);
  require_stage(record, action, {RegionStage::announced, RegionStage::interviewed});
  require_only_keys(action, {"summary"});
  RegionRecord updated = record;
  const bool first_report = !updated.rectification_received_on;
  if (first_report) updated.rectification_received_on = action.date;
  updated.stage = RegionStage::rectification_received;
  check_region_dates(state, updated, action);
  record = std::move(updated);
  // Only the first report counts for lateness (as the status says); a revised report after
  // an on-time one found insufficient was warned as late.
  if (first_report)
    warn_if_late(state, action, state.scheme->calendar(state.year).rectification_due(*state.announced_on),
                 {"rectification report", "整改报告"}, Deadline::rectification, warnings);
}

// Art. 7 约谈: where the report is overdue, or arrived and falls short (data/insufficient);
// as often as that stays so.
void interview(CampaignState& state, const Action& action, std::vector<Issue>&) {
  require_phase(state, action, {Phase::announced});
  RegionRecord& record = record_for(state, action);
  require_owes_rectification(state, action);
  require_stage(record, action,
                {RegionStage::announced, RegionStage::rectification_received, RegionStage::interviewed});
  require_only_keys(action, {"reason", "insufficient"});
  const auto insufficient = action.data.find("insufficient");
  if (insufficient != action.data.end() && !insufficient->is_boolean()) {
    refuse(action, "data/insufficient must be true or false", "data/insufficient 应为 true 或 false");
  }
  const CivilDate due = state.scheme->calendar(state.year).rectification_due(*state.announced_on);
  if (!record.rectification_received_on && !(due < action.date)) {
    const Wording cited = deadline_citation(*state.scheme, Deadline::rectification);
    refuse(action, "the rectification report is not overdue until after " + due.to_string() + cited.en,
           "整改报告在 " + due.to_string() + " 之后才算逾期" + cited.zh);
  }
  if (record.rectification_received_on && !action.data.value("insufficient", false)) {
    const std::string received = record.rectification_received_on->to_string();
    refuse(action,
           "the rectification report arrived on " + received +
               "; an interview needs it marked insufficient (data/insufficient: true)",
           "整改报告已于 " + received + " 收到；约谈须将其标明为整改不到位（data/insufficient: true）");
  }
  RegionRecord updated = record;
  updated.interviews.push_back(action.date);
  updated.stage = RegionStage::interviewed;
  check_region_dates(state, updated, action);
  record = std::move(updated);
}

json date_or_null(const std::optional<CivilDate>& date) {
  return date ? json(date->to_string()) : json(nullptr);
}

json corrections_json(const std::vector<Correction>& corrections) {
  json out = json::array();
  for (const Correction& c : corrections) {
    out.push_back({{"on", c.on.to_string()},
                   {"actor", c.actor},
                   {"step", c.step},
                   {"reason", c.reason},
                   {"changes", c.changes}});
  }
  return out;
}

using Step = void (*)(CampaignState&, const Action&, std::vector<Issue>&);

Step step_for(const Action& action) {
  static const std::map<std::string, Step> steps = {
      {"file_targets", file_targets},
      {"self_evaluate", self_evaluate},
      {"not_submitted", not_submitted},
      {"plan_verification", plan_verification},
      {"spot_check", spot_check},
      {"verify", verify},
      {"assess", assess_step},
      {"approve", approve},
      {"announce", announce},
      {"receive_rectification", receive_rectification},
      {"interview", interview},
      {"correct", [](CampaignState& s, const Action& a, std::vector<Issue>&) { detail::correct(s, a); }}};
  if (action.type == "create") refuse(action, "the campaign exists already", "本次考核已经建立");
  const auto it = steps.find(action.type);
  if (it == steps.end()) {
    const Wording wording = not_a_campaign_step(action.type);
    refuse(action, wording.en, wording.zh);
  }
  return it->second;
}

}  // namespace

std::shared_ptr<const std::vector<Result>> ResultsCache::get() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return results_;
}

void ResultsCache::set(std::shared_ptr<const std::vector<Result>> results) const {
  std::lock_guard<std::mutex> lock(mutex_);
  results_ = std::move(results);
}

void ResultsCache::clear() const { set(nullptr); }

const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::filing:
      return "filing";
    case Phase::verification:
      return "verification";
    case Phase::assessed:
      return "assessed";
    case Phase::approved:
      return "approved";
    case Phase::announced:
      return "announced";
  }
  return "filing";
}

const char* stage_name(RegionStage stage) {
  switch (stage) {
    case RegionStage::registered:
      return "registered";
    case RegionStage::targets_filed:
      return "targets_filed";
    case RegionStage::self_evaluated:
      return "self_evaluated";
    case RegionStage::not_submitted:
      return "not_submitted";
    case RegionStage::selected:
      return "selected";
    case RegionStage::verified:
      return "verified";
    case RegionStage::not_selected:
      return "not_selected";
    case RegionStage::assessed:
      return "assessed";
    case RegionStage::approved:
      return "approved";
    case RegionStage::announced:
      return "announced";
    case RegionStage::rectification_received:
      return "rectification_received";
    case RegionStage::interviewed:
      return "interviewed";
  }
  return "registered";
}

std::optional<RegionStage> parse_stage(const std::string& name) {
  for (int i = 0; i <= static_cast<int>(RegionStage::interviewed); ++i) {
    const auto stage = static_cast<RegionStage>(i);
    if (name == stage_name(stage)) return stage;
  }
  return std::nullopt;
}

const RegionRecord& CampaignState::region(const std::string& code) const {
  auto it = region_index.find(code);
  if (it == region_index.end()) {
    const Wording wording = detail::not_a_region_of_this_campaign(code);
    throw InputError("unknown region", {{"region", wording.en, wording.zh}});
  }
  return regions[it->second];
}

Action read_action(const json& document) {
  IssueList issues;
  Action action;
  check_document(document, issues);
  issues.throw_if_any<InputError>("bad action");
  ObjectReader reader(document, "", issues);
  if (!reader.ok()) issues.throw_if_any<InputError>("bad action");
  action.type = reader.string("type", true).value_or("");
  if (!action.type.empty() &&
      std::find(action_types().begin(), action_types().end(), action.type) == action_types().end()) {
    detail::add(issues, "/type", detail::not_a_campaign_step(action.type));
  }
  action.region = reader.string("region", false, true).value_or("");
  if (auto date = reader.string("date", true)) {
    if (auto parsed = CivilDate::parse(*date)) {
      action.date = *parsed;
    } else {
      detail::add(issues, "/date", detail::not_a_date(*date));
    }
  }
  action.actor = reader.string("actor", false, true).value_or("");
  if (const json* data = reader.object("data", false)) action.data = *data;
  reader.reject_unknown_keys();
  issues.throw_if_any<InputError>("bad action");
  return action;
}

Action read_action_text(std::string_view json_text) {
  IssueList issues;
  const json document = parse_document(json_text, issues);
  issues.throw_if_any<InputError>("bad action");
  return read_action(document);
}

json write_action(const Action& action) {
  json out = {{"type", action.type},
              {"date", action.date.to_string()},
              {"actor", action.actor},
              {"data", action.data}};
  if (!action.region.empty()) out["region"] = action.region;
  return out;
}

CampaignState start_campaign(const Action& create) {
  if (create.type != "create")
    refuse(create, "a campaign starts with a 'create' step", "考核应以 'create' 步骤开始");
  CampaignState state;
  state.scheme_document = data_member(create, "scheme", json::value_t::object);
  state.scheme = read_scheme(state.scheme_document);
  state.scheme_document = write_scheme(*state.scheme);
  const auto year = create.data.find("year");
  if (year == create.data.end() || !year->is_number_integer())
    refuse(create, "data/year must be a whole number", "data/year 应为整数");
  // Checked before get<int>(), which would wrap a year such as 4294969315 to 2019.
  const bool year_in_range = year->is_number_unsigned() ? year->get<std::uint64_t>() >= kMinAssessmentYear &&
                                                              year->get<std::uint64_t>() <= kMaxAssessmentYear
                                                        : year->get<std::int64_t>() >= kMinAssessmentYear &&
                                                              year->get<std::int64_t>() <= kMaxAssessmentYear;
  if (!year_in_range) {
    const Wording wording = detail::year_outside(year->dump());
    throw InputError("bad assessment year", {{"/year", wording.en, wording.zh}});
  }
  state.year = year->get<int>();
  assessment_calendar(state.year);  // refuses years outside the supported range
  const auto title = create.data.find("title");
  if (title != create.data.end() && !title->is_string())
    refuse(create, "data/title must be a string", "data/title 应为文字");
  state.title = create.data.value("title", std::string());
  state.created_on = create.date;
  IssueList issues;
  const json& regions = data_member(create, "regions", json::value_t::array);
  if (regions.empty()) detail::add(issues, "/data/regions", detail::needs_at_least_one("region", "一个地区"));
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const std::string path = detail::pointer_child("/data/regions", i);
    ObjectReader reader(regions[i], path, issues);
    RegionRecord record;
    record.region.code = reader.single_line("code", true).value_or("");
    if (const std::string problem = region_code_problem(record.region.code); !problem.empty())
      issues.add(path + "/code", problem, region_code_problem_zh(record.region.code));
    record.region.name = reader.single_line("name", false, true).value_or("");
    reader.reject_unknown_keys();
    if (record.region.code.empty()) continue;
    if (!state.region_index.emplace(record.region.code, state.regions.size()).second) {
      detail::add(issues, path + "/code", detail::duplicate("region", "地区", record.region.code));
      continue;
    }
    state.regions.push_back(std::move(record));
  }
  issues.throw_if_any<InputError>("refused: create");
  state.actions = 1;
  return state;
}

std::vector<Issue> apply_action(CampaignState& state, const Action& action) {
  // Every step checks everything before it changes anything, so a refusal leaves the state as
  // it was without copying it (a copy per step made replaying a year quadratic in its regions).
  const Step step = step_for(action);
  require_plausible_date(state, action);
  std::vector<Issue> warnings;
  step(state, action, warnings);
  if (step_changes_results(action)) state.results_cache.clear();
  state.actions += 1;
  logger()->debug("campaign {}: {} {} on {}", state.year, action.type, action.region,
                  action.date.to_string());
  return warnings;
}

CampaignState replay(const std::vector<Action>& journal) {
  if (journal.empty())
    throw InputError("empty journal", {{"journal", "a campaign journal starts with 'create'",
                                        "考核日志应以 'create' 步骤开始"}});
  CampaignState state = start_campaign(journal.front());
  for (std::size_t i = 1; i < journal.size(); ++i) apply_action(state, journal[i]);
  return state;
}

Submission submission_of(const CampaignState& state, const RegionRecord& record) {
  Submission submission;
  submission.region = record.region;
  submission.year = state.year;
  submission.scheme = state.scheme->id;
  for (auto it = record.targets.begin(); it != record.targets.end(); ++it)
    submission.targets[it.key()] = it.value();
  for (auto it = record.self_evaluation.begin(); it != record.self_evaluation.end(); ++it) {
    submission.self_evaluation[it.key()] = it.value();
  }
  for (auto it = record.verification.begin(); it != record.verification.end(); ++it) {
    submission.verification[it.key()] = it.value();
  }
  for (auto it = record.lower_level.begin(); it != record.lower_level.end(); ++it) {
    submission.self_evaluation[it.key()] = it.value();
    submission.verification[it.key()] = it.value();
  }
  for (auto it = record.evidence.begin(); it != record.evidence.end(); ++it) {
    if (it.value().is_string()) submission.evidence[it.key()] = it.value().get<std::string>();
  }
  json document = write_submission(submission);
  json incidents = record.reported_incidents;
  for (const json& incident : record.found_incidents) incidents.push_back(incident);
  if (!incidents.empty()) document["incidents"] = incidents;
  if (!record.evidence.empty()) document["evidence"] = record.evidence;
  Submission full = read_submission(document);
  full.filed.targets = record.targets_filed_on;
  full.filed.self_evaluation = record.self_evaluated_on;
  if (record.targets_not_submitted_on) full.filed.not_submitted.emplace_back("targets");
  if (record.self_evaluation_not_submitted_on) full.filed.not_submitted.emplace_back("self_evaluation");
  return full;
}

std::shared_ptr<const std::vector<Result>> campaign_results(const CampaignState& state) {
  if (auto cached = state.results_cache.get()) return cached;
  std::vector<Submission> submissions;
  submissions.reserve(state.regions.size());
  for (const RegionRecord& record : state.regions) submissions.push_back(submission_of(state, record));
  // Before the assessment, points computed from the level below (Art. 10) have no value yet:
  // provisional results (and the risk rule of a verification plan) leave them out.
  auto results = std::make_shared<const std::vector<Result>>(
      state.phase < Phase::assessed ? assess_cohort_provisional(state.scheme, submissions)
                                    : assess_cohort(state.scheme, submissions));
  state.results_cache.set(results);
  return results;
}

json region_snapshot(const CampaignState& state, const std::string& code) {
  const RegionRecord& record = state.region(code);
  json interviews = json::array();
  for (const CivilDate& date : record.interviews) interviews.push_back(date.to_string());
  return {{"region", {{"code", record.region.code}, {"name", record.region.name}}},
          {"stage", stage_name(record.stage)},
          {"targets", record.targets},
          {"self_evaluation", record.self_evaluation},
          {"verification", record.verification},
          {"evidence", record.evidence},
          {"reported_incidents", record.reported_incidents},
          {"found_incidents", record.found_incidents},
          {"lower_level", record.lower_level},
          {"points_to_verify", record.points_to_verify},
          {"targets_filed_on", date_or_null(record.targets_filed_on)},
          {"self_evaluated_on", date_or_null(record.self_evaluated_on)},
          {"targets_not_submitted_on", date_or_null(record.targets_not_submitted_on)},
          {"self_evaluation_not_submitted_on", date_or_null(record.self_evaluation_not_submitted_on)},
          {"verified_on", date_or_null(record.verified_on)},
          {"spot_checked_on", date_or_null(record.spot_checked_on)},
          {"spot_check_reason", record.spot_check_reason},
          {"rectification_received_on", date_or_null(record.rectification_received_on)},
          {"interviews", interviews},
          {"corrections", corrections_json(record.corrections)}};
}

json campaign_snapshot(const CampaignState& state) {
  json out = {{"year", state.year},
              {"title", state.title},
              {"scheme", state.scheme->id},
              {"phase", phase_name(state.phase)},
              {"created_on", state.created_on.to_string()},
              {"planned_on", date_or_null(state.planned_on)},
              {"assessed_on", date_or_null(state.assessed_on)},
              {"approved_on", date_or_null(state.approved_on)},
              {"approved_by", state.approved_by},
              {"announced_on", date_or_null(state.announced_on)},
              {"corrections", corrections_json(state.corrections)},
              {"actions", state.actions}};
  out["plan"] = state.plan ? write_plan(*state.plan) : json(nullptr);
  return out;
}

}  // namespace qa
