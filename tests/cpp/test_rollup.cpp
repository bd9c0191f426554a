// Results rolled up the region hierarchy (Art. 10): counties per prefecture or per province, with
// exact means, the lowest region, grade counts, vetoes and misreporting (Art. 9), and every
// refusal naming the region at fault. Codes under 990000 are invented (示例, synthetic).
#include <string>
#include <vector>

#include "qualityassess/misreporting.hpp"
#include "qualityassess/rollup.hpp"
#include "qualityassess/scheme_io.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

using Codes = std::vector<std::string>;

// 990000 with prefectures 990100 (counties 990101, 990102, 990103) and 990200 (county 990201),
// prefecture 990300 without counties, and 999004 directly under the province (省直辖县级).
RegionTree sample_tree() {
  std::vector<RegionRow> rows = {
      {"990000", "示例省", "", "", ""},     {"990100", "示例市一", "", "", ""},
      {"990101", "示例县甲", "", "", ""},   {"990102", "示例县乙", "", "", ""},
      {"990103", "示例县丙", "", "", ""},   {"990200", "示例市二", "", "", ""},
      {"990201", "示例县丁", "", "", ""},   {"990300", "示例市三", "", "", ""},
      {"999004", "示例直辖县", "", "", ""},
  };
  for (std::size_t i = 0; i < rows.size(); ++i)
    rows[i].location = "regions.csv line " + std::to_string(i + 2);
  return RegionTree(rows);
}

// A cn-2013 result built by hand: the roll-up reads only region, year, scheme, total, grade,
// vetoed and findings.
Result result(const std::string& code, const std::string& total, const std::string& grade,
              bool vetoed = false, std::vector<FindingKind> findings = {}) {
  Result r;
  r.scheme = cn2013();
  r.region = {code, "示例 " + code};
  r.year = 2019;
  r.total = fx(total);
  r.grade = grade;
  r.vetoed = vetoed;
  for (FindingKind kind : findings) {
    Finding finding;
    finding.kind = kind;
    r.findings.push_back(finding);
  }
  return r;
}

std::vector<const Result*> pointers(const std::vector<Result>& results) {
  std::vector<const Result*> out;
  for (const Result& r : results) out.push_back(&r);
  return out;
}

std::vector<Issue> rollup_issues(const RegionTree& tree, const std::vector<Result>& results,
                                 AdminLevel level) {
  return issues_of<InputError>([&] { roll_up(tree, pointers(results), level); });
}

// ---- counties per prefecture ------------------------------------------------------------------

TEST(Rollup, CountiesPerPrefecture) {
  const RegionTree tree = sample_tree();
  const std::vector<Result> results = {
      result("990101", "90.0001", "A"),
      result("990102", "85.5", "B", false, {FindingKind::overstated, FindingKind::concealed}),
      result("990103", "55", "D", true, {FindingKind::missing_value}),
      result("990201", "72.25", "C", false, {FindingKind::concealed}),
  };
  const Rollup rollup = roll_up(tree, pointers(results), AdminLevel::prefecture);
  EXPECT_EQ(rollup.scheme, cn2013());
  EXPECT_EQ(rollup.results_level, AdminLevel::county);
  EXPECT_EQ(rollup.level, AdminLevel::prefecture);
  // 990300 has no counties: no row. 999004 is under no prefecture: in no row.
  ASSERT_EQ(rollup.rows.size(), 2u);

  const RollupRow& first = rollup.rows[0];
  EXPECT_EQ(first.parent, "990100");
  EXPECT_EQ(first.parent_name, "示例市一");
  EXPECT_EQ(first.expected, 3);
  EXPECT_EQ(first.graded, 3);
  EXPECT_EQ(first.grade_counts, (std::vector<int>{1, 1, 0, 1}));
  EXPECT_EQ(first.total_sum, fx("230.5001"));
  ASSERT_TRUE(first.mean_total);
  EXPECT_EQ(*first.mean_total, fx("76.8334"));  // 230.5001 / 3 = 76.83336...
  ASSERT_TRUE(first.lowest_total);
  EXPECT_EQ(*first.lowest_total, fx("55"));
  EXPECT_EQ(first.lowest_region, "990103");
  EXPECT_EQ(first.vetoed, (Codes{"990103"}));
  EXPECT_EQ(first.misreporting, (Codes{"990102"}));  // a missing value is not misreporting
  EXPECT_EQ(first.misreporting_findings, 2);

  const RollupRow& second = rollup.rows[1];
  EXPECT_EQ(second.parent, "990200");
  EXPECT_EQ(second.expected, 1);
  EXPECT_EQ(second.graded, 1);
  EXPECT_EQ(second.grade_counts, (std::vector<int>{0, 0, 1, 0}));
  EXPECT_EQ(*second.mean_total, fx("72.25"));
  EXPECT_TRUE(second.vetoed.empty());
  EXPECT_EQ(second.misreporting, (Codes{"990201"}));
  EXPECT_EQ(second.misreporting_findings, 1);
}

