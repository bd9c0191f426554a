// Loading a scheme checks everything and reports every problem at once, each with its JSON path
// (docs/scheme-language.md). Art. 4 lets the points be re-set each year, so the scheme is data a user
// edits, and their mistakes must be caught before an assessment runs.
#include <algorithm>

#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// A 100-point scheme with one inner node "targets" holding one target leaf "rate".
json target_scheme(const json& rule) {
  json doc = base_scheme();
  doc["nodes"] = json::array(
      {{{"id", "targets"},
        {"name", "Targets"},
        {"points", 100},
        {"children", json::array({{{"id", "rate"}, {"name", "Rate"}, {"points", 100}, {"rule", rule}}})}}});
  return doc;
}

TEST(SchemeValidation, ValidDocumentsLoad) {
  EXPECT_NO_THROW(read_scheme(base_scheme()));
  EXPECT_NO_THROW(read_scheme(target_scheme({{"type", "target"}, {"per_point", 3}})));
  EXPECT_NO_THROW(read_scheme(two_leaf_scheme()));
}

TEST(SchemeValidation, ParameterOutOfRangeHasItsPath) {
  const auto issues = scheme_issues(target_scheme({{"type", "target"}, {"per_point", 0}}));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/nodes/0/children/0/rule/per_point");
  EXPECT_EQ(issues[0].message.rfind("must be > 0", 0), 0u) << issues[0].message;
  EXPECT_TRUE(has_issue(scheme_issues(target_scheme({{"type", "target"}, {"per_point", -2}})),
                        "/nodes/0/children/0/rule/per_point", "must be > 0"));
}

TEST(SchemeValidation, ErrorTextNamesSchemeAndPath) {
  try {
    read_scheme(target_scheme({{"type", "target"}, {"per_point", 0}}));
    FAIL() << "expected SchemeError";
  } catch (const SchemeError& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("invalid scheme 'test'"), std::string::npos) << text;
    EXPECT_NE(text.find("/nodes/0/children/0/rule/per_point: must be > 0"), std::string::npos) << text;
  }
}

// The one engine computes in 64-bit units of 1/10000 point (docs/architecture.md, "Numbers"):
// a scheme whose points it could not hold is refused when it is read, naming the point, rather
// than loaded and then failing on the first region assessed.
TEST(SchemeValidation, PointsBeyondTheEnginesRangeAreRefusedOnReading) {
  EXPECT_NO_THROW(read_scheme(one_leaf_scheme({{"type", "direct"}}, 100000000)));
  try {
    read_scheme(one_leaf_scheme({{"type", "direct"}}, 100000001));
    FAIL() << "expected SchemeError";
  } catch (const SchemeError& error) {
    ASSERT_FALSE(error.issues().empty());
    EXPECT_EQ(error.issues()[0].message, "is 100000001; the engine takes numbers up to 100000000 (1e8)");
    EXPECT_EQ(error.issues()[0].message_zh, "为 100000001；本系统可处理的数值最大为 100000000（1e8）");
  }
}

// Art. 4 annex: "Quality targets (40)": the children's points must add up to their parent.
TEST(SchemeValidation, ChildrenPointsMustAddUp) {
  json doc = two_leaf_scheme();
  doc["nodes"][0]["children"][1]["points"] = 80;
  const auto issues = scheme_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/nodes/0/children");
  EXPECT_EQ(issues[0].message, "children's points add up to 90, but 'root' has 100");
}

TEST(SchemeValidation, TopLevelPointsMustAddUpToTheTotal) {
  json doc = base_scheme();
  doc["nodes"][0]["points"] = 90;
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes", "top-level points add up to 90, but the total is 100"));
}

TEST(SchemeValidation, MinAggregationNeedNotAddUp) {
  json doc = two_leaf_scheme();
  doc["nodes"][0]["aggregate"] = "min";
  doc["nodes"][0]["children"][1]["points"] = 5;
  EXPECT_NO_THROW(read_scheme(doc));
}

