// One level graded under a parent, and points taken from the level below (Art. 10: provinces
// assess their prefectures and prefectures their counties, "adapted to local conditions").
#include <algorithm>

#include "qualityassess/batch.hpp"
#include "qualityassess/campaign.hpp"
#include "qualityassess/cascade.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

RegionTree small_province() {
  return RegionTree({{"990000", "示例省", "", "", "row 1"},
                     {"990100", "东川市", "", "", "row 2"},
                     {"990101", "甲县", "", "", "row 3"},
                     {"990102", "乙县", "", "", "row 4"},
                     {"990200", "西岭市", "", "", "row 5"},
                     {"990201", "丙县", "", "", "row 6"}});
}

SchemePtr county_scheme() {
  return read_scheme_file(std::string(QA_EXAMPLES_DIR) + "/schemes/shili-county-2019.json");
}
SchemePtr prefecture_scheme() {
  return read_scheme_file(std::string(QA_EXAMPLES_DIR) + "/schemes/shili-prefecture-2019.json");
}

// Full points on every point the scheme has (cn-2013's full submission, minus the points the
// province dropped and those taken from the level below).
Submission full_submission(const Scheme& scheme, const std::string& code, const std::string& name) {
  json document = full_cn2013_submission();
  document.erase("scheme");
  document["region"] = {{"code", code}, {"name", name}};
  for (const char* section : {"self_evaluation", "targets"}) {
    json kept = json::object();
    for (const auto& [id, value] : document[section].items()) {
      const int index = scheme.node_index(id);
      if (index >= 0 && !scheme.nodes[static_cast<std::size_t>(index)].from_lower_level) kept[id] = value;
    }
    document[section] = kept;
  }
  return read_submission(document);
}

Submission vetoed_submission(const Scheme& scheme, const std::string& code, const std::string& name) {
  Submission submission = full_submission(scheme, code, name);
  json document = write_submission(submission);
  document["incidents"] = json::array({incident("i-1", "2019-09-01", "regional")});
  return read_submission(document);
}

std::vector<Result> county_results(const RegionTree& tree) {
  const SchemePtr scheme = county_scheme();
  return assess_level(
             scheme, tree, {AdminLevel::county, std::nullopt},
             {full_submission(*scheme, "990101", "甲县"), vetoed_submission(*scheme, "990102", "乙县"),
              full_submission(*scheme, "990201", "丙县")},
             nullptr)
      .results;
}

Rollup counties_by_prefecture(const RegionTree& tree, const std::vector<Result>& results) {
  std::vector<const Result*> pointers;
  for (const Result& result : results) pointers.push_back(&result);
  return roll_up(tree, pointers, AdminLevel::prefecture);
}

TEST(Cascade, GradesTheSelectedLevelUnderAParentAndSkipsTheRest) {
  const RegionTree tree = small_province();
  const SchemePtr scheme = county_scheme();
  const LevelAssessment assessed =
      assess_level(scheme, tree, {AdminLevel::county, std::string("990100")},
                   {full_submission(*scheme, "990201", "丙县"), full_submission(*scheme, "990102", ""),
                    full_submission(*scheme, "990101", "甲县")},
                   nullptr);
  ASSERT_EQ(assessed.results.size(), 2u);
  EXPECT_EQ(assessed.results[0].region.code, "990101") << "results in code order";
  EXPECT_EQ(assessed.results[1].region.code, "990102");
  EXPECT_EQ(assessed.results[1].region.name, "乙县") << "a missing name is taken from the region file";
  EXPECT_EQ(assessed.skipped, std::vector<std::string>{"990201"});
  EXPECT_EQ(assessed.results[0].grade, "A");
}

TEST(Cascade, EveryProblemWithTheSubmissionsIsNamed) {
  const RegionTree tree = small_province();
  const SchemePtr scheme = county_scheme();
  const auto issues = issues_of<InputError>([&] {
    assess_level(scheme, tree, {AdminLevel::county, std::string("990100")},
                 {full_submission(*scheme, "990101", "甲县"), full_submission(*scheme, "990101", "甲县"),
                  full_submission(*scheme, "990199", "无名县"), full_submission(*scheme, "990201", "错名县")},
                 nullptr);
  });
  EXPECT_TRUE(has_issue(issues, "submission 1 (990101 甲县)", "a second submission"));
  EXPECT_TRUE(has_issue(issues, "submission 2 (990199 无名县)", "not in the region file"));
  EXPECT_TRUE(has_issue(issues, "submission 3 (990201 错名县)", "differs from the region file's '丙县'"));
  EXPECT_TRUE(has_issue(issues, "990102 乙县", "no submission"));
}

