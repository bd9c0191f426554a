#include "qualityassess/campaign.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "json_reader.hpp"
#include "qualityassess/assess.hpp"
#include "qualityassess/cascade.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "qualityassess/logging.hpp"
#include "qualityassess/scheme_io.hpp"

namespace qa {
namespace {

using detail::json;
using detail::ObjectReader;

const std::vector<std::string>& action_types() {
  static const std::vector<std::string> types = {
      "create", "file_targets", "self_evaluate", "plan_verification",     "verify",
      "assess", "approve",      "announce",      "receive_rectification", "interview"};
  return types;
}

[[noreturn]] void refuse(const Action& action, const std::string& message) {
  const std::string where = action.region.empty() ? action.type : action.region + " " + action.type;
  throw InputError("refused", {{where, message}});
}

void require_phase(const CampaignState& state, const Action& action, Phase wanted) {
  if (state.phase != wanted) {
    refuse(action, std::string("the campaign is at phase '") + phase_name(state.phase) +
                       "'; this step needs '" + phase_name(wanted) + "'");
  }
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

void require_not_before(const Action& action, const std::optional<CivilDate>& earlier, const char* what) {
  if (earlier && action.date < *earlier) {
    refuse(action,
           "dated " + action.date.to_string() + ", before the " + what + " on " + earlier->to_string());
  }
}

// A typo in a step's data ("value" for "values") must be refused, not read as "nothing given".
void require_only_keys(const Action& action, std::initializer_list<const char*> allowed) {
  for (auto it = action.data.begin(); it != action.data.end(); ++it) {
    const bool known = it.key() == "comment" || std::any_of(allowed.begin(), allowed.end(),
                                                            [&](const char* key) { return it.key() == key; });
    if (!known) refuse(action, "data/" + it.key() + ": unknown key '" + it.key() + "'");
  }
}

std::optional<CivilDate> latest(std::optional<CivilDate> a, const std::optional<CivilDate>& b) {
  if (!a || (b && *a < *b)) return b;
  return a;
}

RegionRecord& record_for(CampaignState& state, const Action& action) {
  auto it = state.region_index.find(action.region);
  if (action.region.empty()) refuse(action, "this step needs a region");
  if (it == state.region_index.end())
    refuse(action, "'" + action.region + "' is not a region of this campaign");
  return state.regions[it->second];
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

// Checks what the region has filed so far against the scheme, as the assessment will.
void check_against_scheme(const CampaignState& state, const RegionRecord& record, const Action& action) {
  refuse_filed_lower_level_values(state, record, action);
  try {
    bind_submission(*state.scheme, submission_of(state, record));
  } catch (const InputError& error) {
    std::vector<Issue> issues;
    for (const Issue& issue : error.issues())
      issues.push_back({record.region.code + " " + issue.path, issue.message});
    throw InputError("refused: " + action.type, issues);
  }
}

std::optional<std::string> grade_of(const CampaignState& state, const std::string& code) {
  for (const Result& result : campaign_results(state)) {
    if (result.region.code == code) return result.grade;
  }
  return std::nullopt;
}

// The lowest grade of the scheme carries the Art. 7 follow-up (D in cn-2013).
void require_lowest_grade(const CampaignState& state, const Action& action) {
  const std::string lowest = state.scheme->grading.grades.back().id;
  const auto grade = grade_of(state, action.region);
  if (grade != lowest)
    refuse(action, "only a region graded " + lowest + " owes a rectification report (Art. 7)");
}

// ---- the steps ------------------------------------------------------------------------

void file_targets(CampaignState& state, const Action& action) {
  require_phase(state, action, Phase::filing);
  RegionRecord& record = record_for(state, action);
  require_stage(record, action, {RegionStage::registered, RegionStage::targets_filed});
  require_only_keys(action, {"targets"});
  RegionRecord updated = record;
  updated.targets = data_member(action, "targets", json::value_t::object);
  if (!updated.targets_filed_on) updated.targets_filed_on = action.date;
  updated.stage = RegionStage::targets_filed;
  check_against_scheme(state, updated, action);
  record = std::move(updated);
}

void self_evaluate(CampaignState& state, const Action& action) {
  require_phase(state, action, Phase::filing);
  RegionRecord& record = record_for(state, action);
  require_stage(record, action, {RegionStage::targets_filed, RegionStage::self_evaluated});
  require_only_keys(action, {"values", "incidents"});
  require_not_before(action, record.targets_filed_on, "targets filed");
  RegionRecord updated = record;
  updated.self_evaluation = data_member(action, "values", json::value_t::object);
  updated.reported_incidents = json::array();
  for (json incident : data_member(action, "incidents", json::value_t::array)) {
    if (incident.is_object()) incident["reported_in_self_evaluation"] = true;
    updated.reported_incidents.push_back(incident);
  }
  if (!updated.self_evaluated_on) updated.self_evaluated_on = action.date;
  updated.stage = RegionStage::self_evaluated;
  check_against_scheme(state, updated, action);
  record = std::move(updated);
}

std::vector<PlanCandidate> plan_candidates(const CampaignState& state) {
  std::vector<Fixed> boundaries;
  for (const Band& band : state.scheme->grading.bands) {
    if (band.min) boundaries.push_back(*band.min);
  }
  std::vector<PlanCandidate> candidates;
  const std::vector<Result> results = campaign_results(state);
  for (std::size_t i = 0; i < state.regions.size(); ++i) {
    PlanCandidate candidate{state.regions[i].region.code, results[i].total, {}, {}, boundaries};
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

void plan_verification(CampaignState& state, const Action& action) {
  require_phase(state, action, Phase::filing);
  std::vector<std::string> waiting;
  for (const RegionRecord& record : state.regions) {
    if (record.stage != RegionStage::self_evaluated) waiting.push_back(record.region.code);
  }
  if (!waiting.empty()) {
    std::string list;
    for (const auto& code : waiting) list += (list.empty() ? "" : ", ") + code;
    refuse(action, "no self-evaluation yet from " + list);
  }
  std::optional<CivilDate> last_self_evaluation;
  for (const RegionRecord& record : state.regions) {
    last_self_evaluation = latest(last_self_evaluation, record.self_evaluated_on);
  }
  require_not_before(action, last_self_evaluation, "last self-evaluation");
  const PlanSettings settings = read_plan_settings(action.data);
  for (const std::string& code : settings.regions) {
    if (state.region_index.count(code) == 0)
      refuse(action, "'" + code + "' is not a region of this campaign");
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
  state.planned_on = action.date;
  state.phase = Phase::verification;
}

void verify(CampaignState& state, const Action& action) {
  require_phase(state, action, Phase::verification);
  RegionRecord& record = record_for(state, action);
  require_stage(record, action, {RegionStage::selected, RegionStage::verified});
  require_only_keys(action, {"values", "evidence", "incidents"});
  require_not_before(action, state.planned_on, "verification plan");
  RegionRecord updated = record;
  // Several visits add up: later values for the same point replace earlier ones.
  updated.verification.update(data_member(action, "values", json::value_t::object));
  updated.evidence.update(data_member(action, "evidence", json::value_t::object));
  for (json incident : data_member(action, "incidents", json::value_t::array)) {
    if (incident.is_object()) incident["reported_in_self_evaluation"] = false;
    updated.found_incidents.push_back(incident);
  }
  updated.verified_on = action.date;
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
  std::vector<RegionRecord> updated = state.regions;
  for (RegionRecord& record : updated) {
    const std::string at = "data/lower_level/" + record.region.code;
    const auto found = given.find(record.region.code);
    if (found == given.end() || !found->is_object()) {
      issues.push_back({at, "the values of " + points.front()->id +
                                (points.size() > 1 ? " and the other points" : "") +
                                " computed from the level below are needed for every region"});
      continue;
    }
    record.lower_level = json::object();
    for (const Node* point : points) {
      const auto value = found->find(point->id);
      if (value == found->end() || !value->is_number()) {
        issues.push_back({at + "/" + point->id, "needs a number"});
      } else {
        record.lower_level[point->id] = *value;
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
    for (const RegionRecord& record : updated) {
      try {
        bind_for_assessment(*state.scheme, submission_of(state, record));
      } catch (const InputError& error) {
        for (const Issue& issue : error.issues())
          issues.push_back({record.region.code + " " + issue.path, issue.message});
      }
    }
  }
  if (!issues.empty()) throw InputError("refused: " + action.type, issues);
  state.regions = std::move(updated);
}

void assess_step(CampaignState& state, const Action& action) {
  require_phase(state, action, Phase::verification);
  std::string waiting;
  for (const RegionRecord& record : state.regions) {
    if (record.stage == RegionStage::selected) waiting += (waiting.empty() ? "" : ", ") + record.region.code;
  }
  if (!waiting.empty()) refuse(action, "selected for verification but not yet verified: " + waiting);
  require_only_keys(action, {"lower_level"});
  std::optional<CivilDate> last_step = state.planned_on;
  for (const RegionRecord& record : state.regions) last_step = latest(last_step, record.verified_on);
  require_not_before(action, last_step, "last verification step");
  take_lower_level_values(state, action);
  for (RegionRecord& record : state.regions) record.stage = RegionStage::assessed;
  state.assessed_on = action.date;
  state.phase = Phase::assessed;
}

void approve(CampaignState& state, const Action& action) {
  require_phase(state, action, Phase::assessed);
  require_only_keys(action, {});
  require_not_before(action, state.assessed_on, "comprehensive assessment");
  for (RegionRecord& record : state.regions) record.stage = RegionStage::approved;
  state.approved_on = action.date;
  state.approved_by = action.actor;
  state.phase = Phase::approved;
}

void announce(CampaignState& state, const Action& action) {
  require_phase(state, action, Phase::approved);
  require_only_keys(action, {});
  require_not_before(action, state.approved_on, "approval");
  for (RegionRecord& record : state.regions) record.stage = RegionStage::announced;
  state.announced_on = action.date;
  state.phase = Phase::announced;
}

void receive_rectification(CampaignState& state, const Action& action) {
  require_phase(state, action, Phase::announced);
  RegionRecord& record = record_for(state, action);
  require_lowest_grade(state, action);
  require_stage(record, action, {RegionStage::announced});
  require_only_keys(action, {"summary"});
  require_not_before(action, state.announced_on, "announcement");
  record.rectification_received_on = action.date;
  record.stage = RegionStage::rectification_received;
}

void interview(CampaignState& state, const Action& action) {
  require_phase(state, action, Phase::announced);
  RegionRecord& record = record_for(state, action);
  require_lowest_grade(state, action);
  require_stage(record, action, {RegionStage::announced, RegionStage::rectification_received});
  require_only_keys(action, {"reason", "insufficient"});
  const auto insufficient = action.data.find("insufficient");
  if (insufficient != action.data.end() && !insufficient->is_boolean()) {
    refuse(action, "data/insufficient must be true or false");
  }
  const CivilDate due = rectification_due(*state.announced_on);
  if (record.stage == RegionStage::announced && !(due < action.date)) {
    refuse(action, "the rectification report is not overdue until after " + due.to_string() + " (Art. 7)");
  }
  if (record.stage == RegionStage::rectification_received && !action.data.value("insufficient", false)) {
    refuse(action, "the rectification report arrived on " + record.rectification_received_on->to_string() +
                       "; an interview needs it marked insufficient (data/insufficient: true)");
  }
  record.interviewed_on = action.date;
  record.stage = RegionStage::interviewed;
}

json date_or_null(const std::optional<CivilDate>& date) {
  return date ? json(date->to_string()) : json(nullptr);
}

}  // namespace

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
    record.region.code = reader.string("code", true).value_or("");
    record.region.name = reader.string("name", false, true).value_or("");
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

void apply_action(CampaignState& state, const Action& action) {
  // Steps work on a copy and commit it only when they succeed, so a refusal changes nothing.
  CampaignState next = state;
  if (action.type == "create") {
    refuse(action, "the campaign exists already");
  } else if (action.type == "file_targets") {
    file_targets(next, action);
  } else if (action.type == "self_evaluate") {
    self_evaluate(next, action);
  } else if (action.type == "plan_verification") {
    plan_verification(next, action);
  } else if (action.type == "verify") {
    verify(next, action);
  } else if (action.type == "assess") {
    assess_step(next, action);
  } else if (action.type == "approve") {
    approve(next, action);
  } else if (action.type == "announce") {
    announce(next, action);
  } else if (action.type == "receive_rectification") {
    receive_rectification(next, action);
  } else if (action.type == "interview") {
    interview(next, action);
  } else {
    refuse(action, "'" + action.type + "' is not a campaign step");
  }
  next.actions += 1;
  logger()->debug("campaign {}: {} {} on {}", state.year, action.type, action.region,
                  action.date.to_string());
  state = std::move(next);
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
  return full;
}

std::vector<Result> campaign_results(const CampaignState& state) {
  std::vector<Submission> submissions;
  submissions.reserve(state.regions.size());
  for (const RegionRecord& record : state.regions) submissions.push_back(submission_of(state, record));
  // Before the assessment, points computed from the level below (Art. 10) have no value yet:
  // provisional results (and the risk rule of a verification plan) leave them out.
  if (state.phase < Phase::assessed) return assess_cohort_provisional(state.scheme, submissions);
  return assess_cohort(state.scheme, submissions);
}

std::vector<RegionStatus> campaign_status(const CampaignState& state, const CivilDate& as_of) {
  std::vector<RegionStatus> statuses;
  std::vector<Result> results;
  if (state.phase >= Phase::assessed) results = campaign_results(state);
  const std::string lowest = state.scheme->grading.grades.back().id;
  for (std::size_t i = 0; i < state.regions.size(); ++i) {
    const RegionRecord& record = state.regions[i];
    RegionStatus status{
        record.region.code, record.region.name, record.stage, std::nullopt, std::nullopt, false, 0};
    if (!results.empty()) status.grade = results[i].grade;
    if (state.announced_on && status.grade == lowest) {
      const CivilDate due = rectification_due(*state.announced_on);
      status.rectification_due = due;
      // Still overdue after an interview: only the report itself settles it.
      if (!record.rectification_received_on && due < as_of) {
        status.rectification_overdue = true;
        status.days_overdue = as_of.days_since_epoch() - due.days_since_epoch();
      }
    }
    statuses.push_back(std::move(status));
  }
  return statuses;
}

json region_snapshot(const CampaignState& state, const std::string& code) {
  const RegionRecord& record = state.region(code);
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
          {"verified_on", date_or_null(record.verified_on)},
          {"rectification_received_on", date_or_null(record.rectification_received_on)},
          {"interviewed_on", date_or_null(record.interviewed_on)}};
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
              {"actions", state.actions}};
  out["plan"] = state.plan ? write_plan(*state.plan) : json(nullptr);
  return out;
}

}  // namespace qa