TEST(SchemeValidation, DuplicateIdsAreReported) {
  json doc = two_leaf_scheme();
  doc["nodes"][0]["children"][1]["id"] = "a";
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/nodes/0/children/1/id", "duplicate id 'a' (first at /nodes/0/children/0)"));
}

// A point named like a result column would show its points as the region's total or grade in
// every table of results (issue 12).
TEST(SchemeValidation, IdsThatNameResultColumnsAreReserved) {
  for (const char* id :
       {"region", "name", "year", "scheme", "total", "grade", "grade_before_conditions", "vetoed", "rank"}) {
    json doc = two_leaf_scheme();
    doc["nodes"][0]["children"][1]["id"] = id;
    EXPECT_TRUE(
        has_issue(scheme_issues(doc), "/nodes/0/children/1/id", std::string("'") + id + "' is reserved"))
        << id;
  }
  json doc = two_leaf_scheme();
  doc["nodes"][0]["children"][1]["id"] = "total_rate";  // only the exact names
  EXPECT_NO_THROW(read_scheme(doc));
}

TEST(SchemeValidation, DuplicateLevelsConditionsAndGrades) {
  json doc = base_scheme();
  doc["level_sets"][0]["levels"][1]["id"] = "excellent";
  doc["conditions"] = json::array({condition("c", {{"type", "incident"}}, {{"type", "notice"}}),
                                   condition("c", {{"type", "incident"}}, {{"type", "notice"}})});
  doc["grading"]["bands"][1]["grade"] = "A";
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/level_sets/0/levels/1/id", "duplicate level 'excellent'"));
  EXPECT_TRUE(has_issue(issues, "/conditions/1/id", "duplicate condition 'c'"));
  EXPECT_TRUE(has_issue(issues, "/grading/bands/1/grade", "duplicate grade 'A'"));
}

TEST(SchemeValidation, BadNodeIdIsReported) {
  json doc = base_scheme();
  doc["nodes"][0]["id"] = "1st point";
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes/0/id", "is not an id"));
}

// Art. 5: the bands A >= 90 > B >= 80 > C >= 60 > D must be ordered from the highest minimum down.
TEST(SchemeValidation, BandsOutOfOrder) {
  json doc = base_scheme();
  doc["grading"]["bands"][0]["min"] = 80;
  doc["grading"]["bands"][1]["min"] = 90;
  const auto issues = scheme_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/grading/bands/1/min");
  EXPECT_EQ(issues[0].message, "bands must be ordered from the highest minimum down");
}

// Art. 5: "D: 59 and below": the last band takes everything below the others.
TEST(SchemeValidation, LastBandMustNotHaveAMinimum) {
  json doc = base_scheme();
  doc["grading"]["bands"][3]["min"] = 10;
  const auto issues = scheme_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/grading/bands/3/min");
  EXPECT_NE(issues[0].message.find("the last band must take every total below the others"),
            std::string::npos);
}

TEST(SchemeValidation, OnlyTheLastBandMayLeaveOutMin) {
  json doc = base_scheme();
  doc["grading"]["bands"][1].erase("min");
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/grading/bands/1", "only the last band may leave out 'min'"));
}

// Issue 16: D listed first (A, B, C after it, each with its minimum) is one mistake, the order,
// said once at D's band.
TEST(SchemeValidation, TheBandWithoutMinimumListedFirstIsAnOrderMistake) {
  json doc = base_scheme();
  json bands = doc["grading"]["bands"];
  json reordered = json::array({bands[3], bands[0], bands[1], bands[2]});
  doc["grading"]["bands"] = reordered;
  const auto issues = scheme_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/grading/bands/0");
  EXPECT_EQ(issues[0].message,
            "bands must be ordered from the highest minimum down: the band without 'min' comes last");
}

TEST(SchemeValidation, BandAboveTheMaximumIsUnreachable) {
  json doc = base_scheme();
  doc["grading"]["bands"][0]["min"] = 101;
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/grading/bands/0/min", "lies above the maximum total"));
}

