// Scoring one assessment point by its rule (docs/scheme-language.md, "Leaf rules"). The measures
// leave the scoring standards to the joint meeting (annex remark); cn-2013 documents a default,
// and the scheme language must say the rest.
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// Assesses a one-leaf scheme with `value` as the self-evaluated value of "leaf"; `sections` adds
// other members to the submission (targets, previous, verification).
Result one_leaf(const json& rule, double points, const json& value, const json& sections = json::object()) {
  json doc = submission(value.is_null() ? json::object() : json{{"leaf", value}});
  for (const auto& [key, section] : sections.items()) doc[key] = section;
  return assess_json(scheme_from(one_leaf_scheme(rule, points)), doc);
}

Fixed leaf_score(const json& rule, double points, const json& value, const json& sections = json::object()) {
  return node_points(one_leaf(rule, points, value, sections), "leaf");
}

std::vector<Issue> leaf_value_issues(const json& rule, double points, const json& value,
                                     const json& sections = json::object()) {
  return issues_of<InputError>([&] { one_leaf(rule, points, value, sections); });
}

// cn-2013 with the full submission, `leaf` self-evaluated at `value`.
Result cn2013_with(const std::string& leaf, const json& value) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"][leaf] = value;
  return assess_json(cn2013(), doc);
}

const json kDeduction3 = {{"type", "target"}, {"per_point", 3}};

// ---- target ---------------------------------------------------------------------------------

// docs/scheme-language.md, "How cn-2013 is built": target 93.0, actual 92.3, 3 per point short -> 15 - 2.1
// = 12.9.
TEST(TargetRule, DeductionProRata) {
  const Result result = cn2013_with("manufacturing_pass_rate", 92.3);
  EXPECT_EQ(node_points(result, "manufacturing_pass_rate"), fx("12.9"));
  EXPECT_EQ(node_points(result, "product"), fx("27.9"));
  EXPECT_EQ(result.total, fx("97.9"));
  EXPECT_EQ(leaf_how(result, "manufacturing_pass_rate").en,
            "92.3 against target 93: 0.7 short x 3 = -2.1, 12.9 of 15 (not below 0)");
  EXPECT_NE(leaf_how(result, "manufacturing_pass_rate").zh.find("扣完为止"), std::string::npos);
  EXPECT_EQ(leaf_score(kDeduction3, 15, 92.3, {{"targets", {{"leaf", 93.0}}}}), fx("12.9"));
}

TEST(TargetRule, ConstructionLosesTwoPerPoint) {
  const Result result = cn2013_with("construction_acceptance_rate", 96.5);  // target 98
  EXPECT_EQ(node_points(result, "construction_acceptance_rate"), fx("7"));
  EXPECT_EQ(node_points(result, "engineering"), fx("7"));
}

TEST(TargetRule, MeetingOrBeatingTheTargetGivesFullPoints) {
  EXPECT_EQ(leaf_score(kDeduction3, 15, 93.0, {{"targets", {{"leaf", 93.0}}}}), fx("15"));
  EXPECT_EQ(leaf_score(kDeduction3, 15, 99.5, {{"targets", {{"leaf", 93.0}}}}), fx("15"));
}

TEST(TargetRule, NeverBelowZero) {
  EXPECT_EQ(leaf_score(kDeduction3, 15, 80, {{"targets", {{"leaf", 93.0}}}}), fx("0"));
  EXPECT_EQ(leaf_score(kDeduction3, 15, 88, {{"targets", {{"leaf", 93.0}}}}), fx("0"));  // exactly 15 lost
  EXPECT_EQ(leaf_score(kDeduction3, 15, 88.1, {{"targets", {{"leaf", 93.0}}}}), fx("0.3"));
}

