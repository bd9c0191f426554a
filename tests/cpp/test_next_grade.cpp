// What a region needs for the next grade (next_grade.hpp): the gap to the next band's minimum
// under the bands of Art. 5 (cn-2013: A 90 and above, B 80 and above, C 60 and above, else D),
// the headroom of the scoring units and the cheapest way up, worked out by hand below.
#include <string>
#include <utility>
#include <vector>

#include "qualityassess/next_grade.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

constexpr int kA = 0, kB = 1, kC = 2, kD = 3;

// cn-2013's 21 scoring units (its leaves, all under sums), in pre-order: manufacturing (15),
// agri (15), construction (10), the six macro leaves (3 each), then twelve of 3.5.
const std::vector<std::string> kCn2013Units = {
    "manufacturing_pass_rate", "agri_monitoring_pass_rate", "construction_acceptance_rate",
    "development_plan",        "coordination_mechanism",    "brand_strategy",
    "quality_statistics",      "quality_investment",        "industry_access",
    "supervision_capacity",    "anti_counterfeiting",       "quality_integrity",
    "risk_management",         "consumer_protection",       "product_supervision",
    "engineering_supervision", "service_supervision",       "standards_metrology_certification",
    "inspection_testing",      "port_inspection",           "quality_workforce"};

// One cn-2013 region: every unit at its maximum but those in `short_of` (id, points given).
struct Region {
  std::string total;
  int grade = 0;
  bool vetoed = false;
  std::vector<std::pair<std::string, std::string>> points;
};

NextGradeInputs inputs_for(const Scheme& scheme, const std::vector<Region>& regions) {
  const std::vector<int> units = scoring_units(scheme);
  NextGradeInputs in;
  for (const Region& region : regions) {
    in.totals.push_back(fx(region.total));
    in.grades.push_back(region.grade);
    in.vetoed.push_back(region.vetoed ? 1 : 0);
    for (int unit : units) {
      const Node& node = scheme.nodes[static_cast<std::size_t>(unit)];
      Fixed points = node.points;
      for (const auto& [id, given] : region.points) {
        if (id == node.id) points = fx(given);
      }
      in.unit_points.push_back(points);
    }
  }
  return in;
}

NextGrade one(const Scheme& scheme, const Region& region) {
  return next_grades(scheme, inputs_for(scheme, {region})).at(0);
}

std::vector<std::pair<std::size_t, Fixed>> steps(const NextGrade& g) {
  std::vector<std::pair<std::size_t, Fixed>> out;
  for (const RaiseStep& step : g.plan) out.emplace_back(step.unit, step.points);
  return out;
}

using Steps = std::vector<std::pair<std::size_t, Fixed>>;

TEST(ScoringUnits, Cn2013HasItsTwentyOneLeaves) {
  const SchemePtr scheme = cn2013();
  std::vector<std::string> ids;
  for (int unit : scoring_units(*scheme)) ids.push_back(scheme->nodes[static_cast<std::size_t>(unit)].id);
  EXPECT_EQ(ids, kCn2013Units);
}

TEST(ScoringUnits, AMinOrWeightedMeanBranchIsOneUnit) {
  // root (sum): s (sum: s1, s2), m (min: m1, m2), w (weighted mean: w1, w2). Raising m1 alone
  // need not raise the total; raising m's points by x does.
  json doc = base_scheme();
  doc["nodes"] = json::parse(R"([{"id": "root", "name": "Root", "points": 100, "children": [
    {"id": "s", "name": "S", "points": 40, "children": [
      {"id": "s1", "name": "S1", "points": 15, "rule": {"type": "direct"}},
      {"id": "s2", "name": "S2", "points": 25, "rule": {"type": "direct"}}]},
    {"id": "m", "name": "M", "points": 30, "aggregate": "min", "children": [
      {"id": "m1", "name": "M1", "points": 20, "rule": {"type": "direct"}},
      {"id": "m2", "name": "M2", "points": 5, "rule": {"type": "direct"}}]},
    {"id": "w", "name": "W", "points": 30, "aggregate": "weighted_mean", "children": [
      {"id": "w1", "name": "W1", "points": 20, "rule": {"type": "direct"}},
      {"id": "w2", "name": "W2", "points": 5, "rule": {"type": "direct"}}]}]}])");
  const SchemePtr scheme = scheme_from(doc);
  std::vector<std::string> ids;
  for (int unit : scoring_units(*scheme)) ids.push_back(scheme->nodes[static_cast<std::size_t>(unit)].id);
  EXPECT_EQ(ids, (std::vector<std::string>{"s1", "s2", "m", "w"}));
}

