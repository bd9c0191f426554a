// What counts as misreporting (Art. 9: concealment or false reporting, 瞒报、谎报): the one
// decision behind the announcement's criticism list (announcement.cpp), the roll-up's
// misreporting column (rollup.cpp) and Campaign.misreporting() (bound as
// _core.is_misreporting). Finding the overstatements and concealments is the assessment's
// (assess.cpp, plan.hpp); this decides which findings are misreporting.
#pragma once

#include "qualityassess/result.hpp"
#include "qualityassess/scheme.hpp"

namespace qa {

// An overstated point (self-evaluated points above the verified beyond the scheme's tolerance)
// or a concealed incident; missing values, late filings and non-submission are not.
constexpr bool is_misreporting(FindingKind kind) {
  return kind == FindingKind::overstated || kind == FindingKind::concealed;
}

inline bool is_misreporting(const Finding& finding) { return is_misreporting(finding.kind); }

}  // namespace qa