// The leaf score is rounded once, with the scheme's rounding (2 digits, half up by default).
TEST(TargetRule, LeafScoreUsesTheSchemesRounding) {
  // 0.0033 short x 3 = 0.0099 -> 14.9901 -> 14.99
  EXPECT_EQ(node_points(cn2013_with("manufacturing_pass_rate", 92.9967), "manufacturing_pass_rate"),
            fx("14.99"));
  // 0.0075 short x 2 = 0.015 -> 9.985: an exact half at the second decimal.
  const json rule = {{"type", "target"}, {"per_point", 2}};
  const std::vector<std::pair<std::string, std::string>> modes = {
      {"half_up", "9.99"}, {"half_even", "9.98"}, {"down", "9.98"}, {"up", "9.99"}};
  for (const auto& [mode, expected] : modes) {
    json doc = one_leaf_scheme(rule, 10);
    doc["rounding"] = {{"digits", 2}, {"mode", mode}};
    const Result result = assess_json(scheme_from(doc), submission({{"leaf", 89.9925}}, {{"leaf", 90}}));
    EXPECT_EQ(node_points(result, "leaf"), fx(expected)) << mode;
  }
  json one_digit = one_leaf_scheme(rule, 10);
  one_digit["rounding"] = {{"digits", 1}, {"mode", "half_up"}};
  EXPECT_EQ(node_points(assess_json(scheme_from(one_digit), submission({{"leaf", 89.9925}}, {{"leaf", 90}})),
                        "leaf"),
            fx("10"));
}

TEST(TargetRule, LowerIsBetterDeduction) {
  const json rule = {{"type", "target"}, {"direction", "lower_is_better"}, {"per_point", 4}};
  const json targets = {{"targets", {{"leaf", 2.0}}}};
  EXPECT_EQ(leaf_score(rule, 10, 2.5, targets), fx("8"));
  EXPECT_EQ(leaf_score(rule, 10, 2.0, targets), fx("10"));
  EXPECT_EQ(leaf_score(rule, 10, 1.5, targets), fx("10"));
  EXPECT_EQ(leaf_score(rule, 10, 5, targets), fx("0"));
}

TEST(TargetRule, Proportional) {
  const json rule = {{"type", "target"}, {"method", "proportional"}};
  const json targets = {{"targets", {{"leaf", 80}}}};
  EXPECT_EQ(leaf_score(rule, 10, 60, targets), fx("7.5"));
  EXPECT_EQ(leaf_score(rule, 10, 80, targets), fx("10"));
  EXPECT_EQ(leaf_score(rule, 10, 90, targets), fx("10"));  // attainment capped at 1
  EXPECT_EQ(leaf_score(rule, 10, 0, targets), fx("0"));
  EXPECT_EQ(leaf_score(rule, 10, 70, {{"targets", {{"leaf", 30}}}}), fx("10"));
  EXPECT_EQ(leaf_score(rule, 10, 10, {{"targets", {{"leaf", 30}}}}), fx("3.33"));
}

TEST(TargetRule, ProportionalLowerIsBetter) {
  const json rule = {{"type", "target"}, {"method", "proportional"}, {"direction", "lower_is_better"}};
  const json targets = {{"targets", {{"leaf", 2}}}};
  EXPECT_EQ(leaf_score(rule, 10, 4, targets), fx("5"));
  EXPECT_EQ(leaf_score(rule, 10, 3, targets), fx("6.67"));
  EXPECT_EQ(leaf_score(rule, 10, 1, targets), fx("10"));
  EXPECT_EQ(leaf_score(rule, 10, 0, targets), fx("10"));  // nothing at all is perfect
}

TEST(TargetRule, ProportionalTargetMustBePositive) {
  const json rule = {{"type", "target"}, {"method", "proportional"}};
  EXPECT_TRUE(has_issue(leaf_value_issues(rule, 10, 5, {{"targets", {{"leaf", 0}}}}), "/targets/leaf",
                        "must be > 0 for proportional scoring"));
}

