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

namespace qa {
namespace detail {

using json = nlohmann::json;

void refuse(const Action& action, const std::string& message) {
  const std::string where = action.region.empty() ? action.type : action.region + " " + action.type;
  throw InputError("refused", {{where, message}});
}

void require_phase(const CampaignState& state, const Action& action, std::initializer_list<Phase> allowed) {
  if (std::find(allowed.begin(), allowed.end(), state.phase) != allowed.end()) return;
  std::string names;
  for (Phase phase : allowed) names += (names.empty() ? "'" : " or '") + std::string(phase_name(phase)) + "'";
  refuse(action,
         std::string("the campaign is at phase '") + phase_name(state.phase) + "'; this step needs " + names);
}

void require_stage(const RegionRecord& record, const Action& action,
                   std::initializer_list<RegionStage> allowed) {
  if (std::find(allowed.begin(), allowed.end(), record.stage) != allowed.end()) return;
  std::string names;
  for (RegionStage stage : allowed)
    names += (names.empty() ? "'" : " or '") + std::string(stage_name(stage)) + "'";
  refuse(action,
         std::string("the region is at stage '") + stage_name(record.stage) + "'; this step needs " + names);
}

void require_only_keys(const Action& action, std::initializer_list<const char*> allowed) {
  for (auto it = action.data.begin(); it != action.data.end(); ++it) {
    const bool known = it.key() == "comment" || std::any_of(allowed.begin(), allowed.end(),
                                                            [&](const char* key) { return it.key() == key; });
    if (!known) refuse(action, "data/" + it.key() + ": unknown key '" + it.key() + "'");
  }
}

std::string required_text(const Action& action, const char* key) {
  const auto it = action.data.find(key);
  if (it == action.data.end() || !it->is_string() ||
      it->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
    refuse(action, std::string("data/") + key + ": say why (a non-empty text is needed)");
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
    refuse(action, std::string("data/") + key + " must be " +
                       (type == json::value_t::array ? "an array" : "an object"));
  }
  return *it;
}

RegionRecord& record_for(CampaignState& state, const Action& action) {
  if (action.region.empty()) refuse(action, "this step needs a region");
  auto it = state.region_index.find(action.region);
  if (it == state.region_index.end())
    refuse(action, "'" + action.region + "' is not a region of this campaign");
  return state.regions[it->second];
}

std::optional<CivilDate> latest(std::optional<CivilDate> a, const std::optional<CivilDate>& b) {
  if (!a || (b && *a < *b)) return b;
  return a;
}

namespace {

// "dated 2020-07-19, before the verification plan on 2020-07-20"; a correction names what it
// moved, since its own date is not the one out of order.
void require_order(const Action& action, const std::optional<CivilDate>& later, const std::string& later_what,
                   const std::optional<CivilDate>& earlier, const std::string& earlier_what) {
  if (!later || !earlier || !(*later < *earlier)) return;
  const std::string subject = action.type == "correct" ? later_what + " " : "";
  refuse(action, subject + "dated " + later->to_string() + ", before the " + earlier_what + " on " +
                     earlier->to_string());
}

}  // namespace

void check_region_dates(const CampaignState& state, const RegionRecord& record, const Action& action) {
  require_order(action, record.self_evaluated_on, "self-evaluation", record.targets_filed_on,
                "targets filed");
  require_order(action, record.spot_checked_on, "spot check", state.planned_on, "verification plan");
  require_order(action, record.verified_on, "verification", state.planned_on, "verification plan");
  require_order(action, record.verified_on, "verification", record.spot_checked_on, "spot check");
  require_order(action, record.rectification_received_on, "rectification report", state.announced_on,
                "announcement");
  std::optional<CivilDate> before = state.announced_on;
  const char* before_what = "announcement";
  for (const CivilDate& interview : record.interviews) {
    require_order(action, interview, "interview", before, before_what);
    before = interview;
    before_what = "interview before it";
  }
}

void check_campaign_dates(const CampaignState& state, const Action& action) {
  std::optional<CivilDate> last_self_evaluation;
  std::optional<CivilDate> last_verification;
  for (const RegionRecord& record : state.regions) {
    last_self_evaluation = latest(last_self_evaluation, record.self_evaluated_on);
    last_verification = latest(last_verification, record.verified_on);
  }
  require_order(action, state.planned_on, "verification plan", last_self_evaluation, "last self-evaluation");
  require_order(action, state.assessed_on, "assessment", state.planned_on, "verification plan");
  require_order(action, state.assessed_on, "assessment", last_verification, "last verification step");
  require_order(action, state.approved_on, "approval", state.assessed_on, "comprehensive assessment");
  require_order(action, state.announced_on, "announcement", state.approved_on, "approval");
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
             "computed from the results of the level below when the campaign is assessed; not filed"});
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

void require_some_values(const Action& action, std::initializer_list<const char*> keys, const char* what) {
  for (const char* key : keys) {
    const auto it = action.data.find(key);
    if (it != action.data.end() && (it->is_object() || it->is_array()) && !it->empty()) return;
  }
  std::string names;
  for (const char* key : keys) names += (names.empty() ? "data/" : " or data/") + std::string(key);
  refuse(action, std::string("an empty ") + what + " is not recorded: " + names + " holds nothing");
}

std::optional<std::string> grade_of(const CampaignState& state, const std::string& code) {
  const auto index = state.region_index.find(code);
  if (index == state.region_index.end() || state.phase < Phase::assessed) return std::nullopt;
  return (*campaign_results(state))[index->second].grade;
}

bool owes_rectification(const CampaignState& state, const std::string& code) {
  return grade_of(state, code) == state.scheme->grading.grades.back().id;
}

namespace {

// `what` names the date: "dated 2029-06-28," for a step's own, "data/date: 2029-06-28 is" for
// the date a correction gives a step.
void require_in_window(const CampaignState& state, const Action& action, const CivilDate& date,
                       const std::string& what) {
  const AssessmentCalendar calendar = state.scheme->calendar(state.year);
  const CivilDate first = add_months(calendar.year_start, -12);
  const CivilDate last = add_months(calendar.report_due, 36);
  if (date < first || last < date) {
    refuse(action, what + " outside " + first.to_string() + " .. " + last.to_string() +
                       ", the dates a step of the " + std::to_string(state.year) +
                       " assessment can carry (a typo in the year?)");
  }
}

}  // namespace

void require_plausible_date(const CampaignState& state, const Action& action) {
  require_in_window(state, action, action.date, "dated " + action.date.to_string() + ",");
}

void require_plausible_corrected_date(const CampaignState& state, const Action& action,
                                      const CivilDate& date) {
  require_in_window(state, action, date, "data/date: " + date.to_string() + " is");
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

Issue warning(const Action& action, const std::string& message) {
  return {action.region.empty() ? action.type : action.region + " " + action.type, message};
}

// A step taken after its deadline is recorded all the same (the measures expect the year to go
// on), with a warning now and a late_filing finding or a late flag in the status later.
void warn_if_late(const Action& action, const CivilDate& due, const std::string& what, const char* article,
                  std::vector<Issue>& warnings) {
  if (!(due < action.date)) return;
  const long days = action.date.days_since_epoch() - due.days_since_epoch();
  warnings.push_back(warning(action, what + " dated " + action.date.to_string() + ", " +
                                         std::to_string(days) + " day(s) after it was due on " +
                                         due.to_string() + " (" + article + ")"));
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
  require_some_values(action, {"targets"}, "filing of targets");
  if (!updated.targets_filed_on) {
    updated.targets_filed_on = action.date;
    warn_if_late(action, state.scheme->calendar(state.year).targets_due, "targets", "Art. 6.1", warnings);
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
  require_some_values(action, {"values", "incidents"}, "self-evaluation");
  if (!updated.self_evaluated_on) {
    updated.self_evaluated_on = action.date;
    warn_if_late(action, state.scheme->calendar(state.year).self_evaluation_due, "self-evaluation",
                 "Art. 6.2", warnings);
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
    if (!(calendar.targets_due < action.date))
      refuse(action, "targets are due until " + calendar.targets_due.to_string() + " (Art. 6.1)");
    record.targets_not_submitted_on = action.date;
  } else if (which == "self_evaluation") {
    require_stage(record, action, {RegionStage::registered, RegionStage::targets_filed});
    if (!(calendar.self_evaluation_due < action.date))
      refuse(action,
             "the self-evaluation is due until " + calendar.self_evaluation_due.to_string() + " (Art. 6.2)");
    record.self_evaluation_not_submitted_on = action.date;
    record.stage = RegionStage::not_submitted;
  } else {
    refuse(action, "data/step must be 'targets' or 'self_evaluation'");
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
    refuse(action, "no self-evaluation yet from " + waiting +
                       " (a region that does not submit by the deadline is recorded with 'not_submitted')");
  }
  const PlanSettings settings = read_plan_settings(action.data);
  for (const std::string& code : settings.regions) {
    if (state.region_index.count(code) == 0)
      refuse(action, "'" + code + "' is not a region of this campaign");
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
      refuse(action, "data/points: " + point.dump() + " is not a point of scheme " + state.scheme->id);
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
    refuse(action, "the verification plan did not draw this region; record a spot check first (spot_check)");
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
  require_some_values(action, {"values", "incidents"}, "verification");
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
      refuse(action, "data/lower_level: scheme " + state.scheme->id + " takes no point from the level below");
    return;
  }
  std::vector<Issue> issues;
  for (auto it = given.begin(); it != given.end(); ++it) {
    if (state.region_index.count(it.key()) == 0)
      issues.push_back({"data/lower_level/" + it.key(), "not a region of this campaign"});
  }
  std::vector<json> values(state.regions.size());
  for (std::size_t i = 0; i < state.regions.size(); ++i) {
    const RegionRecord& record = state.regions[i];
    const std::string at = "data/lower_level/" + record.region.code;
    const auto found = given.find(record.region.code);
    if (found == given.end() || !found->is_object()) {
      issues.push_back({at, "the values of " + points.front()->id +
                                (points.size() > 1 ? " and the other points" : "") +
                                " computed from the level below are needed for every region"});
      continue;
    }
    values[i] = json::object();
    for (const Node* point : points) {
      const auto value = found->find(point->id);
      if (value == found->end() || !value->is_number()) {
        issues.push_back({at + "/" + point->id, "needs a number"});
      } else {
        values[i][point->id] = *value;
      }
    }
    for (auto it = found->begin(); it != found->end(); ++it) {
      const int node = state.scheme->node_index(it.key());
      if (node < 0 || !state.scheme->nodes[static_cast<std::size_t>(node)].from_lower_level) {
        issues.push_back({at + "/" + it.key(), "not a point computed from the level below"});
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
          issues.push_back({probe.region.code + " " + issue.path, issue.message});
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
  if (!waiting.empty()) refuse(action, "selected for verification but not yet verified: " + waiting);
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
  warn_if_late(action, state.scheme->calendar(state.year).report_due,
               "the comprehensive assessment (its report to the State Council)", "Art. 6.5", warnings);
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
  warn_if_late(action, state.scheme->calendar(state.year).report_due,
               "approval (the report to the State Council)", "Art. 6.5", warnings);
}

void announce(CampaignState& state, const Action& action, std::vector<Issue>& warnings) {
  require_phase(state, action, {Phase::approved});
  campaign_wide_step(state, action, state.announced_on, Phase::announced, RegionStage::announced);
  warn_if_late(action, state.scheme->calendar(state.year).report_due,
               "announcement (the report to the State Council)", "Art. 6.5", warnings);
}

void require_owes_rectification(const CampaignState& state, const Action& action) {
  if (!owes_rectification(state, action.region)) {
    refuse(action, "only a region graded " + state.scheme->grading.grades.back().id +
                       " owes a rectification report (Art. 7)");
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
    warn_if_late(action, state.scheme->calendar(state.year).rectification_due(*state.announced_on),
                 "rectification report", "Art. 7", warnings);
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
    refuse(action, "data/insufficient must be true or false");
  }
  const CivilDate due = state.scheme->calendar(state.year).rectification_due(*state.announced_on);
  if (!record.rectification_received_on && !(due < action.date)) {
    refuse(action, "the rectification report is not overdue until after " + due.to_string() + " (Art. 7)");
  }
  if (record.rectification_received_on && !action.data.value("insufficient", false)) {
    refuse(action, "the rectification report arrived on " + record.rectification_received_on->to_string() +
                       "; an interview needs it marked insufficient (data/insufficient: true)");
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
  if (action.type == "create") refuse(action, "the campaign exists already");
  const auto it = steps.find(action.type);
  if (it == steps.end()) refuse(action, "'" + action.type + "' is not a campaign step");
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
    throw InputError("unknown region", {{"region", "'" + code + "' is not a region of this campaign"}});
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
    issues.add("/type", "'" + action.type + "' is not a campaign step");
  }
  action.region = reader.string("region", false, true).value_or("");
  if (auto date = reader.string("date", true)) {
    if (auto parsed = CivilDate::parse(*date)) {
      action.date = *parsed;
    } else {
      issues.add("/date", "'" + *date + "' is not a date (YYYY-MM-DD)");
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
  if (create.type != "create") refuse(create, "a campaign starts with a 'create' step");
  CampaignState state;
  state.scheme_document = data_member(create, "scheme", json::value_t::object);
  state.scheme = read_scheme(state.scheme_document);
  state.scheme_document = write_scheme(*state.scheme);
  const auto year = create.data.find("year");
  if (year == create.data.end() || !year->is_number_integer())
    refuse(create, "data/year must be a whole number");
  // Checked before get<int>(), which would wrap a year such as 4294969315 to 2019.
  const bool year_in_range = year->is_number_unsigned() ? year->get<std::uint64_t>() >= kMinAssessmentYear &&
                                                              year->get<std::uint64_t>() <= kMaxAssessmentYear
                                                        : year->get<std::int64_t>() >= kMinAssessmentYear &&
                                                              year->get<std::int64_t>() <= kMaxAssessmentYear;
  if (!year_in_range) {
    throw InputError("bad assessment year", {{"/year", "assessment year " + year->dump() + " is outside " +
                                                           std::to_string(kMinAssessmentYear) + ".." +
                                                           std::to_string(kMaxAssessmentYear)}});
  }
  state.year = year->get<int>();
  assessment_calendar(state.year);  // refuses years outside the supported range
  const auto title = create.data.find("title");
  if (title != create.data.end() && !title->is_string()) refuse(create, "data/title must be a string");
  state.title = create.data.value("title", std::string());
  state.created_on = create.date;
  IssueList issues;
  const json& regions = data_member(create, "regions", json::value_t::array);
  if (regions.empty()) issues.add("/data/regions", "needs at least one region");
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const std::string path = detail::pointer_child("/data/regions", i);
    ObjectReader reader(regions[i], path, issues);
    RegionRecord record;
    record.region.code = reader.single_line("code", true).value_or("");
    if (const std::string problem = region_code_problem(record.region.code); !problem.empty())
      issues.add(path + "/code", problem);
    record.region.name = reader.single_line("name", false, true).value_or("");
    reader.reject_unknown_keys();
    if (record.region.code.empty()) continue;
    if (!state.region_index.emplace(record.region.code, state.regions.size()).second) {
      issues.add(path + "/code", "duplicate region '" + record.region.code + "'");
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
    throw InputError("empty journal", {{"journal", "a campaign journal starts with 'create'"}});
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
