// A campaign state as JSON and back: as one document, or as its parts, which a campaign file
// keeps current step by step so that opening it does not replay the journal (docs/campaign.md,
// "Storage"): the campaign's own part (phase, dates, plan, scheme, region codes) rewritten by
// campaign-wide steps, and each region's record (region_snapshot) rewritten by its own steps.
// The journal stays the truth: parts that do not read back are refused.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "qualityassess/campaign.hpp"

namespace qa {

inline constexpr const char* kCampaignStateFormat = "qualityassess-campaign-state/1";

nlohmann::json write_campaign_state(const CampaignState& state);
// Throws InputError naming what is wrong with the document.
CampaignState read_campaign_state(nlohmann::json document);

// Everything but the regions' records (which are region_snapshot documents).
nlohmann::json write_campaign_part(const CampaignState& state);
// The campaign part, the regions' records in the campaign's order, and how many actions made
// the state; throws InputError naming what is wrong.
CampaignState read_campaign_parts(nlohmann::json campaign, std::vector<nlohmann::json> regions, long actions);

}  // namespace qa