// A piecewise table of attainment -> share of the points, against a target fixed in the scheme.
TEST(TargetRule, TableAgainstAFixedTarget) {
  const json rule = json::parse(R"({"type": "target", "method": "table", "target": 100, "table": [
      {"attainment": 1, "fraction": 1}, {"attainment": 0.95, "fraction": 0.8},
      {"attainment": 0.9, "fraction": 0.5}]})");
  EXPECT_EQ(leaf_score(rule, 10, 100), fx("10"));
  EXPECT_EQ(leaf_score(rule, 10, 96), fx("8"));
  EXPECT_EQ(leaf_score(rule, 10, 95), fx("8"));  // exactly on the step
  EXPECT_EQ(leaf_score(rule, 10, 94.99), fx("5"));
  EXPECT_EQ(leaf_score(rule, 10, 90), fx("5"));
  EXPECT_EQ(leaf_score(rule, 10, 89.99), fx("0"));
  EXPECT_EQ(leaf_score(rule, 10, 120), fx("10"));
}

TEST(TargetRule, TableLowerIsBetter) {
  const json rule = json::parse(R"({"type": "target", "method": "table", "direction": "lower_is_better",
      "table": [{"attainment": 1, "fraction": 1}, {"attainment": 0.5, "fraction": 0.4}]})");
  const json targets = {{"targets", {{"leaf", 2}}}};
  EXPECT_EQ(leaf_score(rule, 5, 2, targets), fx("5"));
  EXPECT_EQ(leaf_score(rule, 5, 3, targets), fx("2"));  // 2/3 >= 0.5
  EXPECT_EQ(leaf_score(rule, 5, 4, targets), fx("2"));  // 2/4 = 0.5
  EXPECT_EQ(leaf_score(rule, 5, 5, targets), fx("0"));
}

TEST(TargetRule, FixedTargetInTheScheme) {
  const json rule = {{"type", "target"}, {"per_point", 3}, {"target", 95}};
  EXPECT_EQ(leaf_score(rule, 15, 94), fx("12"));
  EXPECT_EQ(leaf_score(rule, 15, 95), fx("15"));
  const Result result = one_leaf(rule, 15, 94);
  EXPECT_EQ(count_findings(result, FindingKind::missing_target), 0);
  // The region cannot file a target the scheme fixes.
  const auto issues = leaf_value_issues(rule, 15, 94, {{"targets", {{"leaf", 90}}}});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/targets/leaf");
  EXPECT_NE(issues[0].message.find("the scheme fixes the target of 'leaf' at 95"), std::string::npos);
}

TEST(TargetRule, ZeroIfWorseThanPrevious) {
  const json rule = {{"type", "target"}, {"per_point", 3}, {"zero_if_worse_than_previous", true}};
  const json sections = {{"targets", {{"leaf", 90}}}, {"previous", {{"leaf", 92}}}};
  const Result worse = one_leaf(rule, 15, 91, sections);  // above target, but below last year
  EXPECT_EQ(node_points(worse, "leaf"), fx("0"));
  EXPECT_EQ(leaf_how(worse, "leaf").en, "91 is worse than last year's 92: 0 points");
  EXPECT_TRUE(worse.findings.empty());
  EXPECT_EQ(leaf_score(rule, 15, 92, sections), fx("15"));  // equal is not worse
  EXPECT_EQ(leaf_score(rule, 15, 93, sections), fx("15"));
  EXPECT_EQ(leaf_score(rule, 15, 89, sections), fx("0"));

  const json lower = {{"type", "target"},
                      {"direction", "lower_is_better"},
                      {"per_point", 1},
                      {"zero_if_worse_than_previous", true}};
  EXPECT_EQ(leaf_score(lower, 5, 2.5, {{"targets", {{"leaf", 3}}}, {"previous", {{"leaf", 2}}}}), fx("0"));
  EXPECT_EQ(leaf_score(lower, 5, 1.5, {{"targets", {{"leaf", 3}}}, {"previous", {{"leaf", 2}}}}), fx("5"));
}

TEST(TargetRule, ZeroIfWorseWithoutPreviousValueScoresAndReportsIt) {
  const json rule = {{"type", "target"}, {"per_point", 3}, {"zero_if_worse_than_previous", true}};
  const Result result = one_leaf(rule, 15, 89, {{"targets", {{"leaf", 90}}}});
  EXPECT_EQ(node_points(result, "leaf"), fx("12"));  // scored against the target as usual
  ASSERT_EQ(count_findings(result, FindingKind::missing_previous), 1);
  EXPECT_TRUE(has_finding(result, FindingKind::missing_previous, "leaf"));
  EXPECT_NE(result.findings[0].detail.en.find("no previous-year value for leaf"), std::string::npos);
}