TEST(SchemeValidation, RankTiers) {
  json doc = base_scheme();
  doc["grading"] = json::parse(R"({"method": "rank", "tiers": [
      {"grade": "A", "count": 3, "share": 0.1}, {"grade": "B"}, {"grade": "C", "count": 2}]})");
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/grading/tiers/0", "give 'count' or 'share', not both"));
  EXPECT_TRUE(has_issue(issues, "/grading/tiers/1", "needs 'count' (top N) or 'share' (top share)"));
  EXPECT_TRUE(has_issue(issues, "/grading/tiers/2", "the last tier takes the rest"));
  doc["grading"] =
      json::parse(R"({"method": "rank", "tiers": [{"grade": "A", "share": 1.5}, {"grade": "B"}]})");
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/grading/tiers/0/share", "must be in (0, 1]"));
}

TEST(SchemeValidation, UnknownLevelSet) {
  const auto issues = scheme_issues(one_leaf_scheme({{"type", "levels"}, {"level_set", "stars"}}, 3));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/nodes/0/rule/level_set");
  EXPECT_EQ(issues[0].message, "no level set 'stars' in /level_sets");
}

TEST(SchemeValidation, LevelsRuleNeedsExactlyOneSource) {
  const auto issues = scheme_issues(one_leaf_scheme({{"type", "levels"}}, 3));
  EXPECT_TRUE(has_issue(issues, "/nodes/0/rule", "give either 'level_set'"));
}

TEST(SchemeValidation, UnknownGradeInEffect) {
  json doc = base_scheme();
  doc["conditions"] =
      json::array({condition("veto", {{"type", "incident"}}, {{"type", "force_grade"}, {"grade", "E"}})});
  const auto issues = scheme_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/conditions/0/effect/grade");
  EXPECT_EQ(issues[0].message, "no grade 'E' in /grading");
  doc["conditions"][0]["effect"] = {{"type", "cap_grade"}, {"grade", "A+"}};
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/conditions/0/effect/grade", "no grade 'A+'"));
  doc["conditions"][0]["effect"] = {{"type", "force_grade"}};
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/conditions/0/effect/grade", "is required"));
  doc["conditions"][0]["effect"] = {{"type", "explode"}};
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/conditions/0/effect/type", "'explode' is not one of"));
  doc["conditions"][0]["effect"] = {{"type", "downgrade"}, {"levels", 0}};
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/conditions/0/effect/levels", "must be between 1 and 100"));
}

TEST(SchemeValidation, UnknownScopeOrSeverityInTrigger) {
  json doc = base_scheme();
  doc["conditions"] = json::array({condition(
      "veto", {{"type", "incident"}, {"scopes", {"regional", "national"}}, {"severities", {"fatal"}}},
      {{"type", "force_grade"}, {"grade", "D"}})});
  const auto issues = scheme_issues(doc);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_TRUE(has_issue(issues, "/conditions/0/trigger/scopes/1", "no scope 'national' in /incident_scopes"));
  EXPECT_TRUE(has_issue(issues, "/conditions/0/trigger/severities/0", "no severity 'fatal'"));
}

TEST(SchemeValidation, UnknownNodeInScoreRateTrigger) {
  json doc = two_leaf_scheme();
  doc["conditions"] = json::array(
      {condition("key_items", {{"type", "score_rate_below"}, {"nodes", {"a", "nope"}}, {"rate", 0.6}},
                 {{"type", "cap_grade"}, {"grade", "B"}})});
  const auto issues = scheme_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/conditions/0/trigger/nodes/1");
  EXPECT_EQ(issues[0].message, "no node 'nope'");
  doc["conditions"][0]["trigger"]["nodes"] = {"a"};
  doc["conditions"][0]["trigger"]["rate"] = 0;
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/conditions/0/trigger/rate", "must be in (0, 1]"));
}

