// Informational points and gate grading (docs/scheme-language.md, "Informational points" and
// "Gates"): what the reader refuses, where, and the gate's edges, on a single assessment and on
// the columnar batch alike.
#include "batch_fixtures.hpp"
#include "qualityassess/analysis.hpp"
#include "qualityassess/batch.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// Three informational points (a plan adopted, an area kept against its filed target, a level of
// quality) beside one scored point of 100, graded 达标 when every requirement holds.
json gate_scheme() {
  json doc = base_scheme();
  doc["nodes"] = json::parse(R"([
    {"id": "plan", "name": "Plan adopted", "informational": true, "rule": {"type": "boolean"}},
    {"id": "area", "name": "Area kept", "informational": true,
     "rule": {"type": "target", "method": "proportional", "min_value": 0}},
    {"id": "quality", "name": "Quality", "informational": true,
     "rule": {"type": "levels", "level_set": "standard"}},
    {"id": "work", "name": "Work", "points": 100, "children": [
      {"id": "a", "name": "A", "points": 10, "rule": {"type": "direct"}},
      {"id": "b", "name": "B", "points": 90, "rule": {"type": "direct"}}]}])");
  doc["grading"] = json::parse(R"({"method": "gate", "pass": "达标", "fail": "不达标",
    "requires": {"all_of": [{"node": "plan"}, {"node": "area"}, {"node": "a", "rate": 0.6},
                            {"any_of": [{"node": "quality", "rate": 0.8}, {"total": 90}]}]}})");
  return doc;
}

// A region meeting every requirement but the ones the test changes.
json passing_region() {
  return submission({{"plan", true}, {"area", 100}, {"quality", "good"}, {"a", 6}, {"b", 70}},
                    {{"area", 100}});
}

std::string gate_grade(const SchemePtr& scheme, const json& document) {
  return assess_json(scheme, document).grade;
}

// ---- the reader ---------------------------------------------------------------------------

TEST(InformationalPoints, ScoreNothingAndAddNothingToTheTotal) {
  const SchemePtr scheme = scheme_from(gate_scheme());
  const Result result = assess_json(scheme, passing_region());
  EXPECT_EQ(result.total, fx("76"));
  EXPECT_EQ(node_points(result, "plan"), Fixed());
  EXPECT_EQ(leaf_outcome(result, "area").points, Fixed());
  EXPECT_EQ(leaf_how(result, "plan").en, "yes (informational: scores nothing)");
  EXPECT_EQ(leaf_how(result, "quality").zh, "良好（0.8）（仅记录，不计分）");
  EXPECT_EQ(result.to_json()["leaves"]["plan"]["informational"], true);
}

TEST(InformationalPoints, AMissingValueIsStillAFinding) {
  json document = passing_region();
  document["self_evaluation"].erase("plan");
  const Result result = assess_json(scheme_from(gate_scheme()), document);
  EXPECT_TRUE(has_finding(result, FindingKind::missing_value, "plan"));
  EXPECT_EQ(result.grade, "不达标");  // a missing value is rate 0: the gate is not met
}

TEST(InformationalPoints, HaveNoPointsOrWeight) {
  json doc = gate_scheme();
  doc["nodes"][0]["points"] = 5;
  doc["nodes"][1]["weight"] = 2;
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/nodes/0/points", "an informational point scores nothing"));
  EXPECT_TRUE(has_issue(issues, "/nodes/1/weight", "leave out 'weight'"));
}

TEST(InformationalPoints, OnlyRulesThatGiveARateWithoutPoints) {
  json doc = gate_scheme();
  doc["nodes"][0]["rule"] = {{"type", "direct"}};
  doc["nodes"][1]["rule"] = {{"type", "target"}, {"per_point", 1}};
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/nodes/0/rule", "not direct"));
  EXPECT_TRUE(has_issue(issues, "/nodes/1/rule", "not target with method 'deduction'"));
}

TEST(InformationalPoints, OnlyLeavesAndNotUnderMinOrWeightedMean) {
  json doc = gate_scheme();
  doc["nodes"][3]["informational"] = true;
  doc["nodes"][3].erase("points");
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes/3/informational", "only a leaf"));

  doc = gate_scheme();
  doc["nodes"][3]["aggregate"] = "min";
  doc["nodes"][3]["children"].push_back(
      {{"id", "note"}, {"name", "Note"}, {"informational", true}, {"rule", {{"type", "boolean"}}}});
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes/3/children/2", "cannot be rolled up by 'min'"));
}

