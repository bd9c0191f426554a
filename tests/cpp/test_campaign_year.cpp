// The rules of the reworked campaign at their edges: regions recorded as not submitting
// (Art. 6.1, 6.2), key spot checks (Art. 6.3), corrections (who, why, what moved), the grade-D
// follow-up with repeated interviews and late reports (Art. 7), deadline warnings and status
// (Art. 6.5), empty filings, the plausible-date window, the state snapshot (Art. 6 storage), the
// results cache and replaying a large year.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "campaign_fixtures.hpp"
#include "qualityassess/campaign_state_io.hpp"
#include "qualityassess/verification_plan.hpp"

namespace qa::testing {
namespace {

// A correction step: who corrects is required, so every one carries an actor.
Action correction(const std::string& region, const std::string& date, const json& data,
                  const std::string& actor = "records office") {
  return act("correct", region, date, data, actor);
}

const Finding* late_finding(const Result& result, const std::string& step) {
  for (const Finding* finding : findings_of(result, FindingKind::late_filing)) {
    if (finding->step == step) return finding;
  }
  return nullptr;
}

std::vector<std::string> not_submitted_steps(const Result& result) {
  std::vector<std::string> steps;
  for (const Finding* finding : findings_of(result, FindingKind::not_submitted))
    steps.push_back(finding->step);
  return steps;
}

const Result& result_for(const CampaignState& state, const std::string& code) {
  return result_of(*campaign_results(state), code);
}

const DeadlineStatus& deadline_of(const CampaignStatus& status, const std::string& id) {
  for (const DeadlineStatus& deadline : status.deadlines) {
    if (deadline.id == id) return deadline;
  }
  throw std::invalid_argument("no deadline " + id);
}

// ---- not_submitted (Art. 6.1, 6.2) -------------------------------------------------------------

// Art. 6.1: targets are due by 30 June of the year; on that day a region is not yet late.
TEST(CampaignNotSubmitted, TargetsOnlyAfter30June) {
  Year year;
  const std::string not_yet = "420000 not_submitted: targets are due until 2019-06-30 (Art. 6.1)";
  EXPECT_TRUE(contains(
      refusal(year.state, act("not_submitted", "420000", "2019-06-01", {{"step", "targets"}})), not_yet));
  EXPECT_TRUE(contains(
      refusal(year.state, act("not_submitted", "420000", "2019-06-30", {{"step", "targets"}})), not_yet));
  year.step(act("not_submitted", "420000", "2019-07-01",
                {{"step", "targets"}, {"reason", "nothing received"}}, "secretariat"));
  const RegionRecord& record = year.state.region("420000");
  EXPECT_EQ(record.targets_not_submitted_on, day("2019-07-01"));
  EXPECT_FALSE(record.targets_filed_on.has_value());
  EXPECT_EQ(record.stage, RegionStage::registered);  // it may still file, late
  EXPECT_TRUE(status_of(campaign_status(year.state, day("2019-07-02")), "420000").targets_not_submitted);
  // A region that filed cannot be recorded as not submitting its targets.
  year.step(act("file_targets", "110000", "2019-06-28", {{"targets", cn_targets()}}));
  EXPECT_TRUE(
      contains(refusal(year.state, act("not_submitted", "110000", "2019-07-01", {{"step", "targets"}})),
               "stage 'targets_filed'; this step needs 'registered'"));
}

// Art. 6.2: the self-evaluation is due by 15 July of the next year.
TEST(CampaignNotSubmitted, SelfEvaluationOnlyAfter15JulyNextYear) {
  Year year;
  year.file_all("2019-06-28");
  const std::string not_yet = "the self-evaluation is due until 2020-07-15 (Art. 6.2)";
  EXPECT_TRUE(contains(
      refusal(year.state, act("not_submitted", "420000", "2020-07-15", {{"step", "self_evaluation"}})),
      not_yet));
  year.step(act("not_submitted", "420000", "2020-07-16", {{"step", "self_evaluation"}}));
  const RegionRecord& record = year.state.region("420000");
  EXPECT_EQ(record.stage, RegionStage::not_submitted);
  EXPECT_EQ(record.self_evaluation_not_submitted_on, day("2020-07-16"));
  EXPECT_FALSE(record.self_evaluated_on.has_value());
  EXPECT_TRUE(
      status_of(campaign_status(year.state, day("2020-07-17")), "420000").self_evaluation_not_submitted);
  // Not twice, and not for a region that self-evaluated.
  EXPECT_TRUE(contains(
      refusal(year.state, act("not_submitted", "420000", "2020-07-17", {{"step", "self_evaluation"}})),
      "stage 'not_submitted'; this step needs 'registered' or 'targets_filed'"));
  year.step(act("self_evaluate", "110000", "2020-07-14", {{"values", cn_values("good")}}));
  EXPECT_TRUE(contains(
      refusal(year.state, act("not_submitted", "110000", "2020-07-16", {{"step", "self_evaluation"}})),
      "stage 'self_evaluated'; this step needs 'registered' or 'targets_filed'"));
  // Only while filing.
  for (const Spec& spec : year.specs) {
    if (spec.code == "420000" || spec.code == "110000") continue;
    year.step(act("self_evaluate", spec.code, "2020-07-14", {{"values", cn_values(spec.level)}}));
  }
  year.plan_manual({}, "2020-07-20");
  EXPECT_TRUE(contains(
      refusal(year.state, act("not_submitted", "110000", "2020-07-21", {{"step", "self_evaluation"}})),
      "phase 'verification'; this step needs 'filing'"));
}

// Art. 6.1, 6.2: only these two filings can be missing.
TEST(CampaignNotSubmitted, DataStepIsTargetsOrSelfEvaluation) {
  Year year;
  for (const json& data : {json::object(), json{{"step", "verification"}}, json{{"step", "Targets"}},
                           json{{"step", 1}}, json{{"step", nullptr}}, json{{"reason", "late"}}}) {
    EXPECT_TRUE(contains(refusal(year.state, act("not_submitted", "420000", "2019-07-01", data)),
                         "420000 not_submitted: data/step must be 'targets' or 'self_evaluation'"))
        << data;
  }
  EXPECT_TRUE(contains(refusal(year.state, act("not_submitted", "420000", "2019-07-01",
                                               {{"step", "targets"}, {"steps", "targets"}})),
                       "data/steps: unknown key 'steps'"));
  EXPECT_TRUE(contains(refusal(year.state, act("not_submitted", "", "2019-07-01", {{"step", "targets"}})),
                       "not_submitted: this step needs a region"));
}

// Art. 6.1, 6.2: the year goes on without the filing; the result says it never came and its
// values are missing.
TEST(CampaignNotSubmitted, ThePlanProceedsAndTheResultSaysSo) {
  Year year;
  for (const Spec& spec : year.specs) {
    if (spec.code != kGradeD)
      year.step(act("file_targets", spec.code, "2019-06-28", {{"targets", cn_targets()}}));
  }
  year.step(act("not_submitted", kGradeD, "2019-07-01", {{"step", "targets"}}));
  for (const Spec& spec : year.specs) {
    if (spec.code != kGradeD && spec.code != "420000")
      year.step(act("self_evaluate", spec.code, "2020-07-14", {{"values", cn_values(spec.level)}}));
  }
  EXPECT_TRUE(contains(refusal(year.state, act("plan_verification", "", "2020-07-20", {{"rule", "all"}})),
                       "no self-evaluation yet from 620000, 420000"));
  year.step(act("not_submitted", kGradeD, "2020-07-16", {{"step", "self_evaluation"}}));
  year.step(act("not_submitted", "420000", "2020-07-16", {{"step", "self_evaluation"}}));
  year.plan_manual({"420000"}, "2020-07-20");
  EXPECT_EQ(year.state.phase, Phase::verification);
  EXPECT_EQ(year.state.region("420000").stage, RegionStage::selected);
  EXPECT_EQ(year.state.region(kGradeD).stage, RegionStage::not_selected);

  const Result& hubei = result_for(year.state, "420000");
  EXPECT_EQ(not_submitted_steps(hubei), std::vector<std::string>{"self_evaluation"});
  const Finding& finding = *findings_of(hubei, FindingKind::not_submitted).at(0);
  EXPECT_EQ(finding.detail.en,
            "self-evaluation never submitted (due 2020-07-15): the points it would give are scored as "
            "missing (Art. 6)");
  for (const std::string& leaf : cn2013_leaf_ids())
    EXPECT_EQ(leaf_outcome(hubei, leaf).source, InputSource::missing) << leaf;
  const Result& gansu = result_for(year.state, kGradeD);
  EXPECT_EQ(not_submitted_steps(gansu), (std::vector<std::string>{"targets", "self_evaluation"}));
  EXPECT_EQ(leaf_outcome(gansu, "manufacturing_pass_rate").source, InputSource::missing);
  EXPECT_EQ(count_findings(gansu, FindingKind::late_filing), 0);

  // Verified on site all the same; the findings stay in the final results.
  year.step(act("verify", "420000", "2020-08-05", {{"values", {{"development_plan", "fair"}}}}));
  year.step(act("assess", "", "2020-08-25"));
  EXPECT_EQ(leaf_outcome(result_for(year.state, "420000"), "development_plan").source, InputSource::verified);
  EXPECT_EQ(not_submitted_steps(result_for(year.state, "420000")),
            std::vector<std::string>{"self_evaluation"});
  EXPECT_EQ(not_submitted_steps(result_for(year.state, kGradeD)),
            (std::vector<std::string>{"targets", "self_evaluation"}));
}

// Art. 6.2: a self-evaluation arriving after the region was recorded as not submitting counts,
// as a late one.
TEST(CampaignNotSubmitted, ALateSelfEvaluationClearsTheFlag) {
  Year year;
  year.file_all("2019-06-28");
  year.step(act("not_submitted", "420000", "2020-07-16", {{"step", "self_evaluation"}}));
  const auto warnings =
      year.step(act("self_evaluate", "420000", "2020-07-20", {{"values", cn_values("good")}}));
  ASSERT_EQ(warnings.size(), 1u) << joined(warnings);
  EXPECT_EQ(warnings[0].path, "420000 self_evaluate");
  EXPECT_EQ(warnings[0].message,
            "self-evaluation dated 2020-07-20, 5 day(s) after it was due on 2020-07-15 (Art. 6.2)");
  EXPECT_EQ(warnings[0].message_zh, "自评报告日期为 2020-07-20，比截止日期 2020-07-15 晚 5 天（第六条）");
  const RegionRecord& record = year.state.region("420000");
  EXPECT_EQ(record.stage, RegionStage::self_evaluated);
  EXPECT_FALSE(record.self_evaluation_not_submitted_on.has_value());
  EXPECT_EQ(record.self_evaluated_on, day("2020-07-20"));
  const Result& result = result_for(year.state, "420000");
  EXPECT_EQ(count_findings(result, FindingKind::not_submitted), 0);
  ASSERT_NE(late_finding(result, "self_evaluation"), nullptr);
  EXPECT_EQ(late_finding(result, "self_evaluation")->days_late, 5);
  const RegionStatus status = status_of(campaign_status(year.state, day("2020-07-21")), "420000");
  EXPECT_FALSE(status.self_evaluation_not_submitted);
  EXPECT_EQ(status.self_evaluation.state, DeadlineState::late);
  EXPECT_EQ(status.self_evaluation.days_late, 5);
}

// Art. 6.1: once the targets are recorded as not submitted, the region self-evaluates without
// them; targets that arrive before that count as late.
TEST(CampaignNotSubmitted, SelfEvaluationWithoutTargetsOrWithLateTargets) {
  Year year;
  EXPECT_TRUE(contains(
      refusal(year.state, act("self_evaluate", "420000", "2020-07-14", {{"values", cn_values("good")}})),
      "stage 'registered'; this step needs 'targets_filed' or 'self_evaluated' or 'not_submitted'"));
  year.step(act("not_submitted", "420000", "2019-07-01", {{"step", "targets"}}));
  EXPECT_TRUE(
      year.step(act("self_evaluate", "420000", "2020-07-14", {{"values", cn_values("good")}})).empty());
  EXPECT_EQ(year.state.region("420000").stage, RegionStage::self_evaluated);
  EXPECT_EQ(year.state.region("420000").targets_not_submitted_on, day("2019-07-01"));
  const Result& hubei = result_for(year.state, "420000");
  EXPECT_EQ(not_submitted_steps(hubei), std::vector<std::string>{"targets"});
  EXPECT_EQ(count_findings(hubei, FindingKind::late_filing), 0);

  year.step(act("not_submitted", "110000", "2019-07-01", {{"step", "targets"}}));
  const auto warnings = year.step(act("file_targets", "110000", "2019-07-05", {{"targets", cn_targets()}}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "targets dated 2019-07-05, 5 day(s) after it was due on 2019-06-30 (Art. 6.1)");
  EXPECT_FALSE(year.state.region("110000").targets_not_submitted_on.has_value());
  EXPECT_EQ(year.state.region("110000").stage, RegionStage::targets_filed);
  const Result& beijing = result_for(year.state, "110000");
  EXPECT_EQ(count_findings(beijing, FindingKind::not_submitted), 0);
  ASSERT_NE(late_finding(beijing, "targets"), nullptr);
  EXPECT_EQ(late_finding(beijing, "targets")->days_late, 5);
}

// ---- spot checks (Art. 6.3) ---------------------------------------------------------------------

// Art. 6.3: a key spot check selects a region the plan did not draw, while verification runs.
TEST(CampaignSpotCheck, OnlyInVerificationAndOnlyARegionNotSelected) {
  Year year;
  year.file_all("2019-06-28");
  year.self_evaluate_all("2020-07-14");
  const json why = {{"reason", "complaints about county inspections"}};
  EXPECT_TRUE(
      contains(refusal(year.state, act("spot_check", "420000", "2020-07-20", why)),
               "420000 spot_check: the campaign is at phase 'filing'; this step needs 'verification'"));
  year.plan_manual({kOverstating}, "2020-07-20");
  EXPECT_TRUE(
      contains(refusal(year.state, act("spot_check", kOverstating, "2020-07-21", why)),
               "310000 spot_check: the region is at stage 'selected'; this step needs 'not_selected'"));
  year.verify_overstating("2020-08-05");
  EXPECT_TRUE(contains(refusal(year.state, act("spot_check", kOverstating, "2020-08-06", why)),
                       "stage 'verified'; this step needs 'not_selected'"));
  EXPECT_TRUE(contains(refusal(year.state, act("spot_check", "", "2020-08-06", why)),
                       "spot_check: this step needs a region"));
  EXPECT_TRUE(contains(refusal(year.state, act("spot_check", "999999", "2020-08-06", why)),
                       "'999999' is not a region of this campaign"));
  year.step(act("spot_check", "420000", "2020-08-06", why, "working group"));
  EXPECT_EQ(year.state.region("420000").stage, RegionStage::selected);
  EXPECT_TRUE(contains(refusal(year.state, act("spot_check", "420000", "2020-08-07", why)),
                       "stage 'selected'; this step needs 'not_selected'"));
  year.step(act("verify", "420000", "2020-08-07", {{"values", {{"development_plan", "fair"}}}}));
  year.step(act("assess", "", "2020-08-25"));
  EXPECT_TRUE(contains(refusal(year.state, act("spot_check", "110000", "2020-08-26", why)),
                       "phase 'assessed'; this step needs 'verification'"));
}

// Art. 6.3: the working group says why it checks a region the draw left out.
TEST(CampaignSpotCheck, AReasonIsRequired) {
  Year year;
  year.to_verification();
  for (const json& data : {json::object(), json{{"reason", ""}}, json{{"reason", "   "}},
                           json{{"reason", " \t\r\n"}}, json{{"reason", 42}}, json{{"reason", nullptr}}}) {
    EXPECT_TRUE(contains(refusal(year.state, act("spot_check", "420000", "2020-07-21", data)),
                         "420000 spot_check: data/reason: say why (a non-empty text is needed)"))
        << data;
  }
}

// Art. 6.3: the points to verify are points of the scheme (leaves), not its groups.
TEST(CampaignSpotCheck, PointsMustBeLeavesOfTheScheme) {
  Year year;
  year.to_verification();
  const auto with_points = [](const json& points) {
    return json{{"reason", "complaints"}, {"points", points}};
  };
  for (const auto& [points, shown] : std::vector<std::pair<json, std::string>>{
           {json::array({"macro"}), "\"macro\""},
           {json::array({"targets"}), "\"targets\""},
           {json::array({"development_plan", "no_such_point"}), "\"no_such_point\""},
           {json::array({7}), "7"},
           {json::array({json::object()}), "{}"}}) {
    EXPECT_TRUE(contains(refusal(year.state, act("spot_check", "420000", "2020-07-21", with_points(points))),
                         "420000 spot_check: data/points: " + shown + " is not a point of scheme cn-2013"))
        << points;
  }
  EXPECT_TRUE(contains(
      refusal(year.state, act("spot_check", "420000", "2020-07-21", with_points("development_plan"))),
      "data/points must be an array"));
  EXPECT_TRUE(contains(
      refusal(year.state, act("spot_check", "420000", "2020-07-21",
                              {{"reason", "complaints"}, {"point", json::array({"development_plan"})}})),
      "data/point: unknown key 'point'"));
  year.step(act("spot_check", "420000", "2020-07-21",
                with_points(json::array({"development_plan", "manufacturing_pass_rate"}))));
  EXPECT_EQ(year.state.region("420000").points_to_verify,
            (std::vector<std::string>{"development_plan", "manufacturing_pass_rate"}));
}

// Art. 6.3: a region the plan did not draw is verified only after a spot check; then the
// assessment waits for its verification.
TEST(CampaignSpotCheck, VerifyANotSelectedRegionAfterASpotCheckThenAssess) {
  Year year;
  year.to_verification();  // plan on 2020-07-20, 310000 drawn
  year.verify_overstating("2020-08-05");
  EXPECT_TRUE(contains(refusal(year.state, act("verify", "420000", "2020-08-06",
                                               {{"values", {{"development_plan", "poor"}}}})),
                       "420000 verify: the verification plan did not draw this region; record a spot check "
                       "first (spot_check)"));
  year.step(act("spot_check", "420000", "2020-08-06", {{"reason", "complaints"}}, "working group"));
  EXPECT_TRUE(contains(refusal(year.state, act("assess", "", "2020-08-25")),
                       "selected for verification but not yet verified: 420000"));
  EXPECT_TRUE(contains(refusal(year.state, act("verify", "420000", "2020-08-05",
                                               {{"values", {{"development_plan", "poor"}}}})),
                       "420000 verify: dated 2020-08-05, before the spot check on 2020-08-06"));
  year.step(act("verify", "420000", "2020-08-06", {{"values", {{"development_plan", "poor"}}}}));
  year.step(act("assess", "", "2020-08-25"));
  EXPECT_EQ(year.state.phase, Phase::assessed);
  EXPECT_EQ(leaf_outcome(result_for(year.state, "420000"), "development_plan").source, InputSource::verified);
}

// Art. 6.3: a spot check comes after the plan (the same day is fine) and leaves the plan as drawn.
TEST(CampaignSpotCheck, NotBeforeThePlanAndThePlanStaysAsDrawn) {
  Year year;
  year.to_verification();
  const json plan = write_plan(*year.state.plan);
  EXPECT_TRUE(
      contains(refusal(year.state, act("spot_check", "420000", "2020-07-19", {{"reason", "complaints"}})),
               "420000 spot_check: dated 2020-07-19, before the verification plan on 2020-07-20"));
  EXPECT_TRUE(year.step(act("spot_check", "420000", "2020-07-20", {{"reason", "complaints"}})).empty());
  EXPECT_EQ(write_plan(*year.state.plan), plan);
  EXPECT_FALSE(year.state.plan->selects("420000"));
  const RegionRecord& record = year.state.region("420000");
  EXPECT_EQ(record.spot_checked_on, day("2020-07-20"));
  EXPECT_EQ(record.spot_check_reason, "complaints");
  EXPECT_TRUE(record.points_to_verify.empty());
  EXPECT_TRUE(status_of(campaign_status(year.state, day("2020-07-21")), "420000").spot_checked);
  EXPECT_FALSE(status_of(campaign_status(year.state, day("2020-07-21")), "110000").spot_checked);
  EXPECT_EQ(region_snapshot(year.state, "420000")["spot_checked_on"], "2020-07-20");
}

// ---- corrections --------------------------------------------------------------------------------

// Art. 6, 9: a record of the process is corrected openly, saying why and who corrects it.
TEST(CampaignCorrect, ReasonAndActorAreRequired) {
  Year year;
  year.file_all("2019-07-03");
  const json fix = {{"step", "file_targets"}, {"date", "2019-06-28"}};
  for (const json& reason : {json(nullptr), json(""), json("  \t"), json(3)}) {
    json data = fix;
    if (!reason.is_null()) data["reason"] = reason;
    EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2019-07-10", data)),
                         "420000 correct: data/reason: say why (a non-empty text is needed)"))
        << reason;
  }
  json data = fix;
  data["reason"] = "received on 28 June, entered late";
  for (const std::string actor : {"", " ", " \t", "\n"}) {
    EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2019-07-10", data, actor)),
                         "420000 correct: actor: a correction records who made it"))
        << "'" << actor << "'";
  }
  for (const json& step :
       {json(nullptr), json("create"), json("not_submitted"), json("file-targets"), json(1)}) {
    json wrong = data;
    if (step.is_null()) {
      wrong.erase("step");
    } else {
      wrong["step"] = step;
    }
    EXPECT_TRUE(
        contains(refusal(year.state, correction("420000", "2019-07-10", wrong)), "cannot be corrected"))
        << step;
  }
  EXPECT_TRUE(year.step(correction("420000", "2019-07-10", data)).empty());
}

