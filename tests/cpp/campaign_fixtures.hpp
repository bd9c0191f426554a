// The campaign tests' fixtures (test_campaign.cpp, test_campaign_year.cpp): a cn-2013 campaign of
// five provinces run step by step (Year), the dates of Art. 6 (kSummer, kWinter), and helpers for
// refusals (refusal(): refused, and the state left as it was), results and status.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "qualityassess/campaign.hpp"
#include "qualityassess/campaign_status.hpp"
#include "qualityassess/civil_date.hpp"
#include "test_helpers.hpp"

namespace qa::testing {

inline CivilDate day(const std::string& text) {
  const auto parsed = CivilDate::parse(text);
  if (!parsed) throw std::invalid_argument("day: bad date " + text);
  return *parsed;
}

inline Action act(const std::string& type, const std::string& region, const std::string& date,
                  const json& data = json::object(), const std::string& actor = "") {
  Action action;
  action.type = type;
  action.region = region;
  action.date = day(date);
  action.actor = actor;
  action.data = data;
  return action;
}

// cn-2013 targets, met exactly by the values below: 40 points of quality targets.
inline json cn_targets() {
  return {{"manufacturing_pass_rate", 93.0},
          {"agri_monitoring_pass_rate", 96.0},
          {"construction_acceptance_rate", 98.0}};
}

// Targets met and every measure at `level`: excellent 100 (A), good 88 (B), fair 76 (C),
// poor 58 (D), none 40 (D).
inline json cn_values(const std::string& level) {
  json values = cn_targets();
  for (const auto& id : cn2013_level_leaf_ids()) values[id] = level;
  return values;
}

struct Spec {
  std::string code;
  std::string name;
  std::string level;  // every measure self-evaluated at this level
};

// Created worst first, so that the announcement has to sort them; two grade-A regions to see
// that equal grades keep the campaign's order.
inline std::vector<Spec> default_regions() {
  return {{"620000", "甘肃省", "poor"},
          {"440000", "广东省", "excellent"},
          {"420000", "湖北省", "fair"},
          {"310000", "上海市", "good"},
          {"110000", "北京市", "excellent"}};
}

inline json region_list(const std::vector<Spec>& specs) {
  json regions = json::array();
  for (const Spec& spec : specs) regions.push_back({{"code", spec.code}, {"name", spec.name}});
  return regions;
}

inline json create_data(const json& regions, const json& year = 2019) {
  return {{"scheme", write_scheme(*cn2013())},
          {"year", year},
          {"regions", regions},
          {"title", "2019 quality work assessment"}};
}

inline Action create_action(const json& data) { return act("create", "", "2019-06-01", data, "secretariat"); }

struct Dates {
  std::string targets;
  std::string self_evaluation;
  std::string plan;
  std::string verify;
  std::string assess;
  std::string approve;
  std::string announce;
};

// The calendar of Art. 6: targets before 30 June, self-evaluation before 15 July of the next
// year, the report before the end of September.
inline const Dates kSummer{"2019-06-28", "2020-07-14", "2020-07-20", "2020-08-05",
                           "2020-08-25", "2020-09-15", "2020-09-25"};
// Announced on 31 January: the rectification report is due on 29 February 2020 (Art. 7).
inline const Dates kWinter{"2019-06-28", "2020-01-10", "2020-01-12", "2020-01-15",
                           "2020-01-20", "2020-01-25", "2020-01-31"};

inline const std::string kOverstating = "310000";  // verified lower than self-evaluated
inline const std::string kGradeD = "620000";

// A campaign being run: the state and the journal of the accepted actions.
struct Year {
  explicit Year(std::vector<Spec> regions = default_regions()) : specs(std::move(regions)) {
    journal.push_back(create_action(create_data(region_list(specs))));
    state = start_campaign(journal.front());
  }

  // Applies an action that must be accepted; returns its warnings.
  std::vector<Issue> step(const Action& action) {
    std::vector<Issue> warnings = apply_action(state, action);
    journal.push_back(action);
    return warnings;
  }

