// Where a campaign stands on a given day: each deadline of the year (Art. 6.1 targets, 6.2
// self-evaluation, 6.5 the report to the State Council, 7 the grade-D rectification report),
// met, met late, pending or overdue, and each region's position with its filing dates.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "qualityassess/campaign.hpp"

namespace qa {

enum class DeadlineState { met, late, pending, overdue };
const char* deadline_state_name(DeadlineState state);

struct DeadlineStatus {
  std::string id;       // "targets", "self_evaluation", "report", "approval", "announcement", "rectification"
  std::string article;  // the scheme's (campaign_rules.hpp, deadline_article), "Art. 6.1"; "" when none
  CivilDate due;
  std::optional<CivilDate> done_on;
  DeadlineState state = DeadlineState::pending;
  long days_late = 0;  // done late by, or overdue by on the day asked
  // A deadline of every region summed up: how many regions are in each state (by
  // DeadlineState); the state is then the worst of any and days_late the most of any.
  std::optional<std::array<long, 4>> regions;
};

// One deadline over several regions (each region's own, same due date): the worst state
// (overdue, late, pending, met) and the most days late of any, with the count in each state.
DeadlineStatus summed_deadline(const std::vector<DeadlineStatus>& per_region);

// A deadline on `as_of`: met or late once done, pending or overdue before.
DeadlineStatus deadline_status(std::string id, std::string article, const CivilDate& due,
                               const std::optional<CivilDate>& done_on, const CivilDate& as_of);

struct RegionStatus {
  std::string code;
  std::string name;
  RegionStage stage = RegionStage::registered;
  std::optional<std::string> grade;  // from the assessment on
  DeadlineStatus targets;
  DeadlineStatus self_evaluation;
  bool targets_not_submitted = false;
  bool self_evaluation_not_submitted = false;
  bool spot_checked = false;
  std::optional<DeadlineStatus> rectification;  // lowest grade, once announced (Art. 7)
  std::vector<CivilDate> interviews;
  std::size_t corrections = 0;
};

struct CampaignStatus {
  Phase phase = Phase::filing;
  CivilDate as_of;
  // Every deadline of the year: targets (Art. 6.1) and self-evaluations (Art. 6.2) summed over
  // the regions; the comprehensive assessment reported, approved and announced by the end of
  // September (Art. 6.5); the lowest grade's rectification reports (Art. 7) once announced.
  std::vector<DeadlineStatus> deadlines;
  std::vector<RegionStatus> regions;
};

CampaignStatus campaign_status(const CampaignState& state, const CivilDate& as_of);

nlohmann::json deadline_json(const DeadlineStatus& deadline);
nlohmann::json status_json(const CampaignStatus& status);

}  // namespace qa