// Art. 6.1: a targets date corrected from late to on time takes the late filing away (and back).
TEST(CampaignCorrect, TargetsDateFromLateToOnTime) {
  Year year;
  for (const Spec& spec : year.specs) {
    year.step(act("file_targets", spec.code, spec.code == "420000" ? "2019-07-03" : "2019-06-28",
                  {{"targets", cn_targets()}}));
  }
  ASSERT_NE(late_finding(result_for(year.state, "420000"), "targets"), nullptr);
  year.step(
      correction("420000", "2019-07-10",
                 {{"step", "file_targets"}, {"date", "2019-06-28"}, {"reason", "received on 28 June"}}));
  const RegionRecord& record = year.state.region("420000");
  EXPECT_EQ(record.targets_filed_on, day("2019-06-28"));
  EXPECT_EQ(late_finding(result_for(year.state, "420000"), "targets"), nullptr);
  ASSERT_EQ(record.corrections.size(), 1u);
  const Correction& c = record.corrections[0];
  EXPECT_EQ(c.on, day("2019-07-10"));
  EXPECT_EQ(c.actor, "records office");
  EXPECT_EQ(c.step, "file_targets");
  EXPECT_EQ(c.reason, "received on 28 June");
  EXPECT_EQ(c.changes, json({{"targets_filed_on", {{"from", "2019-07-03"}, {"to", "2019-06-28"}}}}));
  EXPECT_TRUE(year.state.corrections.empty());  // a region's step: kept with the region
  const RegionStatus status = status_of(campaign_status(year.state, day("2019-07-11")), "420000");
  EXPECT_EQ(status.targets.state, DeadlineState::met);
  EXPECT_EQ(status.corrections, 1u);
  EXPECT_EQ(region_snapshot(year.state, "420000")["corrections"][0]["changes"], c.changes);

  year.step(correction("420000", "2019-07-11",
                       {{"step", "file_targets"}, {"date", "2019-07-01"}, {"reason", "postmark is 1 July"}}));
  ASSERT_NE(late_finding(result_for(year.state, "420000"), "targets"), nullptr);
  EXPECT_EQ(late_finding(result_for(year.state, "420000"), "targets")->days_late, 1);
  EXPECT_EQ(year.state.region("420000").corrections.size(), 2u);
}