  void file_all(const std::string& date) {
    for (const Spec& spec : specs) {
      step(act("file_targets", spec.code, date, {{"targets", cn_targets()}}, spec.code + " office"));
    }
  }
  void self_evaluate_all(const std::string& date) {
    for (const Spec& spec : specs) {
      step(act("self_evaluate", spec.code, date, {{"values", cn_values(spec.level)}}, spec.code + " office"));
    }
  }
  void plan_manual(const std::vector<std::string>& codes, const std::string& date) {
    step(act("plan_verification", "", date, {{"rule", "manual"}, {"regions", codes}}, "working group"));
  }
  // On site, 310000's development plan turns out poor (self-evaluated good).
  void verify_overstating(const std::string& date) {
    step(act("verify", kOverstating, date,
             {{"values", {{"development_plan", "poor"}}},
              {"evidence", {{"development_plan", "plan drafted but never adopted"}}}},
             "working group"));
  }

  // Filed, self-evaluated, 310000 selected for verification.
  void to_verification(const Dates& dates = kSummer) {
    file_all(dates.targets);
    self_evaluate_all(dates.self_evaluation);
    plan_manual({kOverstating}, dates.plan);
  }
  void to_assessed(const Dates& dates = kSummer) {
    to_verification(dates);
    verify_overstating(dates.verify);
    step(act("assess", "", dates.assess, json::object(), "working group"));
  }
  void to_approved(const Dates& dates = kSummer) {
    to_assessed(dates);
    step(act("approve", "", dates.approve, json::object(), "State Council"));
  }
  void to_announced(const Dates& dates = kSummer) {
    to_approved(dates);
    step(act("announce", "", dates.announce, json::object(), "administration"));
  }

  std::vector<Spec> specs;
  std::vector<Action> journal;
  CampaignState state;
};

// Everything a refusal must leave untouched, as JSON.
inline json full_snapshot(const CampaignState& state) {
  json out = campaign_snapshot(state);
  out["regions"] = json::array();
  for (const RegionRecord& record : state.regions)
    out["regions"].push_back(region_snapshot(state, record.region.code));
  return out;
}

inline std::string joined(const std::vector<Issue>& issues) {
  std::string out;
  for (const Issue& issue : issues) out += issue.path + ": " + issue.message + "\n";
  return out;
}

// Applies `action`, which must be refused with an InputError; checks that the state did not
// change and returns the refusal's issues, one "path: message" a line.
inline std::string refusal(CampaignState& state, const Action& action) {
  const json before = full_snapshot(state);
  std::string out;
  try {
    apply_action(state, action);
    ADD_FAILURE() << action.type << " " << action.region << " on " << action.date.to_string()
                  << " was accepted";
  } catch (const InputError& error) {
    out = joined(error.issues());
  }
  EXPECT_EQ(full_snapshot(state), before) << "a refused " << action.type << " changed the state";
  return out;
}

inline ::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << part << "' not in:\n" << text;
}

inline const Result& result_of(const std::vector<Result>& results, const std::string& code) {
  for (const Result& result : results) {
    if (result.region.code == code) return result;
  }
  throw std::invalid_argument("no result for " + code);
}

inline std::vector<const Finding*> findings_of(const Result& result, FindingKind kind) {
  std::vector<const Finding*> out;
  for (const Finding& finding : result.findings) {
    if (finding.kind == kind) out.push_back(&finding);
  }
  return out;
}

inline const RegionStatus& status_of(const CampaignStatus& campaign, const std::string& code) {
  for (const RegionStatus& status : campaign.regions) {
    if (status.code == code) return status;
  }
  throw std::invalid_argument("no status for " + code);
}

inline json results_json(const CampaignState& state) {
  json out = json::array();
  for (const Result& result : (*campaign_results(state))) out.push_back(result.to_json());
  return out;
}

}  // namespace qa::testing
