// Tests that know the answer (issue 18): the columnar batch (batch.hpp) and qa::assess against
// values written here by hand — band edges (Art. 5) and the order of bonus, cap and penalty
// (docs/scheme-language.md, "The order in which effects combine"). No expected value is produced
// by the code under test.
#include <cmath>

#include "qualityassess/batch.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

std::vector<std::string> grade_ids(const SchemePtr& scheme, const std::vector<std::int32_t>& grades) {
  std::vector<std::string> out;
  for (std::int32_t g : grades) out.push_back(scheme->grading.grades[static_cast<std::size_t>(g)].id);
  return out;
}

std::vector<std::int64_t> units(const std::vector<std::string>& texts) {
  std::vector<std::int64_t> out;
  for (const auto& text : texts) out.push_back(fx(text).units());
  return out;
}

// base_scheme(): one direct leaf "score" of 100 points, A >= 90, B >= 80, C >= 60, else D (every
// bound inclusive): 89.99 is B, 59.99 is D.
TEST(LiteralExpectations, BandEdgesInTheBatchWhateverTheThreads) {
  const SchemePtr scheme = scheme_from(base_scheme());
  std::vector<double> score = {90.00, 89.99, 80.00, 79.99, 60.00, 59.99, 100.0, 0.0};
  BatchInputs inputs;
  inputs.regions = score.size();
  inputs.year = 2019;
  inputs.leaves.resize(1);
  inputs.leaves[0].self.number = score.data();
  const std::vector<std::string> expected = {"A", "B", "B", "C", "C", "D", "A", "D"};
  for (int threads : {1, 3}) {
    const BatchResult result = assess_columns(scheme, inputs, threads);
    EXPECT_EQ(grade_ids(scheme, result.grade), expected) << threads;
    EXPECT_EQ(result.total, units({"90", "89.99", "80", "79.99", "60", "59.99", "100", "0"})) << threads;
  }
  // and one submission at a time
  for (std::size_t i = 0; i < score.size(); ++i) {
    const Result one = assess_json(scheme, submission({{"score", score[i]}}));
    EXPECT_EQ(one.grade, expected[i]) << score[i];
  }
}

// A bonus (cap 5) and a penalty (cap 3), both entered as points, on the 100-point scheme (total
// max 100, min 0, no bonus above the maximum). The bonuses stop at 100 BEFORE the penalties.
json adjusted_scheme() {
  json doc = base_scheme();
  doc["adjustments"] = json::parse(R"([
      {"id": "bonus", "name": "bonus", "kind": "bonus", "cap": 5},
      {"id": "penalty", "name": "penalty", "kind": "penalty", "cap": 3}])");
  return doc;
}

TEST(LiteralExpectations, BonusIsCappedBeforePenaltiesInTheBatch) {
  const SchemePtr scheme = scheme_from(adjusted_scheme());
  std::vector<double> base = {98, 100, 90, 2, 79, 81, 100};
  std::vector<double> bonus = {5, 5, 8, 0, 2, 0, 0};
  std::vector<double> penalty = {3, 3, 3, 3, 0, 1.01, 4};
  BatchInputs inputs;
  inputs.regions = base.size();
  inputs.year = 2019;
  inputs.leaves.resize(1);
  inputs.leaves[0].self.number = base.data();
  inputs.adjustments = {bonus.data(), penalty.data()};
  // 98 + 5 = 103 → 100, − 3 = 97 (a cap after the penalty would give 100); 100 + 5 → 100, − 3
  // = 97; 90 + min(8, 5) = 95, − 3 = 92; 2 − 3 = −1 → total.min 0; 79 + 2 = 81 (B);
  // 81 − 1.01 = 79.99 (C); 100 − min(4, 3) = 97.
  const std::vector<std::int64_t> total = units({"97", "97", "92", "0", "81", "79.99", "97"});
  const std::vector<std::string> grades = {"A", "A", "A", "D", "B", "C", "A"};
  for (int threads : {1, 2}) {
    const BatchResult result = assess_columns(scheme, inputs, threads);
    EXPECT_EQ(result.total, total) << threads;
    EXPECT_EQ(grade_ids(scheme, result.grade), grades) << threads;
  }
  json doc = submission({{"score", 98}});
  doc["adjustments"] = {{"bonus", 5}, {"penalty", 3}};
  const Result one = assess_json(scheme, doc);
  EXPECT_EQ(one.total, fx("97"));
  EXPECT_EQ(one.grade, "A");
}

// Art. 9: a leaf is overstated when its self-evaluated value scores MORE than the tolerance
// (overstatement_tolerance 0.1 = 10% of the leaf's maximum, as cn-2013) above its verified value.
// Two direct leaves under "root": "a" of 15 points (tolerance 1.5) and "b" of 85; a condition on
// the finding `overstated` downgrades by one grade, so the finding shows in the grade.
json overstatement_scheme() {
  json doc = base_scheme();
  doc["nodes"] = json::parse(R"([{"id": "root", "name": "Root", "points": 100, "children": [
      {"id": "a", "name": "A", "points": 15, "rule": {"type": "direct"}},
      {"id": "b", "name": "B", "points": 85, "rule": {"type": "direct"}}]}])");
  doc["conditions"] = json::array({condition("overstated", {{"type", "finding"}, {"kinds", {"overstated"}}},
                                             {{"type", "downgrade"}, {"levels", 1}})});
  return doc;
}