// Art. 6.1: the filed targets, replaced whole; a correction that changes nothing is refused.
TEST(CampaignCorrect, TargetsValues) {
  Year year;
  year.file_all("2019-06-28");
  json better = cn_targets();
  better["manufacturing_pass_rate"] = 95.0;
  const json base = {{"step", "file_targets"}, {"reason", "typo in the pass rate"}};
  auto with = [&](const json& extra) {
    json data = base;
    data.update(extra);
    return correction("420000", "2019-07-10", data);
  };
  EXPECT_TRUE(contains(refusal(year.state, with({{"targets", cn_targets()}})),
                       "420000 correct: data/targets: targets holds these values already"));
  EXPECT_TRUE(contains(refusal(year.state, with({{"date", "2019-06-28"}})),
                       "data/date: targets_filed_on is 2019-06-28 already"));
  EXPECT_TRUE(
      contains(refusal(year.state, with({{"targets", json::array()}})), "data/targets must be an object"));
  EXPECT_TRUE(contains(refusal(year.state, with({{"targets", {{"manufacturing_pass_rate", 101}}}})),
                       "manufacturing_pass_rate"));
  EXPECT_TRUE(contains(refusal(year.state, with({{"values", cn_values("good")}})), "unknown key 'values'"));
  EXPECT_TRUE(contains(refusal(year.state, with({{"date", "2019-02-30"}})),
                       "data/date: '2019-02-30' is not a date (YYYY-MM-DD)"));
  EXPECT_TRUE(
      contains(refusal(year.state, with({{"date", 20190628}})), "data/date: the corrected date is needed"));
  EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2019-07-10", base)),
                       "420000 correct: nothing to correct: give data/date or the values to replace"));
  year.step(with({{"targets", better}, {"date", "2019-06-27"}}));
  const RegionRecord& record = year.state.region("420000");
  EXPECT_EQ(record.targets, better);
  EXPECT_EQ(record.targets_filed_on, day("2019-06-27"));
  EXPECT_EQ(record.corrections.back().changes,
            json({{"targets_filed_on", {{"from", "2019-06-28"}, {"to", "2019-06-27"}}},
                  {"targets", {{"from", cn_targets()}, {"to", better}}}}));
}

// Art. 6.1-6.3: a correction corrects a step that was taken; it never records one that was not
// (values never filed, a verification of a region neither drawn nor spot checked).
TEST(CampaignCorrect, OnlyAStepThatWasTaken) {
  Year year;
  const auto fix = [](const std::string& step, const json& extra) {
    json data = {{"step", step}, {"reason", "wrongly entered"}};
    data.update(extra);
    return data;
  };
  EXPECT_TRUE(contains(
      refusal(year.state, correction("420000", "2019-07-10", fix("file_targets", {{"date", "2019-06-28"}}))),
      "there is no targets_filed_on to correct"));
  EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2019-07-10",
                                                      fix("file_targets", {{"targets", cn_targets()}}))),
                       "420000 correct: there is no file_targets step to correct"));
  year.file_all("2019-06-28");
  EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2020-07-10",
                                                      fix("self_evaluate", {{"values", cn_values("good")}}))),
                       "420000 correct: there is no self_evaluate step to correct"));
  year.step(act("not_submitted", "420000", "2020-07-16", {{"step", "self_evaluation"}}));
  EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2020-07-17",
                                                      fix("self_evaluate", {{"values", cn_values("good")}}))),
                       "420000 correct: there is no self_evaluate step to correct"));
  for (const Spec& spec : year.specs) {
    if (spec.code != "420000")
      year.step(act("self_evaluate", spec.code, "2020-07-14", {{"values", cn_values(spec.level)}}));
  }
  year.plan_manual({kOverstating}, "2020-07-20");
  for (const std::string& code :
       {std::string("110000"), kOverstating}) {  // not drawn; drawn, not yet verified
    EXPECT_TRUE(contains(
        refusal(year.state,
                correction(code, "2020-07-21", fix("verify", {{"values", {{"development_plan", "poor"}}}}))),
        code + " correct: there is no verify step to correct"));
    EXPECT_TRUE(contains(
        refusal(year.state,
                correction(code, "2020-07-21", fix("verify", {{"evidence", {{"development_plan", "x"}}}}))),
        "there is no verify step to correct"));
  }
  EXPECT_TRUE(contains(
      refusal(year.state, correction("110000", "2020-07-21", fix("spot_check", {{"date", "2020-07-21"}}))),
      "there is no spot_checked_on to correct"));
}

// Art. 6.2: the self-evaluation's date, values and reported incidents.
TEST(CampaignCorrect, SelfEvaluationDateValuesAndIncidents) {
  Year year;
  year.file_all("2019-06-28");
  for (const Spec& spec : year.specs) {
    year.step(act("self_evaluate", spec.code, spec.code == "420000" ? "2020-07-20" : "2020-07-14",
                  {{"values", cn_values(spec.level)}}));
  }
  ASSERT_NE(late_finding(result_for(year.state, "420000"), "self_evaluation"), nullptr);
  const auto fix = [](const json& extra) {
    json data = {{"step", "self_evaluate"}, {"reason", "date stamp misread"}};
    data.update(extra);
    return data;
  };
  EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2020-07-21", fix({{"date", "2019-06-27"}}))),
                       "420000 correct: self_evaluated_on moved to 2019-06-27: self-evaluation dated "
                       "2019-06-27, before the targets filed on 2019-06-28"));
  // Moving the targets after the self-evaluation breaks the same order.
  EXPECT_TRUE(contains(
      refusal(year.state, correction("420000", "2020-07-21",
                                     {{"step", "file_targets"}, {"reason", "x"}, {"date", "2020-07-21"}})),
      "targets_filed_on moved to 2020-07-21: self-evaluation dated 2020-07-20, before the targets filed on "
      "2020-07-21"));
  year.step(correction("420000", "2020-07-21", fix({{"date", "2020-07-15"}})));
  EXPECT_EQ(year.state.region("420000").self_evaluated_on, day("2020-07-15"));
  EXPECT_EQ(late_finding(result_for(year.state, "420000"), "self_evaluation"), nullptr);

  EXPECT_EQ(result_for(year.state, "420000").total, fx("76"));
  year.step(correction("420000", "2020-07-21", fix({{"values", cn_values("good")}})));
  EXPECT_EQ(year.state.region("420000").self_evaluation, cn_values("good"));
  EXPECT_EQ(result_for(year.state, "420000").total, fx("88"));
  EXPECT_TRUE(
      contains(refusal(year.state, correction("420000", "2020-07-21", fix({{"values", cn_values("good")}}))),
               "data/values: self_evaluation holds these values already"));
  EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2020-07-21",
                                                      fix({{"values", {{"brand_strategy", "superb"}}}}))),
                       "'superb' is not a level"));

  // Incidents the region reported: marked as reported whatever the correction says.
  const json reported = json::array({incident("hb-1", "2019-10-01", "local", false)});
  year.step(correction("420000", "2020-07-22", fix({{"incidents", reported}})));
  const RegionRecord& record = year.state.region("420000");
  ASSERT_EQ(record.reported_incidents.size(), 1u);
  EXPECT_EQ(record.reported_incidents[0]["reported_in_self_evaluation"], true);
  EXPECT_EQ(record.corrections.back().changes["reported_incidents"]["from"], json::array());
  EXPECT_EQ(count_findings(result_for(year.state, "420000"), FindingKind::concealed), 0);
  // The same incidents again (with or without the flag the campaign sets) change nothing.
  EXPECT_TRUE(
      contains(refusal(year.state, correction("420000", "2020-07-23", fix({{"incidents", reported}}))),
               "data/incidents: reported_incidents holds these values already"));
  EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2020-07-23",
                                                      fix({{"incidents", record.reported_incidents}}))),
                       "holds these values already"));
  EXPECT_EQ(record.corrections.size(), 3u);
}

