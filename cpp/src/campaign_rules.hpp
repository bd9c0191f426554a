// What every campaign step checks, shared by the steps (campaign.cpp), the corrections
// (campaign_correction.cpp) and the status (campaign_status.cpp), so each rule is written once.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "qualityassess/campaign.hpp"
#include "value_wording.hpp"

namespace qa::detail {

[[noreturn]] void refuse(const Action& action, const std::string& message);
// The same refusal worded in English and in Chinese (Issue::message_zh).
[[noreturn]] void refuse(const Action& action, const std::string& message, const std::string& message_zh);
// "'999999' is not a region of this campaign", in both languages.
Wording not_a_region_of_this_campaign(const std::string& code);
// "'verfy' is not a campaign step", in both languages.
Wording not_a_campaign_step(const std::string& type);
void require_phase(const CampaignState& state, const Action& action, std::initializer_list<Phase> allowed);
void require_stage(const RegionRecord& record, const Action& action,
                   std::initializer_list<RegionStage> allowed);
// A typo in a step's data ("value" for "values") must be refused, not read as "nothing given".
void require_only_keys(const Action& action, std::initializer_list<const char*> allowed);
// A correction or a spot check must say why, and a correction who made it.
std::string required_text(const Action& action, const char* key);
const nlohmann::json& data_member(const Action& action, const char* key, nlohmann::json::value_t type);
RegionRecord& record_for(CampaignState& state, const Action& action);

std::optional<CivilDate> latest(std::optional<CivilDate> a, const std::optional<CivilDate>& b);

// The order of the process, for one region's dates against each other and the campaign's
// (a self-evaluation not before the targets, a verification not before the plan, a
// rectification report not before the announcement, ...). Refuses `action` naming the first
// pair out of order.
void check_region_dates(const CampaignState& state, const RegionRecord& record, const Action& action);
// The same for the campaign-wide steps: the plan after every self-evaluation, the assessment
// after every verification, approval after the assessment, the announcement after approval.
void check_campaign_dates(const CampaignState& state, const Action& action);

// What the region has filed so far, checked against the scheme as the assessment will.
void check_against_scheme(const CampaignState& state, const RegionRecord& record, const Action& action);
// Filings that hold nothing are not filings (a typo'd section name must not pass as one).
// `what` in English and Chinese: {"self-evaluation", "自评"}.
void require_some_values(const Action& action, std::initializer_list<const char*> keys, const Wording& what);

// The grade the campaign's results give a region (after the assessment).
std::optional<std::string> grade_of(const CampaignState& state, const std::string& code);
// The lowest grade of the scheme carries the Art. 7 follow-up (D in cn-2013).
bool owes_rectification(const CampaignState& state, const std::string& code);

// What a campaign text cites (docs/scheme-language.md, "Legal basis"): each deadline of the
// year, and the refusal to record a filing as not submitted before its deadline.
enum class Deadline {
  targets,
  self_evaluation,
  targets_not_submitted,
  self_evaluation_not_submitted,
  report,  // the report, its approval and the announcement
  rectification
};
// The article of the scheme's legal basis that a campaign text cites for `deadline`, the one
// place where its defaults apply: targets and self_evaluation default to `filing`, each
// *_not_submitted to its deadline's, report and rectification to none. Empty when the scheme
// declares none (a sister assessment does not cite the quality measures' Art. 6 or 7).
Text deadline_article(const Scheme& scheme, Deadline deadline);
// The same as a campaign text ends: " (Art. 6.1)" and "（第六条）"; both empty when the scheme
// cites no article for it.
Wording deadline_citation(const Scheme& scheme, Deadline deadline);

// The dates an action may carry: a year before the assessment year starts to three years after
// the report is due; anything else is a typo (2029 for 2019) rather than a date of the process.
void require_plausible_date(const CampaignState& state, const Action& action);
// The same window for the date a correction gives a step (data/date).
void require_plausible_corrected_date(const CampaignState& state, const Action& action,
                                      const CivilDate& date);

// Corrections (campaign_correction.cpp).
void correct(CampaignState& state, const Action& action);
// Which steps change what the results depend on (the results cache is kept across the others).
bool step_changes_results(const Action& action);

}  // namespace qa::detail