TEST(NextGrade, ExactlyEightyIsBAndTenPointsFromA) {
  // Art. 5: 80.00 is B (80 and above); A needs 90.00, 10.00 more. Manufacturing and agri each
  // have 10 of headroom: the tie goes to the first in unit order, manufacturing, which alone
  // covers the gap.
  const NextGrade g = one(
      *cn2013(), {"80", kB, false, {{"manufacturing_pass_rate", "5"}, {"agri_monitoring_pass_rate", "5"}}});
  EXPECT_EQ(g.blocked, Blocked::none);
  EXPECT_EQ(g.next, kA);
  EXPECT_EQ(g.gap, fx("10"));
  EXPECT_EQ(g.headroom, fx("20"));
  EXPECT_TRUE(g.reachable);
  EXPECT_EQ(g.points_to_raise, 1);
  EXPECT_EQ(steps(g), (Steps{{0, fx("10")}}));
}

TEST(NextGrade, SeventyNinePointNineNineIsCAndOneHundredthFromB) {
  // 79.99 is C (Art. 5: B is 80 and above); B is 0.01 away. Agri has the most headroom (10.01).
  const NextGrade g =
      one(*cn2013(),
          {"79.99", kC, false, {{"manufacturing_pass_rate", "5"}, {"agri_monitoring_pass_rate", "4.99"}}});
  EXPECT_EQ(g.blocked, Blocked::none);
  EXPECT_EQ(g.next, kB);
  EXPECT_EQ(g.gap, fx("0.01"));
  EXPECT_EQ(g.headroom, fx("20.01"));
  EXPECT_TRUE(g.reachable);
  EXPECT_EQ(steps(g), (Steps{{1, fx("0.01")}}));
}

TEST(NextGrade, EqualHeadroomIsTakenInUnitOrder) {
  // 84: manufacturing 11, agri 11, construction 6 (headroom 4 each), development_plan and
  // quality_statistics 1 (headroom 2 each). B, 6 from A (Art. 5): manufacturing +4, then agri
  // +2 (three units tie at 4: unit order decides), two points to raise.
  const NextGrade g = one(*cn2013(), {"84",
                                      kB,
                                      false,
                                      {{"manufacturing_pass_rate", "11"},
                                       {"agri_monitoring_pass_rate", "11"},
                                       {"construction_acceptance_rate", "6"},
                                       {"development_plan", "1"},
                                       {"quality_statistics", "1"}}});
  EXPECT_EQ(g.gap, fx("6"));
  EXPECT_EQ(g.headroom, fx("16"));
  EXPECT_EQ(g.points_to_raise, 2);
  EXPECT_EQ(steps(g), (Steps{{0, fx("4")}, {1, fx("2")}}));
}

TEST(NextGrade, TheBestGradeHasNoNext) {
  const NextGrade g = one(*cn2013(), {"95", kA, false, {{"manufacturing_pass_rate", "10"}}});
  EXPECT_EQ(g.next, std::nullopt);
  EXPECT_EQ(g.gap, std::nullopt);
  EXPECT_EQ(g.headroom, fx("5"));
  EXPECT_FALSE(g.reachable);
  EXPECT_EQ(g.points_to_raise, 0);
  EXPECT_TRUE(g.plan.empty());
}

TEST(NextGrade, AVetoedRegionIsBlockedByTheVeto) {
  // Annex item 6: 95 points graded D by the veto. C's minimum (60) is already reached: gap 0,
  // and no points lift a veto.
  const NextGrade g = one(*cn2013(), {"95", kD, true, {{"manufacturing_pass_rate", "10"}}});
  EXPECT_EQ(g.blocked, Blocked::veto);
  EXPECT_STREQ(blocked_name(g.blocked), "veto");
  EXPECT_EQ(g.next, kC);
  EXPECT_EQ(g.gap, fx("0"));
  EXPECT_FALSE(g.reachable);
  EXPECT_EQ(g.points_to_raise, 0);
  EXPECT_TRUE(g.plan.empty());
}