// Art. 6.1: the targets are filed; a point with no filed target scores 0 and is reported.
TEST(TargetRule, Art6MissingTargetScoresZeroWithFinding) {
  json doc = full_cn2013_submission();
  doc["targets"].erase("agri_monitoring_pass_rate");
  const Result result = assess_json(cn2013(), doc);
  EXPECT_EQ(node_points(result, "agri_monitoring_pass_rate"), fx("0"));
  EXPECT_EQ(result.total, fx("85"));
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].kind, FindingKind::missing_target);
  EXPECT_EQ(result.findings[0].leaf, "agri_monitoring_pass_rate");
  EXPECT_NE(result.findings[0].detail.en.find("Art. 6"), std::string::npos);
}

TEST(TargetRule, MissingValueScoresZeroWithFinding) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"].erase("manufacturing_pass_rate");
  const Result result = assess_json(cn2013(), doc);
  EXPECT_EQ(node_points(result, "manufacturing_pass_rate"), fx("0"));
  EXPECT_EQ(leaf_outcome(result, "manufacturing_pass_rate").source, InputSource::missing);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].kind, FindingKind::missing_value);
  EXPECT_EQ(result.findings[0].leaf, "manufacturing_pass_rate");
  // A null is no value either.
  const Result null_value = cn2013_with("manufacturing_pass_rate", nullptr);
  EXPECT_TRUE(has_finding(null_value, FindingKind::missing_value, "manufacturing_pass_rate"));
  EXPECT_EQ(null_value.total, fx("85"));
}

// ---- levels ---------------------------------------------------------------------------------

// docs/scheme-language.md, "How cn-2013 is built": a level by id, zh label or en label, each a fraction of
// the point's maximum.
TEST(LevelsRule, EachLevelByIdAndLabels) {
  const std::vector<std::pair<std::string, std::string>> three_points = {
      {"excellent", "3"}, {"优秀", "3"},   {"good", "2.4"},  {"良好", "2.4"},
      {"fair", "1.8"},    {"一般", "1.8"}, {"poor", "0.9"},  {"较差", "0.9"},
      {"none", "0"},      {"未开展", "0"}, {"not done", "0"}};
  for (const auto& [value, expected] : three_points) {
    EXPECT_EQ(node_points(cn2013_with("development_plan", value), "development_plan"), fx(expected)) << value;
  }
  const std::vector<std::pair<std::string, std::string>> three_and_a_half = {
      {"excellent", "3.5"}, {"good", "2.8"}, {"fair", "2.1"}, {"poor", "1.05"}, {"none", "0"}};
  for (const auto& [value, expected] : three_and_a_half) {
    const Result result = cn2013_with("supervision_capacity", value);
    EXPECT_EQ(node_points(result, "supervision_capacity"), fx(expected)) << value;
    EXPECT_EQ(result.total, fx("96.5") + fx(expected)) << value;
  }
}

TEST(LevelsRule, ExplanationNamesTheLevel) {
  const Result result = cn2013_with("development_plan", "良好");
  EXPECT_EQ(leaf_how(result, "development_plan").en, "good (0.8) x 3 = 2.4");
  EXPECT_EQ(leaf_how(result, "development_plan").zh, "良好（0.8）× 3 = 2.4");
}

TEST(LevelsRule, MissingLevelScoresZeroWithFinding) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"].erase("quality_workforce");
  const Result result = assess_json(cn2013(), doc);
  EXPECT_EQ(node_points(result, "quality_workforce"), fx("0"));
  EXPECT_EQ(node_points(result, "infrastructure"), fx("10.5"));
  EXPECT_TRUE(has_finding(result, FindingKind::missing_value, "quality_workforce"));
}