TEST(Rollup, MeanRoundsHalfAwayFromZeroToFourDecimals) {
  const RegionTree tree = sample_tree();
  const std::vector<Result> results = {result("990101", "90.0001", "A"), result("990102", "90.0002", "A")};
  const Rollup rollup = roll_up(tree, pointers(results), AdminLevel::prefecture);
  const RollupRow* row = rollup.find("990100");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->total_sum, fx("180.0003"));
  EXPECT_EQ(*row->mean_total, fx("90.0002"));  // 90.00015 -> 90.0002
  EXPECT_EQ(row->expected, 3);
  EXPECT_EQ(row->graded, 2);
}

TEST(Rollup, LowestTieGoesToTheSmallestCode) {
  const RegionTree tree = sample_tree();
  const std::vector<Result> results = {result("990103", "70", "C"), result("990101", "70", "C"),
                                       result("990102", "71", "C")};
  const Rollup rollup = roll_up(tree, pointers(results), AdminLevel::prefecture);
  EXPECT_EQ(*rollup.find("990100")->lowest_total, fx("70"));
  EXPECT_EQ(rollup.find("990100")->lowest_region, "990101");
}

TEST(Rollup, ListsAreSortedByCode) {
  const RegionTree tree = sample_tree();
  const std::vector<Result> results = {
      result("990103", "50", "D", true, {FindingKind::overstated}),
      result("990101", "50", "D", true, {FindingKind::overstated, FindingKind::overstated}),
  };
  const Rollup rollup = roll_up(tree, pointers(results), AdminLevel::prefecture);
  const RollupRow* row = rollup.find("990100");
  EXPECT_EQ(row->vetoed, (Codes{"990101", "990103"}));
  EXPECT_EQ(row->misreporting, (Codes{"990101", "990103"}));
  EXPECT_EQ(row->misreporting_findings, 3);
}

TEST(Rollup, PrefectureWithoutResultsHasARowWithoutMeanOrLowest) {
  const RegionTree tree = sample_tree();
  const std::vector<Result> results = {result("990101", "91", "A")};
  const Rollup rollup = roll_up(tree, pointers(results), AdminLevel::prefecture);
  const RollupRow* row = rollup.find("990200");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->expected, 1);
  EXPECT_EQ(row->graded, 0);
  EXPECT_EQ(row->grade_counts, (std::vector<int>{0, 0, 0, 0}));
  EXPECT_EQ(row->total_sum, fx("0"));
  EXPECT_FALSE(row->mean_total);
  EXPECT_FALSE(row->lowest_total);
  EXPECT_EQ(row->lowest_region, "");
  EXPECT_EQ(rollup.find("990300"), nullptr);  // no counties under it in the tree
  EXPECT_EQ(rollup.find("990000"), nullptr);  // not at the level rolled up to
}

// ---- counties straight to the province, prefectures to the province --------------------------

TEST(Rollup, CountiesStraightToTheProvince) {
  const RegionTree tree = sample_tree();
  const std::vector<Result> results = {result("990101", "95", "A"), result("999004", "62", "C"),
                                       result("990201", "81", "B")};
  const Rollup rollup = roll_up(tree, pointers(results), AdminLevel::province);
  ASSERT_EQ(rollup.rows.size(), 1u);
  const RollupRow& row = rollup.rows[0];
  EXPECT_EQ(row.parent, "990000");
  EXPECT_EQ(row.parent_name, "示例省");
  EXPECT_EQ(row.expected, 5);  // the four counties under prefectures and 999004
  EXPECT_EQ(row.graded, 3);
  EXPECT_EQ(row.grade_counts, (std::vector<int>{1, 1, 1, 0}));
  EXPECT_EQ(*row.mean_total, fx("79.3333"));
  EXPECT_EQ(row.lowest_region, "999004");
}

