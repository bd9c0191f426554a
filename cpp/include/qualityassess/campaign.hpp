// One assessment year as it is run (Art. 3, 6, 7, 9): targets filed, self-evaluations, the
// verification plan and on-site verification, the comprehensive assessment, approval, the
// announcement and the grade-D follow-up.
//
// The campaign is a pure state machine: a state and an action give a new state, or a refusal
// that says why. The journal of actions is the truth; replaying it gives the state, so the
// storage (a SQLite file, in the Python package) only has to keep the actions safely.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qualityassess/civil_date.hpp"
#include "qualityassess/result.hpp"
#include "qualityassess/scheme.hpp"
#include "qualityassess/submission.hpp"
#include "qualityassess/verification_plan.hpp"

namespace qa {

// The whole campaign moves through these phases in order.
enum class Phase { filing, verification, assessed, approved, announced };
const char* phase_name(Phase phase);

// Where one region stands.
enum class RegionStage {
  registered,
  targets_filed,
  self_evaluated,
  selected,  // chosen for on-site verification, not yet verified
  verified,
  not_selected,  // not chosen for on-site verification
  assessed,
  approved,
  announced,
  rectification_received,  // grade D only
  interviewed,             // grade D only
};
const char* stage_name(RegionStage stage);

struct RegionRecord {
  Region region;
  RegionStage stage = RegionStage::registered;
  nlohmann::json targets = nlohmann::json::object();
  nlohmann::json self_evaluation = nlohmann::json::object();
  nlohmann::json verification = nlohmann::json::object();
  nlohmann::json evidence = nlohmann::json::object();
  nlohmann::json reported_incidents = nlohmann::json::array();  // with the self-evaluation
  nlohmann::json found_incidents = nlohmann::json::array();     // by verification, unreported
  // Values of points computed from the level below (Art. 10), given with the assessment step.
  nlohmann::json lower_level = nlohmann::json::object();
  // The first filing counts for lateness (Art. 6.1, 6.2); amendments keep it.
  std::optional<CivilDate> targets_filed_on;
  std::optional<CivilDate> self_evaluated_on;
  std::optional<CivilDate> verified_on;
  std::optional<CivilDate> rectification_received_on;
  std::optional<CivilDate> interviewed_on;
  std::vector<std::string> points_to_verify;  // from the verification plan
};

// One journal entry: what was done, to which region (empty for campaign-wide steps), on which
// date (the date the step counts as taken, e.g. when a filing arrived), by whom.
struct Action {
  std::string type;
  std::string region;
  CivilDate date;
  std::string actor;
  nlohmann::json data = nlohmann::json::object();
};

// Throws InputError naming the field at fault.
Action read_action(const nlohmann::json& document);
Action read_action_text(std::string_view json_text);  // parsed under json_document.hpp's limits
nlohmann::json write_action(const Action& action);

struct CampaignState {
  SchemePtr scheme;
  nlohmann::json scheme_document;
  int year = 0;
  std::string title;
  CivilDate created_on;
  Phase phase = Phase::filing;
  std::vector<RegionRecord> regions;  // in the order given at creation
  std::map<std::string, std::size_t> region_index;
  std::optional<VerificationPlan> plan;
  std::optional<CivilDate> planned_on;
  std::optional<CivilDate> assessed_on;
  std::optional<CivilDate> approved_on;
  std::string approved_by;
  std::optional<CivilDate> announced_on;
  long actions = 0;  // how many actions have been applied

  const RegionRecord& region(const std::string& code) const;  // throws InputError when unknown
};

// The state a "create" action starts; throws InputError for a bad scheme, year or region list.
CampaignState start_campaign(const Action& create);
// Applies one action to `state` in place, or throws InputError (the refusal) leaving `state`
// as it was.
void apply_action(CampaignState& state, const Action& action);
// Replays a journal: the first action must be "create".
CampaignState replay(const std::vector<Action>& journal);

// The submission the campaign holds for a region: targets, self-evaluation, verification,
// incidents, filing dates and evidence.
Submission submission_of(const CampaignState& state, const RegionRecord& record);
// Every region assessed together (available from the verification phase on; before the
// assessment step the results are provisional, without the points computed from the level
// below, Art. 10).
std::vector<Result> campaign_results(const CampaignState& state);

// A region's position on `as_of`, with the grade-D follow-up worked out (Art. 7).
struct RegionStatus {
  std::string code;
  std::string name;
  RegionStage stage = RegionStage::registered;
  std::optional<std::string> grade;
  std::optional<CivilDate> rectification_due;
  bool rectification_overdue = false;
  long days_overdue = 0;
};
std::vector<RegionStatus> campaign_status(const CampaignState& state, const CivilDate& as_of);

// Snapshots for the journal's before/after columns and for export.
nlohmann::json region_snapshot(const CampaignState& state, const std::string& code);
nlohmann::json campaign_snapshot(const CampaignState& state);

}  // namespace qa
