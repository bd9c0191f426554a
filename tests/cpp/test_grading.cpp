// Grades from totals (Art. 5: "A: 90 and above; B: 80-89; C: 60-79; D: 59 and below"), by bands
// with stated inclusivity ("以上包括本数，以下不包括本数") or by rank within a cohort.
#include <algorithm>

#include "qualityassess/grading.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// ---- bands ----------------------------------------------------------------------------------

struct BoundaryCase {
  const char* total;
  const char* grade;
};

class Art5Boundaries : public ::testing::TestWithParam<BoundaryCase> {};

// Art. 5 with a one-leaf `direct` scheme of 100 points: the boundaries themselves.
TEST_P(Art5Boundaries, DirectScoreGetsItsBand) {
  const SchemePtr scheme = scheme_from(base_scheme());
  const Result result = assess_direct(scheme, GetParam().total);
  EXPECT_EQ(result.total, fx(GetParam().total));
  EXPECT_EQ(result.grade, GetParam().grade);
  EXPECT_EQ(result.grade_before_conditions, GetParam().grade);
}

// Art. 5 on the cn-2013 bands themselves.
TEST_P(Art5Boundaries, Cn2013BandGrade) {
  const Grading& grading = cn2013()->grading;
  const int index = band_grade(grading, fx(GetParam().total));
  ASSERT_GE(index, 0);
  EXPECT_EQ(grading.grades[static_cast<std::size_t>(index)].id, GetParam().grade);
}

INSTANTIATE_TEST_SUITE_P(Grading, Art5Boundaries,
                         ::testing::Values(BoundaryCase{"100", "A"}, BoundaryCase{"90.01", "A"},
                                           BoundaryCase{"90", "A"}, BoundaryCase{"89.99", "B"},
                                           BoundaryCase{"80", "B"}, BoundaryCase{"79.99", "C"},
                                           BoundaryCase{"60", "C"}, BoundaryCase{"59.99", "D"},
                                           BoundaryCase{"0", "D"}),
                         [](const ::testing::TestParamInfo<BoundaryCase>& info) {
                           std::string name = std::string("total_") + info.param.total;
                           std::replace(name.begin(), name.end(), '.', '_');
                           return name;
                         });

TEST(Grading, Art5BandsAreExactBelowTheSecondDecimal) {
  const Grading& grading = cn2013()->grading;
  EXPECT_EQ(band_grade(grading, fx("89.9999")), 1);  // B: no rounding up into an A
  EXPECT_EQ(band_grade(grading, fx("59.9999")), 3);
  EXPECT_EQ(band_grade(grading, fx("60.0001")), 2);
}

// cn-2013 submissions whose exact totals fall on the Art. 5 boundaries.
json boundary_submission(const std::string& total) {
  json doc = full_cn2013_submission();  // targets 93 / 96 / 98, everything met: 100
  json& self = doc["self_evaluation"];
  if (total == "90" || total == "89.99") {
    self["construction_acceptance_rate"] = 93;                        // 5 short x 2 = 10 lost: 0 of 10
    if (total == "89.99") self["manufacturing_pass_rate"] = 92.9967;  // 0.0099 lost: 14.99
  } else if (total == "80" || total == "79.99") {
    self["construction_acceptance_rate"] = 93;                        // -10
    self["supervision_capacity"] = "none";                            // -3.5
    self["anti_counterfeiting"] = "none";                             // -3.5
    self["development_plan"] = "none";                                // -3
    if (total == "79.99") self["manufacturing_pass_rate"] = 92.9967;  // -0.01
  } else if (total == "60" || total == "59.99") {
    self["manufacturing_pass_rate"] = 88;  // 5 short x 3 = 15 lost: 0
    self["agri_monitoring_pass_rate"] = 91;
    self["construction_acceptance_rate"] = 93;
    if (total == "59.99") {
      self["construction_acceptance_rate"] = 93.295;  // 4.705 short x 2 = 9.41 lost: 0.59
      self["development_plan"] = "good";              // 2.4 of 3: -0.6
    }
  }
  return doc;
}

TEST(Grading, Art5Cn2013TotalsOnTheBoundaries) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"90", "A"}, {"89.99", "B"}, {"80", "B"}, {"79.99", "C"}, {"60", "C"}, {"59.99", "D"}};
  for (const auto& [total, grade] : cases) {
    const Result result = assess_json(cn2013(), boundary_submission(total));
    EXPECT_EQ(result.total, fx(total)) << total;
    EXPECT_EQ(result.grade, grade) << total;
    EXPECT_FALSE(result.vetoed) << total;
    EXPECT_DOUBLE_EQ(result.to_json()["total"].get<double>(), std::stod(total)) << total;
  }
}

