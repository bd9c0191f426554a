#include "qualityassess/campaign_state_io.hpp"

#include "qualityassess/scheme_io.hpp"

namespace qa {
namespace {

using json = nlohmann::json;

[[noreturn]] void damaged(const std::string& where, const std::string& what) {
  throw InputError("damaged campaign state", {{where, what}});
}

const json& member(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) damaged(where + "/" + key, "missing");
  return *it;
}

std::string text_of(const json& object, const char* key, const std::string& where) {
  const json& value = member(object, key, where);
  if (!value.is_string()) damaged(where + "/" + key, "must be a string");
  return value.get<std::string>();
}

CivilDate date_of(const json& value, const std::string& where) {
  const auto date = value.is_string() ? CivilDate::parse(value.get<std::string>()) : std::nullopt;
  if (!date) damaged(where, "must be a date");
  return *date;
}

std::optional<CivilDate> optional_date(const json& object, const char* key, const std::string& where) {
  const json& value = member(object, key, where);
  if (value.is_null()) return std::nullopt;
  return date_of(value, where + "/" + key);
}

const json& typed(const json& object, const char* key, json::value_t type, const std::string& where) {
  const json& value = member(object, key, where);
  if (value.type() != type) damaged(where + "/" + key, "has the wrong type");
  return value;
}

json& typed(json& object, const char* key, json::value_t type, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) damaged(where + "/" + key, "missing");
  if (it->type() != type) damaged(where + "/" + key, "has the wrong type");
  return *it;
}

// The member itself, moved out of a document read once (a snapshot of thousands of regions).
json taken(json& object, const char* key, json::value_t type, const std::string& where) {
  return std::move(typed(object, key, type, where));
}

std::vector<Correction> read_corrections(const json& list, const std::string& where) {
  std::vector<Correction> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = where + "/" + std::to_string(i);
    if (!list[i].is_object()) damaged(at, "must be an object");
    out.push_back({date_of(member(list[i], "on", at), at + "/on"), text_of(list[i], "actor", at),
                   text_of(list[i], "step", at), text_of(list[i], "reason", at),
                   typed(list[i], "changes", json::value_t::object, at)});
  }
  return out;
}

RegionRecord read_record(json& document, const std::string& where) {
  if (!document.is_object()) damaged(where, "must be an object");
  RegionRecord record;
  const json& region = typed(document, "region", json::value_t::object, where);
  record.region.code = text_of(region, "code", where + "/region");
  record.region.name = text_of(region, "name", where + "/region");
  const auto stage = parse_stage(text_of(document, "stage", where));
  if (!stage) damaged(where + "/stage", "unknown stage");
  record.stage = *stage;
  record.targets = taken(document, "targets", json::value_t::object, where);
  record.self_evaluation = taken(document, "self_evaluation", json::value_t::object, where);
  record.verification = taken(document, "verification", json::value_t::object, where);
  record.evidence = taken(document, "evidence", json::value_t::object, where);
  record.reported_incidents = taken(document, "reported_incidents", json::value_t::array, where);
  record.found_incidents = taken(document, "found_incidents", json::value_t::array, where);
  record.lower_level = taken(document, "lower_level", json::value_t::object, where);
  for (const json& point : typed(document, "points_to_verify", json::value_t::array, where)) {
    if (!point.is_string()) damaged(where + "/points_to_verify", "must hold point ids");
    record.points_to_verify.push_back(point.get<std::string>());
  }
  record.targets_filed_on = optional_date(document, "targets_filed_on", where);
  record.self_evaluated_on = optional_date(document, "self_evaluated_on", where);
  record.targets_not_submitted_on = optional_date(document, "targets_not_submitted_on", where);
  record.self_evaluation_not_submitted_on =
      optional_date(document, "self_evaluation_not_submitted_on", where);
  record.verified_on = optional_date(document, "verified_on", where);
  record.spot_checked_on = optional_date(document, "spot_checked_on", where);
  record.spot_check_reason = text_of(document, "spot_check_reason", where);
  record.rectification_received_on = optional_date(document, "rectification_received_on", where);
  const json& interviews = typed(document, "interviews", json::value_t::array, where);
  for (std::size_t i = 0; i < interviews.size(); ++i)
    record.interviews.push_back(date_of(interviews[i], where + "/interviews/" + std::to_string(i)));
  record.corrections =
      read_corrections(typed(document, "corrections", json::value_t::array, where), where + "/corrections");
  return record;
}

VerificationPlan read_plan(const json& document) {
  VerificationPlan plan;
  plan.settings = read_plan_settings(typed(document, "settings", json::value_t::object, "/plan"));
  for (const json& entry : typed(document, "selected", json::value_t::array, "/plan")) {
    if (!entry.is_object()) damaged("/plan/selected", "must hold objects");
    PlannedRegion region;
    region.code = text_of(entry, "region", "/plan/selected");
    const json& weight = member(entry, "risk_weight", "/plan/selected");
    if (!weight.is_number()) damaged("/plan/selected/risk_weight", "must be a number");
    region.risk_weight = weight.get<double>();
    for (const json& point : typed(entry, "points", json::value_t::array, "/plan/selected")) {
      if (!point.is_string()) damaged("/plan/selected/points", "must hold point ids");
      region.points.push_back(point.get<std::string>());
    }
    plan.selected.push_back(std::move(region));
  }
  return plan;
}