TEST(Rollup, PrefecturesToTheProvince) {
  const RegionTree tree = sample_tree();
  const std::vector<Result> results = {result("990100", "88", "B"), result("990300", "91", "A")};
  const Rollup rollup = roll_up(tree, pointers(results), AdminLevel::province);
  EXPECT_EQ(rollup.results_level, AdminLevel::prefecture);
  ASSERT_EQ(rollup.rows.size(), 1u);
  EXPECT_EQ(rollup.rows[0].expected, 3);
  EXPECT_EQ(rollup.rows[0].graded, 2);
  EXPECT_EQ(*rollup.rows[0].mean_total, fx("89.5"));
}

TEST(Rollup, AssessedSubmissions) {
  // Two counties assessed with cn-2013: one at full points, one that concealed a regional
  // incident and overstated a rate (vetoed, misreporting).
  json full = full_cn2013_submission();
  full["region"] = {{"code", "990101"}, {"name", "示例县甲"}};
  json hidden = full_cn2013_submission();
  hidden["region"] = {{"code", "990102"}, {"name", "示例县乙"}};
  hidden["self_evaluation"]["construction_acceptance_rate"] = 95.5;
  hidden["verification"] = {{"development_plan", "excellent"}};
  hidden["incidents"] = json::array({incident("i-1", "2020-03-02", "regional", false)});
  const std::vector<Result> results = {assess_json(cn2013(), full), assess_json(cn2013(), hidden)};
  ASSERT_TRUE(results[1].vetoed);
  const int findings = count_findings(results[1], FindingKind::overstated) +
                       count_findings(results[1], FindingKind::concealed);
  ASSERT_GT(findings, 0);

  const Rollup rollup = roll_up(sample_tree(), pointers(results), AdminLevel::prefecture);
  const RollupRow* row = rollup.find("990100");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->graded, 2);
  EXPECT_EQ(row->grade_counts, (std::vector<int>{1, 0, 0, 1}));
  EXPECT_EQ(row->total_sum, results[0].total + results[1].total);
  EXPECT_EQ(row->vetoed, (Codes{"990102"}));
  EXPECT_EQ(row->misreporting, (Codes{"990102"}));
  EXPECT_EQ(row->misreporting_findings, findings);
  EXPECT_EQ(row->lowest_region, results[1].total < results[0].total ? "990102" : "990101");
}

TEST(Rollup, SameSchemeReadTwiceIsOneScheme) {
  const SchemePtr copy = read_scheme(write_scheme(*cn2013()));
  ASSERT_NE(copy, cn2013());
  std::vector<Result> results = {result("990101", "91", "A"), result("990102", "81", "B")};
  results[1].scheme = copy;
  EXPECT_EQ(roll_up(sample_tree(), pointers(results), AdminLevel::prefecture).rows[0].graded, 2);
}

// ---- refusals ---------------------------------------------------------------------------------

TEST(RollupRefusals, NoResults) {
  const auto issues = issues_of<InputError>([] { roll_up(sample_tree(), {}, AdminLevel::province); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].message, "no results to roll up");
}

TEST(RollupRefusals, NullResult) {
  const Result r = result("990101", "91", "A");
  const auto issues = issues_of<InputError>([&] {
    roll_up(sample_tree(), {&r, nullptr}, AdminLevel::prefecture);
  });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "results[1]");
}

TEST(RollupRefusals, RegionNotInTheTree) {
  const auto issues = rollup_issues(sample_tree(), {result("990101", "91", "A"), result("990109", "91", "A")},
                                    AdminLevel::prefecture);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "990109 示例 990109");
  EXPECT_EQ(issues[0].message, "region '990109' is not in the region file");
}

TEST(RollupRefusals, DifferentSchemes) {
  std::vector<Result> results = {result("990101", "91", "A"), result("990102", "81", "B")};
  results[1].scheme = scheme_from(two_leaf_scheme());
  const auto issues = rollup_issues(sample_tree(), results, AdminLevel::prefecture);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "990102 示例 990102");
  EXPECT_NE(issues[0].message.find("the results before it with scheme 'cn-2013'"), std::string::npos)
      << issues[0].message;
}