TEST(LevelsRule, InlineLevels) {
  const json rule = json::parse(R"({"type": "levels", "levels": [
      {"id": "yes", "label": {"zh": "是"}, "fraction": 1}, {"id": "half", "fraction": 0.5},
      {"id": "no", "fraction": 0}]})");
  EXPECT_EQ(leaf_score(rule, 4, "half"), fx("2"));
  EXPECT_EQ(leaf_score(rule, 4, "是"), fx("4"));
  EXPECT_EQ(leaf_score(rule, 4, "no"), fx("0"));
  EXPECT_TRUE(has_issue(leaf_value_issues(rule, 4, "maybe"), "/self_evaluation/leaf",
                        "'maybe' is not a level of leaf (yes, half, no)"));
}

// ---- checklist ------------------------------------------------------------------------------

const json kChecklist = json::parse(R"({"type": "checklist", "items": [
    {"id": "a", "points": 2}, {"id": "b", "points": 3}, {"id": "c", "points": 5}]})");

TEST(ChecklistRule, ItemPointsWithPartlyMetHalf) {
  EXPECT_EQ(leaf_score(kChecklist, 10, {{"a", "met"}, {"b", "partly_met"}, {"c", "not_met"}}), fx("3.5"));
  EXPECT_EQ(leaf_score(kChecklist, 10, {{"a", "met"}, {"b", "met"}, {"c", "met"}}), fx("10"));
  EXPECT_EQ(leaf_score(kChecklist, 10, {{"a", true}, {"b", true}}), fx("5"));  // c not given: not met
  EXPECT_EQ(leaf_score(kChecklist, 10, {{"c", false}}), fx("0"));
  EXPECT_EQ(leaf_score(kChecklist, 10, json::object()), fx("0"));
  const Result result = one_leaf(kChecklist, 10, {{"a", "met"}, {"b", "partly_met"}});
  EXPECT_EQ(leaf_how(result, "leaf").en, "1 items met, 1 partly, 1 not met: 3.5 of 10");
}

TEST(ChecklistRule, PartlyMetFraction) {
  json rule = kChecklist;
  rule["partly_fraction"] = 0.4;
  EXPECT_EQ(leaf_score(rule, 10, {{"a", "met"}, {"b", "partly_met"}}), fx("3.2"));
  EXPECT_EQ(leaf_score(rule, 10, {{"a", "partly_met"}, {"b", "partly_met"}, {"c", "partly_met"}}), fx("4"));
  rule["partly_fraction"] = 0;
  EXPECT_EQ(leaf_score(rule, 10, {{"a", "met"}, {"b", "partly_met"}}), fx("2"));
}

// Start from the maximum, minus `per_missing` per item not met (partly met counts in part).
TEST(ChecklistRule, PerMissingDeduction) {
  const json rule = json::parse(R"({"type": "checklist", "per_missing": 3, "items": [
      {"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}]})");
  EXPECT_EQ(leaf_score(rule, 10, {{"a", "met"}, {"b", "met"}, {"c", "met"}, {"d", "met"}}), fx("10"));
  // b and d (not given) missing, c half: 2.5 x 3 = 7.5 lost.
  EXPECT_EQ(leaf_score(rule, 10, {{"a", "met"}, {"b", "not_met"}, {"c", "partly_met"}}), fx("2.5"));
  EXPECT_EQ(leaf_score(rule, 10, {{"a", "met"}, {"b", "met"}, {"c", "met"}}), fx("7"));
  EXPECT_EQ(leaf_score(rule, 10, json::object()), fx("0"));  // 12 lost, stops at 0
}

TEST(ChecklistRule, BadItems) {
  const auto unknown = leaf_value_issues(kChecklist, 10, {{"a", "met"}, {"z", "met"}});
  EXPECT_TRUE(has_issue(unknown, "/self_evaluation/leaf/z", "'z' is not an item of leaf"));
  const auto bad_state = leaf_value_issues(kChecklist, 10, {{"a", "maybe"}});
  EXPECT_TRUE(has_issue(bad_state, "/self_evaluation/leaf/a", "'maybe' is not met, partly_met, not_met"));
  const auto not_object = leaf_value_issues(kChecklist, 10, json::array({"a"}));
  EXPECT_TRUE(has_issue(not_object, "/self_evaluation/leaf", "must be an object of item"));
}

// ---- deduction ------------------------------------------------------------------------------

const json kDeductionKinds = json::parse(R"({"type": "deduction", "kinds": [
    {"id": "major", "per_occurrence": 2}, {"id": "minor", "per_occurrence": 0.5}]})");