// Art. 6.3: the verification's date (the last visit), values, evidence and found incidents.
TEST(CampaignCorrect, VerificationDateValuesEvidenceAndIncidents) {
  Year year;
  year.to_verification();  // plan on 2020-07-20
  year.verify_overstating("2020-08-05");
  ASSERT_EQ(count_findings(result_for(year.state, kOverstating), FindingKind::overstated), 1);
  const auto fix = [](const json& extra) {
    json data = {{"step", "verify"}, {"reason", "visit report re-read"}};
    data.update(extra);
    return data;
  };
  EXPECT_TRUE(
      contains(refusal(year.state, correction(kOverstating, "2020-08-10", fix({{"date", "2020-07-19"}}))),
               "310000 correct: verified_on moved to 2020-07-19: verification dated 2020-07-19, before the "
               "verification plan on 2020-07-20"));
  year.step(correction(kOverstating, "2020-08-10", fix({{"date", "2020-08-04"}})));
  EXPECT_EQ(year.state.region(kOverstating).verified_on, day("2020-08-04"));

  year.step(correction(kOverstating, "2020-08-10",
                       fix({{"values", {{"development_plan", "good"}}},
                            {"evidence", {{"development_plan", "adopted in 2019: minutes found"}}}})));
  const RegionRecord& record = year.state.region(kOverstating);
  EXPECT_EQ(record.verification, json({{"development_plan", "good"}}));
  EXPECT_EQ(record.evidence, json({{"development_plan", "adopted in 2019: minutes found"}}));
  const Result& result = result_for(year.state, kOverstating);
  EXPECT_EQ(count_findings(result, FindingKind::overstated), 0);
  EXPECT_FALSE(has_condition(result, "misreporting"));
  EXPECT_EQ(record.corrections.back().changes["verification"],
            json({{"from", {{"development_plan", "poor"}}}, {"to", {{"development_plan", "good"}}}}));

  year.step(correction(kOverstating, "2020-08-11",
                       fix({{"incidents", json::array({incident("sh-2", "2020-01-05", "local", true)})}})));
  ASSERT_EQ(record.found_incidents.size(), 1u);
  EXPECT_EQ(record.found_incidents[0]["reported_in_self_evaluation"], false);
  EXPECT_TRUE(has_finding(result_for(year.state, kOverstating), FindingKind::concealed, "sh-2"));
  EXPECT_TRUE(contains(
      refusal(year.state, correction(kOverstating, "2020-08-12", fix({{"evidence", record.evidence}}))),
      "data/evidence: evidence holds these values already"));
  EXPECT_TRUE(contains(refusal(year.state, correction(kOverstating, "2020-08-12", fix({{"summary", "x"}}))),
                       "unknown key 'summary'"));
}

// Art. 6.4: data corrections only while the data still counts, up to the assessment.
TEST(CampaignCorrect, NoDataCorrectionsAfterTheAssessment) {
  Year year;
  EXPECT_TRUE(
      contains(refusal(year.state, correction(kOverstating, "2019-07-10",
                                              {{"step", "verify"}, {"reason", "x"}, {"date", "2020-08-04"}})),
               "phase 'filing'; this step needs 'verification'"));
  year.to_assessed();
  for (const char* step : {"file_targets", "self_evaluate"}) {
    EXPECT_TRUE(
        contains(refusal(year.state, correction(kOverstating, "2020-08-26",
                                                {{"step", step}, {"reason", "x"}, {"date", "2019-06-27"}})),
                 "310000 correct: the campaign is at phase 'assessed'; this step needs 'filing' or "
                 "'verification'"))
        << step;
  }
  EXPECT_TRUE(
      contains(refusal(year.state, correction(kOverstating, "2020-08-26",
                                              {{"step", "verify"}, {"reason", "x"}, {"date", "2020-08-04"}})),
               "phase 'assessed'; this step needs 'verification'"));
  EXPECT_TRUE(
      contains(refusal(year.state,
                       correction("", "2020-08-26",
                                  {{"step", "plan_verification"}, {"reason", "x"}, {"date", "2020-07-19"}})),
               "phase 'assessed'; this step needs 'verification'"));
}

// Art. 6.3: the date of a spot check.
TEST(CampaignCorrect, SpotCheckDate) {
  Year year;
  year.to_verification();  // plan on 2020-07-20
  year.step(act("spot_check", "420000", "2020-07-25", {{"reason", "complaints"}}));
  year.step(act("verify", "420000", "2020-08-01", {{"values", {{"development_plan", "fair"}}}}));
  const auto fix = [](const std::string& date) {
    return json{{"step", "spot_check"}, {"reason", "decided on the 22nd"}, {"date", date}};
  };
  EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2020-08-02", fix("2020-07-19"))),
                       "420000 correct: spot_checked_on moved to 2020-07-19: spot check dated 2020-07-19, "
                       "before the verification plan on 2020-07-20"));
  EXPECT_TRUE(contains(refusal(year.state, correction("420000", "2020-08-02", fix("2020-08-02"))),
                       "420000 correct: spot_checked_on moved to 2020-08-02: verification dated 2020-08-01, "
                       "before the spot check on 2020-08-02"));
  EXPECT_TRUE(contains(
      refusal(year.state, correction("420000", "2020-08-02",
                                     {{"step", "spot_check"}, {"reason", "x"}, {"points", json::array()}})),
      "unknown key 'points'"));
  year.step(correction("420000", "2020-08-02", fix("2020-07-22")));
  EXPECT_EQ(year.state.region("420000").spot_checked_on, day("2020-07-22"));
  EXPECT_EQ(year.state.region("420000").corrections.back().changes,
            json({{"spot_checked_on", {{"from", "2020-07-25"}, {"to", "2020-07-22"}}}}));
}

// Art. 7: the date a rectification report arrived, and of each interview.
TEST(CampaignCorrect, RectificationAndInterviewDates) {
  Year year;
  year.to_announced(kWinter);  // announced 2020-01-31, report due 2020-02-29
  const json interview_fix = {
      {"step", "interview"}, {"reason", "minutes dated wrongly"}, {"date", "2020-03-02"}};
  EXPECT_TRUE(contains(refusal(year.state, correction(kGradeD, "2020-03-05", interview_fix)),
                       "there is no interview to correct"));
  EXPECT_TRUE(contains(
      refusal(year.state,
              correction(kGradeD, "2020-03-05",
                         {{"step", "receive_rectification"}, {"reason", "x"}, {"date", "2020-03-02"}})),
      "there is no rectification_received_on to correct"));
  year.step(act("interview", kGradeD, "2020-03-01"));
  year.step(act("interview", kGradeD, "2020-04-01"));
  year.step(act("receive_rectification", kGradeD, "2020-04-10"));

  // The last interview unless data/interview names which (1 = the first).
  year.step(
      correction(kGradeD, "2020-04-11", {{"step", "interview"}, {"reason", "x"}, {"date", "2020-04-02"}}));
  EXPECT_EQ(year.state.region(kGradeD).interviews,
            (std::vector<CivilDate>{day("2020-03-01"), day("2020-04-02")}));
  json first = interview_fix;
  first["interview"] = 1;
  year.step(correction(kGradeD, "2020-04-11", first));
  EXPECT_EQ(year.state.region(kGradeD).interviews,
            (std::vector<CivilDate>{day("2020-03-02"), day("2020-04-02")}));
  EXPECT_EQ(year.state.region(kGradeD).corrections.back().changes,
            json({{"interview", {{"from", "2020-03-01"}, {"to", "2020-03-02"}}}}));
  for (const json& which : {json(0), json(3), json(-1)}) {
    json bad = interview_fix;
    bad["interview"] = which;
    EXPECT_TRUE(contains(refusal(year.state, correction(kGradeD, "2020-04-11", bad)),
                         "data/interview: there are 2 interviews"))
        << which;
  }
  for (const json& which : {json("1"), json(1.5), json(true)}) {
    json bad = interview_fix;
    bad["interview"] = which;
    EXPECT_TRUE(contains(refusal(year.state, correction(kGradeD, "2020-04-11", bad)),
                         "data/interview must be the number of an interview"))
        << which;
  }
  first["date"] = "2020-04-05";
  EXPECT_TRUE(contains(refusal(year.state, correction(kGradeD, "2020-04-11", first)),
                       "interview moved to 2020-04-05: interview dated 2020-04-02, before the interview "
                       "before it on 2020-04-05"));
  first["date"] = "2020-01-30";
  EXPECT_TRUE(contains(
      refusal(year.state, correction(kGradeD, "2020-04-11", first)),
      "interview moved to 2020-01-30: interview dated 2020-01-30, before the announcement on 2020-01-31"));

  // The report: late by 41 days, corrected to the due date, met.
  EXPECT_EQ(status_of(campaign_status(year.state, day("2020-04-12")), kGradeD).rectification->state,
            DeadlineState::late);
  const json report_fix = {{"step", "receive_rectification"}, {"reason", "received by post on 29 Feb"}};
  json to_due = report_fix;
  to_due["date"] = "2020-02-29";
  year.step(correction(kGradeD, "2020-04-12", to_due));
  const auto rectification = status_of(campaign_status(year.state, day("2020-04-12")), kGradeD).rectification;
  ASSERT_TRUE(rectification.has_value());
  EXPECT_EQ(rectification->state, DeadlineState::met);
  EXPECT_EQ(rectification->days_late, 0);
  json too_early = report_fix;
  too_early["date"] = "2020-01-30";
  EXPECT_TRUE(contains(refusal(year.state, correction(kGradeD, "2020-04-12", too_early)),
                       "rectification_received_on moved to 2020-01-30: rectification report dated "
                       "2020-01-30, before the announcement on 2020-01-31"));
  EXPECT_EQ(year.state.region(kGradeD).corrections.size(), 3u);
}