TEST(InformationalPoints, HaveNoScoreRateForAFloorCondition) {
  json doc = gate_scheme();
  doc["conditions"] =
      json::array({condition("floor", {{"type", "score_rate_below"}, {"nodes", {"plan"}}, {"rate", 1}},
                             {{"type", "force_grade"}, {"grade", "不达标"}})});
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/conditions/0/trigger/nodes/0", "test it in a gate"));
}

TEST(GateGrading, ASchemeWithoutPointsTotalsZeroAndNeedsAGate) {
  json doc = gate_scheme();
  doc["nodes"].erase(3);
  doc["grading"]["requires"] =
      json::parse(R"({"all_of": [{"node": "plan"}, {"node": "area"}, {"node": "quality", "rate": 0.8}]})");
  doc["total"] = {{"max", 0}};
  const SchemePtr scheme = scheme_from(doc);
  EXPECT_EQ(
      gate_grade(scheme, submission({{"plan", true}, {"area", 1}, {"quality", "excellent"}}, {{"area", 1}})),
      "达标");
  // The writer's canonical form ({"max": 0, "min": 0}) reads back.
  EXPECT_EQ(write_scheme(*scheme_from(write_scheme(*scheme))), write_scheme(*scheme));

  doc["grading"] = base_scheme()["grading"];
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/total/max", "graded by a gate"));
}

TEST(GateGrading, TheReaderNamesEachMistakeAtItsPlace) {
  json doc = gate_scheme();
  doc["grading"] = json::parse(R"({"method": "gate", "pass": "ok", "fail": "ok",
    "requires": {"all_of": [{"node": "nowhere"}, {"node": "plan", "total": 5}, {"any_of": []},
                            {"node": "a", "rate": 0}, {"total": 101}, {"nodes": "plan"}]}})");
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/grading/fail", "ok"));  // the same grade twice
  EXPECT_TRUE(has_issue(issues, "/grading/requires/all_of/0/node", "no node 'nowhere'"));
  EXPECT_TRUE(has_issue(issues, "/grading/requires/all_of/1", "exactly one of"));
  EXPECT_TRUE(has_issue(issues, "/grading/requires/all_of/2/any_of", "at least one"));
  EXPECT_TRUE(has_issue(issues, "/grading/requires/all_of/3/rate", ""));
  EXPECT_TRUE(has_issue(issues, "/grading/requires/all_of/4/total", "no region can meet it"));
  EXPECT_TRUE(has_issue(issues, "/grading/requires/all_of/5", "exactly one of"));

  doc = gate_scheme();
  doc["grading"].erase("requires");
  doc["grading"]["bands"] = base_scheme()["grading"]["bands"];
  const auto missing = scheme_issues(doc);
  EXPECT_TRUE(has_issue(missing, "/grading/requires", "required"));
  EXPECT_TRUE(has_issue(missing, "/grading/bands", ""));  // not a key of a gate
}

TEST(GateGrading, NestingIsBounded) {
  json requirement = {{"node", "plan"}};
  for (int i = 0; i < 20; ++i) requirement = {{"all_of", json::array({requirement})}};
  json doc = gate_scheme();
  doc["grading"]["requires"] = requirement;
  EXPECT_FALSE(scheme_issues(doc).empty());
}

TEST(GateGrading, TheWriterWritesWhatTheReaderReads) {
  const SchemePtr scheme = scheme_from(gate_scheme());
  const json written = write_scheme(*scheme);
  EXPECT_EQ(written["grading"]["requires"], gate_scheme()["grading"]["requires"]);
  EXPECT_EQ(written["nodes"][0].count("points"), 0U);
  EXPECT_EQ(written["nodes"][0]["informational"], true);
  EXPECT_EQ(write_scheme(*scheme_from(written)), written);
}

// ---- the gate's edges ---------------------------------------------------------------------

TEST(GateGrading, ATargetMetExactlyPassesAndATenThousandthShortFails) {
  const SchemePtr scheme = scheme_from(gate_scheme());
  EXPECT_EQ(gate_grade(scheme, passing_region()), "达标");
  json short_of_it = passing_region();
  short_of_it["self_evaluation"]["area"] = 99.9999;
  EXPECT_EQ(gate_grade(scheme, short_of_it), "不达标");
  const Result result = assess_json(scheme, short_of_it);
  // The rate is shown rounded down: 0.999999 must not read as 1.
  EXPECT_EQ(result.requirement_reason(2).en, "area (Area kept) met in full (rate 0.9999): not met");
}