// "以上包括本数，以下不包括本数" is the default; a scheme may state exclusive bands instead.
TEST(Grading, ExclusiveBands) {
  json doc = base_scheme();
  for (auto& band : doc["grading"]["bands"]) {
    if (band.contains("min")) band["inclusive"] = false;
  }
  const SchemePtr scheme = scheme_from(doc);
  EXPECT_EQ(assess_direct(scheme, "90").grade, "B");
  EXPECT_EQ(assess_direct(scheme, "90.01").grade, "A");
  EXPECT_EQ(assess_direct(scheme, "80").grade, "C");
  EXPECT_EQ(assess_direct(scheme, "80.01").grade, "B");
  EXPECT_EQ(assess_direct(scheme, "60").grade, "D");
  EXPECT_EQ(assess_direct(scheme, "0").grade, "D");
}

// Any labels: 优秀/良好/合格/不合格, or pass/fail.
TEST(Grading, AnyGradeLabels) {
  json doc = base_scheme();
  doc["grading"] = json::parse(R"({"bands": [{"grade": "excellent", "min": 90}, {"grade": "good", "min": 75},
      {"grade": "pass", "min": 60}, {"grade": "fail"}],
      "labels": {"excellent": {"zh": "优秀", "en": "Excellent"}, "good": {"zh": "良好"},
                 "pass": {"zh": "合格"}, "fail": {"zh": "不合格", "en": "Fail"}}})");
  const SchemePtr scheme = scheme_from(doc);
  EXPECT_EQ(assess_direct(scheme, "75").grade, "good");
  EXPECT_EQ(assess_direct(scheme, "59").grade, "fail");
  EXPECT_EQ(scheme->grading.grades[1].label.in(Lang::en), "良好");  // falls back to zh
  const auto lines = assess_direct(scheme, "59").explain(Lang::zh);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_NE(lines[1].find("不合格"), std::string::npos) << lines[1];

  json pass_fail = base_scheme();
  pass_fail["grading"] = json::parse(R"({"bands": [{"grade": "pass", "min": 60}, {"grade": "fail"}]})");
  const SchemePtr two = scheme_from(pass_fail);
  EXPECT_EQ(assess_direct(two, "60").grade, "pass");
  EXPECT_EQ(assess_direct(two, "59.99").grade, "fail");
}

// ---- rank -----------------------------------------------------------------------------------

SchemePtr rank_scheme(const json& tiers) {
  json doc = base_scheme();
  doc["grading"] = {{"method", "rank"}, {"tiers", tiers}};
  return scheme_from(doc);
}

std::vector<Submission> cohort(const std::vector<std::string>& scores) {
  std::vector<Submission> out;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    json doc = submission({{"score", json::parse(scores[i])}});
    doc["region"] = {{"code", "r" + std::to_string(i + 1)}, {"name", "Region " + std::to_string(i + 1)}};
    out.push_back(read_submission(doc));
  }
  return out;
}

std::vector<std::string> grades_of(const std::vector<Result>& results) {
  std::vector<std::string> out;
  for (const Result& r : results) out.push_back(r.grade);
  return out;
}

const json kCountShareTiers = json::parse(R"([{"grade": "A", "count": 2}, {"grade": "B", "share": 0.5},
                                              {"grade": "C"}])");