TEST(Cascade, TheParentMustLieAboveTheLevelGraded) {
  const RegionTree tree = small_province();
  const SchemePtr scheme = county_scheme();
  EXPECT_TRUE(
      has_issue(issues_of<InputError>([&] {
                  assess_level(scheme, tree, {AdminLevel::prefecture, std::string("990100")}, {}, nullptr);
                }),
                "under", "must lie below it"));
  EXPECT_TRUE(
      has_issue(issues_of<InputError>([&] {
                  assess_level(scheme, tree, {AdminLevel::county, std::string("980000")}, {}, nullptr);
                }),
                "under", "not in the region file"));
}

TEST(Cascade, ShareOfCountiesGradedAOrBFeedsThePrefecturePoint) {
  const RegionTree tree = small_province();
  const std::vector<Result> counties = county_results(tree);
  ASSERT_EQ(counties.size(), 3u);
  EXPECT_EQ(counties[1].grade, "D") << "the regional incident vetoes 乙县 (Art. 5)";
  const Rollup rollup = counties_by_prefecture(tree, counties);

  const SchemePtr scheme = prefecture_scheme();
  const LevelAssessment prefectures = assess_level(
      scheme, tree, {AdminLevel::prefecture, std::string("990000")},
      {full_submission(*scheme, "990100", "东川市"), full_submission(*scheme, "990200", "西岭市")}, &rollup);
  ASSERT_EQ(prefectures.results.size(), 2u);
  // 东川市: 1 of 2 counties A or B = 50%; proportional to the target 80%: 3.5 x 50/80 = 2.1875,
  // rounded to the scheme's 2 digits. 西岭市: 1 of 1 = 100%, capped at full points.
  EXPECT_EQ(node_points(prefectures.results[0], "county_results"), fx("2.19"));
  EXPECT_EQ(node_points(prefectures.results[1], "county_results"), fx("3.5"));
  EXPECT_EQ(leaf_outcome(prefectures.results[0], "county_results").source, InputSource::verified);
  EXPECT_EQ(prefectures.results[1].total, fx("100"));
}

TEST(Cascade, LowerLevelMeasures) {
  const RegionTree tree = small_province();
  const std::vector<Result> counties = county_results(tree);
  const Rollup rollup = counties_by_prefecture(tree, counties);
  const RollupRow& dongchuan = *rollup.find("990100");
  EXPECT_EQ(lower_level_value({LowerLevelMeasure::share_graded, {"A", "B"}}, rollup, dongchuan, "p"),
            fx("50"));
  EXPECT_EQ(lower_level_value({LowerLevelMeasure::share_graded, {"D"}}, rollup, dongchuan, "p"), fx("50"));
  EXPECT_EQ(lower_level_value({LowerLevelMeasure::lowest_total, {}}, rollup, dongchuan, "p"),
            counties[1].total);
  EXPECT_EQ(lower_level_value({LowerLevelMeasure::mean_total, {}}, rollup, dongchuan, "p"),
            *dongchuan.mean_total);
  EXPECT_TRUE(
      has_issue(issues_of<InputError>([&] {
                  lower_level_value({LowerLevelMeasure::share_graded, {"优秀"}}, rollup, dongchuan, "p");
                }),
                "point 'p'", "does not have"));
}

TEST(Cascade, ASharePerThirdIsRoundedExactlyOnce) {
  // Three counties, one graded A: 33.3333...% is rounded once, half up, to four decimals.
  const RegionTree tree({{"990000", "示例省", "", "", "r1"},
                         {"990100", "东川市", "", "", "r2"},
                         {"990101", "甲县", "", "", "r3"},
                         {"990102", "乙县", "", "", "r4"},
                         {"990103", "丙县", "", "", "r5"}});
  const SchemePtr scheme = county_scheme();
  const std::vector<Result> counties =
      assess_level(scheme, tree, {AdminLevel::county, std::nullopt},
                   {full_submission(*scheme, "990101", "甲县"), vetoed_submission(*scheme, "990102", "乙县"),
                    vetoed_submission(*scheme, "990103", "丙县")},
                   nullptr)
          .results;
  const Rollup rollup = counties_by_prefecture(tree, counties);
  EXPECT_EQ(lower_level_value({LowerLevelMeasure::share_graded, {"A"}}, rollup, *rollup.find("990100"), "p"),
            fx("33.3333"));
  EXPECT_EQ(lower_level_value({LowerLevelMeasure::share_graded, {"D"}}, rollup, *rollup.find("990100"), "p"),
            fx("66.6667"));
}