TEST(RollupRefusals, SameIdDifferentContent) {
  // A scheme of the same id whose grading moved (e.g. a derived scheme keeping the id).
  json changed = write_scheme(*cn2013());
  changed["grading"]["bands"][0]["min"] = 95;
  std::vector<Result> results = {result("990101", "91", "A"), result("990102", "81", "B")};
  results[1].scheme = read_scheme(changed);
  const auto issues = rollup_issues(sample_tree(), results, AdminLevel::prefecture);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "990102 示例 990102");
  EXPECT_NE(issues[0].message.find("assessed with scheme 'cn-2013'"), std::string::npos) << issues[0].message;
}

TEST(RollupRefusals, DifferentYears) {
  std::vector<Result> results = {result("990101", "91", "A"), result("990102", "81", "B")};
  results[1].year = 2018;
  const auto issues = rollup_issues(sample_tree(), results, AdminLevel::prefecture);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "990102 示例 990102");
  EXPECT_NE(issues[0].message.find("assessment year 2018"), std::string::npos);
}

TEST(RollupRefusals, MixedLevels) {
  const auto issues = rollup_issues(sample_tree(), {result("990101", "91", "A"), result("990200", "81", "B")},
                                    AdminLevel::province);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "990200 示例 990200");
  EXPECT_EQ(issues[0].message,
            "is a prefecture; the results before it are counties (first: 990101 示例 990101)");
}

TEST(RollupRefusals, LevelNotAboveTheResults) {
  const RegionTree tree = sample_tree();
  auto issues = rollup_issues(tree, {result("990101", "91", "A")}, AdminLevel::county);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "level");
  EXPECT_EQ(issues[0].message,
            "cannot roll county results up to county: the level must be above county (e.g. prefecture)");
  issues = rollup_issues(tree, {result("990100", "91", "A")}, AdminLevel::county);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "level");
  issues = rollup_issues(tree, {result("990000", "91", "A")}, AdminLevel::province);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].message, "cannot roll province results up to province: no level is above province");
}

TEST(RollupRefusals, TwoResultsForOneRegion) {
  const auto issues = rollup_issues(sample_tree(), {result("990101", "91", "A"), result("990101", "81", "B")},
                                    AdminLevel::prefecture);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "990101 示例 990101");
  EXPECT_EQ(issues[0].message, "two results for this region (results[0] and results[1])");
}

TEST(RollupRefusals, CountyDirectlyUnderTheProvinceHasNoPrefecture) {
  const auto issues = rollup_issues(sample_tree(), {result("990101", "91", "A"), result("999004", "81", "B")},
                                    AdminLevel::prefecture);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "999004 示例 999004");
  EXPECT_EQ(issues[0].message, "has no prefecture above it (it is directly under 990000)");
}

TEST(RollupRefusals, EveryProblemAtOnce) {
  std::vector<Result> results = {result("990101", "91", "A"), result("990109", "91", "A"),
                                 result("990101", "81", "B"), result("990200", "81", "B")};
  results[3].year = 2020;
  const auto issues = rollup_issues(sample_tree(), results, AdminLevel::prefecture);
  EXPECT_EQ(paths(issues),
            (Codes{"990109 示例 990109", "990101 示例 990101", "990200 示例 990200", "990200 示例 990200"}));
}

// ---- Art. 9: which findings are misreporting ------------------------------------------------

TEST(Misreporting, OverstatedAndConcealedOnly) {
  EXPECT_TRUE(is_misreporting(FindingKind::overstated));
  EXPECT_TRUE(is_misreporting(FindingKind::concealed));
  EXPECT_FALSE(is_misreporting(FindingKind::missing_target));
  EXPECT_FALSE(is_misreporting(FindingKind::missing_value));
  EXPECT_FALSE(is_misreporting(FindingKind::missing_previous));
  EXPECT_FALSE(is_misreporting(FindingKind::late_filing));
  EXPECT_FALSE(is_misreporting(FindingKind::not_submitted));
}

TEST(Misreporting, TheRollupCountsWhatTheDecisionCounts) {
  const std::vector<Result> results = {
      result("990101", "70", "C", false, {FindingKind::late_filing, FindingKind::missing_value}),
      result("990102", "70", "C", false, {FindingKind::concealed, FindingKind::overstated}),
      result("990103", "70", "C", false, {FindingKind::not_submitted}),
  };
  const Rollup rollup = roll_up(sample_tree(), pointers(results), AdminLevel::prefecture);
  const RollupRow* row = rollup.find("990100");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->misreporting, (Codes{"990102"}));
  EXPECT_EQ(row->misreporting_findings, 2);
}

}  // namespace
}  // namespace qa::testing