// Start at the maximum, minus an amount per occurrence by kind, stopping at 0 (扣完为止).
TEST(DeductionRule, PerOccurrenceByKind) {
  EXPECT_EQ(leaf_score(kDeductionKinds, 10, {{"major", 1}, {"minor", 3}}), fx("6.5"));
  EXPECT_EQ(leaf_score(kDeductionKinds, 10, {{"major", 4}, {"minor", 3}}), fx("0.5"));
  EXPECT_EQ(leaf_score(kDeductionKinds, 10, {{"minor", 1}}), fx("9.5"));
  EXPECT_EQ(leaf_score(kDeductionKinds, 10, json::object()), fx("10"));
  EXPECT_EQ(leaf_score(kDeductionKinds, 10, {{"major", 0}}), fx("10"));
}

TEST(DeductionRule, StopsAtZero) {
  EXPECT_EQ(leaf_score(kDeductionKinds, 10, {{"major", 5}}), fx("0"));
  EXPECT_EQ(leaf_score(kDeductionKinds, 10, {{"major", 6}}), fx("0"));
  EXPECT_EQ(leaf_score(kDeductionKinds, 10, {{"major", 1000000}, {"minor", 1000000}}), fx("0"));
  const Result result = one_leaf(kDeductionKinds, 10, {{"major", 6}});
  EXPECT_EQ(leaf_how(result, "leaf").en, "6 x major (-2 each); 0 of 10 (stops at 0)");
  EXPECT_NE(leaf_how(result, "leaf").zh.find("扣完为止"), std::string::npos);
}

// In Chinese a kind is named by its Chinese name where the scheme gives one (its id otherwise).
TEST(DeductionRule, KindsAreNamedInChinese) {
  json rule = kDeductionKinds;
  rule["kinds"][0]["name"] = {{"zh", "重大问题"}, {"en", "major problem"}};
  const Result result = one_leaf(rule, 10, {{"major", 1}, {"minor", 2}});
  EXPECT_EQ(leaf_how(result, "leaf").zh, "重大问题 1 次 × 2；minor 2 次 × 0.5；得 7（扣完为止）");
  EXPECT_EQ(leaf_how(result, "leaf").en, "1 x major (-2 each); 2 x minor (-0.5 each); 7 of 10 (stops at 0)");
}

// Issue 16: "nothing filed" is a missing value unless the scheme says it means nothing to deduct.
TEST(DeductionRule, NothingFiledIsMissingUnlessTheSchemeSaysNothingToDeduct) {
  const Result missing = one_leaf(kDeductionKinds, 10, nullptr);
  EXPECT_EQ(node_points(missing, "leaf"), fx("0"));
  EXPECT_TRUE(has_finding(missing, FindingKind::missing_value, "leaf"));
  EXPECT_EQ(leaf_how(missing, "leaf").en, "no occurrences given: 0 points");

  json rule = kDeductionKinds;
  rule["not_filed"] = "nothing_to_deduct";
  const Result nothing = one_leaf(rule, 10, nullptr);
  EXPECT_EQ(node_points(nothing, "leaf"), fx("10"));
  EXPECT_EQ(count_findings(nothing, FindingKind::missing_value), 0);
  EXPECT_EQ(leaf_how(nothing, "leaf").en,
            "nothing filed, which the scheme counts as nothing to deduct: full 10 points");
  // What is filed still counts, and a verification that gives counts decides.
  EXPECT_EQ(leaf_score(rule, 10, {{"major", 1}}), fx("8"));
  EXPECT_EQ(leaf_score(rule, 10, nullptr, {{"verification", {{"leaf", {{"major", 2}}}}}}), fx("6"));
  // The key is kept in the canonical form only when it says something; a wrong word is refused.
  EXPECT_EQ(write_scheme(*scheme_from(one_leaf_scheme(rule, 10)))["nodes"][0]["rule"]["not_filed"],
            "nothing_to_deduct");
  EXPECT_FALSE(write_scheme(*scheme_from(one_leaf_scheme(kDeductionKinds, 10)))["nodes"][0]["rule"].contains(
      "not_filed"));
  rule["not_filed"] = "zero";
  EXPECT_TRUE(has_issue(scheme_issues(one_leaf_scheme(rule, 10)), "/nodes/0/rule/not_filed",
                        "is not missing or nothing_to_deduct"));
}