TEST(GateGrading, ANodeAtExactlyItsRatePasses) {
  const SchemePtr scheme = scheme_from(gate_scheme());
  json document = passing_region();
  document["self_evaluation"]["a"] = 6;  // 6 of 10 = 0.6
  EXPECT_EQ(gate_grade(scheme, document), "达标");
  document["self_evaluation"]["a"] = 5.99;
  EXPECT_EQ(gate_grade(scheme, document), "不达标");
}

TEST(GateGrading, AnyOfIsMetByEitherPart) {
  const SchemePtr scheme = scheme_from(gate_scheme());
  json document = passing_region();
  document["self_evaluation"]["quality"] = "fair";  // 0.6 < 0.8 ...
  EXPECT_EQ(gate_grade(scheme, document), "不达标");
  document["self_evaluation"]["b"] = 84;  // ... but a total of 6 + 84 = 90 is the other way
  EXPECT_EQ(gate_grade(scheme, document), "达标");
  document["self_evaluation"]["b"] = 83.99;
  EXPECT_EQ(gate_grade(scheme, document), "不达标");
}

TEST(GateGrading, TheVerifiedValueIsTheOneTested) {
  const SchemePtr scheme = scheme_from(gate_scheme());
  json document = passing_region();
  document["verification"] = {{"plan", false}};
  EXPECT_EQ(gate_grade(scheme, document), "不达标");
}

TEST(GateGrading, ConditionsApplyAfterTheGate) {
  json doc = gate_scheme();
  doc["conditions"] = json::array(
      {condition("veto", {{"type", "incident"}, {"scopes", {"regional"}}},
                 {{"type", "force_grade"}, {"grade", "不达标"}}, true),
       condition("misreport", {{"type", "finding"}, {"kinds", {"overstated"}}}, {{"type", "downgrade"}})});
  const SchemePtr scheme = scheme_from(doc);
  json document = passing_region();
  document["incidents"] = json::array({incident("i1", "2019-10-01", "regional")});
  Result result = assess_json(scheme, document);
  EXPECT_EQ(result.grade_before_conditions, "达标");
  EXPECT_EQ(result.grade, "不达标");
  EXPECT_TRUE(result.vetoed);

  document = passing_region();
  document["verification"] = {{"b", 60}};  // 70 self-evaluated against 60 verified: overstated
  result = assess_json(scheme, document);
  EXPECT_EQ(result.grade, "不达标");  // downgraded from pass to fail
}

TEST(GateGrading, TheExplanationAndTheDocumentSayWhichRequirementFailed) {
  json document = passing_region();
  document["self_evaluation"]["plan"] = false;
  const Result result = assess_json(scheme_from(gate_scheme()), document);
  const json requirements = result.to_json()["requirements"];
  ASSERT_EQ(requirements.size(), 7U);
  EXPECT_EQ(requirements[0]["met"], false);
  EXPECT_EQ(requirements[1]["reason"], "plan (Plan adopted) met in full (rate 0): not met");
  EXPECT_EQ(requirements[1]["reason_zh"], "plan (Plan adopted) 全部达到（得分率 0）：未达到");
  EXPECT_EQ(requirements[4]["met"], true);  // evaluated even after the all_of was decided
  const std::vector<std::string> lines = result.explain(Lang::en);
  EXPECT_NE(std::find(lines.begin(), lines.end(), "Grade by the gate: 不达标"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "    plan (Plan adopted) met in full (rate 0): not met"),
            lines.end());
}

// ---- the batch and the analyses -------------------------------------------------------------

TEST(GateGrading, TheBatchGradesAsTheSingleAssessment) {
  const SchemePtr scheme = scheme_from(gate_scheme());
  Generator generator(*scheme, 11);
  const Table table = generator.table(2000, true);
  const BatchResult batch = assess_columns(scheme, table.inputs(), 2);
  int passed = 0;
  for (std::size_t r = 0; r < table.regions; ++r) {
    const Result single = assess(scheme, read_submission(table.documents[r]));
    ASSERT_EQ(scheme->grading.grades[static_cast<std::size_t>(batch.grade[r])].id, single.grade)
        << table.documents[r].dump();
    ASSERT_EQ(scheme->grading.grades[static_cast<std::size_t>(batch.grade_before_conditions[r])].id,
              single.grade_before_conditions);
    passed += single.grade == "达标" ? 1 : 0;
  }
  // Both outcomes occur, so the comparison above tested something.
  EXPECT_GT(passed, 0);
  EXPECT_LT(passed, static_cast<int>(table.regions));
}

