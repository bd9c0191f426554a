// Corrections: an office that recorded a step with a wrong date or wrong values corrects it with
// a step of its own, saying who corrects what and why. The journal is never edited: replaying it
// applies the step and then its correction, and every output can show both.
#include <algorithm>

#include "campaign_rules.hpp"
#include "qualityassess/campaign.hpp"

namespace qa::detail {
namespace {

using json = nlohmann::json;

CivilDate corrected_date(const CampaignState& state, const Action& action) {
  const auto it = action.data.find("date");
  if (it == action.data.end() || !it->is_string())
    refuse(action, "data/date: the corrected date is needed", "data/date：需要填写更正后的日期");
  const auto date = CivilDate::parse(it->get<std::string>());
  if (!date) {
    const Wording wording = not_a_date(it->get<std::string>());
    refuse(action, "data/date: " + wording.en, "data/date：" + wording.zh);
  }
  // The date a correction gives a step is held to the same window as a step's own date
  // (a corrected date of 2029 for 2019 was accepted, the typo the window exists to catch).
  require_plausible_corrected_date(state, action, *date);
  return *date;
}

// A date field of a step that was taken: the correction moves it.
void move_date(const CampaignState& state, const Action& action, std::optional<CivilDate>& field,
               const char* name, Correction& correction) {
  if (!action.data.contains("date")) return;
  if (!field)
    refuse(action, std::string("there is no ") + name + " to correct", std::string("没有可更正的 ") + name);
  const CivilDate to = corrected_date(state, action);
  if (to == *field)
    refuse(action, std::string("data/date: ") + name + " is " + to.to_string() + " already",
           std::string("data/date：") + name + " 已经是 " + to.to_string());
  correction.changes[name] = {{"from", field->to_string()}, {"to", to.to_string()}};
  field = to;
}

// "data/targets: targets holds these values already": a correction that would change nothing.
[[noreturn]] void refuse_unchanged(const Action& action, const std::string& key, const char* name) {
  refuse(action, "data/" + key + ": " + name + " holds these values already",
         "data/" + key + "：" + name + " 已是这些数值");
}

// A data section of a region's filing: the correction replaces it whole.
void replace_section(const Action& action, const char* key, json& field, const char* name, json::value_t type,
                     Correction& correction) {
  const auto it = action.data.find(key);
  if (it == action.data.end()) return;
  if (it->type() != type) {
    const Wording wording = data_must_be(key, type == json::value_t::array);
    refuse(action, wording.en, wording.zh);
  }
  if (*it == field) refuse_unchanged(action, key, name);
  correction.changes[name] = {{"from", field}, {"to", *it}};
  field = *it;
}

json marked_incidents(const json& incidents, bool reported) {
  json out = json::array();
  for (json incident : incidents) {
    if (incident.is_object()) incident["reported_in_self_evaluation"] = reported;
    out.push_back(incident);
  }
  return out;
}

// Incidents are compared and recorded as the campaign keeps them, marked reported (by the
// self-evaluation) or not (found by verification); compared unmarked, the very incidents held
// passed as a change and a correction that changed nothing was recorded.
void replace_incidents(const Action& action, json& field, const char* name, bool reported,
                       Correction& correction) {
  const auto it = action.data.find("incidents");
  if (it == action.data.end()) return;
  if (!it->is_array()) {
    const Wording wording = data_must_be("incidents", true);
    refuse(action, wording.en, wording.zh);
  }
  json marked = marked_incidents(*it, reported);
  if (marked == field) refuse_unchanged(action, "incidents", name);
  correction.changes[name] = {{"from", field}, {"to", marked}};
  field = std::move(marked);
}

// A correction replaces what a step recorded; it does not record a step never taken (values
// for a region that never filed them, or a verification of a region neither drawn nor spot
// checked, which bypassed spot_check).
void require_taken(const Action& action, const std::optional<CivilDate>& taken, const std::string& step,
                   std::initializer_list<const char*> sections) {
  if (taken) return;
  for (const char* key : sections) {
    if (action.data.contains(key))
      refuse(action, "there is no " + step + " step to correct", "没有可更正的 " + step + " 步骤");
  }
}

// The dates out of order may be the moved one and one after it ("self-evaluation dated
// 2020-07-20, before the targets filed on 2020-07-21" when the targets moved), so the pair alone
// does not say which the correction moved: the refusal names it first.
void check_dates_naming_the_move(const CampaignState& state, const Action& action, const Correction& c) {
  try {
    check_campaign_dates(state, action);
  } catch (const InputError& error) {
    std::string moved;
    std::string moved_zh;
    for (auto it = c.changes.begin(); it != c.changes.end(); ++it) {
      if (it->contains("to") && (*it)["to"].is_string()) {
        moved = it.key() + " moved to " + (*it)["to"].get<std::string>() + ": ";
        moved_zh = it.key() + " 改为 " + (*it)["to"].get<std::string>() + "：";
      }
    }
    std::vector<Issue> issues = error.issues();
    for (Issue& issue : issues) {
      issue.message = moved + issue.message;
      if (!issue.message_zh.empty()) issue.message_zh = moved_zh + issue.message_zh;
    }
    throw InputError("refused", issues);
  }
}

// The region steps: which fields each may correct, and in which phases the data still counts.
void correct_region_step(CampaignState& state, const Action& action, const std::string& step, Correction& c) {
  RegionRecord& record = record_for(state, action);
  RegionRecord updated = record;
  bool data_changed = false;
  if (step == "file_targets") {
    require_phase(state, action, {Phase::filing, Phase::verification});
    require_only_keys(action, {"step", "reason", "date", "targets"});
    move_date(state, action, updated.targets_filed_on, "targets_filed_on", c);
    require_taken(action, updated.targets_filed_on, step, {"targets"});
    replace_section(action, "targets", updated.targets, "targets", json::value_t::object, c);
    data_changed = true;
  } else if (step == "self_evaluate") {
    require_phase(state, action, {Phase::filing, Phase::verification});
    require_only_keys(action, {"step", "reason", "date", "values", "incidents"});
    move_date(state, action, updated.self_evaluated_on, "self_evaluated_on", c);
    require_taken(action, updated.self_evaluated_on, step, {"values", "incidents"});
    replace_section(action, "values", updated.self_evaluation, "self_evaluation", json::value_t::object, c);
    replace_incidents(action, updated.reported_incidents, "reported_incidents", true, c);
    data_changed = true;
  } else if (step == "verify") {
    require_phase(state, action, {Phase::verification});
    require_only_keys(action, {"step", "reason", "date", "values", "evidence", "incidents"});
    move_date(state, action, updated.verified_on, "verified_on", c);
    require_taken(action, updated.verified_on, step, {"values", "evidence", "incidents"});
    replace_section(action, "values", updated.verification, "verification", json::value_t::object, c);
    replace_section(action, "evidence", updated.evidence, "evidence", json::value_t::object, c);
    replace_incidents(action, updated.found_incidents, "found_incidents", false, c);
    data_changed = true;
  } else if (step == "spot_check") {
    require_phase(state, action, {Phase::verification});
    require_only_keys(action, {"step", "reason", "date"});
    move_date(state, action, updated.spot_checked_on, "spot_checked_on", c);
  } else if (step == "receive_rectification") {
    require_phase(state, action, {Phase::announced});
    require_only_keys(action, {"step", "reason", "date"});
    move_date(state, action, updated.rectification_received_on, "rectification_received_on", c);
  } else {  // interview: the last one, unless data/interview names which (1 = the first)
    require_phase(state, action, {Phase::announced});
    require_only_keys(action, {"step", "reason", "date", "interview"});
    if (updated.interviews.empty()) refuse(action, "there is no interview to correct", "没有可更正的约谈");
    // A number checked as one (data.value() threw a JSON type error for "1", not a refusal).
    long which = static_cast<long>(updated.interviews.size());
    if (const auto given = action.data.find("interview"); given != action.data.end()) {
      if (!given->is_number_integer())
        refuse(action, "data/interview must be the number of an interview (1 = the first)",
               "data/interview 应为约谈的序号（1 为第一次）");
      which = given->get<long>();
    }
    if (which < 1 || which > static_cast<long>(updated.interviews.size()))
      refuse(action, "data/interview: there are " + std::to_string(updated.interviews.size()) + " interviews",
             "data/interview：共有 " + std::to_string(updated.interviews.size()) + " 次约谈");
    std::optional<CivilDate> date = updated.interviews[static_cast<std::size_t>(which - 1)];
    move_date(state, action, date, "interview", c);
    updated.interviews[static_cast<std::size_t>(which - 1)] = *date;
  }
  if (c.changes.empty())
    refuse(action, "nothing to correct: give data/date or the values to replace",
           "没有需要更正的内容：请填写 data/date 或要替换的数值");
  // The whole campaign's order, not only the region's: a self-evaluation moved after the
  // verification plan was accepted, leaving a plan dated before it and every later campaign-wide
  // step refused. The corrected record is put in place for the check and taken out on refusal.
  std::swap(record, updated);
  try {
    check_dates_naming_the_move(state, action, c);
    if (data_changed) check_against_scheme(state, record, action);
  } catch (...) {
    std::swap(record, updated);
    throw;
  }
  record.corrections.push_back(c);
}

void correct_campaign_step(CampaignState& state, const Action& action, const std::string& step,
                           Correction& c) {
  if (!action.region.empty())
    refuse(action, "'" + step + "' is a step of the whole campaign: give no region",
           "'" + step + "' 是整个考核的步骤：不应指明地区");
  require_only_keys(action, {"step", "reason", "date"});
  std::optional<CivilDate>* field = nullptr;
  const char* name = nullptr;  // as the campaign's snapshot names the date
  if (step == "plan_verification") {
    require_phase(state, action, {Phase::verification});
    field = &state.planned_on, name = "planned_on";
  } else if (step == "assess") {
    require_phase(state, action, {Phase::assessed});
    field = &state.assessed_on, name = "assessed_on";
  } else if (step == "approve") {
    require_phase(state, action, {Phase::approved});
    field = &state.approved_on, name = "approved_on";
  } else {
    require_phase(state, action, {Phase::announced});
    field = &state.announced_on, name = "announced_on";
  }
  const std::optional<CivilDate> before = *field;
  move_date(state, action, *field, name, c);
  if (c.changes.empty())
    refuse(action, "nothing to correct: give data/date", "没有需要更正的内容：请填写 data/date");
  try {
    check_dates_naming_the_move(state, action, c);
  } catch (...) {
    *field = before;
    throw;
  }
  state.corrections.push_back(c);
}

}  // namespace

void correct(CampaignState& state, const Action& action) {
  static const std::vector<std::string> region_steps = {"file_targets", "self_evaluate",         "verify",
                                                        "spot_check",   "receive_rectification", "interview"};
  static const std::vector<std::string> campaign_steps = {"plan_verification", "assess", "approve",
                                                          "announce"};
  const auto step = action.data.find("step");
  const std::string which = step != action.data.end() && step->is_string() ? step->get<std::string>() : "";
  Correction correction;
  correction.on = action.date;
  correction.step = which;
  correction.reason = required_text(action, "reason");
  // Blank as required_text() has it (an actor of "\n" passed as someone).
  if (action.actor.find_first_not_of(" \t\r\n") == std::string::npos)
    refuse(action, "actor: a correction records who made it", "actor：更正应记录更正人");
  correction.actor = action.actor;
  if (std::find(region_steps.begin(), region_steps.end(), which) != region_steps.end()) {
    correct_region_step(state, action, which, correction);
  } else if (std::find(campaign_steps.begin(), campaign_steps.end(), which) != campaign_steps.end()) {
    correct_campaign_step(state, action, which, correction);
  } else {
    const std::string steps =
        "file_targets, self_evaluate, verify, spot_check, receive_rectification, interview, "
        "plan_verification, assess, approve, announce";
    refuse(action, "data/step: '" + which + "' cannot be corrected (" + steps + ")",
           "data/step：'" + which + "' 不能更正（可更正：" + steps + "）");
  }
}

}  // namespace qa::detail