TEST(DeductionRule, PlainIntegerWhenOneKind) {
  const json rule = json::parse(R"({"type": "deduction", "kinds": [{"id": "case", "per_occurrence": 1.5}]})");
  EXPECT_EQ(leaf_score(rule, 10, 4), fx("4"));
  EXPECT_EQ(leaf_score(rule, 10, 0), fx("10"));
  EXPECT_EQ(leaf_score(rule, 10, 7), fx("0"));
  EXPECT_EQ(leaf_score(rule, 10, {{"case", 2}}), fx("7"));
  EXPECT_TRUE(has_issue(leaf_value_issues(rule, 10, 2.5), "/self_evaluation/leaf", "must be a whole number"));
  EXPECT_TRUE(has_issue(leaf_value_issues(rule, 10, -1), "/self_evaluation/leaf", "must be between 0 and"));
  // With two kinds a plain number is ambiguous.
  EXPECT_TRUE(has_issue(leaf_value_issues(kDeductionKinds, 10, 3), "/self_evaluation/leaf",
                        "must be an object of kind -> number of occurrences, not a number"));
  EXPECT_TRUE(has_issue(leaf_value_issues(kDeductionKinds, 10, {{"fatal", 1}}), "/self_evaluation/leaf/fatal",
                        "'fatal' is not a deduction kind of leaf"));
}

// ---- direct ---------------------------------------------------------------------------------

// The assessor's points, checked against the maximum.
TEST(DirectRule, PointsCheckedAgainstTheMaximum) {
  const json rule = {{"type", "direct"}};
  EXPECT_EQ(leaf_score(rule, 10, 7.25), fx("7.25"));
  EXPECT_EQ(leaf_score(rule, 10, 10), fx("10"));
  EXPECT_EQ(leaf_score(rule, 10, 0), fx("0"));
  const auto above = leaf_value_issues(rule, 10, 10.5);
  ASSERT_EQ(above.size(), 1u);
  EXPECT_EQ(above[0].path, "/self_evaluation/leaf");
  EXPECT_EQ(above[0].message, "must be in [0, 10], not 10.5");
  EXPECT_TRUE(has_issue(leaf_value_issues(rule, 10, -1), "/self_evaluation/leaf", "must be in [0, 10]"));
  EXPECT_TRUE(
      has_issue(leaf_value_issues(rule, 10, "7"), "/self_evaluation/leaf", "must be a number, not a string"));
  EXPECT_TRUE(has_issue(leaf_value_issues(rule, 10, 7.12345), "/self_evaluation/leaf",
                        "has more than 4 decimal places"));
  EXPECT_TRUE(has_issue(leaf_value_issues(rule, 10, nullptr, {{"verification", {{"leaf", 11}}}}),
                        "/verification/leaf", "must be in [0, 10], not 11"));
}

TEST(DirectRule, RoundedWithTheSchemesRounding) {
  const json rule = {{"type", "direct"}};
  EXPECT_EQ(leaf_score(rule, 10, 7.255), fx("7.26"));
  json doc = one_leaf_scheme(rule, 10);
  doc["rounding"] = {{"digits", 2}, {"mode", "down"}};
  EXPECT_EQ(node_points(assess_json(scheme_from(doc), submission({{"leaf", 7.255}})), "leaf"), fx("7.25"));
}

// ---- boolean --------------------------------------------------------------------------------

