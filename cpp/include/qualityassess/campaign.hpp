// One assessment year as it is run (Art. 3, 6, 7, 9): targets filed, self-evaluations (or a
// region recorded as not submitting), the verification plan, on-site verification and spot
// checks, the comprehensive assessment, approval, the announcement and the grade-D follow-up;
// corrections of any of these, recorded with who made them and why.
//
// The campaign is a state machine: an action applied to a state changes it in place, or is
// refused with an InputError saying why and leaves the state exactly as it was. The journal of
// actions is the truth; replaying it gives the state, so the storage (a SQLite file, in the
// Python package) only has to keep the actions safely. Applying an action costs time in the size
// of what it touches (one region for a region's step), never a copy of the whole campaign, so a
// year of N regions replays in time linear in N (docs/campaign.md, "Scale").
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qualityassess/civil_date.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/result.hpp"
#include "qualityassess/scheme.hpp"
#include "qualityassess/submission.hpp"
#include "qualityassess/verification_plan.hpp"

namespace qa {

// The whole campaign moves through these phases in order.
enum class Phase { filing, verification, assessed, approved, announced };
const char* phase_name(Phase phase);

// Where one region stands in the process. What happened on the way (late filings, a spot check,
// a self-evaluation never submitted) is kept in the record beside the stage.
enum class RegionStage {
  registered,
  targets_filed,
  self_evaluated,
  not_submitted,  // recorded after the self-evaluation deadline as not submitted (Art. 6.2)
  selected,       // to be verified on site (drawn by the plan, or a spot check), not yet verified
  verified,
  not_selected,  // not chosen for on-site verification
  assessed,
  approved,
  announced,
  rectification_received,  // lowest grade only (Art. 7)
  interviewed,             // lowest grade only (Art. 7)
};
const char* stage_name(RegionStage stage);
std::optional<RegionStage> parse_stage(const std::string& name);

// One correction: what was changed, from what to what, by whom and why. Kept with the region
// (or the campaign, for campaign-wide steps) so every output can say what was corrected.
struct Correction {
  CivilDate on;
  std::string actor;
  std::string step;  // the step corrected, e.g. "file_targets"
  std::string reason;
  nlohmann::json changes = nlohmann::json::object();  // field -> {"from": ..., "to": ...}
};

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
  // The first filing counts for lateness (Art. 6.1, 6.2); amendments keep it, a correction
  // changes it.
  std::optional<CivilDate> targets_filed_on;
  std::optional<CivilDate> self_evaluated_on;
  // Recorded as not submitted once the deadline had passed; cleared by a late filing.
  std::optional<CivilDate> targets_not_submitted_on;
  std::optional<CivilDate> self_evaluation_not_submitted_on;
  std::optional<CivilDate> verified_on;      // the last verification visit
  std::optional<CivilDate> spot_checked_on;  // selected outside the plan (Art. 6.3 抽查)
  std::string spot_check_reason;
  std::optional<CivilDate> rectification_received_on;  // the first report counts for lateness
  std::vector<CivilDate> interviews;                   // every interview, in order
  std::vector<std::string> points_to_verify;           // from the plan or the spot check
  std::vector<Correction> corrections;
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

// The results of every region, worked out once and kept until an action changes what they
// depend on. Copying a state starts with an empty cache (a copy may be changed on its own).
class ResultsCache {
 public:
  ResultsCache() = default;
  ResultsCache(const ResultsCache&) {}
  // Assigning empties the cache, itself included (bugprone-unhandled-self-assignment).
  // NOLINTNEXTLINE(bugprone-unhandled-self-assignment)
  ResultsCache& operator=(const ResultsCache&) {
    clear();
    return *this;
  }
  std::shared_ptr<const std::vector<Result>> get() const;
  void set(std::shared_ptr<const std::vector<Result>> results) const;
  void clear() const;

 private:
  mutable std::mutex mutex_;
  mutable std::shared_ptr<const std::vector<Result>> results_;
};

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
  std::vector<Correction> corrections;  // of campaign-wide steps
  long actions = 0;                     // how many actions have been applied
  ResultsCache results_cache;

  const RegionRecord& region(const std::string& code) const;  // throws InputError when unknown
};

// The state a "create" action starts; throws InputError for a bad scheme, year or region list.
CampaignState start_campaign(const Action& create);
// Applies one action to `state` in place and returns its warnings (a deadline missed: the step
// is recorded all the same), or throws InputError (the refusal) leaving `state` as it was.
std::vector<Issue> apply_action(CampaignState& state, const Action& action);
// Replays a journal: the first action must be "create".
CampaignState replay(const std::vector<Action>& journal);

// The submission the campaign holds for a region: targets, self-evaluation, verification,
// incidents, filing dates and evidence.
Submission submission_of(const CampaignState& state, const RegionRecord& record);
// Every region assessed together (available from the verification phase on; before the
// assessment step the results are provisional, without the points computed from the level
// below, Art. 10). Worked out once per state and kept until an action changes them.
std::shared_ptr<const std::vector<Result>> campaign_results(const CampaignState& state);

// Snapshots for the journal's before/after columns and for export.
nlohmann::json region_snapshot(const CampaignState& state, const std::string& code);
nlohmann::json campaign_snapshot(const CampaignState& state);

}  // namespace qa