TEST(Cascade, ComputedPointsAreNeverFiledAndNeedTheWholeLevelBelow) {
  const RegionTree tree = small_province();
  const SchemePtr scheme = prefecture_scheme();
  std::vector<Submission> prefectures = {full_submission(*scheme, "990100", "东川市"),
                                         full_submission(*scheme, "990200", "西岭市")};
  const LevelSelection selection{AdminLevel::prefecture, std::string("990000")};

  EXPECT_TRUE(
      has_issue(issues_of<InputError>([&] { assess_level(scheme, tree, selection, prefectures, nullptr); }),
                "/points/county_results", "takes its value from the level below"));

  const std::vector<Result> counties = county_results(tree);
  const Rollup rollup = counties_by_prefecture(tree, counties);
  std::vector<Submission> filed = prefectures;
  filed[0].self_evaluation["county_results"] = 90;
  EXPECT_TRUE(has_issue(issues_of<InputError>([&] { assess_level(scheme, tree, selection, filed, &rollup); }),
                        "submission 0 (990100 东川市), point 'county_results'", "leave it out"));

  // 乙县 not graded yet: 东川市's share cannot be computed.
  const std::vector<const Result*> partial = {&counties[0], &counties[2]};
  const Rollup incomplete = roll_up(tree, partial, AdminLevel::prefecture);
  EXPECT_TRUE(has_issue(
      issues_of<InputError>([&] { assess_level(scheme, tree, selection, prefectures, &incomplete); }),
      "submission 0 (990100 东川市), point 'county_results'", "1 of the 2 counties"));

  // Counties rolled up to the province do not describe the prefectures.
  std::vector<const Result*> all = {&counties[0], &counties[1], &counties[2]};
  const Rollup to_province = roll_up(tree, all, AdminLevel::province);
  EXPECT_TRUE(has_issue(
      issues_of<InputError>([&] { assess_level(scheme, tree, selection, prefectures, &to_province); }),
      "lower", "rolled up to the provinces"));
}

TEST(Cascade, WithoutItsLowerLevelValueAPointIsRefusedNotScoredAsMissing) {
  // Scoring 'county_results' as missing would cost the prefecture 3.5 points silently.
  const SchemePtr scheme = prefecture_scheme();
  const Submission submission = full_submission(*scheme, "990100", "东川市");
  EXPECT_TRUE(has_issue(issues_of<InputError>([&] { assess(scheme, submission); }),
                        "/self_evaluation/county_results", "computed from the results of the level below"));

  // The same in the columnar batch, which must agree with the single path.
  BatchInputs nothing_given;
  nothing_given.regions = 2;
  nothing_given.year = 2019;
  EvaluationPlan plan(scheme);
  const auto issues = plan.check(nothing_given);
  const auto is_lower = [](const BatchIssue& issue) { return issue.column == "county_results.self"; };
  EXPECT_EQ(std::count_if(issues.begin(), issues.end(), is_lower), 2) << "one per region";

  // Given (as assess_level supplies it), it is scored like any target value.
  Submission supplied = submission;
  supplied.self_evaluation["county_results"] = 40;
  supplied.verification["county_results"] = 40;
  EXPECT_EQ(node_points(assess(scheme, supplied), "county_results"), fx("1.75"));
}

// ---- a campaign over prefectures (Art. 10 with Art. 6) ----------------------------------------

Action step(const std::string& type, const std::string& region, const std::string& date,
            const json& data = json::object()) {
  Action action;
  action.type = type;
  action.region = region;
  action.date = *CivilDate::parse(date);
  action.data = data;
  return action;
}