// Art. 6.3-6.5, 7: the campaign-wide steps (plan, assessment, approval, announcement): dates only,
// no region, kept in CampaignState::corrections; the refusal names what moved.
TEST(CampaignCorrect, CampaignWideDates) {
  Year year;
  year.to_verification();  // self-evaluations on 2020-07-14, plan on 2020-07-20
  year.verify_overstating("2020-08-05");
  const auto fix = [](const std::string& step, const std::string& date) {
    return json{{"step", step}, {"reason", "date of the minutes"}, {"date", date}};
  };
  EXPECT_TRUE(contains(
      refusal(year.state, correction("420000", "2020-08-06", fix("plan_verification", "2020-07-18"))),
      "420000 correct: 'plan_verification' is a step of the whole campaign: give no region"));
  EXPECT_TRUE(
      contains(refusal(year.state, correction("", "2020-08-06", fix("plan_verification", "2020-07-13"))),
               "correct: planned_on moved to 2020-07-13: verification plan dated 2020-07-13, "
               "before the last self-evaluation on 2020-07-14"));
  EXPECT_TRUE(
      contains(refusal(year.state, correction("", "2020-08-06", fix("plan_verification", "2020-08-06"))),
               "planned_on moved to 2020-08-06: verification dated 2020-08-05, before the "
               "verification plan on 2020-08-06"));
  EXPECT_TRUE(contains(
      refusal(year.state, correction("", "2020-08-06", {{"step", "plan_verification"}, {"reason", "x"}})),
      "correct: nothing to correct: give data/date"));
  EXPECT_TRUE(
      contains(refusal(year.state, correction("", "2020-08-06", fix("plan_verification", "2020-07-20"))),
               "data/date: planned_on is 2020-07-20 already"));
  EXPECT_TRUE(contains(
      refusal(year.state, correction("", "2020-08-06",
                                     {{"step", "plan_verification"}, {"reason", "x"}, {"rule", "all"}})),
      "unknown key 'rule'"));
  EXPECT_TRUE(contains(refusal(year.state, correction("", "2020-08-06", fix("file_targets", "2019-06-27"))),
                       "correct: this step needs a region"));
  EXPECT_TRUE(contains(refusal(year.state, correction("", "2020-08-06", fix("assess", "2020-08-06"))),
                       "phase 'verification'; this step needs 'assessed'"));
  year.step(correction("", "2020-08-06", fix("plan_verification", "2020-07-15")));
  EXPECT_EQ(year.state.planned_on, day("2020-07-15"));
  ASSERT_EQ(year.state.corrections.size(), 1u);
  EXPECT_EQ(year.state.corrections[0].step, "plan_verification");
  EXPECT_EQ(year.state.corrections[0].actor, "records office");
  EXPECT_EQ(year.state.corrections[0].changes,
            json({{"planned_on", {{"from", "2020-07-20"}, {"to", "2020-07-15"}}}}));
  EXPECT_EQ(campaign_snapshot(year.state)["corrections"][0]["reason"], "date of the minutes");

  year.step(act("assess", "", "2020-08-25"));
  EXPECT_TRUE(contains(refusal(year.state, correction("", "2020-08-26", fix("assess", "2020-08-04"))),
                       "assessed_on moved to 2020-08-04: assessment dated 2020-08-04, before the last "
                       "verification step on 2020-08-05"));
  year.step(correction("", "2020-08-26", fix("assess", "2020-08-20")));
  EXPECT_EQ(year.state.assessed_on, day("2020-08-20"));
  EXPECT_TRUE(contains(refusal(year.state, correction("", "2020-08-26", fix("approve", "2020-08-26"))),
                       "phase 'assessed'; this step needs 'approved'"));

  year.step(act("approve", "", "2020-09-15", json::object(), "State Council"));
  EXPECT_TRUE(contains(refusal(year.state, correction("", "2020-09-16", fix("assess", "2020-08-21"))),
                       "phase 'approved'; this step needs 'assessed'"));
  EXPECT_TRUE(contains(refusal(year.state, correction("", "2020-09-16", fix("approve", "2020-08-19"))),
                       "approved_on moved to 2020-08-19: approval dated 2020-08-19, before the comprehensive "
                       "assessment on 2020-08-20"));
  year.step(correction("", "2020-09-16", fix("approve", "2020-09-14")));
  EXPECT_EQ(year.state.approved_on, day("2020-09-14"));
  EXPECT_EQ(year.state.approved_by, "State Council");  // who approved is not what is corrected

  year.step(act("announce", "", "2020-09-25"));
  year.step(act("receive_rectification", kGradeD, "2020-10-01"));
  EXPECT_TRUE(contains(refusal(year.state, correction("", "2020-10-02", fix("announce", "2020-10-02"))),
                       "announced_on moved to 2020-10-02: rectification report dated 2020-10-01, before the "
                       "announcement on 2020-10-02"));
  EXPECT_TRUE(contains(
      refusal(year.state, correction("", "2020-10-02", fix("announce", "2020-09-13"))),
      "announced_on moved to 2020-09-13: announcement dated 2020-09-13, before the approval on 2020-09-14"));
  year.step(correction("", "2020-10-02", fix("announce", "2020-09-24")));
  EXPECT_EQ(year.state.announced_on, day("2020-09-24"));
  ASSERT_EQ(year.state.corrections.size(), 4u);
  EXPECT_EQ(year.state.corrections[3].changes,
            json({{"announced_on", {{"from", "2020-09-25"}, {"to", "2020-09-24"}}}}));
  // The due date of the report follows the corrected announcement (Art. 7).
  EXPECT_EQ(status_of(campaign_status(year.state, day("2020-10-02")), kGradeD).rectification->due,
            day("2020-10-24"));
}

// Art. 6.2, 6.3: a correction keeps the process in order across regions too: a self-evaluation
// moved after the verification plan would leave a plan dated before it.
TEST(CampaignCorrect, ASelfEvaluationNotMovedAfterThePlan) {
  Year year;
  year.to_verification();  // self-evaluations on 2020-07-14, plan on 2020-07-20
  EXPECT_TRUE(contains(
      refusal(year.state, correction("420000", "2020-07-26",
                                     {{"step", "self_evaluate"}, {"reason", "x"}, {"date", "2020-07-25"}})),
      "self_evaluated_on moved to 2020-07-25: verification plan dated 2020-07-20, before the last "
      "self-evaluation on 2020-07-25"));
  year.step(correction("420000", "2020-07-26",
                       {{"step", "self_evaluate"}, {"reason", "x"}, {"date", "2020-07-20"}}));
  year.verify_overstating("2020-08-05");
  year.step(act("assess", "", "2020-08-25"));
  EXPECT_EQ(year.state.phase, Phase::assessed);
}

// ---- the grade-D follow-up (Art. 7) -------------------------------------------------------------

// Art. 7: while the report stays missing, interviews may follow one another, never out of order.
TEST(CampaignFollowUp, RepeatedInterviewsWhileTheReportIsOverdue) {
  Year year;
  year.to_announced(kWinter);  // report due 2020-02-29
  EXPECT_TRUE(contains(refusal(year.state, act("interview", kGradeD, "2020-02-29")),
                       "the rectification report is not overdue until after 2020-02-29 (Art. 7)"));
  EXPECT_TRUE(year.step(act("interview", kGradeD, "2020-03-01")).empty());
  year.step(act("interview", kGradeD, "2020-03-01"));  // the same day is not out of order
  year.step(act("interview", kGradeD, "2020-04-01"));
  EXPECT_TRUE(contains(refusal(year.state, act("interview", kGradeD, "2020-03-31")),
                       "620000 interview: dated 2020-03-31, before the interview before it on 2020-04-01"));
  EXPECT_EQ(year.state.region(kGradeD).stage, RegionStage::interviewed);
  const RegionStatus status = status_of(campaign_status(year.state, day("2020-04-15")), kGradeD);
  EXPECT_EQ(status.interviews,
            (std::vector<CivilDate>{day("2020-03-01"), day("2020-03-01"), day("2020-04-01")}));
  ASSERT_TRUE(status.rectification.has_value());
  EXPECT_EQ(status.rectification->state, DeadlineState::overdue);  // still overdue after interviews
  EXPECT_EQ(status.rectification->days_late, 46);
}

// Art. 7: a report that arrives after an interview is recorded, late, and stays late.
TEST(CampaignFollowUp, AReportAfterAnInterviewIsLate) {
  Year year;
  year.to_announced(kWinter);
  year.step(act("interview", kGradeD, "2020-03-01"));
  const auto warnings =
      year.step(act("receive_rectification", kGradeD, "2020-04-10", {{"summary", "measures"}}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].path, "620000 receive_rectification");
  EXPECT_EQ(warnings[0].message,
            "rectification report dated 2020-04-10, 41 day(s) after it was due on 2020-02-29 (Art. 7)");
  EXPECT_EQ(year.state.region(kGradeD).stage, RegionStage::rectification_received);
  EXPECT_EQ(year.state.region(kGradeD).interviews, std::vector<CivilDate>{day("2020-03-01")});
  for (const char* as_of : {"2020-04-10", "2021-01-01"}) {
    const auto rectification = status_of(campaign_status(year.state, day(as_of)), kGradeD).rectification;
    ASSERT_TRUE(rectification.has_value());
    EXPECT_EQ(rectification->state, DeadlineState::late) << as_of;
    EXPECT_EQ(rectification->days_late, 41) << as_of;
    EXPECT_EQ(rectification->done_on, day("2020-04-10")) << as_of;
  }
  // After the report, an interview needs it marked insufficient.
  EXPECT_TRUE(
      contains(refusal(year.state, act("interview", kGradeD, "2020-04-20")),
               "the rectification report arrived on 2020-04-10; an interview needs it marked insufficient "
               "(data/insufficient: true)"));
  year.step(act("interview", kGradeD, "2020-04-20", {{"insufficient", true}}));
  EXPECT_EQ(year.state.region(kGradeD).stage, RegionStage::interviewed);
  // A revised report: the first one still counts for lateness.
  year.step(act("receive_rectification", kGradeD, "2020-05-01"));
  EXPECT_EQ(year.state.region(kGradeD).rectification_received_on, day("2020-04-10"));
  EXPECT_EQ(status_of(campaign_status(year.state, day("2020-05-02")), kGradeD).rectification->days_late, 41);
}

// Art. 7: a revised report after an on-time one that fell short is not late: no warning, as
// the status says "met".
TEST(CampaignFollowUp, ARevisedReportAfterAnOnTimeOneIsNotWarnedLate) {
  Year year;
  year.to_announced(kWinter);
  EXPECT_TRUE(year.step(act("receive_rectification", kGradeD, "2020-02-29")).empty());
  year.step(act("interview", kGradeD, "2020-03-10", {{"insufficient", true}}));
  const auto warnings = year.step(act("receive_rectification", kGradeD, "2020-03-20"));
  EXPECT_TRUE(warnings.empty()) << joined(warnings);
  EXPECT_EQ(status_of(campaign_status(year.state, day("2020-03-21")), kGradeD).rectification->state,
            DeadlineState::met);
}

// ---- deadlines and warnings (Art. 6.1, 6.2, 6.5, 7) --------------------------------------------

// Art. 6.1: targets on 30 June are on time; from 1 July the step warns (and is recorded).
TEST(CampaignDeadlines, TargetsWarnFrom1July) {
  Year year;
  EXPECT_TRUE(year.step(act("file_targets", "420000", "2019-06-30", {{"targets", cn_targets()}})).empty());
  auto warnings = year.step(act("file_targets", "110000", "2019-07-01", {{"targets", cn_targets()}}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].path, "110000 file_targets");
  EXPECT_EQ(warnings[0].message,
            "targets dated 2019-07-01, 1 day(s) after it was due on 2019-06-30 (Art. 6.1)");
  // An amendment keeps the first date: no new warning.
  EXPECT_TRUE(year.step(act("file_targets", "420000", "2019-08-01", {{"targets", cn_targets()}})).empty());
  EXPECT_TRUE(year.step(act("file_targets", "110000", "2019-08-01", {{"targets", cn_targets()}})).empty());
}

