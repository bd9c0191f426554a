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

}  // namespace
}  // namespace qa::testing