TEST(SchemeValidation, UnknownTriggerTypeAndFindingKind) {
  json doc = base_scheme();
  doc["conditions"] =
      json::array({condition("c1", {{"type", "weather"}}, {{"type", "notice"}}),
                   condition("c2", {{"type", "finding"}, {"kinds", {"lied"}}}, {{"type", "notice"}})});
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/conditions/0/trigger/type", "'weather' is not a trigger type"));
  EXPECT_TRUE(has_issue(issues, "/conditions/1/trigger/kinds/0", "'lied' is not a finding kind"));
}

// A typo must not pass silently: "per_pont" is unknown, and "per_point" is then missing.
TEST(SchemeValidation, UnknownKeysAreRejected) {
  const auto issues = scheme_issues(target_scheme({{"type", "target"}, {"per_pont", 3}}));
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_TRUE(has_issue(issues, "/nodes/0/children/0/rule/per_pont", "unknown key 'per_pont'"));
  EXPECT_TRUE(has_issue(issues, "/nodes/0/children/0/rule/per_point", "is required"));

  json doc = base_scheme();
  doc["grading"]["bands"][0]["inclusve"] = false;
  doc["condtions"] = json::array();
  doc["comment"] = "comments are allowed";
  const auto more = scheme_issues(doc);
  ASSERT_EQ(more.size(), 2u);
  EXPECT_TRUE(has_issue(more, "/grading/bands/0/inclusve", "unknown key"));
  EXPECT_TRUE(has_issue(more, "/condtions", "unknown key"));
}

TEST(SchemeValidation, FractionsMustLieInZeroToOne) {
  json doc = base_scheme();
  doc["level_sets"][0]["levels"][1]["fraction"] = 1.2;
  doc["level_sets"][0]["levels"][2]["fraction"] = -0.1;
  doc["misreporting"] = {{"overstatement_tolerance", 1.5}};
  const auto issues = scheme_issues(doc);
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(message_at(issues, "/level_sets/0/levels/1/fraction"), "must be in [0, 1], not 1.2");
  EXPECT_EQ(message_at(issues, "/level_sets/0/levels/2/fraction"), "must be in [0, 1], not -0.1");
  EXPECT_EQ(message_at(issues, "/misreporting/overstatement_tolerance"), "must be in [0, 1], not 1.5");

  const auto checklist = scheme_issues(one_leaf_scheme(
      {{"type", "checklist"}, {"partly_fraction", 2}, {"items", {{{"id", "x"}, {"points", 4}}}}}, 4));
  EXPECT_TRUE(has_issue(checklist, "/nodes/0/rule/partly_fraction", "must be in [0, 1]"));

  const auto table = scheme_issues(one_leaf_scheme(
      {{"type", "target"}, {"method", "table"}, {"table", {{{"attainment", 1}, {"fraction", 1.5}}}}}, 4));
  EXPECT_TRUE(has_issue(table, "/nodes/0/rule/table/0/fraction", "must be in [0, 1]"));
}

TEST(SchemeValidation, AttainmentTableMustDescend) {
  const auto issues = scheme_issues(one_leaf_scheme(
      {{"type", "target"},
       {"method", "table"},
       {"table", {{{"attainment", 0.9}, {"fraction", 0.5}}, {{"attainment", 0.95}, {"fraction", 0.8}}}}},
      4));
  EXPECT_TRUE(has_issue(issues, "/nodes/0/rule/table/1/attainment", "strictly descending"));
  EXPECT_TRUE(has_issue(issues, "/nodes/0/rule/table/1/fraction", "must not exceed"));
}

TEST(SchemeValidation, ChecklistItemsMustAddUp) {
  const auto issues = scheme_issues(one_leaf_scheme(
      {{"type", "checklist"}, {"items", {{{"id", "x"}, {"points", 1}}, {{"id", "y"}, {"points", 2}}}}}, 4));
  EXPECT_TRUE(has_issue(issues, "/nodes/0/rule/items", "items' points add up to 3, but 'leaf' has 4"));
}

