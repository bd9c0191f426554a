// A whole campaign state as one JSON document and back: the snapshot a campaign file keeps so
// that opening it does not replay the journal from the start (docs/campaign.md, "Storage").
// The journal stays the truth; a snapshot that does not read back, or that disagrees with a
// replay, is refused (the storage then replays the journal).
#pragma once

#include <nlohmann/json.hpp>

#include "qualityassess/campaign.hpp"

namespace qa {

inline constexpr const char* kCampaignStateFormat = "qualityassess-campaign-state/1";

nlohmann::json write_campaign_state(const CampaignState& state);
// Throws InputError naming what is wrong with the document.
CampaignState read_campaign_state(nlohmann::json document);

}  // namespace qa
