#include "qualityassess/announcement.hpp"

#include <algorithm>

#include "qualityassess/errors.hpp"
#include "qualityassess/misreporting.hpp"
#include "qualityassess/ranking.hpp"

namespace qa {
namespace {

using nlohmann::json;

json text_json(const Text& text) { return {{"zh", text.zh}, {"en", text.en}}; }

json finding_json(const Finding& finding) {
  json out = {{"kind", finding_kind_name(finding.kind)}, {"detail", text_json(finding.detail)}};
  if (!finding.leaf.empty()) out["leaf"] = finding.leaf;
  if (!finding.incident.empty()) out["incident"] = finding.incident;
  if (!finding.evidence.empty()) out["evidence"] = finding.evidence;
  return out;
}

}  // namespace

Announcement build_announcement(const CampaignState& state) {
  if (state.phase < Phase::assessed) {
    throw InputError("no results yet", {{"announcement",
                                         std::string("the campaign is at phase '") + phase_name(state.phase) +
                                             "'; the results exist after the 'assess' step",
                                         std::string("本次考核处于 '") + phase_name(state.phase) +
                                             "' 阶段；'assess' 步骤之后才有考核结果"}});
  }
  Announcement out;
  out.year = state.year;
  out.scheme = state.scheme;
  out.preliminary = state.phase != Phase::announced;
  out.approved_on = state.approved_on;
  out.approved_by = state.approved_by;
  out.announced_on = state.announced_on;
  for (const Result& result : *campaign_results(state)) {
    AnnouncedRegion entry{result.region, result.grade,        result.total,
                          result.vetoed, result.consequences, std::nullopt};
    for (const ConsequenceOutcome& consequence : result.consequences) {
      if (!consequence.due_months_after_announcement() || !state.announced_on) continue;
      const CivilDate due = add_months(*state.announced_on, *consequence.due_months_after_announcement());
      if (!entry.report_due || due < *entry.report_due) entry.report_due = due;
    }
    out.regions.push_back(std::move(entry));
    CriticismEntry criticism{result.region, {}};
    for (const Finding& finding : result.findings) {
      if (is_misreporting(finding)) criticism.findings.push_back(finding);
    }
    if (!criticism.findings.empty()) out.criticised.push_back(std::move(criticism));
  }
  // The one ranking order (ranking.hpp): grade, then total, then region code.
  const Grading& grading = state.scheme->grading;
  std::vector<int> grades;
  std::vector<Fixed> totals;
  std::vector<std::string> codes;
  for (const AnnouncedRegion& entry : out.regions) {
    grades.push_back(grading.grade_index(entry.grade));
    totals.push_back(entry.total);
    codes.push_back(entry.region.code);
  }
  const Ranking ranking = rank_order(grades, totals, codes);
  std::vector<AnnouncedRegion> ranked;
  ranked.reserve(out.regions.size());
  for (const std::size_t index : ranking.order) ranked.push_back(std::move(out.regions[index]));
  out.regions = std::move(ranked);
  return out;
}

json Announcement::to_json() const {
  json grades = json::array();
  for (const GradeInfo& grade : scheme->grading.grades) {
    grades.push_back({{"id", grade.id},
                      {"label", text_json(grade.label.empty() ? Text{grade.id, grade.id} : grade.label)}});
  }
  json regions_json = json::array();
  for (const AnnouncedRegion& entry : regions) {
    json consequences = json::array();
    for (const ConsequenceOutcome& c : entry.consequences) {
      json item = {{"id", c.id()}, {"article", c.article()}, {"text", text_json(c.text())}};
      if (c.due_months_after_announcement())
        item["due_months_after_announcement"] = *c.due_months_after_announcement();
      consequences.push_back(item);
    }
    regions_json.push_back(
        {{"code", entry.region.code},
         {"name", entry.region.name},
         {"grade", entry.grade},
         {"total", entry.total.to_double()},
         {"vetoed", entry.vetoed},
         {"report_due", entry.report_due ? json(entry.report_due->to_string()) : json(nullptr)},
         {"consequences", consequences}});
  }
  json criticised_json = json::array();
  for (const CriticismEntry& entry : criticised) {
    json findings = json::array();
    for (const Finding& finding : entry.findings) findings.push_back(finding_json(finding));
    criticised_json.push_back(
        {{"code", entry.region.code}, {"name", entry.region.name}, {"findings", findings}});
  }
  return {{"year", year},
          {"scheme", scheme->id},
          {"scheme_name", text_json(scheme->name)},
          {"preliminary", preliminary},
          {"approved_on", approved_on ? json(approved_on->to_string()) : json(nullptr)},
          {"approved_by", approved_by},
          {"announced_on", announced_on ? json(announced_on->to_string()) : json(nullptr)},
          {"grades", grades},
          {"regions", regions_json},
          {"criticised", criticised_json}};
}

}  // namespace qa