// Art. 6.2: self-evaluations on 15 July of the next year are on time; from 16 July they warn.
TEST(CampaignDeadlines, SelfEvaluationWarnsFrom16July) {
  Year year;
  year.file_all("2019-06-28");
  EXPECT_TRUE(
      year.step(act("self_evaluate", "420000", "2020-07-15", {{"values", cn_values("good")}})).empty());
  auto warnings = year.step(act("self_evaluate", "110000", "2020-07-16", {{"values", cn_values("good")}}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "self-evaluation dated 2020-07-16, 1 day(s) after it was due on 2020-07-15 (Art. 6.2)");
  EXPECT_TRUE(
      year.step(act("self_evaluate", "110000", "2020-07-17", {{"values", cn_values("fair")}})).empty());
}

// Art. 6.5: the assessment reported, approved and announced by the end of September: on
// 30 September silently, from 1 October with a warning.
TEST(CampaignDeadlines, AssessApproveAnnounceBy30September) {
  Year on_time;
  on_time.to_verification();
  on_time.verify_overstating("2020-08-05");
  EXPECT_TRUE(on_time.step(act("assess", "", "2020-09-30")).empty());
  EXPECT_TRUE(on_time.step(act("approve", "", "2020-09-30")).empty());
  EXPECT_TRUE(on_time.step(act("announce", "", "2020-09-30")).empty());

  Year late;
  late.to_verification();
  late.verify_overstating("2020-08-05");
  auto warnings = late.step(act("assess", "", "2020-10-01"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].path, "assess");
  EXPECT_EQ(
      warnings[0].message,
      "the comprehensive assessment (its report to the State Council) dated 2020-10-01, 1 day(s) after it "
      "was due on 2020-09-30 (Art. 6.5)");
  warnings = late.step(act("approve", "", "2020-10-01"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(contains(warnings[0].message, "approval")) << warnings[0].message;
  EXPECT_TRUE(
      contains(warnings[0].message, "dated 2020-10-01, 1 day(s) after it was due on 2020-09-30 (Art. 6.5)"));
  warnings = late.step(act("announce", "", "2020-10-02"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(contains(warnings[0].message, "announcement")) << warnings[0].message;
  EXPECT_TRUE(
      contains(warnings[0].message, "dated 2020-10-02, 2 day(s) after it was due on 2020-09-30 (Art. 6.5)"));
}

// Art. 7: the report on its due day is on time; the day after warns.
TEST(CampaignDeadlines, RectificationReportWarnsFromTheDayAfterItIsDue) {
  Year on_time;
  on_time.to_announced(kWinter);  // due 2020-02-29
  EXPECT_TRUE(on_time.step(act("receive_rectification", kGradeD, "2020-02-29")).empty());
  Year late;
  late.to_announced(kWinter);
  const auto warnings = late.step(act("receive_rectification", kGradeD, "2020-03-01"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "rectification report dated 2020-03-01, 1 day(s) after it was due on 2020-02-29 (Art. 7)");
}

// Art. 6.2, 6.3: the steps without a deadline of their own (recording a filing as not
// submitted, the plan, spot checks, verification, corrections) never warn, however late.
TEST(CampaignDeadlines, StepsWithoutADeadlineNeverWarn) {
  Year year;
  year.file_all("2019-06-28");
  for (const Spec& spec : year.specs) {
    if (spec.code != "420000")
      year.step(act("self_evaluate", spec.code, "2020-07-14", {{"values", cn_values(spec.level)}}));
  }
  EXPECT_TRUE(year.step(act("not_submitted", "420000", "2020-09-01", {{"step", "self_evaluation"}})).empty());
  EXPECT_TRUE(year.step(act("plan_verification", "", "2020-09-02",
                            {{"rule", "manual"}, {"regions", json::array({kOverstating})}}))
                  .empty());
  EXPECT_TRUE(year.step(act("spot_check", "110000", "2020-09-03", {{"reason", "complaints"}})).empty());
  EXPECT_TRUE(
      year.step(act("verify", "110000", "2020-09-04", {{"values", {{"development_plan", "good"}}}})).empty());
  EXPECT_TRUE(
      year.step(act("verify", kOverstating, "2020-09-04", {{"values", {{"development_plan", "good"}}}}))
          .empty());
  EXPECT_TRUE(year.step(correction("110000", "2020-10-05",
                                   {{"step", "verify"}, {"reason", "x"}, {"date", "2020-09-05"}}))
                  .empty());
}

// Art. 6.5: the campaign's deadlines in the status, at their edges.
TEST(CampaignDeadlines, StatusOfTheCampaignDeadlines) {
  Year year;
  year.to_verification();
  year.verify_overstating("2020-08-05");
  auto status = campaign_status(year.state, day("2020-09-30"));
  ASSERT_EQ(status.deadlines.size(), 5u);  // targets, self_evaluation (summed), and these three
  // Art. 6.1, 6.2: every region filed in time; the sum says so, with the count in each state.
  for (const char* id : {"targets", "self_evaluation"}) {
    const DeadlineStatus& deadline = deadline_of(status, id);
    EXPECT_EQ(deadline.state, DeadlineState::met) << id;
    ASSERT_TRUE(deadline.regions.has_value()) << id;
    EXPECT_EQ(*deadline.regions, (std::array<long, 4>{5, 0, 0, 0})) << id;  // met, late, pending, overdue
  }
  for (const char* id : {"report", "approval", "announcement"}) {
    const DeadlineStatus& deadline = deadline_of(status, id);
    EXPECT_EQ(deadline.article, "Art. 6.5") << id;
    EXPECT_EQ(deadline.due, day("2020-09-30")) << id;
    EXPECT_EQ(deadline.state, DeadlineState::pending) << id;
    EXPECT_EQ(deadline.days_late, 0) << id;
    EXPECT_FALSE(deadline.done_on.has_value()) << id;
  }
  status = campaign_status(year.state, day("2020-10-01"));
  for (const char* id : {"report", "approval", "announcement"}) {
    EXPECT_EQ(deadline_of(status, id).state, DeadlineState::overdue) << id;
    EXPECT_EQ(deadline_of(status, id).days_late, 1) << id;
  }
  year.step(act("assess", "", "2020-09-30"));
  year.step(act("approve", "", "2020-10-01"));
  status = campaign_status(year.state, day("2020-10-05"));
  EXPECT_EQ(deadline_of(status, "report").state, DeadlineState::met);
  EXPECT_EQ(deadline_of(status, "report").done_on, day("2020-09-30"));
  EXPECT_EQ(deadline_of(status, "approval").state, DeadlineState::late);
  EXPECT_EQ(deadline_of(status, "approval").days_late, 1);
  EXPECT_EQ(deadline_of(status, "announcement").state, DeadlineState::overdue);
  EXPECT_EQ(deadline_of(status, "announcement").days_late, 5);
  year.step(act("announce", "", "2020-10-05"));
  status = campaign_status(year.state, day("2021-01-01"));
  EXPECT_EQ(deadline_of(status, "announcement").state, DeadlineState::late);
  EXPECT_EQ(deadline_of(status, "announcement").days_late, 5);
  const json document = status_json(status);
  EXPECT_EQ(document["deadlines"][4], json({{"deadline", "announcement"},
                                            {"article", "Art. 6.5"},
                                            {"due", "2020-09-30"},
                                            {"done_on", "2020-10-05"},
                                            {"state", "late"},
                                            {"days_late", 5},
                                            {"regions", nullptr}}));
  // Art. 7: once announced, the grade-D regions' reports summed up (one region owes one here).
  ASSERT_EQ(status.deadlines.size(), 6u);
  const DeadlineStatus& owed = deadline_of(status, "rectification");
  EXPECT_EQ(owed.state, DeadlineState::overdue);
  EXPECT_EQ(*owed.regions, (std::array<long, 4>{0, 0, 0, 1}));
  EXPECT_EQ(document["deadlines"][5]["regions"],
            json({{"met", 0}, {"late", 0}, {"pending", 0}, {"overdue", 1}}));
}

// Art. 6.1, 6.2: each region's filing deadlines in the status, at their edges.
TEST(CampaignDeadlines, StatusOfTheRegionDeadlines) {
  Year year;
  EXPECT_EQ(status_of(campaign_status(year.state, day("2019-06-30")), "420000").targets.state,
            DeadlineState::pending);
  const DeadlineStatus overdue = status_of(campaign_status(year.state, day("2019-07-01")), "420000").targets;
  EXPECT_EQ(overdue.state, DeadlineState::overdue);
  EXPECT_EQ(overdue.days_late, 1);
  EXPECT_EQ(overdue.article, "Art. 6.1");
  year.step(act("file_targets", "420000", "2019-06-30", {{"targets", cn_targets()}}));
  year.step(act("file_targets", "110000", "2019-07-01", {{"targets", cn_targets()}}));
  auto status = campaign_status(year.state, day("2020-07-15"));
  EXPECT_EQ(status_of(status, "420000").targets.state, DeadlineState::met);
  EXPECT_EQ(status_of(status, "110000").targets.state, DeadlineState::late);
  EXPECT_EQ(status_of(status, "110000").targets.days_late, 1);
  EXPECT_EQ(status_of(status, "420000").self_evaluation.state, DeadlineState::pending);
  EXPECT_EQ(status_of(status, "420000").self_evaluation.due, day("2020-07-15"));
  EXPECT_EQ(status_of(campaign_status(year.state, day("2020-07-16")), "420000").self_evaluation.state,
            DeadlineState::overdue);
  year.step(act("self_evaluate", "420000", "2020-07-15", {{"values", cn_values("good")}}));
  year.step(act("self_evaluate", "110000", "2020-07-16", {{"values", cn_values("good")}}));
  status = campaign_status(year.state, day("2020-08-01"));
  EXPECT_EQ(status_of(status, "420000").self_evaluation.state, DeadlineState::met);
  EXPECT_EQ(status_of(status, "110000").self_evaluation.state, DeadlineState::late);
  EXPECT_EQ(status_of(status, "110000").self_evaluation.days_late, 1);
}

// ---- empty filings ------------------------------------------------------------------------------

// Art. 6.1: a filing of targets that holds none is not a filing.
TEST(CampaignEmptyFilings, TargetsWithNothingAreRefused) {
  Year year;
  const std::string empty =
      "420000 file_targets: an empty filing of targets is not recorded: data/targets holds nothing";
  for (const json& data : {json::object(), json{{"targets", json::object()}}, json{{"targets", nullptr}}}) {
    EXPECT_TRUE(contains(refusal(year.state, act("file_targets", "420000", "2019-06-28", data)), empty))
        << data;
  }
  for (const json& wrong : {json::array(), json("93"), json(93)}) {
    EXPECT_TRUE(
        contains(refusal(year.state, act("file_targets", "420000", "2019-06-28", {{"targets", wrong}})),
                 "data/targets must be an object"))
        << wrong;
  }
  // Nor as an amendment: the targets filed stay.
  year.step(act("file_targets", "420000", "2019-06-28", {{"targets", cn_targets()}}));
  EXPECT_TRUE(contains(
      refusal(year.state, act("file_targets", "420000", "2019-06-29", {{"targets", json::object()}})),
      empty));
  EXPECT_EQ(year.state.region("420000").targets, cn_targets());
}

// Art. 6.2: a self-evaluation without values and without incidents is not a self-evaluation.
TEST(CampaignEmptyFilings, SelfEvaluationWithNothingIsRefused) {
  Year year;
  year.file_all("2019-06-28");
  const std::string empty =
      "420000 self_evaluate: an empty self-evaluation is not recorded: data/values or data/incidents holds "
      "nothing";
  for (const json& data : {json::object(), json{{"values", json::object()}},
                           json{{"values", json::object()}, {"incidents", json::array()}},
                           json{{"incidents", json::array()}}, json{{"values", nullptr}}}) {
    EXPECT_TRUE(contains(refusal(year.state, act("self_evaluate", "420000", "2020-07-14", data)), empty))
        << data;
  }
  EXPECT_TRUE(
      contains(refusal(year.state, act("self_evaluate", "420000", "2020-07-14", {{"values", "good"}})),
               "data/values must be an object"));
  EXPECT_TRUE(contains(
      refusal(year.state, act("self_evaluate", "420000", "2020-07-14", {{"values", json::array({"good"})}})),
      "data/values must be an object"));
  // Incidents alone are something to record.
  year.step(act("self_evaluate", "420000", "2020-07-14",
                {{"incidents", json::array({incident("hb-1", "2019-10-01", "local")})}}));
  EXPECT_EQ(year.state.region("420000").stage, RegionStage::self_evaluated);
}

// Art. 6.3: a verification without values and without incidents is not a verification.
TEST(CampaignEmptyFilings, VerificationWithNothingIsRefused) {
  Year year;
  year.to_verification();
  const std::string empty =
      "310000 verify: an empty verification is not recorded: data/values or data/incidents holds nothing";
  for (const json& data : {json::object(), json{{"values", json::object()}},
                           json{{"evidence", {{"development_plan", "seen on site"}}}},
                           json{{"values", json::object()}, {"incidents", json::array()}}}) {
    EXPECT_TRUE(contains(refusal(year.state, act("verify", kOverstating, "2020-08-05", data)), empty))
        << data;
  }
  EXPECT_TRUE(contains(refusal(year.state, act("verify", kOverstating, "2020-08-05", {{"values", "poor"}})),
                       "data/values must be an object"));
  year.step(act("verify", kOverstating, "2020-08-05",
                {{"incidents", json::array({incident("sh-1", "2020-01-05", "local")})}}));
  EXPECT_EQ(year.state.region(kOverstating).stage, RegionStage::verified);
}

// ---- the plausible-date window ------------------------------------------------------------------

// Art. 3, 6: a step of the 2019 assessment is dated from 1 July 2018 to 30 September 2023
// (require_plausible_date); beyond, it is a typo in the year, and so is a corrected date.
TEST(CampaignDateWindow, StepsOutsideTheWindowAreTypos) {
  Year year;
  EXPECT_TRUE(
      contains(refusal(year.state, act("file_targets", "420000", "2018-06-30", {{"targets", cn_targets()}})),
               "420000 file_targets: dated 2018-06-30, outside 2018-07-01 .. 2023-09-30, the dates a step "
               "of the 2019 assessment can carry (a typo in the year?)"));
  year.step(act("file_targets", "420000", "2018-07-01", {{"targets", cn_targets()}}));
  EXPECT_TRUE(
      contains(refusal(year.state, act("file_targets", "110000", "2023-10-01", {{"targets", cn_targets()}})),
               "dated 2023-10-01, outside 2018-07-01 .. 2023-09-30"));
  EXPECT_TRUE(
      contains(refusal(year.state, act("file_targets", "110000", "2029-06-28", {{"targets", cn_targets()}})),
               "dated 2029-06-28"));
  EXPECT_EQ(year.step(act("file_targets", "110000", "2023-09-30", {{"targets", cn_targets()}})).size(), 1u);
  EXPECT_TRUE(
      contains(refusal(year.state, act("not_submitted", "310000", "2023-10-01", {{"step", "targets"}})),
               "outside 2018-07-01 .. 2023-09-30"));
  EXPECT_TRUE(contains(refusal(year.state, act("plan_verification", "", "2012-07-20", {{"rule", "all"}})),
                       "plan_verification: dated 2012-07-20, outside"));
  // The correction's own date, and the date it gives a step.
  EXPECT_TRUE(contains(
      refusal(year.state, correction("420000", "2023-10-01",
                                     {{"step", "file_targets"}, {"reason", "x"}, {"date", "2019-06-28"}})),
      "correct: dated 2023-10-01, outside"));
  EXPECT_TRUE(contains(
      refusal(year.state, correction("420000", "2019-07-10",
                                     {{"step", "file_targets"}, {"reason", "x"}, {"date", "2029-06-28"}})),
      "data/date: 2029-06-28 is outside 2018-07-01 .. 2023-09-30"));
  EXPECT_TRUE(contains(
      refusal(year.state, correction("420000", "2019-07-10",
                                     {{"step", "file_targets"}, {"reason", "x"}, {"date", "2018-06-30"}})),
      "data/date: 2018-06-30 is outside"));
  year.step(correction("420000", "2019-07-10",
                       {{"step", "file_targets"}, {"reason", "x"}, {"date", "2019-06-28"}}));
}

// Art. 3: the window moves with the year: 2000's runs from 1 July 1999 to 30 September 2004.
TEST(CampaignDateWindow, TheWindowFollowsTheYear) {
  Action create = create_action(create_data(region_list(default_regions()), 2000));
  create.date = day("1999-06-01");
  CampaignState state = start_campaign(create);
  EXPECT_TRUE(
      contains(refusal(state, act("file_targets", "420000", "1999-06-30", {{"targets", cn_targets()}})),
               "outside 1999-07-01 .. 2004-09-30, the dates a step of the 2000 assessment can carry"));
  apply_action(state, act("file_targets", "420000", "1999-07-01", {{"targets", cn_targets()}}));
  apply_action(state, act("file_targets", "110000", "2004-09-30", {{"targets", cn_targets()}}));
  EXPECT_TRUE(
      contains(refusal(state, act("file_targets", "310000", "2004-10-01", {{"targets", cn_targets()}})),
               "dated 2004-10-01, outside"));
}

// ---- the snapshot (Art. 6: storage) -------------------------------------------------------------

// A year with some of everything: targets never submitted then a self-evaluation without them,
// a late filing corrected, a self-evaluation never submitted, a corrected plan date, a spot
// check, corrected evidence, two interviews and a late report, an insufficient report, a
// corrected interview and announcement.
std::vector<Action> eventful_journal() {
  const auto office = [](const std::string& code) { return code + " office"; };
  std::vector<Action> journal = {create_action(create_data(region_list(default_regions())))};
  journal.push_back(act("not_submitted", kGradeD, "2019-07-01", {{"step", "targets"}}, "secretariat"));
  journal.push_back(
      act("file_targets", "440000", "2019-07-03", {{"targets", cn_targets()}}, office("440000")));
  for (const std::string code : {"420000", "310000", "110000"})
    journal.push_back(act("file_targets", code, "2019-06-28", {{"targets", cn_targets()}}, office(code)));
  journal.push_back(
      correction("440000", "2019-07-10",
                 {{"step", "file_targets"}, {"date", "2019-06-28"}, {"reason", "received on 28 June"}}));
  journal.push_back(
      act("self_evaluate", kGradeD, "2020-07-14", {{"values", cn_values("poor")}}, office(kGradeD)));
  journal.push_back(act("self_evaluate", "440000", "2020-07-14",
                        {{"values", cn_values("excellent")},
                         {"incidents", json::array({incident("gd-1", "2019-10-01", "local")})}},
                        office("440000")));
  journal.push_back(
      act("self_evaluate", "310000", "2020-07-14", {{"values", cn_values("good")}}, office("310000")));
  journal.push_back(act("self_evaluate", "110000", "2020-07-14", {{"values", cn_values("excellent")}}));
  journal.push_back(
      act("not_submitted", "420000", "2020-07-16", {{"step", "self_evaluation"}}, "secretariat"));
  journal.push_back(act("plan_verification", "", "2020-07-20",
                        {{"rule", "risk"}, {"share", 0.2}, {"points", 3}, {"seed", 2020}}, "working group"));
  journal.push_back(correction(
      "", "2020-07-22", {{"step", "plan_verification"}, {"date", "2020-07-21"}, {"reason", "minutes"}}));
  return journal;
}

// The rest of the year, once the plan is known (which regions it drew depends on the draw).
void finish_year(const CampaignState& planned, std::vector<Action>& journal) {
  std::vector<std::string> spot_checked;
  for (const RegionRecord& record : planned.regions) {
    if (record.stage == RegionStage::not_selected && spot_checked.empty()) {
      spot_checked.push_back(record.region.code);
      journal.push_back(act("spot_check", record.region.code, "2020-07-25",
                            {{"reason", "complaints"}, {"points", json::array({"development_plan"})}},
                            "working group"));
    }
  }
  for (const RegionRecord& record : planned.regions) {
    if (record.stage == RegionStage::selected || record.region.code == spot_checked.at(0)) {
      journal.push_back(act(
          "verify", record.region.code, "2020-08-05",
          {{"values", {{"development_plan", "poor"}}}, {"evidence", {{"development_plan", "never adopted"}}}},
          "working group"));
    }
  }
  journal.push_back(correction(spot_checked[0], "2020-08-07",
                               {{"step", "verify"},
                                {"evidence", {{"development_plan", "drafted, never adopted"}}},
                                {"reason", "evidence misfiled"}}));
  journal.push_back(act("assess", "", "2020-08-25", json::object(), "working group"));
  journal.push_back(act("approve", "", "2020-09-15", json::object(), "State Council"));
  journal.push_back(act("announce", "", "2020-09-25", json::object(), "administration"));
  journal.push_back(act("interview", kGradeD, "2020-10-26", {{"reason", "no report"}}, "joint meeting"));
  journal.push_back(
      act("interview", kGradeD, "2020-11-10", {{"reason", "still no report"}}, "joint meeting"));
  journal.push_back(act("receive_rectification", kGradeD, "2020-11-20", {{"summary", "measures"}}));
  journal.push_back(act("interview", kGradeD, "2020-12-01", {{"insufficient", true}}, "joint meeting"));
  journal.push_back(
      correction(kGradeD, "2020-12-02",
                 {{"step", "interview"}, {"interview", 1}, {"date", "2020-10-27"}, {"reason", "minutes"}}));
  journal.push_back(
      correction("", "2020-12-03", {{"step", "announce"}, {"date", "2020-09-26"}, {"reason", "gazette"}}));
}

std::vector<Action> full_journal() {
  std::vector<Action> journal = eventful_journal();
  finish_year(replay(journal), journal);
  return journal;
}

// Art. 6 (storage): every state of the year written, read back and written again is the same
// document, and the state read back takes the next step exactly as the original does.
TEST(CampaignSnapshot, EveryStateOfAYearRoundTrips) {
  const std::vector<Action> journal = full_journal();
  CampaignState state = start_campaign(journal.front());
  for (std::size_t n = 1; n <= journal.size(); ++n) {
    if (n > 1) apply_action(state, journal[n - 1]);
    const std::string where = "after " + std::to_string(n) + " actions";
    const json written = write_campaign_state(state);
    EXPECT_EQ(written["format"], kCampaignStateFormat);
    CampaignState read = read_campaign_state(json::parse(written.dump()));  // as stored
    EXPECT_EQ(write_campaign_state(read), written) << where;
    EXPECT_EQ(results_json(read), results_json(state)) << where;
    if (n == journal.size()) break;
    CampaignState original = state;
    const Action& next = journal[n];
    const auto original_warnings = apply_action(original, next);
    const auto read_warnings = apply_action(read, next);
    EXPECT_EQ(joined(read_warnings), joined(original_warnings)) << where;
    EXPECT_EQ(write_campaign_state(read), write_campaign_state(original)) << where << ", then " << next.type;
  }
  // The year has what it should.
  EXPECT_EQ(state.phase, Phase::announced);
  EXPECT_EQ(state.corrections.size(), 2u);
  EXPECT_EQ(state.region(kGradeD).interviews.size(), 3u);
  EXPECT_TRUE(state.region("420000").self_evaluation_not_submitted_on.has_value());
  EXPECT_TRUE(state.region(kGradeD).targets_not_submitted_on.has_value());
  std::size_t spot_checked = 0;
  for (const RegionRecord& record : state.regions) spot_checked += record.spot_checked_on.has_value() ? 1 : 0;
  EXPECT_EQ(spot_checked, 1u);
}

// Art. 6, 7 (storage): the state read back refuses what the original refuses, in the same words.
TEST(CampaignSnapshot, TheReadStateRefusesWhatTheOriginalRefuses) {
  const CampaignState original = replay(full_journal());
  CampaignState read = read_campaign_state(write_campaign_state(original));
  CampaignState copy = original;
  for (const Action& action :
       {act("interview", kGradeD, "2020-11-30", {{"insufficient", true}}),
        act("interview", kGradeD, "2020-12-05"), act("receive_rectification", "440000", "2020-12-05"),
        act("announce", "", "2020-12-05"),
        act("file_targets", "420000", "2020-12-05", {{"targets", cn_targets()}})}) {
    EXPECT_EQ(refusal(read, action), refusal(copy, action)) << action.type;
  }
}

// Art. 6 (storage): a damaged snapshot is refused whole with an InputError naming the place.
TEST(CampaignSnapshot, ADamagedDocumentNamesThePlace) {
  const json good = write_campaign_state(replay(full_journal()));
  ASSERT_NO_THROW(read_campaign_state(good));
  const std::string first_code = good["regions"][0]["region"]["code"];
  struct Damage {
    std::string pointer;  // what is changed; "" for the whole document
    json value;           // the value put there; null with erase = true removes it
    bool erase;
    std::string path;
    std::string message;
  };
  const std::vector<Damage> damages = {
      {"/format", "qualityassess-campaign-state/0", false, "/format", "not a qualityassess-campaign-state/1"},
      {"/format", 1, false, "/format", "not a qualityassess-campaign-state/1"},
      {"/year", nullptr, true, "/year", "missing"},
      {"/year", "2019", false, "/year", "must be a whole number"},
      {"/year", std::int64_t{4294969315}, false, "/year", ""},
      {"/title", 3, false, "/title", "must be a string"},
      {"/created_on", nullptr, true, "/created_on", "missing"},
      {"/phase", "done", false, "/phase", "unknown phase 'done'"},
      {"/planned_on", "2020-02-30", false, "/planned_on", "must be a date"},
      {"/actions", 0, false, "/actions", "must be a positive count"},
      {"/corrections", json::object(), false, "/corrections", "has the wrong type"},
      {"/corrections/0/on", "yesterday", false, "/corrections/0/on", "must be a date"},
      {"/plan/selected/0/risk_weight", "heavy", false, "/plan/selected/risk_weight", "must be a number"},
      {"/regions", nullptr, true, "/regions", "missing"},
      {"/regions/0", json::array(), false, "/regions/0", "must be an object"},
      {"/regions/0/stage", nullptr, true, "/regions/0/stage", "missing"},
      {"/regions/1/stage", "pending", false, "/regions/1/stage", "unknown stage"},
      {"/regions/0/targets", json::array(), false, "/regions/0/targets", "has the wrong type"},
      {"/regions/3/verification", nullptr, true, "/regions/3/verification", "missing"},
      {"/regions/0/targets_filed_on", "2019-02-30", false, "/regions/0/targets_filed_on", "must be a date"},
      {"/regions/0/interviews/0", 20201027, false, "/regions/0/interviews/0", "must be a date"},
      {"/regions/0/corrections/0/actor", nullptr, true, "/regions/0/corrections/0/actor", "missing"},
      {"/regions/0/region/name", 1, false, "/regions/0/region/name", "must be a string"},
      {"/regions/0/points_to_verify", json::array({1}), false, "/regions/0/points_to_verify",
       "must hold point ids"},
      // A record under another region's place (or a second copy of one) does not fit the codes.
      {"/regions/2/region/code", first_code, false, "/regions/2/region/code", "not the region at this place"},
      {"/region_codes", nullptr, true, "/region_codes", "missing"},
  };
  for (const Damage& damage : damages) {
    json document = good;
    const json::json_pointer pointer(damage.pointer);
    ASSERT_TRUE(document.contains(pointer)) << damage.pointer;
    if (damage.erase) {
      document[pointer.parent_pointer()].erase(pointer.back());
    } else {
      document[pointer] = damage.value;
    }
    const auto issues = issues_of<InputError>([&] { read_campaign_state(document); });
    EXPECT_TRUE(has_issue(issues, damage.path, damage.message)) << damage.pointer << "\n" << joined(issues);
  }
  EXPECT_TRUE(has_issue(issues_of<InputError>([] { read_campaign_state(json::array()); }), "/format", ""));
}

// ---- the results cache --------------------------------------------------------------------------

// Art. 6.4: the results of every region, worked out again only when what they rest on changes.
TEST(CampaignResultsCache, KeptUntilAStepChangesTheData) {
  Year year;
  year.file_all("2019-06-28");
  const auto first = campaign_results(year.state);
  EXPECT_EQ(campaign_results(year.state).get(), first.get());
  // A refused step changes nothing, the cache included.
  refusal(year.state, act("file_targets", "420000", "2019-06-28", {{"targets", json::object()}}));
  EXPECT_EQ(campaign_results(year.state).get(), first.get());
  json better = cn_targets();
  better["manufacturing_pass_rate"] = 90.0;
  year.step(act("file_targets", "420000", "2019-06-29", {{"targets", better}}));
  const auto after_filing = campaign_results(year.state);
  EXPECT_NE(after_filing.get(), first.get());
  EXPECT_EQ(campaign_results(year.state).get(), after_filing.get());
  year.step(correction("420000", "2019-07-10",
                       {{"step", "file_targets"}, {"reason", "typo"}, {"targets", cn_targets()}}));
  const auto after_correction = campaign_results(year.state);
  EXPECT_NE(after_correction.get(), after_filing.get());
  EXPECT_NE(results_json(year.state), json::array());
}

// Art. 6.5, 7: approval, announcement, spot checks and the follow-up change no result: the
// results are not worked out again (the same pointer).
TEST(CampaignResultsCache, StepsThatChangeNoResultKeepIt) {
  Year year;
  year.to_verification(kWinter);
  const auto before_spot_check = campaign_results(year.state);
  year.step(act("spot_check", "420000", kWinter.verify, {{"reason", "complaints"}}));
  EXPECT_EQ(campaign_results(year.state).get(), before_spot_check.get());
  year.step(act("verify", "420000", kWinter.verify, {{"values", {{"development_plan", "fair"}}}}));
  year.verify_overstating(kWinter.verify);
  year.step(act("assess", "", kWinter.assess));
  const auto assessed = campaign_results(year.state);
  EXPECT_NE(assessed.get(), before_spot_check.get());
  year.step(act("approve", "", kWinter.approve));
  EXPECT_EQ(campaign_results(year.state).get(), assessed.get());
  year.step(act("announce", "", kWinter.announce));
  year.step(act("interview", kGradeD, "2020-03-01"));
  year.step(act("receive_rectification", kGradeD, "2020-03-05"));
  EXPECT_EQ(campaign_results(year.state).get(), assessed.get());
}

// Art. 6.4: a copy of a state may be changed on its own, so it does not share the cache.
TEST(CampaignResultsCache, ACopyDoesNotShareTheCache) {
  Year year;
  year.to_verification();
  const auto original = campaign_results(year.state);
  CampaignState copy = year.state;
  const auto copied = campaign_results(copy);
  EXPECT_NE(copied.get(), original.get());
  EXPECT_EQ(results_json(copy), results_json(year.state));
  CampaignState assigned = start_campaign(year.journal.front());
  campaign_results(assigned);
  assigned = year.state;
  EXPECT_NE(campaign_results(assigned).get(), original.get());
  EXPECT_NE(campaign_results(assigned).get(), copied.get());
  // Changing the copy leaves the original's results alone.
  apply_action(copy, act("verify", kOverstating, "2020-08-05", {{"values", {{"development_plan", "poor"}}}}));
  EXPECT_EQ(campaign_results(year.state).get(), original.get());
  EXPECT_NE(results_json(copy), results_json(year.state));
}

// ---- replaying a large year ---------------------------------------------------------------------

// Art. 6.1, 6.2 (and Art. 10: a province's campaign over many counties): replaying touches one
// region per step, so a year of 2,000 regions replays to the state built step by step (no timing
// asserted).
TEST(CampaignScale, TwoThousandRegionsReplayLikeTheSteps) {
  static const char* const levels[] = {"excellent", "good", "fair", "poor"};
  std::vector<Spec> specs;
  for (int i = 0; i < 2000; ++i)
    specs.push_back({std::to_string(100000 + i), "region " + std::to_string(i), levels[i % 4]});
  Year year(specs);
  year.file_all("2019-06-28");
  year.self_evaluate_all("2020-07-14");
  ASSERT_EQ(year.journal.size(), 4001u);
  const CampaignState replayed = replay(year.journal);
  EXPECT_EQ(replayed.actions, 4001);
  EXPECT_EQ(write_campaign_state(replayed), write_campaign_state(year.state));
}

}  // namespace
}  // namespace qa::testing