TEST(LiteralExpectations, OverstatementOnlyBeyondTheToleranceOnBothPaths) {
  const SchemePtr scheme = scheme_from(overstatement_scheme());
  // Every region self-evaluates a = 15 and b = 80; b is not verified, a is verified as:
  std::vector<double> self_a = {15, 15, 15, 15};
  std::vector<double> verified_a = {13.5, 13.47, 13.49, 13.51};
  std::vector<double> b = {80, 80, 80, 80};
  // 15 − 13.5 = 1.5, not MORE than 1.5: no finding; 13.5 + 80 = 93.5 → A.
  // 15 − 13.47 = 1.53 > 1.5: overstated; 93.47 is A, downgraded one grade → B.
  // 15 − 13.49 = 1.51 > 1.5: overstated; 93.49, A → B.
  // 15 − 13.51 = 1.49: no finding; 93.51 → A.
  const std::vector<std::int64_t> total = units({"93.5", "93.47", "93.49", "93.51"});
  const std::vector<std::string> before = {"A", "A", "A", "A"};
  const std::vector<std::string> grades = {"A", "B", "B", "A"};
  BatchInputs inputs;
  inputs.regions = self_a.size();
  inputs.year = 2019;
  inputs.leaves.resize(2);
  inputs.leaves[0].self.number = self_a.data();
  inputs.leaves[0].verified.number = verified_a.data();
  inputs.leaves[1].self.number = b.data();
  for (int threads : {1, 2}) {
    const BatchResult result = assess_columns(scheme, inputs, threads);
    EXPECT_EQ(result.total, total) << threads;
    EXPECT_EQ(grade_ids(scheme, result.grade_before_conditions), before) << threads;
    EXPECT_EQ(grade_ids(scheme, result.grade), grades) << threads;
  }
  // one submission at a time
  for (std::size_t i = 0; i < self_a.size(); ++i) {
    json doc = submission({{"a", self_a[i]}, {"b", b[i]}});
    doc["verification"] = {{"a", verified_a[i]}};
    const Result one = assess_json(scheme, doc);
    EXPECT_EQ(one.total.units(), total[i]) << verified_a[i];
    EXPECT_EQ(one.grade_before_conditions, "A") << verified_a[i];
    EXPECT_EQ(one.grade, grades[i]) << verified_a[i];
    EXPECT_EQ(count_findings(one, FindingKind::overstated), grades[i] == "B" ? 1 : 0) << verified_a[i];
  }
}

// A target met exactly scores the leaf's full points without any deduction (deduction rule:
// "met" means shortfall <= 0). The leaf "rate" is worth 2.5 points, 1 off per point short of the
// filed target 95, and the scheme rounds to whole points DOWN: full points are taken as they
// stand (2.5), while a computed score is rounded (2.5 − 0 would become 2).
TEST(LiteralExpectations, TargetMetExactlyScoresFullPointsUnrounded) {
  json doc = base_scheme();
  doc["rounding"] = {{"digits", 0}, {"mode", "down"}};
  doc["nodes"] = json::parse(R"([
      {"id": "rate", "name": "Rate", "points": 2.5, "rule": {"type": "target", "per_point": 1}},
      {"id": "score", "name": "Score", "points": 97.5, "rule": {"type": "direct"}}])");
  const SchemePtr scheme = scheme_from(doc);
  // actual 95 = target: met, 2.5; + 88 = 90.5 → A (a deduction of 0 rounded down: 2 + 88 = 90,
  // still A, so the total is what tells).
  // actual 96: beaten, 2.5; 90.5 → A.
  // actual 94: 1 short × 1 = 1 off, 2.5 − 1 = 1.5, rounded down to 1; 89 → B.
  // actual 93.4: 1.6 short, 0.9 → 0; 88 → B.
  const std::vector<double> actual = {95, 96, 94, 93.4};
  const std::vector<std::string> leaf = {"2.5", "2.5", "1", "0"};
  const std::vector<std::string> total = {"90.5", "90.5", "89", "88"};
  const std::vector<std::string> grades = {"A", "A", "B", "B"};
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const Result one = assess_json(scheme, submission({{"rate", actual[i]}, {"score", 88}}, {{"rate", 95}}));
    EXPECT_EQ(node_points(one, "rate"), fx(leaf[i])) << actual[i];
    EXPECT_EQ(one.total, fx(total[i])) << actual[i];
    EXPECT_EQ(one.grade, grades[i]) << actual[i];
  }
  const Result met = assess_json(scheme, submission({{"rate", 95}, {"score", 88}}, {{"rate", 95}}));
  EXPECT_EQ(leaf_how(met, "rate").en, "95 against target 95: met, full 2.5 points");
  // the columnar batch
  std::vector<double> targets = {95, 95, 95, 95};
  std::vector<double> score = {88, 88, 88, 88};
  BatchInputs inputs;
  inputs.regions = actual.size();
  inputs.year = 2019;
  inputs.leaves.resize(2);
  inputs.leaves[0].self.number = actual.data();
  inputs.leaves[0].target = targets.data();
  inputs.leaves[1].self.number = score.data();
  const BatchResult result = assess_columns(scheme, inputs, 1);
  EXPECT_EQ(result.total, units(total));
  EXPECT_EQ(grade_ids(scheme, result.grade), grades);
}

}  // namespace
}  // namespace qa::testing