TEST(RankGrading, TopCountThenShare) {
  const SchemePtr scheme = rank_scheme(kCountShareTiers);
  const auto results = assess_cohort(scheme, cohort({"95", "85", "80", "75", "70", "60"}));
  EXPECT_EQ(grades_of(results), (std::vector<std::string>{"A", "A", "B", "B", "B", "C"}));
  std::vector<int> ranks;
  for (const Result& r : results) ranks.push_back(r.rank.value_or(-1));
  EXPECT_EQ(ranks, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(results[0].to_json()["rank"], 1);
}

// Regions tied at a tier's boundary all get the better grade.
TEST(RankGrading, TiesAtTheBoundaryGetTheBetterGrade) {
  const SchemePtr scheme = rank_scheme(kCountShareTiers);
  const auto tied_for_a = assess_cohort(scheme, cohort({"95", "90", "90", "85", "80", "70"}));
  EXPECT_EQ(grades_of(tied_for_a), (std::vector<std::string>{"A", "A", "A", "B", "B", "C"}));
  EXPECT_EQ(tied_for_a[1].rank, 2);
  EXPECT_EQ(tied_for_a[2].rank, 2);
  EXPECT_EQ(tied_for_a[3].rank, 4);
  const auto tied_for_b = assess_cohort(scheme, cohort({"95", "90", "85", "80", "75", "75"}));
  EXPECT_EQ(grades_of(tied_for_b), (std::vector<std::string>{"A", "A", "B", "B", "B", "B"}));
}

TEST(RankGrading, TopShareIsFloored) {
  const SchemePtr scheme = rank_scheme(json::parse(R"([{"grade": "A", "share": 0.3},
      {"grade": "B", "share": 0.3}, {"grade": "C"}])"));
  const auto ten =
      assess_cohort(scheme, cohort({"100", "99", "98", "97", "96", "95", "94", "93", "92", "91"}));
  EXPECT_EQ(grades_of(ten), (std::vector<std::string>{"A", "A", "A", "B", "B", "B", "C", "C", "C", "C"}));
  const auto seven = assess_cohort(scheme, cohort({"70", "60", "50", "40", "30", "20", "10"}));  // 2.1 -> 2
  EXPECT_EQ(grades_of(seven), (std::vector<std::string>{"A", "A", "B", "B", "C", "C", "C"}));
}

TEST(RankGrading, InputOrderDoesNotMatter) {
  const SchemePtr scheme = rank_scheme(kCountShareTiers);
  const auto results = assess_cohort(scheme, cohort({"60", "95", "75", "85", "70", "80"}));
  EXPECT_EQ(grades_of(results), (std::vector<std::string>{"C", "A", "B", "A", "B", "B"}));
  EXPECT_EQ(results[0].region.code, "r1");
  EXPECT_EQ(results[0].rank, 6);
  EXPECT_EQ(results[1].rank, 1);
}

TEST(RankGrading, RankGradesDirectly) {
  const SchemePtr scheme = rank_scheme(kCountShareTiers);
  EXPECT_TRUE(rank_grades(scheme->grading, {}).empty());
  const auto ranked = rank_grades(scheme->grading, {fx("50"), fx("50"), fx("50")});
  for (const RankedGrade& r : ranked) {
    EXPECT_EQ(r.rank, 1);
    EXPECT_EQ(r.grade, 0);
  }
}

// A rank needs the whole cohort: assess() refuses, assess_cohort works.
TEST(RankGrading, AssessAloneIsAnInputError) {
  const SchemePtr scheme = rank_scheme(kCountShareTiers);
  const auto issues = issues_of<InputError>([&] { assess(scheme, cohort({"95"}).front()); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "grading");
  EXPECT_NE(issues[0].message.find("grades by rank"), std::string::npos);
  const auto alone = assess_cohort(scheme, cohort({"95"}));
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].grade, "A");
  EXPECT_EQ(alone[0].rank, 1);
}

// Art. 5: the veto applies whatever the rank.
TEST(RankGrading, VetoOverridesTheRank) {
  json doc = base_scheme();
  doc["grading"] = {{"method", "rank"}, {"tiers", kCountShareTiers}};
  doc["conditions"] = json::array({condition("veto", {{"type", "incident"}, {"scopes", {"regional"}}},
                                             {{"type", "force_grade"}, {"grade", "C"}}, true)});
  const SchemePtr scheme = scheme_from(doc);
  auto regions = cohort({"95", "85", "70"});
  Incident regional;
  regional.id = "i-1";
  regional.date = {2019, 9, 1};
  regional.scope = "regional";
  regions[0].incidents.push_back(regional);
  const auto results = assess_cohort(scheme, regions);
  EXPECT_EQ(results[0].grade, "C");
  EXPECT_EQ(results[0].grade_before_conditions, "A");
  EXPECT_TRUE(results[0].vetoed);
  EXPECT_EQ(results[0].rank, 1);
  EXPECT_EQ(results[1].grade, "A");
}

