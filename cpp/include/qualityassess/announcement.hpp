// The results as they are approved and made public (Art. 6.5), with what follows from them:
// the grade-A commendation and the grade-D obligations with their due dates (Art. 7), the
// summary for the cadre management and discipline inspection authorities (Art. 8) and the
// criticism list for misreporting (Art. 9).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "qualityassess/campaign.hpp"

namespace qa {

struct AnnouncedRegion {
  Region region;
  std::string grade;
  Fixed total;
  bool vetoed = false;
  std::vector<ConsequenceOutcome> consequences;
  std::optional<CivilDate> report_due;  // the earliest consequence with a due date
};

struct CriticismEntry {
  Region region;
  std::vector<Finding> findings;  // overstated and concealed (Art. 9)
};

struct Announcement {
  int year = 0;
  SchemePtr scheme;
  bool preliminary = true;  // before the announcement step: the preliminary determination
  std::optional<CivilDate> approved_on;
  std::string approved_by;
  std::optional<CivilDate> announced_on;
  // The ranking order (rank_order, ranking.hpp): best grade first; within a grade the higher
  // total first; equal grade and total by region code.
  std::vector<AnnouncedRegion> regions;
  std::vector<CriticismEntry> criticised;

  nlohmann::json to_json() const;
};

// Available once the comprehensive assessment is done; throws InputError before.
Announcement build_announcement(const CampaignState& state);

}  // namespace qa