TEST(BooleanRule, AllOrNothing) {
  const json rule = {{"type", "boolean"}};
  EXPECT_EQ(leaf_score(rule, 5, true), fx("5"));
  EXPECT_EQ(leaf_score(rule, 5, false), fx("0"));
  EXPECT_EQ(leaf_how(one_leaf(rule, 5, true), "leaf").en, "yes: full 5 points");
  EXPECT_TRUE(has_issue(leaf_value_issues(rule, 5, "yes"), "/self_evaluation/leaf",
                        "must be true or false, not a string"));
  EXPECT_TRUE(has_issue(leaf_value_issues(rule, 5, 1), "/self_evaluation/leaf",
                        "must be true or false, not a number"));
  const Result missing = one_leaf(rule, 5, nullptr);
  EXPECT_EQ(node_points(missing, "leaf"), fx("0"));
  EXPECT_TRUE(has_finding(missing, FindingKind::missing_value, "leaf"));
}

TEST(RuleTypes, Names) {
  const Scheme& s = *cn2013();
  EXPECT_STREQ(
      rule_type_name(*s.nodes[static_cast<std::size_t>(s.node_index("manufacturing_pass_rate"))].rule),
      "target");
  EXPECT_STREQ(rule_type_name(*s.nodes[static_cast<std::size_t>(s.node_index("development_plan"))].rule),
               "levels");
  EXPECT_STREQ(rule_type_name(Rule{ChecklistRule{}}), "checklist");
  EXPECT_STREQ(rule_type_name(Rule{DeductionRule{}}), "deduction");
  EXPECT_STREQ(rule_type_name(Rule{DirectRule{}}), "direct");
  EXPECT_STREQ(rule_type_name(Rule{BooleanRule{}}), "boolean");
}

// ---- effective input ------------------------------------------------------------------------

// docs/architecture.md, "The pipeline": the verified value where there is one, else the self-evaluated value.
TEST(EffectiveInput, VerifiedTakesPrecedenceOverSelfEvaluated) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["development_plan"] = "good";
  doc["verification"] = {{"development_plan", "fair"}, {"brand_strategy", "excellent"}};
  doc["self_evaluation"].erase("brand_strategy");
  const Result result = assess_json(cn2013(), doc);
  const LeafOutcome& checked = leaf_outcome(result, "development_plan");
  EXPECT_EQ(checked.points, fx("1.8"));
  EXPECT_EQ(checked.source, InputSource::verified);
  ASSERT_TRUE(checked.self_points().has_value());
  EXPECT_EQ(*checked.self_points(), fx("2.4"));
  ASSERT_TRUE(checked.verified_points().has_value());
  EXPECT_EQ(*checked.verified_points(), fx("1.8"));
  const LeafOutcome& verified_only = leaf_outcome(result, "brand_strategy");
  EXPECT_EQ(verified_only.source, InputSource::verified);
  EXPECT_EQ(verified_only.points, fx("3"));
  EXPECT_FALSE(verified_only.self_points().has_value());
  const LeafOutcome& self_only = leaf_outcome(result, "quality_statistics");
  EXPECT_EQ(self_only.source, InputSource::self_evaluated);
  EXPECT_FALSE(self_only.verified_points().has_value());
  EXPECT_EQ(result.total, fx("98.8"));
  // Art. 9: 2.4 self-evaluated against 1.8 verified is 0.6 over, more than 10% of 3 points.
  EXPECT_TRUE(has_finding(result, FindingKind::overstated, "development_plan"));
}

TEST(EffectiveInput, VerifiedTargetValueIsScoredAgainstTheFiledTarget) {
  json doc = full_cn2013_submission();
  doc["verification"] = {{"manufacturing_pass_rate", 92.3}};
  const Result result = assess_json(cn2013(), doc);
  EXPECT_EQ(node_points(result, "manufacturing_pass_rate"), fx("12.9"));
  EXPECT_EQ(leaf_outcome(result, "manufacturing_pass_rate").source, InputSource::verified);
  EXPECT_EQ(leaf_outcome(result, "manufacturing_pass_rate").self_points(), fx("15"));
}

}  // namespace
}  // namespace qa::testing