// Issue 16: a grade reached only by a condition ("ranked": false): no region gets it by rank, a
// downgrade from the last ranked tier and a forced grade reach it, on both paths.
TEST(RankGrading, AGradeReachedOnlyByConditions) {
  json doc = base_scheme();
  doc["grading"] = {{"method", "rank"},
                    {"tiers", json::parse(R"([{"grade": "A", "count": 1}, {"grade": "B", "share": 0.5},
                                              {"grade": "C"}, {"grade": "D", "ranked": false}])")}};
  doc["conditions"] = json::array({condition("late", {{"type", "incident"}, {"scopes", {"local"}}},
                                             {{"type", "downgrade"}, {"levels", 1}})});
  const SchemePtr scheme = scheme_from(doc);
  EXPECT_EQ(scheme->grading.grades.size(), 4u);
  auto regions = cohort({"95", "85", "80", "75", "70", "60"});
  EXPECT_EQ(grades_of(assess_cohort(scheme, regions)),
            (std::vector<std::string>{"A", "B", "B", "B", "C", "C"}));
  Incident local;
  local.id = "i-1";
  local.date = {2019, 9, 1};
  local.scope = "local";
  regions[5].incidents.push_back(local);  // the last region (C by rank) is downgraded to D
  regions[1].incidents.push_back(local);  // and a B to C
  const auto results = assess_cohort(scheme, regions);
  EXPECT_EQ(grades_of(results), (std::vector<std::string>{"A", "C", "B", "B", "C", "D"}));
  EXPECT_EQ(results[5].grade_before_conditions, "C");
  EXPECT_EQ(write_scheme(*scheme)["grading"]["tiers"][3], json::parse(R"({"grade": "D", "ranked": false})"));

  json sized = doc;
  sized["grading"]["tiers"][3]["count"] = 1;
  EXPECT_TRUE(has_issue(scheme_issues(sized), "/grading/tiers/3", "takes no region by rank"));
  json early = doc;
  std::swap(early["grading"]["tiers"][2], early["grading"]["tiers"][3]);
  EXPECT_TRUE(has_issue(scheme_issues(early), "/grading/tiers/3", "come last"));
}

// ---- the band rule itself (band_lookup: the scheme's bands and the compiled plan's) ---------

// Art. 5, "B: 80-89": bands as the compiled plan holds them (units of 1/10000), 80.00 is B.
TEST(BandLookup, Art5ExactlyOnTheBoundaryIsTheBandBelowIt) {
  const std::vector<BandTest> bands = {
      {true, true, 900000, 0}, {true, true, 800000, 1}, {true, true, 600000, 2}, {false, true, 0, 3}};
  const auto grade = [&](std::int64_t units) {
    return band_lookup(bands.size(), 3, units, [&](std::size_t i) { return bands[i]; });
  };
  EXPECT_EQ(grade(800000), 1);  // 80.00: B
  EXPECT_EQ(grade(799999), 2);  // 79.9999: C
  EXPECT_EQ(grade(900000), 0);  // 90.00: A
  EXPECT_EQ(grade(599999), 3);  // 59.9999: D
  EXPECT_EQ(grade(-10000), 3);
}

TEST(BandLookup, ExclusiveMinAndNoCatchAllBand) {
  // "以下不包括本数": 80 is not in a band whose min 80 is exclusive; below every band, the worst.
  const std::vector<BandTest> bands = {{true, false, 800000, 0}, {true, true, 600000, 1}};
  const auto grade = [&](std::int64_t units) {
    return band_lookup(bands.size(), 2, units, [&](std::size_t i) { return bands[i]; });
  };
  EXPECT_EQ(grade(800000), 1);
  EXPECT_EQ(grade(800001), 0);
  EXPECT_EQ(grade(599999), 2);
}

TEST(BandLookup, Cn2013BandGradeIsTheSameLookup) {
  const Grading& grading = cn2013()->grading;
  EXPECT_EQ(band_grade(grading, fx("80")), 1);
  EXPECT_EQ(band_grade(grading, fx("79.99")), 2);
}

// ---- grade change ---------------------------------------------------------------------------

const std::vector<std::string> kAtoD = {"A", "B", "C", "D"};

TEST(GradeChange, UpDownSameByPlaceInTheList) {
  EXPECT_EQ(grade_change(kAtoD, "B", kAtoD, "A"), GradeChange::up);
  EXPECT_EQ(grade_change(kAtoD, "A", kAtoD, "D"), GradeChange::down);
  EXPECT_EQ(grade_change(kAtoD, "C", kAtoD, "C"), GradeChange::same);
  EXPECT_STREQ(grade_change_name(GradeChange::up), "up");
  EXPECT_STREQ(grade_change_name(GradeChange::down), "down");
  EXPECT_STREQ(grade_change_name(GradeChange::same), "same");
}

TEST(GradeChange, ListsOfEqualLengthCompareByPlace) {
  const std::vector<std::string> words = {"优秀", "良好", "合格", "不合格"};
  EXPECT_EQ(grade_change(kAtoD, "B", words, "优秀"), GradeChange::up);
  EXPECT_EQ(grade_change(kAtoD, "B", words, "良好"), GradeChange::same);
  EXPECT_EQ(grade_change(words, "合格", kAtoD, "D"), GradeChange::down);
}

TEST(GradeChange, NoTellingAcrossListsOfDifferentLengthsOrUnknownGrades) {
  EXPECT_EQ(grade_change(kAtoD, "A", {"pass", "fail"}, "pass"), std::nullopt);
  EXPECT_EQ(grade_change(kAtoD, "E", kAtoD, "A"), std::nullopt);
  EXPECT_EQ(grade_change(kAtoD, "A", kAtoD, "E"), std::nullopt);
}

}  // namespace
}  // namespace qa::testing