TEST(NextGrade, AConditionOtherThanAVetoThatMovedTheGradeBlocks) {
  // 85 is B by its band (Art. 5); a downgrade gave C: blocked by the condition. A best-grade
  // region whose grade is its band's is not blocked; a best-grade region vetoed is.
  const std::vector<NextGrade> g =
      next_grades(*cn2013(), inputs_for(*cn2013(), {{"85", kC, false, {{"manufacturing_pass_rate", "0"}}},
                                                    {"100", kA, false, {}},
                                                    {"100", kA, true, {}}}));
  EXPECT_EQ(g[0].blocked, Blocked::condition);
  EXPECT_STREQ(blocked_name(g[0].blocked), "condition");
  EXPECT_EQ(g[0].next, kB);
  EXPECT_EQ(g[0].gap, fx("0"));
  EXPECT_FALSE(g[0].reachable);
  EXPECT_EQ(g[1].blocked, Blocked::none);
  EXPECT_EQ(g[2].blocked, Blocked::veto);
}

TEST(NextGrade, HeadroomExactlyTheGapIsReachableOneHundredthLessIsNot) {
  // Points 95 (manufacturing 10), a penalty of 10 gives 85: B, 5 from A with 5 of headroom,
  // reachable. A penalty of 10.01 gives 84.99: 5.01 needed, 5 to be had.
  const std::vector<NextGrade> g = next_grades(
      *cn2013(), inputs_for(*cn2013(), {{"85", kB, false, {{"manufacturing_pass_rate", "10"}}},
                                        {"84.99", kB, false, {{"manufacturing_pass_rate", "10"}}}}));
  EXPECT_EQ(g[0].gap, fx("5"));
  EXPECT_TRUE(g[0].reachable);
  EXPECT_EQ(steps(g[0]), (Steps{{0, fx("5")}}));
  EXPECT_EQ(g[1].gap, fx("5.01"));
  EXPECT_EQ(g[1].headroom, fx("5"));
  EXPECT_FALSE(g[1].reachable);
  EXPECT_EQ(g[1].points_to_raise, 0);
  EXPECT_TRUE(g[1].plan.empty());
}

TEST(NextGrade, AnExclusiveMinimumNeedsOneStepOfTheLastKeptDigitMore) {
  // A: more than 90 (exclusive). At two digits 90.00 is B and A needs 90.01: gap 0.01; from 85,
  // 5.01. At one digit the step is 0.1; at four, 0.0001.
  json doc = base_scheme();
  doc["grading"]["bands"][0]["inclusive"] = false;
  const SchemePtr two = scheme_from(doc);
  auto gap = [](const Scheme& scheme, const std::string& total) {
    return one(scheme, {total, kB, false, {{"score", total}}}).gap;
  };
  EXPECT_EQ(gap(*two, "90"), fx("0.01"));
  EXPECT_EQ(gap(*two, "85"), fx("5.01"));
  doc["rounding"] = {{"digits", 1}};
  EXPECT_EQ(gap(*scheme_from(doc), "90"), fx("0.1"));
  doc["rounding"] = {{"digits", 4}};
  EXPECT_EQ(gap(*scheme_from(doc), "90"), fx("0.0001"));
  // The inclusive B minimum takes no extra step: 79.99 is 0.01 from B.
  EXPECT_EQ(one(*two, {"79.99", kC, false, {{"score", "79.99"}}}).gap, fx("0.01"));
}

TEST(NextGrade, RefusedUnderRankGradingAndForInputsThatDoNotFit) {
  json doc = base_scheme();
  doc["grading"] = json::parse(R"({"method": "rank", "tiers": [{"grade": "A", "count": 1},
    {"grade": "B"}]})");
  EXPECT_THROW(next_grades(*scheme_from(doc), NextGradeInputs{}), InputError);
  const SchemePtr scheme = scheme_from(base_scheme());
  NextGradeInputs bad = inputs_for(*scheme, {{"50", kD, false, {{"score", "50"}}}});
  bad.unit_points.push_back(fx("1"));
  EXPECT_THROW(next_grades(*scheme, bad), InputError);
  NextGradeInputs unknown = inputs_for(*scheme, {{"50", 4, false, {{"score", "50"}}}});
  EXPECT_THROW(next_grades(*scheme, unknown), InputError);
}

}  // namespace
}  // namespace qa::testing