TEST(SchemeValidation, TargetRuleChecks) {
  const auto issues = scheme_issues(target_scheme(
      {{"type", "target"}, {"per_point", 3}, {"min_value", 0}, {"max_value", 100}, {"target", 101}}));
  EXPECT_TRUE(has_issue(issues, "/nodes/0/children/0/rule/target", "lies outside [min_value, max_value]"));
  const auto reversed = scheme_issues(
      target_scheme({{"type", "target"}, {"per_point", 3}, {"min_value", 100}, {"max_value", 0}}));
  EXPECT_TRUE(has_issue(reversed, "/nodes/0/children/0/rule/max_value", "must be above min_value"));
  const auto proportional =
      scheme_issues(target_scheme({{"type", "target"}, {"method", "proportional"}, {"target", 0}}));
  EXPECT_TRUE(has_issue(proportional, "/nodes/0/children/0/rule/target", "must be > 0 for proportional"));
  const auto direction =
      scheme_issues(target_scheme({{"type", "target"}, {"per_point", 3}, {"direction", "up"}}));
  EXPECT_TRUE(has_issue(direction, "/nodes/0/children/0/rule/direction", "'up' is not one of"));
}

TEST(SchemeValidation, NodeShape) {
  json doc = base_scheme();
  doc["nodes"][0]["children"] = json::array();
  EXPECT_TRUE(
      has_issue(scheme_issues(doc), "/nodes/0", "a node has either a rule (a leaf) or children, not both"));
  doc = base_scheme();
  doc["nodes"][0].erase("rule");
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes/0", "needs a 'rule' (a leaf) or 'children'"));
  doc = base_scheme();
  doc["nodes"][0]["rule"]["type"] = "formula";
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes/0/rule/type", "'formula' is not a rule type"));
  doc = two_leaf_scheme();
  doc["nodes"][0]["aggregate"] = "average";
  EXPECT_TRUE(
      has_issue(scheme_issues(doc), "/nodes/0/aggregate", "'average' is not one of sum, min, weighted_mean"));
  doc = base_scheme();
  doc["nodes"] = json::array();
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes", "needs at least one node"));
}

TEST(SchemeValidation, NumbersWithMoreThanFourDecimals) {
  json doc = two_leaf_scheme();
  doc["nodes"][0]["children"][0]["points"] = 3.33333;
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes/0/children/0/points", "has more than 4 decimal places"));
}

TEST(SchemeValidation, TotalRoundingAndFormat) {
  json doc = base_scheme();
  doc["format"] = "qualityassess-scheme/9";
  doc["rounding"] = {{"digits", 5}, {"mode", "bankers"}};
  doc["total"]["min"] = 100;
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/format", "is not a supported format"));
  EXPECT_TRUE(has_issue(issues, "/rounding/digits", "must be between 0 and 4, not 5"));
  EXPECT_TRUE(has_issue(issues, "/rounding/mode", "'bankers' is not one of half_up, half_even, down, up"));
  EXPECT_TRUE(has_issue(issues, "/total/min", "must be below /total/max"));
}

TEST(SchemeValidation, WrongTypes) {
  json doc = base_scheme();
  doc["name"] = 7;
  doc["grading"]["bands"][0]["inclusive"] = "yes";
  doc["nodes"][0]["points"] = "100";
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/name", "must be an object, not a number"));
  EXPECT_TRUE(has_issue(issues, "/grading/bands/0/inclusive", "must be true or false, not a string"));
  EXPECT_TRUE(has_issue(issues, "/nodes/0/points", "must be a number, not a string"));
  const auto top = scheme_issues(json::array());
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].path, "/");
  EXPECT_EQ(top[0].message, "must be an object, not an array");
}

TEST(SchemeValidation, Consequences) {
  json doc = base_scheme();
  doc["consequences"] = json::parse(R"([
      {"id": "x", "text": "t", "when": {"always": true, "grades": ["A"]}},
      {"id": "y", "text": "t", "when": {"grades": ["E"]}},
      {"id": "z", "text": "t", "when": {"conditions": ["nope"]}, "due_months_after_announcement": 0}])");
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/consequences/0/when", "give exactly one of"));
  EXPECT_TRUE(has_issue(issues, "/consequences/1/when/grades/0", "no grade 'E' in /grading"));
  EXPECT_TRUE(has_issue(issues, "/consequences/2/when/conditions/0", "no condition 'nope'"));
  EXPECT_TRUE(
      has_issue(issues, "/consequences/2/due_months_after_announcement", "must be between 1 and 120"));
}

