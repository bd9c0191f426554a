#include "qualityassess/campaign_status.hpp"

#include <algorithm>

#include "campaign_rules.hpp"

namespace qa {
namespace {

using json = nlohmann::json;

long days_between(const CivilDate& from, const CivilDate& to) {
  return to.days_since_epoch() - from.days_since_epoch();
}

// A deadline's article as the status gives it, one string ("Art. 6.1"; the scheme's English,
// else its Chinese): "" when the scheme cites none.
std::string article(const CampaignState& state, detail::Deadline deadline) {
  return detail::deadline_article(*state.scheme, deadline).in(Lang::en);
}

RegionStatus region_status(const CampaignState& state, const RegionRecord& record,
                           const AssessmentCalendar& calendar, const CivilDate& as_of) {
  RegionStatus status;
  status.code = record.region.code;
  status.name = record.region.name;
  status.stage = record.stage;
  status.targets = deadline_status("targets", article(state, detail::Deadline::targets), calendar.targets_due,
                                   record.targets_filed_on, as_of);
  status.self_evaluation =
      deadline_status("self_evaluation", article(state, detail::Deadline::self_evaluation),
                      calendar.self_evaluation_due, record.self_evaluated_on, as_of);
  status.targets_not_submitted = record.targets_not_submitted_on.has_value();
  status.self_evaluation_not_submitted = record.self_evaluation_not_submitted_on.has_value();
  status.spot_checked = record.spot_checked_on.has_value();
  status.interviews = record.interviews;
  status.corrections = record.corrections.size();
  status.grade = detail::grade_of(state, record.region.code);
  if (state.announced_on && detail::owes_rectification(state, record.region.code)) {
    // Still overdue after an interview: only the report itself settles it; a late report stays
    // late.
    status.rectification = deadline_status("rectification", article(state, detail::Deadline::rectification),
                                           calendar.rectification_due(*state.announced_on),
                                           record.rectification_received_on, as_of);
  }
  return status;
}

}  // namespace

const char* deadline_state_name(DeadlineState state) {
  switch (state) {
    case DeadlineState::met:
      return "met";
    case DeadlineState::late:
      return "late";
    case DeadlineState::pending:
      return "pending";
    case DeadlineState::overdue:
      return "overdue";
  }
  return "pending";
}

DeadlineStatus deadline_status(std::string id, std::string article, const CivilDate& due,
                               const std::optional<CivilDate>& done_on, const CivilDate& as_of) {
  DeadlineStatus out{std::move(id), std::move(article), due, done_on, DeadlineState::pending, 0,
                     std::nullopt};
  if (done_on) {
    out.days_late = std::max(0L, days_between(due, *done_on));
    out.state = out.days_late > 0 ? DeadlineState::late : DeadlineState::met;
  } else if (due < as_of) {
    out.days_late = days_between(due, as_of);
    out.state = DeadlineState::overdue;
  }
  return out;
}

DeadlineStatus summed_deadline(const std::vector<DeadlineStatus>& per_region) {
  DeadlineStatus out = per_region.front();
  out.done_on.reset();
  out.days_late = 0;
  out.regions = std::array<long, 4>{};
  for (const DeadlineStatus& deadline : per_region) {
    ++(*out.regions)[static_cast<std::size_t>(deadline.state)];
    out.days_late = std::max(out.days_late, deadline.days_late);
  }
  out.state = DeadlineState::met;
  for (DeadlineState worst : {DeadlineState::overdue, DeadlineState::late, DeadlineState::pending}) {
    if ((*out.regions)[static_cast<std::size_t>(worst)] > 0) {
      out.state = worst;
      break;
    }
  }
  return out;
}

CampaignStatus campaign_status(const CampaignState& state, const CivilDate& as_of) {
  const AssessmentCalendar calendar = state.scheme->calendar(state.year);
  const std::string report = article(state, detail::Deadline::report);
  CampaignStatus status;
  status.phase = state.phase;
  status.as_of = as_of;
  status.regions.reserve(state.regions.size());
  for (const RegionRecord& record : state.regions)
    status.regions.push_back(region_status(state, record, calendar, as_of));
  std::vector<DeadlineStatus> targets, self_evaluations, rectifications;
  for (const RegionStatus& region : status.regions) {
    targets.push_back(region.targets);
    self_evaluations.push_back(region.self_evaluation);
    if (region.rectification) rectifications.push_back(*region.rectification);
  }
  status.deadlines = {
      summed_deadline(targets), summed_deadline(self_evaluations),
      deadline_status("report", report, calendar.report_due, state.assessed_on, as_of),
      deadline_status("approval", report, calendar.report_due, state.approved_on, as_of),
      deadline_status("announcement", report, calendar.report_due, state.announced_on, as_of)};
  if (!rectifications.empty()) status.deadlines.push_back(summed_deadline(rectifications));
  return status;
}

json deadline_json(const DeadlineStatus& deadline) {
  json out = {{"deadline", deadline.id},
              {"article", deadline.article},
              {"due", deadline.due.to_string()},
              {"done_on", deadline.done_on ? json(deadline.done_on->to_string()) : json(nullptr)},
              {"state", deadline_state_name(deadline.state)},
              {"days_late", deadline.days_late},
              {"regions", nullptr}};
  if (deadline.regions) {
    out["regions"] = json::object();
    for (DeadlineState state :
         {DeadlineState::met, DeadlineState::late, DeadlineState::pending, DeadlineState::overdue})
      out["regions"][deadline_state_name(state)] = (*deadline.regions)[static_cast<std::size_t>(state)];
  }
  return out;
}

json status_json(const CampaignStatus& status) {
  json deadlines = json::array();
  for (const DeadlineStatus& deadline : status.deadlines) deadlines.push_back(deadline_json(deadline));
  json regions = json::array();
  for (const RegionStatus& region : status.regions) {
    json interviews = json::array();
    for (const CivilDate& date : region.interviews) interviews.push_back(date.to_string());
    regions.push_back(
        {{"region", region.code},
         {"name", region.name},
         {"stage", stage_name(region.stage)},
         {"grade", region.grade ? json(*region.grade) : json(nullptr)},
         {"targets", deadline_json(region.targets)},
         {"self_evaluation", deadline_json(region.self_evaluation)},
         {"targets_not_submitted", region.targets_not_submitted},
         {"self_evaluation_not_submitted", region.self_evaluation_not_submitted},
         {"spot_checked", region.spot_checked},
         {"rectification", region.rectification ? deadline_json(*region.rectification) : json(nullptr)},
         {"interviews", interviews},
         {"corrections", region.corrections}});
  }
  return {{"phase", phase_name(status.phase)},
          {"as_of", status.as_of.to_string()},
          {"deadlines", deadlines},
          {"regions", regions}};
}

}  // namespace qa