// Two prefectures filed and self-evaluated, nothing selected for verification.
CampaignState prefecture_campaign() {
  const SchemePtr scheme = prefecture_scheme();
  CampaignState state = start_campaign(step(
      "create", "", "2019-06-01",
      {{"scheme", write_scheme(*scheme)},
       {"year", 2019},
       {"regions", {{{"code", "990100"}, {"name", "东川市"}}, {{"code", "990200"}, {"name", "西岭市"}}}}}));
  for (const auto& [code, name] :
       {std::pair<std::string, std::string>{"990100", "东川市"}, {"990200", "西岭市"}}) {
    const json filed = write_submission(full_submission(*scheme, code, name));
    apply_action(state, step("file_targets", code, "2019-06-28", {{"targets", filed["targets"]}}));
    apply_action(state, step("self_evaluate", code, "2020-07-14", {{"values", filed["self_evaluation"]}}));
  }
  apply_action(state,
               step("plan_verification", "", "2020-07-20", {{"rule", "manual"}, {"regions", json::array()}}));
  return state;
}

std::vector<std::string> refused(CampaignState& state, const Action& action) {
  std::vector<std::string> places;
  for (const Issue& issue : issues_of<InputError>([&] { apply_action(state, action); }))
    places.push_back(issue.path);
  EXPECT_EQ(state.phase, Phase::verification) << "a refused assessment changed the phase";
  return places;
}

TEST(CascadeCampaign, TheAssessmentStepCarriesTheValuesFromTheLevelBelow) {
  CampaignState state = prefecture_campaign();
  EXPECT_EQ((*campaign_results(state))[0].total, fx("96.5"))
      << "provisional: without county_results (3.5 points)";

  const auto missing = refused(state, step("assess", "", "2020-08-20"));
  EXPECT_EQ(missing, (std::vector<std::string>{"data/lower_level/990100", "data/lower_level/990200"}));
  const json bad = {{"990100", {{"county_results", "high"}}},
                    {"990200", {{"county_results", 100}, {"brand_strategy", 3}}},
                    {"990300", {{"county_results", 50}}}};
  const auto places = refused(state, step("assess", "", "2020-08-20", {{"lower_level", bad}}));
  EXPECT_EQ(places,
            (std::vector<std::string>{"data/lower_level/990300", "data/lower_level/990100/county_results",
                                      "data/lower_level/990200/brand_strategy"}));
  const auto out_of_range = refused(
      state,
      step("assess", "", "2020-08-20",
           {{"lower_level", {{"990100", {{"county_results", 120}}}, {"990200", {{"county_results", 50}}}}}}));
  EXPECT_EQ(out_of_range, (std::vector<std::string>{"990100 /self_evaluation/county_results",
                                                    "990100 /verification/county_results"}));

  apply_action(
      state,
      step("assess", "", "2020-08-20",
           {{"lower_level", {{"990100", {{"county_results", 50}}}, {"990200", {{"county_results", 100}}}}}}));
  const std::vector<Result> results = *campaign_results(state);
  EXPECT_EQ(node_points(results[0], "county_results"), fx("2.19"));
  EXPECT_EQ(node_points(results[1], "county_results"), fx("3.5"));
  EXPECT_EQ(results[1].total, fx("100"));
}

TEST(CascadeCampaign, ASchemeWithoutSuchPointsTakesNoValues) {
  const SchemePtr scheme = county_scheme();
  CampaignState state = start_campaign(step("create", "", "2019-06-01",
                                            {{"scheme", write_scheme(*scheme)},
                                             {"year", 2019},
                                             {"regions", {{{"code", "990101"}, {"name", "甲县"}}}}}));
  const json filed = write_submission(full_submission(*scheme, "990101", "甲县"));
  apply_action(state, step("file_targets", "990101", "2019-06-28", {{"targets", filed["targets"]}}));
  apply_action(state, step("self_evaluate", "990101", "2020-07-14", {{"values", filed["self_evaluation"]}}));
  apply_action(state,
               step("plan_verification", "", "2020-07-20", {{"rule", "manual"}, {"regions", json::array()}}));
  const auto issues = issues_of<InputError>([&] {
    apply_action(state, step("assess", "", "2020-08-20", {{"lower_level", {{"990101", {{"x", 1}}}}}}));
  });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].message.find("takes no point from the level below"), std::string::npos)
      << issues[0].message;
}

}  // namespace
}  // namespace qa::testing