TEST(SchemeValidation, EmptyNamesAndKindLists) {
  json doc = base_scheme();
  doc["name"] = "";
  doc["nodes"][0]["name"] = {{"zh", ""}, {"en", ""}};
  doc["conditions"] =
      json::array({condition("c", {{"type", "finding"}, {"kinds", json::array()}}, {{"type", "notice"}})});
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/name", "must not be empty"));
  EXPECT_TRUE(has_issue(issues, "/nodes/0/name/zh", "must not be empty"));
  EXPECT_TRUE(has_issue(issues, "/nodes/0/name", "needs a 'zh' or an 'en' text"));
  EXPECT_TRUE(has_issue(issues, "/conditions/0/trigger/kinds", "needs at least one kind"));
}

// A leaf's inline levels are stored as the set "<leaf>#levels"; a declared set of that name clashes.
TEST(SchemeValidation, InlineLevelsMustNotShadowADeclaredSet) {
  json doc = one_leaf_scheme({{"type", "levels"}, {"levels", {{{"id", "yes"}, {"fraction", 1}}}}}, 3);
  EXPECT_NO_THROW(read_scheme(doc));
  doc["level_sets"].push_back({{"id", "leaf#levels"}, {"levels", {{{"id", "x"}, {"fraction", 1}}}}});
  EXPECT_TRUE(
      has_issue(scheme_issues(doc), "/nodes/0/rule/levels", "a level set 'leaf#levels' is declared already"));
}

TEST(SchemeValidation, NotValidJson) {
  const auto issues = issues_of<SchemeError>([] { read_scheme_text("{\"id\": \"x\", "); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "");
  EXPECT_EQ(issues[0].message.rfind("not valid JSON", 0), 0u) << issues[0].message;
  EXPECT_THROW(read_scheme_text(""), SchemeError);
  EXPECT_NO_THROW(read_scheme_text(base_scheme().dump()));
}

// Every problem is reported at once, not only the first.
TEST(SchemeValidation, ThreeProblemsReportedTogether) {
  json doc = target_scheme({{"type", "target"}, {"per_point", 0}});
  doc["grading"]["bands"][3]["min"] = 10;
  doc["level_sets"][0]["levels"][0]["fraction"] = 1.5;
  const auto issues = scheme_issues(doc);
  ASSERT_EQ(issues.size(), 3u);
  const auto found = paths(issues);
  EXPECT_NE(std::find(found.begin(), found.end(), "/nodes/0/children/0/rule/per_point"), found.end());
  EXPECT_NE(std::find(found.begin(), found.end(), "/grading/bands/3/min"), found.end());
  EXPECT_NE(std::find(found.begin(), found.end(), "/level_sets/0/levels/0/fraction"), found.end());
  try {
    read_scheme(doc);
  } catch (const SchemeError& error) {
    EXPECT_NE(std::string(error.what()).find("(3 problems)"), std::string::npos) << error.what();
  }
}

// SchemeError and InputError share one hierarchy (mapped to ValueError subclasses in Python).
TEST(SchemeValidation, ErrorHierarchy) {
  EXPECT_THROW(read_scheme(json::array()), Error);
  EXPECT_THROW(read_scheme(json::array()), std::runtime_error);
  const std::vector<Issue> one = {{"/a", "bad"}};
  EXPECT_EQ(format_issues("heading", one), "heading: /a: bad");
  const std::vector<Issue> two = {{"/a", "bad"}, {"", "worse"}};
  EXPECT_EQ(format_issues("heading", two), "heading (2 problems)\n  /a: bad\n  worse");
}

}  // namespace
}  // namespace qa::testing