void require_format(const json& document) {
  // Compared as JSON (value() threw a JSON type error, not InputError, for a "format" of 1).
  if (!document.is_object() || !document.contains("format") || document["format"] != kCampaignStateFormat)
    damaged("/format", std::string("not a ") + kCampaignStateFormat + " document");
}

// Everything but the regions.
CampaignState read_campaign_part(const json& document) {
  require_format(document);
  CampaignState state;
  state.scheme_document = typed(document, "scheme_document", json::value_t::object, "");
  state.scheme = read_scheme(state.scheme_document);
  const json& year = member(document, "year", "");
  if (!year.is_number_integer()) damaged("/year", "must be a whole number");
  // The range checked before get<int>(), which wrapped a year of 4294969315 round to 2019
  // (start_campaign checks the same way).
  const bool year_in_range =
      year.is_number_unsigned()
          ? year.get<std::uint64_t>() >= kMinAssessmentYear && year.get<std::uint64_t>() <= kMaxAssessmentYear
          : year.get<std::int64_t>() >= kMinAssessmentYear && year.get<std::int64_t>() <= kMaxAssessmentYear;
  if (!year_in_range) {
    damaged("/year", "assessment year " + year.dump() + " is outside " + std::to_string(kMinAssessmentYear) +
                         ".." + std::to_string(kMaxAssessmentYear));
  }
  state.year = year.get<int>();
  assessment_calendar(state.year);  // refuses years outside the supported range
  state.title = text_of(document, "title", "");
  state.created_on = date_of(member(document, "created_on", ""), "/created_on");
  const std::string phase = text_of(document, "phase", "");
  bool known_phase = false;
  for (Phase p : {Phase::filing, Phase::verification, Phase::assessed, Phase::approved, Phase::announced}) {
    if (phase == phase_name(p)) {
      state.phase = p;
      known_phase = true;
    }
  }
  if (!known_phase) damaged("/phase", "unknown phase '" + phase + "'");
  state.planned_on = optional_date(document, "planned_on", "");
  state.assessed_on = optional_date(document, "assessed_on", "");
  state.approved_on = optional_date(document, "approved_on", "");
  state.approved_by = text_of(document, "approved_by", "");
  state.announced_on = optional_date(document, "announced_on", "");
  state.corrections =
      read_corrections(typed(document, "corrections", json::value_t::array, ""), "/corrections");
  const json& plan = member(document, "plan", "");
  if (!plan.is_null()) state.plan = read_plan(plan);
  return state;
}

}  // namespace

json write_campaign_part(const CampaignState& state) {
  json out = campaign_snapshot(state);
  out["format"] = kCampaignStateFormat;
  out["scheme_document"] = state.scheme_document;
  json codes = json::array();
  for (const RegionRecord& record : state.regions) codes.push_back(record.region.code);
  out["region_codes"] = std::move(codes);
  return out;
}

json write_campaign_state(const CampaignState& state) {
  json out = write_campaign_part(state);
  json regions = json::array();
  for (const RegionRecord& record : state.regions)
    regions.push_back(region_snapshot(state, record.region.code));
  out["regions"] = std::move(regions);
  return out;
}

CampaignState read_campaign_parts(json campaign, std::vector<json> regions, long actions) {
  CampaignState state = read_campaign_part(campaign);
  if (actions < 1) damaged("/actions", "must be a positive count");
  state.actions = actions;
  const json& codes = typed(campaign, "region_codes", json::value_t::array, "");
  if (codes.size() != regions.size())
    damaged("/regions",
            std::to_string(regions.size()) + " regions for " + std::to_string(codes.size()) + " codes");
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const std::string where = "/regions/" + std::to_string(i);
    RegionRecord record = read_record(regions[i], where);
    if (codes[i] != record.region.code) damaged(where + "/region/code", "not the region at this place");
    if (!state.region_index.emplace(record.region.code, state.regions.size()).second)
      damaged(where, "duplicate region '" + record.region.code + "'");
    state.regions.push_back(std::move(record));
  }
  return state;
}

CampaignState read_campaign_state(json document) {
  require_format(document);
  std::vector<json> regions;
  for (json& region : typed(document, "regions", json::value_t::array, ""))
    regions.push_back(std::move(region));
  const json& actions = member(document, "actions", "");
  if (!actions.is_number_integer()) damaged("/actions", "must be a positive count");
  return read_campaign_parts(std::move(document), std::move(regions), actions.get<long>());
}

}  // namespace qa