TEST(GateGrading, AnAnalysisCannotVaryThresholdsAGateDoesNotHave) {
  const SchemePtr scheme = scheme_from(gate_scheme());
  Generator generator(*scheme, 12);
  const Table table = generator.table(20, false);
  const Analysis analysis(scheme, table.inputs(), 1);
  VarySpec vary;
  vary.thresholds = 2;
  const auto issues = issues_of<InputError>([&] { analysis.draw(vary, ReplicationKeys{}); });
  EXPECT_TRUE(has_issue(issues, "vary/thresholds", "grades by a gate"));
}

}  // namespace
}  // namespace qa::testing

namespace qa::testing {
namespace {

// Bands over the scored points, and the informational requirements as a condition beside them:
// "every basic requirement met, or the grade is D" (a gate beside bands).
json bands_with_requirements() {
  json doc = gate_scheme();
  doc["grading"] = base_scheme()["grading"];
  doc["conditions"] = json::array(
      {condition("basics", {{"type", "not_met"}, {"requires", gate_scheme()["grading"]["requires"]}},
                 {{"type", "force_grade"}, {"grade", "D"}}),
       condition("noted", {{"type", "not_met"}, {"requires", {{"total", 95}}}}, {{"type", "notice"}})});
  return doc;
}

TEST(RequirementTriggers, ABasicRequirementNotMetForcesTheGradeBesideTheBands) {
  const SchemePtr scheme = scheme_from(bands_with_requirements());
  json document = passing_region();
  document["self_evaluation"]["b"] = 88;  // 6 + 88 = 94: A
  Result result = assess_json(scheme, document);
  EXPECT_EQ(result.grade, "A");
  EXPECT_EQ(why_not(result, "basics"), "the requirement is met");

  document["self_evaluation"]["plan"] = false;
  document["self_evaluation"]["area"] = 99.9999;
  result = assess_json(scheme, document);
  EXPECT_EQ(result.grade_before_conditions, "A");
  EXPECT_EQ(result.grade, "D");
  ASSERT_TRUE(has_condition(result, "basics"));
  EXPECT_EQ(
      result.to_json()["conditions"][0]["reason"],
      "plan (Plan adopted) met in full (rate 0): not met; area (Area kept) met in full (rate 0.9999): not "
      "met");
}

TEST(RequirementTriggers, TestTheTotalBeforeTheConditions) {
  const SchemePtr scheme = scheme_from(bands_with_requirements());
  json document = passing_region();
  document["self_evaluation"]["b"] = 88.99;  // 94.99 < 95: the notice applies, a trace records it
  Result result = assess_json(scheme, document);
  ASSERT_TRUE(has_condition(result, "noted"));
  EXPECT_EQ(result.to_json()["conditions"][0]["reason"], "total at least 95 (has 94.99): not met");
  document["self_evaluation"]["b"] = 89;
  EXPECT_FALSE(has_condition(assess_json(scheme, document), "noted"));
}

TEST(RequirementTriggers, AreWrittenAsRead) {
  const SchemePtr scheme = scheme_from(bands_with_requirements());
  const json written = write_scheme(*scheme);
  EXPECT_EQ(written["conditions"][0]["trigger"]["requires"], gate_scheme()["grading"]["requires"]);
  EXPECT_EQ(write_scheme(*scheme_from(written)), written);
  json doc = bands_with_requirements();
  doc["conditions"][0]["trigger"]["requires"] = {{"node", "nowhere"}};
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/conditions/0/trigger/requires/node", "no node 'nowhere'"));
}

TEST(RequirementTriggers, TheBatchDecidesAsTheSingleAssessment) {
  const SchemePtr scheme = scheme_from(bands_with_requirements());
  Generator generator(*scheme, 13);
  const Table table = generator.table(2000, true);
  const BatchResult batch = assess_columns(scheme, table.inputs(), 2);
  int forced = 0;
  for (std::size_t r = 0; r < table.regions; ++r) {
    const Result single = assess(scheme, read_submission(table.documents[r]));
    ASSERT_EQ(scheme->grading.grades[static_cast<std::size_t>(batch.grade[r])].id, single.grade)
        << table.documents[r].dump();
    forced += has_condition(single, "basics") && single.grade_before_conditions != "D" ? 1 : 0;
  }
  EXPECT_GT(forced, 0);
}

}  // namespace
}  // namespace qa::testing
