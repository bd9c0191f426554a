// The yearly campaign as a state machine (Art. 3, 6, 7, 9): every step's happy path and its
// refusals (a refusal leaves the state as it was), late filings (Art. 6.1, 6.2), on-site
// verification (Art. 6.3), the veto (Art. 5), replaying the journal, the grade-D follow-up
// (Art. 7) and the announcement (Art. 6.5, 7, 9).
#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "campaign_fixtures.hpp"
#include "qualityassess/announcement.hpp"

namespace qa::testing {
namespace {

std::vector<std::string> codes_of(const Announcement& announcement) {
  std::vector<std::string> codes;
  for (const AnnouncedRegion& entry : announcement.regions) codes.push_back(entry.region.code);
  return codes;
}

// ---- start_campaign -------------------------------------------------------------------------

TEST(CampaignStart, StartsInFilingWithEveryRegionRegistered) {
  const Year year;
  const CampaignState& state = year.state;
  EXPECT_EQ(state.phase, Phase::filing);
  EXPECT_EQ(state.year, 2019);
  EXPECT_EQ(state.title, "2019 quality work assessment");
  EXPECT_EQ(state.scheme->id, "cn-2013");
  EXPECT_EQ(state.created_on, day("2019-06-01"));
  EXPECT_EQ(state.actions, 1);
  ASSERT_EQ(state.regions.size(), 5u);
  for (std::size_t i = 0; i < state.regions.size(); ++i) {
    EXPECT_EQ(state.regions[i].region.code, year.specs[i].code);  // the order given
    EXPECT_EQ(state.regions[i].region.name, year.specs[i].name);
    EXPECT_EQ(state.regions[i].stage, RegionStage::registered);
    EXPECT_EQ(state.region_index.at(year.specs[i].code), i);
  }
  EXPECT_EQ(state.region("420000").region.name, "湖北省");
  EXPECT_THROW(state.region("999999"), InputError);
  EXPECT_FALSE(state.plan.has_value());
  const json snapshot = campaign_snapshot(state);
  EXPECT_EQ(snapshot["phase"], "filing");
  EXPECT_EQ(snapshot["actions"], 1);
  EXPECT_TRUE(snapshot["plan"].is_null());
  EXPECT_TRUE(snapshot["assessed_on"].is_null());
}

TEST(CampaignStart, RefusesDuplicateRegionCodes) {
  const json regions = json::array({{{"code", "420000"}}, {{"code", "110000"}}, {{"code", "420000"}}});
  const auto issues = issues_of<InputError>([&] { start_campaign(create_action(create_data(regions))); });
  EXPECT_TRUE(has_issue(issues, "/data/regions/2/code", "duplicate region '420000'")) << joined(issues);
  EXPECT_EQ(issues.size(), 1u);
}

TEST(CampaignStart, RefusesAnEmptyOrMissingRegionList) {
  auto issues = issues_of<InputError>([&] { start_campaign(create_action(create_data(json::array()))); });
  EXPECT_TRUE(has_issue(issues, "/data/regions", "needs at least one region")) << joined(issues);
  json no_regions = create_data(json::array());
  no_regions.erase("regions");
  issues = issues_of<InputError>([&] { start_campaign(create_action(no_regions)); });
  EXPECT_TRUE(has_issue(issues, "/data/regions", "needs at least one region")) << joined(issues);
}

TEST(CampaignStart, RefusesRegionsWithoutACode) {
  const json regions =
      json::array({{{"name", "湖北省"}}, {{"code", ""}}, {{"code", "110000"}, {"capital", "x"}}});
  const auto issues = issues_of<InputError>([&] { start_campaign(create_action(create_data(regions))); });
  EXPECT_TRUE(has_issue(issues, "/data/regions/0/code", "is required")) << joined(issues);
  EXPECT_TRUE(has_issue(issues, "/data/regions/1/code", "must not be empty")) << joined(issues);
  EXPECT_TRUE(has_issue(issues, "/data/regions/2/capital", "unknown key")) << joined(issues);
}

TEST(CampaignStart, RefusesABadYear) {
  const json regions = region_list(default_regions());
  for (int bad : {1999, 2201}) {
    const auto issues =
        issues_of<InputError>([&] { start_campaign(create_action(create_data(regions, bad))); });
    EXPECT_TRUE(has_issue(issues, "/year", "outside 2000..2200")) << bad << "\n" << joined(issues);
  }
  // Beyond int: refused, not wrapped round to 2019.
  for (const json& huge : {json(std::int64_t{4294969315}), json(std::uint64_t{4294969315}),
                           json(std::uint64_t{9223372036854777827u})}) {
    const auto issues =
        issues_of<InputError>([&] { start_campaign(create_action(create_data(regions, huge))); });
    EXPECT_TRUE(has_issue(issues, "/year", "assessment year " + huge.dump() + " is outside 2000..2200"))
        << joined(issues);
  }
  EXPECT_EQ(start_campaign(create_action(create_data(regions, 2000))).year, 2000);
  EXPECT_EQ(start_campaign(create_action(create_data(regions, 2200))).year, 2200);
  for (const json& bad : {json("2019"), json(2019.5), json(nullptr)}) {
    const auto issues =
        issues_of<InputError>([&] { start_campaign(create_action(create_data(regions, bad))); });
    EXPECT_TRUE(contains(joined(issues), "data/year must be a whole number")) << bad;
  }
}

TEST(CampaignStart, TheTitleIsText) {
  json data = create_data(region_list(default_regions()));
  data["title"] = 2019;
  auto issues = issues_of<InputError>([&] { start_campaign(create_action(data)); });
  EXPECT_TRUE(contains(joined(issues), "create: data/title must be a string"));
  data["title"] = nullptr;
  issues = issues_of<InputError>([&] { start_campaign(create_action(data)); });
  EXPECT_TRUE(contains(joined(issues), "data/title must be a string"));
  data.erase("title");
  EXPECT_EQ(start_campaign(create_action(data)).title, "");
}

TEST(CampaignStart, ABadSchemeIsASchemeError) {
  json data = create_data(region_list(default_regions()));
  data["scheme"].erase("nodes");
  EXPECT_THROW(start_campaign(create_action(data)), SchemeError);
  data["scheme"] = json::object();
  EXPECT_THROW(start_campaign(create_action(data)), SchemeError);
  data["scheme"] = write_scheme(*cn2013());
  data["scheme"]["grading"]["bands"][0]["min"] = "ninety";
  EXPECT_THROW(start_campaign(create_action(data)), SchemeError);
}

TEST(CampaignStart, OnlyACreateStepStartsACampaign) {
  Action wrong = create_action(create_data(region_list(default_regions())));
  wrong.type = "file_targets";
  const auto issues = issues_of<InputError>([&] { start_campaign(wrong); });
  EXPECT_TRUE(contains(joined(issues), "a campaign starts with a 'create' step"));
  Year year;
  EXPECT_TRUE(contains(refusal(year.state, year.journal.front()), "the campaign exists already"));
}

// ---- read_action / write_action -------------------------------------------------------------

TEST(CampaignActions, ReadAndWriteBack) {
  const json document = {{"type", "verify"},
                         {"region", "420000"},
                         {"date", "2020-08-05"},
                         {"actor", "working group"},
                         {"data", {{"values", {{"development_plan", "fair"}}}}}};
  const Action action = read_action(document);
  EXPECT_EQ(action.type, "verify");
  EXPECT_EQ(action.region, "420000");
  EXPECT_EQ(action.date, day("2020-08-05"));
  EXPECT_EQ(action.actor, "working group");
  EXPECT_EQ(action.data, document["data"]);
  EXPECT_EQ(write_action(action), document);

  const Action wide = read_action({{"type", "assess"}, {"date", "2020-08-25"}});
  EXPECT_TRUE(wide.region.empty());
  EXPECT_TRUE(wide.actor.empty());
  EXPECT_EQ(wide.data, json::object());
  const json written = write_action(wide);
  EXPECT_FALSE(written.contains("region"));
  EXPECT_EQ(written["date"], "2020-08-25");
}

TEST(CampaignActions, RefusesAnUnknownType) {
  const auto issues = issues_of<InputError>([] {
    read_action({{"type", "launch"}, {"date", "2020-08-25"}});
  });
  EXPECT_TRUE(has_issue(issues, "/type", "'launch' is not a campaign step")) << joined(issues);
  // Every step of the campaign is known.
  for (const char* type : {"create", "file_targets", "self_evaluate", "plan_verification", "verify", "assess",
                           "approve", "announce", "receive_rectification", "interview"}) {
    EXPECT_EQ(read_action({{"type", type}, {"date", "2020-08-25"}}).type, type);
  }
}

TEST(CampaignActions, RefusesABadDate) {
  for (const char* bad : {"2019-02-30", "20190630", "2019-6-30", ""}) {
    const auto issues = issues_of<InputError>([&] { read_action({{"type", "assess"}, {"date", bad}}); });
    EXPECT_TRUE(has_issue(issues, "/date", "")) << bad << "\n" << joined(issues);
  }
  auto issues = issues_of<InputError>([] { read_action({{"type", "assess"}, {"date", "2019-02-30"}}); });
  EXPECT_TRUE(has_issue(issues, "/date", "'2019-02-30' is not a date (YYYY-MM-DD)")) << joined(issues);
  issues = issues_of<InputError>([] { read_action({{"type", "assess"}}); });
  EXPECT_TRUE(has_issue(issues, "/date", "is required")) << joined(issues);
  issues = issues_of<InputError>([] { read_action({{"type", "assess"}, {"date", 20190630}}); });
  EXPECT_TRUE(has_issue(issues, "/date", "must be a string")) << joined(issues);
}

TEST(CampaignActions, RefusesUnknownKeysAndBadShapes) {
  auto issues = issues_of<InputError>([] {
    read_action({{"type", "verify"}, {"regoin", "420000"}, {"date", "2020-08-05"}});
  });
  EXPECT_TRUE(has_issue(issues, "/regoin", "unknown key 'regoin'")) << joined(issues);
  issues = issues_of<InputError>([] { read_action({{"date", "2020-08-05"}}); });
  EXPECT_TRUE(has_issue(issues, "/type", "is required")) << joined(issues);
  issues = issues_of<InputError>([] {
    read_action({{"type", "assess"}, {"date", "2020-08-05"}, {"data", 3}});
  });
  EXPECT_TRUE(has_issue(issues, "/data", "must be an object")) << joined(issues);
  EXPECT_THROW(read_action(json::array()), InputError);
  // Every problem at once.
  issues = issues_of<InputError>([] { read_action({{"type", "launch"}, {"date", "x"}, {"extra", 1}}); });
  EXPECT_EQ(issues.size(), 3u) << joined(issues);
}

// ---- the happy path ---------------------------------------------------------------------------

TEST(CampaignSteps, AWholeYearStepByStep) {
  Year year;
  CampaignState& state = year.state;

  year.step(act("file_targets", "420000", "2019-06-28", {{"targets", cn_targets()}}, "hubei office"));
  EXPECT_EQ(state.region("420000").stage, RegionStage::targets_filed);
  EXPECT_EQ(state.region("420000").targets, cn_targets());
  EXPECT_EQ(state.region("420000").targets_filed_on, day("2019-06-28"));
  EXPECT_EQ(state.region("110000").stage, RegionStage::registered);
  EXPECT_EQ(state.actions, 2);
  // Targets may be filed again while the region has not self-evaluated: the later values count,
  // the first filing date stays (a correction after 30 June does not make a filing late).
  json corrected = cn_targets();
  corrected["manufacturing_pass_rate"] = 94.0;
  year.step(act("file_targets", "420000", "2019-07-29", {{"targets", corrected}}));
  EXPECT_EQ(state.region("420000").targets, corrected);
  EXPECT_EQ(state.region("420000").targets_filed_on, day("2019-06-28"));
  year.step(act("file_targets", "420000", "2019-06-29", {{"targets", cn_targets()}}));

  year.step(act("self_evaluate", "420000", "2020-07-10", {{"values", cn_values("good")}}));
  EXPECT_EQ(state.region("420000").stage, RegionStage::self_evaluated);
  EXPECT_EQ(state.region("420000").self_evaluation, cn_values("good"));
  EXPECT_EQ(state.region("420000").self_evaluated_on, day("2020-07-10"));
  // A second self-evaluation replaces the first; the first date counts for lateness.
  year.step(act("self_evaluate", "420000", "2020-07-12", {{"values", cn_values("fair")}}));
  EXPECT_EQ(state.region("420000").self_evaluation, cn_values("fair"));
  EXPECT_EQ(state.region("420000").self_evaluated_on, day("2020-07-10"));
  EXPECT_EQ(state.phase, Phase::filing);

  for (const Spec& spec : year.specs) {
    if (spec.code == "420000") continue;
    year.step(act("file_targets", spec.code, "2019-06-28", {{"targets", cn_targets()}}));
    year.step(act("self_evaluate", spec.code, "2020-07-14", {{"values", cn_values(spec.level)}}));
  }
  year.plan_manual({"420000", kOverstating}, "2020-07-20");
  EXPECT_EQ(state.phase, Phase::verification);
  ASSERT_TRUE(state.plan.has_value());
  EXPECT_TRUE(state.plan->selects("420000"));
  EXPECT_FALSE(state.plan->selects("110000"));
  EXPECT_EQ(state.region("420000").stage, RegionStage::selected);
  EXPECT_EQ(state.region(kOverstating).stage, RegionStage::selected);
  EXPECT_EQ(state.region("110000").stage, RegionStage::not_selected);
  EXPECT_EQ(state.region("420000").points_to_verify, cn2013_leaf_ids());  // points 0: every point
  EXPECT_TRUE(state.region("110000").points_to_verify.empty());
  EXPECT_EQ(campaign_snapshot(state)["plan"]["settings"]["rule"], "manual");

  year.step(
      act("verify", "420000", "2020-08-01", {{"values", {{"development_plan", "fair"}}}}, "working group"));
  EXPECT_EQ(state.region("420000").stage, RegionStage::verified);
  EXPECT_EQ(state.region("420000").verified_on, day("2020-08-01"));
  year.verify_overstating("2020-08-05");

  year.step(act("assess", "", "2020-08-25", json::object(), "working group"));
  EXPECT_EQ(state.phase, Phase::assessed);
  EXPECT_EQ(state.assessed_on, day("2020-08-25"));
  for (const RegionRecord& record : state.regions) EXPECT_EQ(record.stage, RegionStage::assessed);

  year.step(act("approve", "", "2020-09-15", json::object(), "State Council"));
  EXPECT_EQ(state.phase, Phase::approved);
  EXPECT_EQ(state.approved_on, day("2020-09-15"));
  EXPECT_EQ(state.approved_by, "State Council");
  for (const RegionRecord& record : state.regions) EXPECT_EQ(record.stage, RegionStage::approved);

  year.step(act("announce", "", "2020-09-25", json::object(), "administration"));
  EXPECT_EQ(state.phase, Phase::announced);
  EXPECT_EQ(state.announced_on, day("2020-09-25"));
  for (const RegionRecord& record : state.regions) EXPECT_EQ(record.stage, RegionStage::announced);

  year.step(act("receive_rectification", kGradeD, "2020-10-20", {{"summary", "measures and a deadline"}}));
  EXPECT_EQ(state.region(kGradeD).stage, RegionStage::rectification_received);
  EXPECT_EQ(state.region(kGradeD).rectification_received_on, day("2020-10-20"));
  year.step(act("interview", kGradeD, "2020-11-10", {{"insufficient", true}, {"reason", "falls short"}}));
  EXPECT_EQ(state.region(kGradeD).stage, RegionStage::interviewed);
  EXPECT_EQ(state.region(kGradeD).interviews, std::vector<CivilDate>{day("2020-11-10")});
  EXPECT_EQ(state.phase, Phase::announced);

  EXPECT_EQ(state.actions, static_cast<long>(year.journal.size()));
  const json snapshot = region_snapshot(state, kGradeD);
  EXPECT_EQ(snapshot["stage"], "interviewed");
  EXPECT_EQ(snapshot["rectification_received_on"], "2020-10-20");
  EXPECT_EQ(snapshot["interviews"], json::array({"2020-11-10"}));
  EXPECT_EQ(snapshot["targets_filed_on"], "2019-06-28");
  EXPECT_TRUE(snapshot["verified_on"].is_null());
  const json campaign = campaign_snapshot(state);
  EXPECT_EQ(campaign["phase"], "announced");
  EXPECT_EQ(campaign["assessed_on"], "2020-08-25");
  EXPECT_EQ(campaign["approved_on"], "2020-09-15");
  EXPECT_EQ(campaign["approved_by"], "State Council");
  EXPECT_EQ(campaign["announced_on"], "2020-09-25");
}

// ---- refusals -----------------------------------------------------------------------------------

TEST(CampaignRefusals, FilingStepsOnlyInTheFilingPhase) {
  Year year;
  year.to_verification();
  const std::string wrong_phase = "the campaign is at phase 'verification'; this step needs 'filing'";
  EXPECT_TRUE(
      contains(refusal(year.state, act("file_targets", "110000", "2020-07-21", {{"targets", cn_targets()}})),
               wrong_phase));
  EXPECT_TRUE(contains(
      refusal(year.state, act("self_evaluate", "110000", "2020-07-21", {{"values", cn_values("good")}})),
      wrong_phase));
  EXPECT_TRUE(contains(refusal(year.state, act("plan_verification", "", "2020-07-21", {{"rule", "all"}})),
                       wrong_phase));
}

// The refusals a clerk meets most are worded in Chinese too (Issue::message_zh): the CLI shows
// its --lang, zh by default.
std::string refusal_zh(CampaignState& state, const Action& action) {
  try {
    apply_action(state, action);
  } catch (const InputError& error) {
    std::string out;
    for (const Issue& issue : error.issues()) out += issue.path + ": " + issue.message_zh + "\n";
    return out;
  }
  return "(accepted)";
}

TEST(CampaignRefusals, InChineseToo) {
  Year year;
  CampaignState& state = year.state;
  EXPECT_EQ(refusal_zh(state, act("assess", "", "2020-08-25")),
            "assess: 本次考核处于 'filing' 阶段；此步骤需在 'verification' 阶段进行\n");
  EXPECT_EQ(refusal_zh(state, act("file_targets", "999999", "2019-06-28", {{"targets", cn_targets()}})),
            "999999 file_targets: '999999' 不是本次考核的地区\n");
  EXPECT_EQ(refusal_zh(state, act("file_targets", "", "2019-06-28", {{"targets", cn_targets()}})),
            "file_targets: 此步骤需要指明地区\n");
  EXPECT_EQ(refusal_zh(state, act("file_targets", "110000", "2019-06-28", {{"target", cn_targets()}})),
            "110000 file_targets: data/target：未知的键 'target'\n");
  EXPECT_EQ(refusal_zh(state, act("file_targets", "110000", "2019-06-28")),
            "110000 file_targets: 空的目标备案不予记录：data/targets 中没有内容\n");
  EXPECT_TRUE(contains(refusal_zh(state, act("plan_verification", "", "2020-07-21", {{"rule", "all"}})),
                       "plan_verification: 尚未收到 "));
  year.to_verification();
  EXPECT_EQ(refusal_zh(state, act("verify", kOverstating, "2020-07-19",
                                  {{"values", {{"development_plan", "fair"}}}})),
            std::string(kOverstating) + " verify: 日期为 2020-07-19，早于核查计划的日期 2020-07-20\n");
}

// Corrections are refused in Chinese too.
TEST(CampaignRefusals, CorrectionsInChineseToo) {
  Year year;
  CampaignState& state = year.state;
  year.file_all("2019-06-28");
  const auto fix = [](const json& extra, const std::string& actor = "records office") {
    json data = {{"step", "file_targets"}, {"reason", "typo in the pass rate"}};
    data.update(extra);
    return act("correct", "420000", "2019-07-10", data, actor);
  };
  EXPECT_EQ(refusal_zh(state, fix({{"targets", cn_targets()}})),
            "420000 correct: data/targets：targets 已是这些数值\n");
  EXPECT_EQ(refusal_zh(state, fix({{"date", "2019-02-30"}})),
            "420000 correct: data/date：'2019-02-30' 不是日期（应为 YYYY-MM-DD）\n");
  EXPECT_EQ(refusal_zh(state, fix({{"date", "2019-06-28"}})),
            "420000 correct: data/date：targets_filed_on 已经是 2019-06-28\n");
  EXPECT_EQ(refusal_zh(state, fix(json::object())),
            "420000 correct: 没有需要更正的内容：请填写 data/date 或要替换的数值\n");
  EXPECT_EQ(refusal_zh(state, fix({{"date", "2019-06-27"}}, " ")),
            "420000 correct: actor：更正应记录更正人\n");
  EXPECT_EQ(refusal_zh(state, fix({{"step", "self_evaluate"}, {"values", cn_values("good")}})),
            "420000 correct: 没有可更正的 self_evaluate 步骤\n");
  EXPECT_TRUE(
      contains(refusal_zh(state, fix({{"step", "create"}})), "data/step：'create' 不能更正（可更正："));
  EXPECT_EQ(refusal_zh(state, fix({{"step", "assess"}, {"date", "2020-08-25"}})),
            "420000 correct: 'assess' 是整个考核的步骤：不应指明地区\n");
  // A date moved out of order names the move in Chinese as well.
  year.step(act("self_evaluate", "420000", "2020-07-14", {{"values", cn_values("good")}}));
  const std::string moved = refusal_zh(
      state, act("correct", "420000", "2020-07-21",
                 {{"step", "self_evaluate"}, {"reason", "date stamp misread"}, {"date", "2019-06-27"}},
                 "records office"));
  EXPECT_TRUE(contains(moved, "420000 correct: self_evaluated_on 改为 2019-06-27：")) << moved;
  EXPECT_TRUE(contains(moved, "2019-06-28")) << moved;
}

TEST(CampaignRefusals, StepsOutOfPhase) {
  Year year;
  CampaignState& state = year.state;
  EXPECT_TRUE(contains(refusal(state, act("verify", "420000", "2020-08-01")),
                       "phase 'filing'; this step needs 'verification'"));
  EXPECT_TRUE(contains(refusal(state, act("assess", "", "2020-08-25")),
                       "phase 'filing'; this step needs 'verification'"));
  EXPECT_TRUE(contains(refusal(state, act("approve", "", "2020-09-01")),
                       "phase 'filing'; this step needs 'assessed'"));
  EXPECT_TRUE(contains(refusal(state, act("announce", "", "2020-09-01")),
                       "phase 'filing'; this step needs 'approved'"));
  EXPECT_TRUE(contains(refusal(state, act("receive_rectification", kGradeD, "2020-10-01")),
                       "phase 'filing'; this step needs 'announced'"));
  EXPECT_TRUE(contains(refusal(state, act("interview", kGradeD, "2020-12-01")),
                       "phase 'filing'; this step needs 'announced'"));
  EXPECT_TRUE(contains(refusal(state, act("launch", "", "2020-12-01")), "'launch' is not a campaign step"));

  year.to_assessed();
  EXPECT_TRUE(contains(refusal(state, act("assess", "", "2020-08-26")),
                       "phase 'assessed'; this step needs 'verification'"));
  EXPECT_TRUE(contains(refusal(state, act("verify", kOverstating, "2020-08-26")),
                       "phase 'assessed'; this step needs 'verification'"));
  EXPECT_TRUE(contains(refusal(state, act("announce", "", "2020-09-25")),
                       "phase 'assessed'; this step needs 'approved'"));
  year.step(act("approve", "", "2020-09-15"));
  EXPECT_TRUE(contains(refusal(state, act("approve", "", "2020-09-16")),
                       "phase 'approved'; this step needs 'assessed'"));
  EXPECT_TRUE(contains(refusal(state, act("receive_rectification", kGradeD, "2020-10-01")),
                       "phase 'approved'; this step needs 'announced'"));
  year.step(act("announce", "", "2020-09-25"));
  EXPECT_TRUE(contains(refusal(state, act("announce", "", "2020-09-26")),
                       "phase 'announced'; this step needs 'approved'"));
}

TEST(CampaignRefusals, UnknownOrMissingRegion) {
  Year year;
  CampaignState& state = year.state;
  const std::string unknown = "'999999' is not a region of this campaign";
  EXPECT_TRUE(
      contains(refusal(state, act("file_targets", "999999", "2019-06-28", {{"targets", cn_targets()}})),
               "999999 file_targets: " + unknown));
  EXPECT_TRUE(contains(refusal(state, act("self_evaluate", "999999", "2020-07-14")), unknown));
  EXPECT_TRUE(contains(refusal(state, act("file_targets", "", "2019-06-28", {{"targets", cn_targets()}})),
                       "file_targets: this step needs a region"));
  year.to_verification();
  EXPECT_TRUE(contains(refusal(state, act("verify", "999999", "2020-08-05")), unknown));
  EXPECT_TRUE(contains(refusal(state, act("verify", "", "2020-08-05")), "this step needs a region"));
  year.verify_overstating("2020-08-05");
  year.step(act("assess", "", "2020-08-25"));
  year.step(act("approve", "", "2020-09-15"));
  year.step(act("announce", "", "2020-09-25"));
  EXPECT_TRUE(contains(refusal(state, act("receive_rectification", "999999", "2020-10-01")), unknown));
  EXPECT_TRUE(contains(refusal(state, act("interview", "999999", "2020-12-01")), unknown));
}

TEST(CampaignRefusals, SelfEvaluationBeforeTargets) {
  Year year;
  EXPECT_TRUE(contains(
      refusal(year.state, act("self_evaluate", "420000", "2020-07-14", {{"values", cn_values("good")}})),
      "420000 self_evaluate: the region is at stage 'registered'; this step needs 'targets_filed' or "
      "'self_evaluated'"));
}

TEST(CampaignRefusals, TargetsCannotBeRefiledAfterTheSelfEvaluation) {
  Year year;
  year.step(act("file_targets", "420000", "2019-06-28", {{"targets", cn_targets()}}));
  year.step(act("self_evaluate", "420000", "2020-07-14", {{"values", cn_values("good")}}));
  EXPECT_TRUE(
      contains(refusal(year.state, act("file_targets", "420000", "2020-07-15", {{"targets", cn_targets()}})),
               "stage 'self_evaluated'; this step needs 'registered' or 'targets_filed'"));
}

TEST(CampaignRefusals, ValuesAreCheckedAgainstTheScheme) {
  Year year;
  year.step(act("file_targets", "420000", "2019-06-28", {{"targets", cn_targets()}}));
  json values = cn_values("good");
  values["brand_strategy"] = "superb";
  const std::string why =
      refusal(year.state, act("self_evaluate", "420000", "2020-07-14", {{"values", values}}));
  EXPECT_TRUE(contains(why, "420000 /self_evaluation/brand_strategy: 'superb' is not a level")) << why;
  EXPECT_TRUE(contains(
      refusal(year.state, act("file_targets", "420000", "2019-06-28", {{"targets", {{"no_such_point", 1}}}})),
      "no_such_point"));
  EXPECT_TRUE(
      contains(refusal(year.state, act("self_evaluate", "420000", "2020-07-14", {{"values", "good"}})),
               "data/values must be an object"));
  EXPECT_TRUE(
      contains(refusal(year.state, act("self_evaluate", "420000", "2020-07-14",
                                       {{"values", cn_values("good")}, {"incidents", {{"id", "x"}}}})),
               "data/incidents must be an array"));
}

TEST(CampaignRefusals, PlanNeedsEverySelfEvaluation) {
  Year year;
  year.file_all("2019-06-28");
  for (const Spec& spec : year.specs) {
    if (spec.code == "420000" || spec.code == "110000") continue;
    year.step(act("self_evaluate", spec.code, "2020-07-14", {{"values", cn_values(spec.level)}}));
  }
  EXPECT_TRUE(contains(refusal(year.state, act("plan_verification", "", "2020-07-20", {{"rule", "all"}})),
                       "plan_verification: no self-evaluation yet from 420000, 110000"));
  year.step(act("self_evaluate", "420000", "2020-07-14", {{"values", cn_values("fair")}}));
  EXPECT_TRUE(contains(refusal(year.state, act("plan_verification", "", "2020-07-20", {{"rule", "all"}})),
                       "no self-evaluation yet from 110000 (a region that does not submit by the deadline is "
                       "recorded with 'not_submitted')\n"));
  year.step(act("self_evaluate", "110000", "2020-07-14", {{"values", cn_values("excellent")}}));
  year.step(act("plan_verification", "", "2020-07-20", {{"rule", "all"}}));
  EXPECT_EQ(year.state.phase, Phase::verification);
}

TEST(CampaignRefusals, PlanSettingsAreChecked) {
  Year year;
  year.file_all("2019-06-28");
  year.self_evaluate_all("2020-07-14");
  EXPECT_TRUE(contains(refusal(year.state, act("plan_verification", "", "2020-07-20",
                                               {{"rule", "manual"}, {"regions", {"420000", "999999"}}})),
                       "'999999' is not a region of this campaign"));
  EXPECT_THROW(apply_action(year.state, act("plan_verification", "", "2020-07-20", {{"rule", "lottery"}})),
               InputError);
  EXPECT_THROW(apply_action(year.state, act("plan_verification", "", "2020-07-20", {{"rule", "manual"}})),
               InputError);
  EXPECT_EQ(year.state.phase, Phase::filing);
  EXPECT_FALSE(year.state.plan.has_value());
}

TEST(CampaignRefusals, VerifyOnlyARegionSelected) {
  Year year;
  year.to_verification();
  EXPECT_TRUE(contains(refusal(year.state, act("verify", "420000", "2020-08-05",
                                               {{"values", {{"development_plan", "fair"}}}})),
                       "420000 verify: the verification plan did not draw this region; record a spot check "
                       "first (spot_check)"));
}

TEST(CampaignRefusals, VerifyNotBeforeThePlan) {
  Year year;
  year.to_verification();
  EXPECT_TRUE(contains(refusal(year.state, act("verify", kOverstating, "2020-07-19",
                                               {{"values", {{"development_plan", "fair"}}}})),
                       "dated 2020-07-19, before the verification plan on 2020-07-20"));
  year.step(act("verify", kOverstating, "2020-07-20", {{"values", {{"development_plan", "fair"}}}}));
  EXPECT_EQ(year.state.region(kOverstating).stage, RegionStage::verified);
}

TEST(CampaignRefusals, StepsDatedBeforeTheStepsTheyFollow) {
  Year year;
  year.to_verification();
  // The plan comes after every self-evaluation; the assessment after every verification.
  year.step(act("verify", kOverstating, "2020-08-05", {{"values", {{"development_plan", "fair"}}}}));
  EXPECT_TRUE(contains(refusal(year.state, act("assess", "", "2020-08-04")),
                       "before the last verification step on 2020-08-05"));
}

TEST(CampaignRefusals, UnknownDataKeysAreRefused) {
  Year year;
  // "value" for "values" must not pass as an empty self-evaluation.
  year.step(act("file_targets", "420000", "2019-06-28", {{"targets", cn_targets()}}));
  EXPECT_TRUE(contains(
      refusal(year.state, act("self_evaluate", "420000", "2020-07-10", {{"value", cn_values("good")}})),
      "data/value: unknown key 'value'"));
  EXPECT_TRUE(
      contains(refusal(year.state, act("file_targets", "420000", "2019-06-28", {{"target", cn_targets()}})),
               "unknown key 'target'"));
}

TEST(CampaignRefusals, VerifiedValuesAreCheckedAgainstTheScheme) {
  Year year;
  year.to_verification();
  EXPECT_TRUE(contains(refusal(year.state, act("verify", kOverstating, "2020-08-05",
                                               {{"values", {{"development_plan", "superb"}}}})),
                       "310000 /verification/development_plan: 'superb' is not a level"));
  // An incident the self-evaluation already reported cannot be "found" again under its id.
  Year other;
  other.file_all("2019-06-28");
  for (const Spec& spec : other.specs) {
    json data = {{"values", cn_values(spec.level)}};
    if (spec.code == kOverstating) data["incidents"] = json::array({incident("sh-1", "2019-09-01", "local")});
    other.step(act("self_evaluate", spec.code, "2020-07-14", data));
  }
  other.plan_manual({kOverstating}, "2020-07-20");
  EXPECT_TRUE(contains(
      refusal(other.state, act("verify", kOverstating, "2020-08-05",
                               {{"incidents", json::array({incident("sh-1", "2019-09-01", "local")})}})),
      "duplicate incident id 'sh-1'"));
}

TEST(CampaignRefusals, AssessNeedsEverySelectedRegionVerified) {
  Year year;
  year.file_all("2019-06-28");
  year.self_evaluate_all("2020-07-14");
  year.plan_manual({"420000", kOverstating}, "2020-07-20");
  EXPECT_TRUE(contains(refusal(year.state, act("assess", "", "2020-08-25")),
                       "assess: selected for verification but not yet verified: 420000, 310000"));
  year.verify_overstating("2020-08-05");
  EXPECT_TRUE(contains(refusal(year.state, act("assess", "", "2020-08-25")),
                       "selected for verification but not yet verified: 420000\n"));
  year.step(act("verify", "420000", "2020-08-06", {{"values", {{"development_plan", "fair"}}}}));
  year.step(act("assess", "", "2020-08-25"));
  EXPECT_EQ(year.state.phase, Phase::assessed);
}

TEST(CampaignRefusals, ApproveNotBeforeTheAssessment) {
  Year year;
  year.to_assessed();
  EXPECT_TRUE(contains(refusal(year.state, act("approve", "", "2020-08-24")),
                       "approve: dated 2020-08-24, before the comprehensive assessment on 2020-08-25"));
  year.step(act("approve", "", "2020-08-25", json::object(), "State Council"));  // the same day is fine
  EXPECT_EQ(year.state.phase, Phase::approved);
}

TEST(CampaignRefusals, AnnounceNotBeforeTheApproval) {
  Year year;
  year.to_approved();
  EXPECT_TRUE(contains(refusal(year.state, act("announce", "", "2020-09-14")),
                       "announce: dated 2020-09-14, before the approval on 2020-09-15"));
  year.step(act("announce", "", "2020-09-15"));  // the same day is fine
  EXPECT_EQ(year.state.phase, Phase::announced);
}

TEST(CampaignRefusals, OnlyTheGradeDRegionOwesARectificationReport) {
  Year year;
  year.to_announced();
  for (const std::string& code : std::vector<std::string>{"440000", "420000", kOverstating, "110000"}) {
    EXPECT_TRUE(contains(
        refusal(year.state, act("receive_rectification", code, "2020-10-01")),
        code + " receive_rectification: only a region graded D owes a rectification report (Art. 7)"));
    EXPECT_TRUE(contains(refusal(year.state, act("interview", code, "2020-12-01")),
                         "only a region graded D owes a rectification report (Art. 7)"));
  }
}

TEST(CampaignRefusals, RectificationReportNotBeforeTheAnnouncementAndOnlyOnce) {
  Year year;
  year.to_announced();
  EXPECT_TRUE(contains(refusal(year.state, act("receive_rectification", kGradeD, "2020-09-24")),
                       "dated 2020-09-24, before the announcement on 2020-09-25"));
  year.step(act("receive_rectification", kGradeD, "2020-09-25"));
  EXPECT_TRUE(contains(refusal(year.state, act("receive_rectification", kGradeD, "2020-10-01")),
                       "stage 'rectification_received'; this step needs 'announced'"));
}

// Art. 7: the report is due one calendar month after the announcement; 31 January + 1 month is
// 29 February 2020. An interview for a missing report only once it is overdue.
TEST(CampaignRefusals, InterviewOnlyOnceTheReportIsOverdue) {
  Year year;
  year.to_announced(kWinter);
  EXPECT_EQ(rectification_due(day("2020-01-31")), day("2020-02-29"));
  const std::string not_yet = "the rectification report is not overdue until after 2020-02-29 (Art. 7)";
  EXPECT_TRUE(contains(refusal(year.state, act("interview", kGradeD, "2020-02-01")), not_yet));
  EXPECT_TRUE(contains(refusal(year.state, act("interview", kGradeD, "2020-02-29")), not_yet));
  year.step(
      act("interview", kGradeD, "2020-03-01", {{"reason", "no rectification report"}}, "joint meeting"));
  EXPECT_EQ(year.state.region(kGradeD).stage, RegionStage::interviewed);
  EXPECT_EQ(year.state.region(kGradeD).interviews, std::vector<CivilDate>{day("2020-03-01")});
  // Art. 7: while the report stays missing, the region may be interviewed again; the report
  // may still arrive after an interview (late, and recorded so).
  year.step(act("interview", kGradeD, "2020-04-01", {{"reason", "still no report"}}, "joint meeting"));
  EXPECT_EQ(year.state.region(kGradeD).interviews.size(), 2u);
  EXPECT_TRUE(contains(refusal(year.state, act("interview", kGradeD, "2020-03-31")),
                       "dated 2020-03-31, before the interview before it on 2020-04-01"));
  const auto warnings = apply_action(year.state, act("receive_rectification", kGradeD, "2020-04-10"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(contains(warnings[0].message, "41 day(s) after it was due on 2020-02-29 (Art. 7)"));
  EXPECT_EQ(year.state.region(kGradeD).stage, RegionStage::rectification_received);
  EXPECT_TRUE(contains(refusal(year.state, act("interview", kGradeD, "2020-04-20")),
                       "an interview needs it marked insufficient"));
}

TEST(CampaignRefusals, InterviewAfterAReceivedReportOnlyWhenInsufficient) {
  Year year;
  year.to_announced(kWinter);
  year.step(act("receive_rectification", kGradeD, "2020-02-20", {{"summary", "measures"}}));
  const std::string needs = "an interview needs it marked insufficient (data/insufficient: true)";
  EXPECT_TRUE(contains(refusal(year.state, act("interview", kGradeD, "2020-03-10")),
                       "the rectification report arrived on 2020-02-20; " + needs));
  EXPECT_TRUE(contains(
      refusal(year.state, act("interview", kGradeD, "2020-03-10", {{"insufficient", false}})), needs));
  EXPECT_TRUE(
      contains(refusal(year.state, act("interview", kGradeD, "2020-03-10", {{"insufficient", "yes"}})),
               "interview: data/insufficient must be true or false"));
  // Once the report is in and falls short, the due date no longer matters.
  year.step(act("interview", kGradeD, "2020-02-25", {{"insufficient", true}}));
  EXPECT_EQ(year.state.region(kGradeD).stage, RegionStage::interviewed);
  EXPECT_EQ(year.state.region(kGradeD).rectification_received_on, day("2020-02-20"));
}

// ---- late filings (Art. 6.1, 6.2) -------------------------------------------------------------

TEST(CampaignLateFiling, TargetsAfter30JuneAndSelfEvaluationsAfter15JulyNextYear) {
  Year year;
  const std::map<std::string, std::string> targets_on = {{"620000", "2019-06-30"},
                                                         {"440000", "2019-07-01"},
                                                         {"420000", "2019-07-10"},
                                                         {kOverstating, "2019-06-01"},
                                                         {"110000", "2019-06-29"}};
  const std::map<std::string, std::string> self_on = {{"620000", "2020-07-15"},
                                                      {"440000", "2020-07-14"},
                                                      {"420000", "2020-07-16"},
                                                      {kOverstating, "2020-08-14"},
                                                      {"110000", "2020-07-01"}};
  for (const Spec& spec : year.specs) {
    year.step(act("file_targets", spec.code, targets_on.at(spec.code), {{"targets", cn_targets()}}));
  }
  for (const Spec& spec : year.specs) {
    year.step(act("self_evaluate", spec.code, self_on.at(spec.code), {{"values", cn_values(spec.level)}}));
  }
  const std::vector<Result> results = (*campaign_results(year.state));
  ASSERT_EQ(results.size(), 5u);
  // (region, step) -> days late
  std::map<std::pair<std::string, std::string>, long> late;
  for (const Result& result : results) {
    for (const Finding* finding : findings_of(result, FindingKind::late_filing)) {
      ASSERT_TRUE(finding->days_late.has_value());
      late[{result.region.code, finding->step}] = *finding->days_late;
    }
  }
  const std::map<std::pair<std::string, std::string>, long> expected = {
      {{"440000", "targets"}, 1},
      {{"420000", "targets"}, 10},
      {{"420000", "self_evaluation"}, 1},
      {{kOverstating, "self_evaluation"}, 30}};
  EXPECT_EQ(late, expected);
  const Finding& finding = *findings_of(result_of(results, "440000"), FindingKind::late_filing).at(0);
  EXPECT_EQ(finding.detail.en, "targets filed on 2019-07-01, 1 day(s) after 2019-06-30 (Art. 6)");
  // A late filing is recorded, not punished: the grade stays.
  EXPECT_EQ(result_of(results, "440000").grade, "A");
  EXPECT_EQ(result_of(results, "440000").total, fx("100"));
  EXPECT_FALSE(has_condition(result_of(results, "420000"), "misreporting"));
  // The same holds after the plan and in the final results.
  year.step(act("plan_verification", "", "2020-08-20", {{"rule", "manual"}, {"regions", json::array()}}));
  year.step(act("assess", "", "2020-08-25"));
  EXPECT_EQ(count_findings(result_of((*campaign_results(year.state)), "420000"), FindingKind::late_filing),
            2);
}

// ---- verification (Art. 6.3) ------------------------------------------------------------------

TEST(CampaignVerification, VerifiedValuesReplaceSelfEvaluatedOnesAndVisitsAddUp) {
  Year year;
  year.to_verification();
  const Result before = result_of((*campaign_results(year.state)), kOverstating);
  EXPECT_EQ(before.total, fx("88"));
  EXPECT_EQ(before.grade, "B");
  EXPECT_EQ(leaf_outcome(before, "development_plan").source, InputSource::self_evaluated);

  // First visit: the plan is poor (good self-evaluated), the brand strategy fair.
  year.step(act("verify", kOverstating, "2020-08-05",
                {{"values", {{"development_plan", "poor"}, {"brand_strategy", "fair"}}},
                 {"evidence", {{"development_plan", "plan drafted but never adopted"}}}}));
  // Second visit: the brand strategy is good after all; the statistics only fair.
  year.step(act("verify", kOverstating, "2020-08-12",
                {{"values", {{"brand_strategy", "good"}, {"quality_statistics", "fair"}}},
                 {"evidence", {{"quality_statistics", "no statistics bulletin in 2019"}}}}));
  const RegionRecord& record = year.state.region(kOverstating);
  EXPECT_EQ(record.verification,
            json({{"development_plan", "poor"}, {"brand_strategy", "good"}, {"quality_statistics", "fair"}}));
  EXPECT_EQ(record.evidence, json({{"development_plan", "plan drafted but never adopted"},
                                   {"quality_statistics", "no statistics bulletin in 2019"}}));
  EXPECT_EQ(record.verified_on, day("2020-08-12"));
  EXPECT_EQ(record.self_evaluation, cn_values("good"));  // kept as filed

  const std::vector<Result> results = (*campaign_results(year.state));
  const Result& result = result_of(results, kOverstating);
  // 88 - (2.4 - 0.9) - (2.4 - 1.8) = 85.9
  EXPECT_EQ(result.total, fx("85.9"));
  EXPECT_EQ(result.grade, "B");
  const LeafOutcome& plan = leaf_outcome(result, "development_plan");
  EXPECT_EQ(plan.source, InputSource::verified);
  EXPECT_EQ(plan.points, fx("0.9"));
  ASSERT_TRUE(plan.self_points() && plan.verified_points());
  EXPECT_EQ(*plan.self_points(), fx("2.4"));
  EXPECT_EQ(*plan.verified_points(), fx("0.9"));
  EXPECT_EQ(leaf_outcome(result, "brand_strategy").source, InputSource::verified);
  EXPECT_EQ(leaf_outcome(result, "brand_strategy").points, fx("2.4"));
  EXPECT_EQ(leaf_outcome(result, "quality_statistics").points, fx("1.8"));
  EXPECT_EQ(leaf_outcome(result, "quality_investment").source, InputSource::self_evaluated);

  // Overstated beyond 10 % of the point's maximum (Art. 9), with what the visit found.
  const auto overstated = findings_of(result, FindingKind::overstated);
  ASSERT_EQ(overstated.size(), 2u);
  EXPECT_EQ(overstated[0]->leaf, "development_plan");
  EXPECT_EQ(overstated[0]->evidence, "plan drafted but never adopted");
  EXPECT_EQ(overstated[1]->leaf, "quality_statistics");
  EXPECT_EQ(overstated[1]->evidence, "no statistics bulletin in 2019");
  EXPECT_FALSE(has_finding(result, FindingKind::overstated, "brand_strategy"));
  EXPECT_TRUE(has_condition(result, "misreporting"));

  // Regions not visited keep their self-evaluated values.
  const Result& other = result_of(results, "420000");
  EXPECT_EQ(other.total, fx("76"));
  EXPECT_EQ(leaf_outcome(other, "development_plan").source, InputSource::self_evaluated);
  EXPECT_FALSE(has_condition(other, "misreporting"));
}

TEST(CampaignVerification, ASmallDifferenceIsNotOverstatement) {
  Year year;
  year.to_verification();
  // 92.9 against a target of 93: 0.3 points fewer of 15, within the 10 % tolerance.
  year.step(act("verify", kOverstating, "2020-08-05", {{"values", {{"manufacturing_pass_rate", 92.9}}}}));
  const Result result = result_of((*campaign_results(year.state)), kOverstating);
  EXPECT_EQ(leaf_outcome(result, "manufacturing_pass_rate").points, fx("14.7"));
  EXPECT_EQ(result.total, fx("87.7"));
  EXPECT_EQ(count_findings(result, FindingKind::overstated), 0);
  EXPECT_FALSE(has_condition(result, "misreporting"));
}

TEST(CampaignVerification, IncidentsFoundByVerificationAreConcealed) {
  Year year;
  year.file_all("2019-06-28");
  year.self_evaluate_all("2020-07-14");
  year.plan_manual({"420000"}, "2020-07-20");
  json found = incident("hb-1", "2020-03-02", "local", true);  // the flag is the campaign's to set
  found["evidence"] = "county inspection records";
  year.step(act("verify", "420000", "2020-08-05",
                {{"incidents", json::array({found, incident("hb-0", "2019-05-01", "local", false)})}}));
  const RegionRecord& record = year.state.region("420000");
  ASSERT_EQ(record.found_incidents.size(), 2u);
  EXPECT_EQ(record.found_incidents[0]["reported_in_self_evaluation"], false);
  EXPECT_EQ(record.found_incidents[0]["id"], "hb-1");
  EXPECT_TRUE(record.reported_incidents.empty());

  const Result result = result_of((*campaign_results(year.state)), "420000");
  const auto concealed = findings_of(result, FindingKind::concealed);
  ASSERT_EQ(concealed.size(), 1u);  // hb-0 lies before the year (1 July 2019 - 30 June 2020)
  EXPECT_EQ(concealed[0]->incident, "hb-1");
  EXPECT_EQ(concealed[0]->evidence, "county inspection records");
  EXPECT_TRUE(has_condition(result, "misreporting"));  // Art. 9
  const auto consequences = consequence_ids(result);
  EXPECT_NE(std::find(consequences.begin(), consequences.end(), "criticism_notice"), consequences.end());
  // A local incident does not veto: the grade stands.
  EXPECT_FALSE(result.vetoed);
  EXPECT_EQ(result.grade, "C");
  EXPECT_EQ(result.total, fx("76"));
}

TEST(CampaignVerification, AConcealedRegionalIncidentVetoes) {
  Year year;
  year.file_all("2019-06-28");
  year.self_evaluate_all("2020-07-14");
  year.plan_manual({"110000"}, "2020-07-20");
  year.step(act("verify", "110000", "2020-08-05",
                {{"incidents", json::array({incident("bj-1", "2020-06-30", "regional")})}}));
  const Result result = result_of((*campaign_results(year.state)), "110000");
  EXPECT_TRUE(result.vetoed);
  EXPECT_EQ(result.grade, "D");
  EXPECT_EQ(result.grade_before_conditions, "A");
  EXPECT_EQ(result.total, fx("100"));
  EXPECT_TRUE(has_condition(result, "systemic_incident"));
  EXPECT_TRUE(has_condition(result, "misreporting"));
  EXPECT_TRUE(has_finding(result, FindingKind::concealed, "bj-1"));
}

// Art. 5: a regional incident inside the year (1 July 2019 - 30 June 2020) makes the grade D,
// even when the region reported it itself; one outside the year does not.
TEST(CampaignVerification, AReportedRegionalIncidentInsideTheYearVetoes) {
  const std::vector<std::pair<std::string, bool>> cases = {{"2019-06-30", false},
                                                           {"2019-07-01", true},
                                                           {"2020-03-02", true},
                                                           {"2020-06-30", true},
                                                           {"2020-07-01", false}};
  for (const auto& [date, vetoes] : cases) {
    Year year;
    year.file_all("2019-06-28");
    for (const Spec& spec : year.specs) {
      json data = {{"values", cn_values(spec.level)}};
      // Marked unreported by mistake: the self-evaluation reported it, whatever the flag says.
      if (spec.code == "440000") data["incidents"] = json::array({incident("gd-1", date, "regional", false)});
      year.step(act("self_evaluate", spec.code, "2020-07-14", data));
    }
    EXPECT_EQ(year.state.region("440000").reported_incidents[0]["reported_in_self_evaluation"], true);
    const Result result = result_of((*campaign_results(year.state)), "440000");
    EXPECT_EQ(result.vetoed, vetoes) << date;
    EXPECT_EQ(result.grade, vetoes ? "D" : "A") << date;
    EXPECT_EQ(result.grade_before_conditions, "A") << date;
    EXPECT_EQ(count_findings(result, FindingKind::concealed), 0) << date;
    EXPECT_FALSE(has_condition(result, "misreporting")) << date;
  }
}

// ---- replay -------------------------------------------------------------------------------------

void expect_same_state(const CampaignState& replayed, const CampaignState& stepped,
                       const std::string& where) {
  EXPECT_EQ(campaign_snapshot(replayed), campaign_snapshot(stepped)) << where;
  ASSERT_EQ(replayed.regions.size(), stepped.regions.size()) << where;
  for (const RegionRecord& record : stepped.regions) {
    EXPECT_EQ(region_snapshot(replayed, record.region.code), region_snapshot(stepped, record.region.code))
        << where << " " << record.region.code;
  }
  EXPECT_EQ(results_json(replayed), results_json(stepped)) << where;
}

// A year with some of everything: a late filing, a reported and a found incident, two visits,
// a risk-based plan, a received report and an interview.
Year eventful_year(std::vector<CampaignState>* after_each = nullptr) {
  Year year;
  auto record = [&] {
    if (after_each != nullptr) after_each->push_back(year.state);
  };
  record();
  for (const Spec& spec : year.specs) {
    year.step(act("file_targets", spec.code, spec.code == "420000" ? "2019-07-03" : "2019-06-28",
                  {{"targets", cn_targets()}}, spec.code + " office"));
    record();
  }
  for (const Spec& spec : year.specs) {
    json data = {{"values", cn_values(spec.level)}};
    if (spec.code == "420000") data["incidents"] = json::array({incident("hb-1", "2019-10-01", "local")});
    year.step(act("self_evaluate", spec.code, "2020-07-14", data, spec.code + " office"));
    record();
  }
  year.step(act(
      "plan_verification", "", "2020-07-20",
      {{"rule", "risk"}, {"share", 1}, {"points", 3}, {"seed", 2020}, {"previous_totals", {{"110000", 95}}}},
      "working group"));
  record();
  const std::vector<PlannedRegion> selected_regions =
      year.state.plan->selected;  // a copy: each step replaces the state
  for (const PlannedRegion& selected : selected_regions) {
    json values = json::object();
    for (const std::string& point : selected.points) values[point] = cn_values("poor")[point];
    year.step(act("verify", selected.code, "2020-08-05", {{"values", values}}));
    record();
  }
  year.step(act("verify", "420000", "2020-08-06",
                {{"incidents", json::array({incident("hb-2", "2020-01-05", "local")})}}));
  record();
  for (const Action& action :
       {act("assess", "", "2020-08-25"), act("approve", "", "2020-09-15", json::object(), "State Council"),
        act("announce", "", "2020-09-25"), act("receive_rectification", kGradeD, "2020-10-20"),
        act("interview", kGradeD, "2020-11-10", {{"insufficient", true}})}) {
    year.step(action);
    record();
  }
  return year;
}

TEST(CampaignReplay, ReplayEqualsTheStepsOneByOne) {
  std::vector<CampaignState> after_each;
  const Year year = eventful_year(&after_each);
  ASSERT_EQ(after_each.size(), year.journal.size());
  EXPECT_EQ(year.state.phase, Phase::announced);
  EXPECT_EQ(year.state.actions, static_cast<long>(year.journal.size()));
  for (std::size_t n = 1; n <= year.journal.size(); ++n) {
    const std::vector<Action> prefix(year.journal.begin(), year.journal.begin() + static_cast<long>(n));
    expect_same_state(replay(prefix), after_each[n - 1], "after " + std::to_string(n) + " actions");
  }
}

// The journal as stored (write_action, then read_action on the way back) replays to the same.
TEST(CampaignReplay, AJournalStoredAsJsonReplaysToTheSameState) {
  const Year year = eventful_year();
  std::vector<Action> stored;
  for (const Action& action : year.journal)
    stored.push_back(read_action(json::parse(write_action(action).dump())));
  expect_same_state(replay(stored), year.state, "stored journal");
}

TEST(CampaignReplay, AJournalWithARefusedStepThrows) {
  Year year;
  std::vector<Action> journal = {
      year.journal.front(), act("self_evaluate", "420000", "2020-07-14", {{"values", cn_values("good")}}),
      act("file_targets", "420000", "2019-06-28", {{"targets", cn_targets()}})};
  const auto issues = issues_of<InputError>([&] { replay(journal); });
  EXPECT_TRUE(contains(joined(issues), "stage 'registered'")) << joined(issues);
  EXPECT_THROW(replay({}), InputError);
  EXPECT_THROW(replay({journal[2]}), InputError);  // does not start with "create"
  journal.erase(journal.begin() + 1);
  EXPECT_EQ(replay(journal).region("420000").stage, RegionStage::targets_filed);
}

// ---- status (Art. 7) ----------------------------------------------------------------------------

TEST(CampaignStatus, NoGradeBeforeTheAssessmentNoDueDateBeforeTheAnnouncement) {
  Year year;
  year.to_verification(kWinter);
  auto status = campaign_status(year.state, day("2020-07-01"));
  ASSERT_EQ(status.regions.size(), 5u);
  EXPECT_EQ(status.regions[0].code, "620000");
  EXPECT_EQ(status.regions[0].name, "甘肃省");
  EXPECT_EQ(status_of(status, kOverstating).stage, RegionStage::selected);
  EXPECT_EQ(status_of(status, "420000").stage, RegionStage::not_selected);
  for (const RegionStatus& region : status.regions) {
    EXPECT_FALSE(region.grade.has_value()) << region.code;
    EXPECT_FALSE(region.rectification.has_value()) << region.code;
  }
  year.verify_overstating(kWinter.verify);
  year.step(act("assess", "", kWinter.assess));
  year.step(act("approve", "", kWinter.approve));
  status = campaign_status(year.state, day("2020-12-31"));
  EXPECT_EQ(status_of(status, kGradeD).grade, "D");
  EXPECT_EQ(status_of(status, "440000").grade, "A");
  EXPECT_EQ(status_of(status, kOverstating).grade, "B");
  EXPECT_FALSE(status_of(status, kGradeD).rectification.has_value());
}

// Art. 7: due one calendar month after the announcement; overdue from the day after, by whole
// days; a report settles it, and one that came late stays late.
TEST(CampaignStatus, RectificationDueOverdueAndDaysOverdue) {
  Year year;
  year.to_announced(kWinter);  // announced 2020-01-31
  const struct {
    const char* as_of;
    DeadlineState state;
    long days;
  } cases[] = {{"2020-01-31", DeadlineState::pending, 0},
               {"2020-02-29", DeadlineState::pending, 0},
               {"2020-03-01", DeadlineState::overdue, 1},
               {"2020-03-10", DeadlineState::overdue, 10},
               {"2021-02-28", DeadlineState::overdue, 365}};
  for (const auto& c : cases) {
    const auto status = campaign_status(year.state, day(c.as_of));
    const RegionStatus& d = status_of(status, kGradeD);
    EXPECT_EQ(d.grade, "D");
    EXPECT_EQ(d.stage, RegionStage::announced);
    ASSERT_TRUE(d.rectification.has_value());
    EXPECT_EQ(d.rectification->due, day("2020-02-29")) << c.as_of;
    EXPECT_EQ(d.rectification->state, c.state) << c.as_of;
    EXPECT_EQ(d.rectification->days_late, c.days) << c.as_of;
    for (const RegionStatus& other : status.regions) {
      if (other.code != kGradeD) {
        EXPECT_FALSE(other.rectification.has_value()) << other.code;
      }
    }
  }
  // A report received late is no longer overdue, but late by its days.
  year.step(act("receive_rectification", kGradeD, "2020-03-05"));
  const RegionStatus d = status_of(campaign_status(year.state, day("2020-04-01")), kGradeD);
  EXPECT_EQ(d.stage, RegionStage::rectification_received);
  ASSERT_TRUE(d.rectification.has_value());
  EXPECT_EQ(d.rectification->due, day("2020-02-29"));
  EXPECT_EQ(d.rectification->state, DeadlineState::late);
  EXPECT_EQ(d.rectification->days_late, 5);
  EXPECT_EQ(d.rectification->done_on, day("2020-03-05"));
}

TEST(CampaignStatus, AnnouncedInSeptember) {
  Year year;
  year.to_announced();  // announced 2020-09-25
  const RegionStatus d = status_of(campaign_status(year.state, day("2020-11-02")), kGradeD);
  ASSERT_TRUE(d.rectification.has_value());
  EXPECT_EQ(d.rectification->due, day("2020-10-25"));
  EXPECT_EQ(d.rectification->state, DeadlineState::overdue);
  EXPECT_EQ(d.rectification->days_late, 8);
}

// ---- the announcement (Art. 6.5, 7, 9) ------------------------------------------------------------

TEST(CampaignAnnouncement, OnlyAfterTheAssessment) {
  Year year;
  auto issues = issues_of<InputError>([&] { build_announcement(year.state); });
  EXPECT_TRUE(contains(joined(issues),
                       "the campaign is at phase 'filing'; the results exist after the 'assess' step"));
  year.to_verification();
  year.verify_overstating("2020-08-05");
  issues = issues_of<InputError>([&] { build_announcement(year.state); });
  EXPECT_TRUE(contains(joined(issues), "phase 'verification'"));
  year.step(act("assess", "", "2020-08-25"));
  EXPECT_EQ(build_announcement(year.state).regions.size(), 5u);
}

TEST(CampaignAnnouncement, PreliminaryUntilAnnounced) {
  Year year;
  year.to_assessed(kWinter);
  Announcement announcement = build_announcement(year.state);
  EXPECT_TRUE(announcement.preliminary);
  EXPECT_EQ(announcement.year, 2019);
  EXPECT_FALSE(announcement.approved_on.has_value());
  EXPECT_FALSE(announcement.announced_on.has_value());
  EXPECT_TRUE(announcement.to_json()["approved_on"].is_null());

  year.step(act("approve", "", kWinter.approve, json::object(), "State Council"));
  announcement = build_announcement(year.state);
  EXPECT_TRUE(announcement.preliminary);
  EXPECT_EQ(announcement.approved_on, day("2020-01-25"));
  EXPECT_EQ(announcement.approved_by, "State Council");
  EXPECT_FALSE(announcement.announced_on.has_value());
  for (const AnnouncedRegion& entry : announcement.regions) EXPECT_FALSE(entry.report_due.has_value());

  year.step(act("announce", "", kWinter.announce));
  announcement = build_announcement(year.state);
  EXPECT_FALSE(announcement.preliminary);
  EXPECT_EQ(announcement.announced_on, day("2020-01-31"));
  const json document = announcement.to_json();
  EXPECT_EQ(document["preliminary"], false);
  EXPECT_EQ(document["announced_on"], "2020-01-31");
  EXPECT_EQ(document["approved_by"], "State Council");
  EXPECT_EQ(document["scheme"], "cn-2013");
  EXPECT_EQ(document["grades"].size(), 4u);
}

TEST(CampaignAnnouncement, BestGradeFirstAndTheReportDueForGradeD) {
  Year year;
  year.to_announced(kWinter);
  const Announcement announcement = build_announcement(year.state);
  // Created 620000 (D), 440000 (A), 420000 (C), 310000 (B), 110000 (A): the ranking order
  // (ranking.hpp), so the two As with 100 each are listed by code.
  EXPECT_EQ(codes_of(announcement),
            (std::vector<std::string>{"110000", "440000", "310000", "420000", "620000"}));
  std::vector<std::string> grades;
  for (const AnnouncedRegion& entry : announcement.regions) grades.push_back(entry.grade);
  EXPECT_EQ(grades, (std::vector<std::string>{"A", "A", "B", "C", "D"}));

  const AnnouncedRegion& d = announcement.regions.back();
  EXPECT_EQ(d.region.name, "甘肃省");
  EXPECT_EQ(d.total, fx("58"));
  EXPECT_FALSE(d.vetoed);
  ASSERT_TRUE(d.report_due.has_value());
  EXPECT_EQ(*d.report_due, day("2020-02-29"));  // one calendar month after 31 January (Art. 7)
  for (std::size_t i = 0; i + 1 < announcement.regions.size(); ++i) {
    EXPECT_FALSE(announcement.regions[i].report_due.has_value()) << announcement.regions[i].region.code;
  }
  std::vector<std::string> d_consequences;
  for (const ConsequenceOutcome& c : d.consequences) d_consequences.push_back(c.id());
  EXPECT_EQ(d_consequences, (std::vector<std::string>{"rectification_report", "awards_barred",
                                                      "support_tightened", "interview", "cadre_management"}));
  EXPECT_EQ(announcement.regions.front().consequences.front().id(), "commendation");

  const json document = announcement.to_json();
  EXPECT_EQ(document["regions"][4]["report_due"], "2020-02-29");
  EXPECT_TRUE(document["regions"][0]["report_due"].is_null());
  EXPECT_EQ(document["regions"][2]["code"], kOverstating);
  EXPECT_DOUBLE_EQ(document["regions"][2]["total"].get<double>(), 86.5);
}

// With many regions, the announcement is in the ranking order (ranking.hpp): grade, then total,
// then code, whatever the campaign's order.
TEST(CampaignAnnouncement, InTheRankingOrder) {
  static const char* const levels[] = {"good", "excellent", "poor", "fair", "good", "excellent"};
  std::vector<Spec> specs;
  for (int i = 0; i < 31; ++i) {
    // Codes not in ascending order, so that neither the code nor the position decides alone.
    specs.push_back({std::to_string(650000 - (i * 7 % 31) * 10000), "", levels[i % 6]});
  }
  Year year(specs);
  year.file_all("2019-06-28");
  year.self_evaluate_all("2020-07-14");
  year.plan_manual({}, "2020-07-20");
  year.step(act("assess", "", "2020-08-25"));
  std::vector<const Result*> results;
  for (const Result& result : *campaign_results(year.state)) results.push_back(&result);
  std::sort(results.begin(), results.end(), [](const Result* a, const Result* b) {
    return std::make_tuple(a->grade, -a->total.units(), a->region.code) <
           std::make_tuple(b->grade, -b->total.units(), b->region.code);  // grades A-D sort as text
  });
  std::vector<std::string> expected;
  for (const Result* result : results) expected.push_back(result->region.code);
  EXPECT_EQ(codes_of(build_announcement(year.state)), expected);
  // The As (excellent, 100 each) from the smallest code; the campaign's first A is 580000.
  EXPECT_EQ(codes_of(build_announcement(year.state)).front(), "360000");
}

TEST(CampaignAnnouncement, CriticisedForOverstatementAndConcealmentOnly) {
  Year year;
  for (const Spec& spec : year.specs) {  // 310000 also files its targets late
    year.step(act("file_targets", spec.code, spec.code == kOverstating ? "2019-07-02" : "2019-06-28",
                  {{"targets", cn_targets()}}));
  }
  for (const Spec& spec : year.specs) {  // 110000 self-evaluates late
    year.step(act("self_evaluate", spec.code, spec.code == "110000" ? "2020-07-20" : "2020-07-14",
                  {{"values", cn_values(spec.level)}}));
  }
  year.plan_manual({"420000", kOverstating}, "2020-07-21");
  year.verify_overstating("2020-08-05");
  year.step(act("verify", "420000", "2020-08-06",
                {{"values", {{"development_plan", "fair"}}},
                 {"incidents", json::array({incident("hb-9", "2020-02-01", "local")})}}));
  year.step(act("assess", "", "2020-08-25"));
  const Announcement announcement = build_announcement(year.state);
  ASSERT_EQ(announcement.criticised.size(), 2u);
  // In the campaign's order: 420000 before 310000.
  const CriticismEntry& concealed = announcement.criticised[0];
  EXPECT_EQ(concealed.region.code, "420000");
  ASSERT_EQ(concealed.findings.size(), 1u);
  EXPECT_EQ(concealed.findings[0].kind, FindingKind::concealed);
  EXPECT_EQ(concealed.findings[0].incident, "hb-9");
  const CriticismEntry& overstated = announcement.criticised[1];
  EXPECT_EQ(overstated.region.code, kOverstating);
  ASSERT_EQ(overstated.findings.size(), 1u);  // not its late filing
  EXPECT_EQ(overstated.findings[0].kind, FindingKind::overstated);
  EXPECT_EQ(overstated.findings[0].leaf, "development_plan");
  EXPECT_EQ(overstated.findings[0].evidence, "plan drafted but never adopted");
  // 110000 filed late but did not misreport.
  EXPECT_EQ(count_findings(result_of((*campaign_results(year.state)), "110000"), FindingKind::late_filing),
            1);

  const json document = announcement.to_json();
  ASSERT_EQ(document["criticised"].size(), 2u);
  EXPECT_EQ(document["criticised"][1]["code"], kOverstating);
  EXPECT_EQ(document["criticised"][1]["findings"][0]["kind"], "overstated");
  EXPECT_EQ(document["criticised"][1]["findings"][0]["evidence"], "plan drafted but never adopted");
  EXPECT_EQ(document["criticised"][0]["findings"][0]["incident"], "hb-9");
}

}  // namespace
}  // namespace qa::testing
