// Rolling points up the indicator tree (sum, min, weighted mean of score rates) and the bonus and
// penalty items outside the base (docs/scheme-language.md). Node scores and the total are exact.
#include <algorithm>
#include <stdexcept>

#include "plan.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// root (100, sum): s (40, sum: s1 15 + s2 25), m (30, min: m1 20, m2 5),
// w (30, weighted mean: w1 20 weight 3, w2 5 weight 1); every leaf `direct`.
SchemePtr tree_scheme() {
  json doc = base_scheme();
  doc["nodes"] = json::parse(R"([{"id": "root", "name": "Root", "points": 100, "children": [
    {"id": "s", "name": "S", "points": 40, "aggregate": "sum", "children": [
      {"id": "s1", "name": "S1", "points": 15, "rule": {"type": "direct"}},
      {"id": "s2", "name": "S2", "points": 25, "rule": {"type": "direct"}}]},
    {"id": "m", "name": "M", "points": 30, "aggregate": "min", "children": [
      {"id": "m1", "name": "M1", "points": 20, "rule": {"type": "direct"}},
      {"id": "m2", "name": "M2", "points": 5, "rule": {"type": "direct"}}]},
    {"id": "w", "name": "W", "points": 30, "aggregate": "weighted_mean", "children": [
      {"id": "w1", "name": "W1", "points": 20, "weight": 3, "rule": {"type": "direct"}},
      {"id": "w2", "name": "W2", "points": 5, "rule": {"type": "direct"}}]}]}])");
  return scheme_from(doc);
}

Result assess_tree(const json& values) { return assess_json(tree_scheme(), submission(values)); }

const json kTreeValues = {{"s1", 12.5}, {"s2", 20}, {"m1", 15}, {"m2", 4}, {"w1", 10}, {"w2", 5}};

TEST(Aggregation, SumOfChildren) {
  const Result result = assess_tree(kTreeValues);
  EXPECT_EQ(node_points(result, "s"), fx("32.5"));
}

// "Take the lower of the two": the weaker score rate, on the node's own scale.
TEST(Aggregation, MinTakesTheWeakerScoreRate) {
  const Result result = assess_tree(kTreeValues);
  // m1 15/20 = 0.75, m2 4/5 = 0.8: the lower rate 0.75 of 30 = 22.5.
  EXPECT_EQ(node_points(result, "m"), fx("22.5"));
  json values = kTreeValues;
  values["m1"] = 20;  // 1.0
  values["m2"] = 1;   // 0.2 -> 6
  EXPECT_EQ(node_points(assess_tree(values), "m"), fx("6"));
  values["m2"] = 0;
  EXPECT_EQ(node_points(assess_tree(values), "m"), fx("0"));
}

TEST(Aggregation, MinIsRoundedOnceOnTheNodesScale) {
  json values = kTreeValues;
  values["m1"] = 13.33;  // 0.6665 of 20
  values["m2"] = 5;
  // 30 x 0.6665 = 19.995 -> 20.00 (half up), rounded once, not per child.
  EXPECT_EQ(node_points(assess_tree(values), "m"), fx("20"));
}

// A weighted average of the children's score rates.
TEST(Aggregation, WeightedMeanOfScoreRates) {
  const Result result = assess_tree(kTreeValues);
  // (3 x 10/20 + 1 x 5/5) / 4 = 0.625 of 30 = 18.75
  EXPECT_EQ(node_points(result, "w"), fx("18.75"));
  json values = kTreeValues;
  values["w1"] = 0;
  EXPECT_EQ(node_points(assess_tree(values), "w"), fx("7.5"));
  values["w1"] = 20;
  values["w2"] = 0;
  EXPECT_EQ(node_points(assess_tree(values), "w"), fx("22.5"));
}

TEST(Aggregation, WeightedMeanRoundsRepeatingFractionsOnce) {
  json doc = base_scheme();
  doc["nodes"] = json::parse(R"([{"id": "root", "name": "Root", "points": 100, "children": [
    {"id": "w", "name": "W", "points": 10, "aggregate": "weighted_mean", "children": [
      {"id": "c1", "name": "C1", "points": 10, "rule": {"type": "direct"}},
      {"id": "c2", "name": "C2", "points": 10, "weight": 2, "rule": {"type": "direct"}}]},
    {"id": "rest", "name": "Rest", "points": 90, "rule": {"type": "direct"}}]}])");
  const SchemePtr scheme = scheme_from(doc);
  EXPECT_EQ(node_points(assess_json(scheme, submission({{"c1", 10}, {"c2", 0}, {"rest", 0}})), "w"),
            fx("3.33"));
  EXPECT_EQ(node_points(assess_json(scheme, submission({{"c1", 0}, {"c2", 10}, {"rest", 0}})), "w"),
            fx("6.67"));
  EXPECT_EQ(node_points(assess_json(scheme, submission({{"c1", 5}, {"c2", 5}, {"rest", 0}})), "w"), fx("5"));
}

TEST(Aggregation, TotalIsTheExactSumOfTheRoots) {
  const Result result = assess_tree(kTreeValues);
  EXPECT_EQ(node_points(result, "root"), fx("73.75"));
  EXPECT_EQ(result.base_total, fx("73.75"));
  EXPECT_EQ(result.total, fx("73.75"));
  EXPECT_EQ(result.grade, "C");
}

// 100 leaves of 1 point each, every one scored 0.9: exactly 90, an A (Art. 5), where summing
// doubles would not be exact.
TEST(Aggregation, ManySmallLeavesSumExactly) {
  json doc = base_scheme();
  json children = json::array();
  json values = json::object();
  double float_sum = 0;
  for (int i = 0; i < 100; ++i) {
    const std::string id = "p" + std::to_string(i);
    children.push_back({{"id", id}, {"name", id}, {"points", 1}, {"rule", {{"type", "direct"}}}});
    values[id] = 0.9;
    float_sum += 0.9;
  }
  doc["nodes"] = json::array({{{"id", "root"}, {"name", "Root"}, {"points", 100}, {"children", children}}});
  const Result result = assess_json(scheme_from(doc), submission(values));
  EXPECT_EQ(result.total, fx("90"));
  EXPECT_EQ(result.grade, "A");
  EXPECT_NE(float_sum, 90.0);
}

// cn-2013 rolls up by sums: 12.9 + 15 = 27.9, + 10 = 37.9 targets, + 60 measures.
TEST(Aggregation, Cn2013Sums) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["manufacturing_pass_rate"] = 92.3;
  doc["self_evaluation"]["industry_access"] = "fair";
  doc["self_evaluation"]["port_inspection"] = "poor";
  const Result result = assess_json(cn2013(), doc);
  EXPECT_EQ(node_points(result, "product"), fx("27.9"));
  EXPECT_EQ(node_points(result, "engineering"), fx("10"));
  EXPECT_EQ(node_points(result, "targets"), fx("37.9"));
  EXPECT_EQ(node_points(result, "macro"), fx("16.8"));
  EXPECT_EQ(node_points(result, "supervision"), fx("28"));
  EXPECT_EQ(node_points(result, "infrastructure"), fx("11.55"));
  EXPECT_EQ(node_points(result, "measures"), fx("56.35"));
  EXPECT_EQ(result.total, fx("94.25"));
}

TEST(Aggregation, RollUpDirectly) {
  // The plan's roll-up (the one engine, plan.hpp), in units of 1e-4 point.
  const SchemePtr scheme = tree_scheme();
  const detail::PlanData& plan = detail::plan_of(*scheme);
  std::vector<std::int64_t> points(scheme->nodes.size());
  auto set = [&](const std::string& id, const std::string& value) {
    points[static_cast<std::size_t>(scheme->node_index(id))] = fx(value).units();
  };
  auto at = [&](const std::string& id) {
    return Fixed::from_units(points[static_cast<std::size_t>(scheme->node_index(id))]);
  };
  set("s1", "15");
  set("s2", "25");
  set("m1", "10");
  set("m2", "5");
  set("w1", "20");
  set("w2", "5");
  detail::roll_up(plan, plan.defaults, points.data());
  EXPECT_EQ(at("s"), fx("40"));
  EXPECT_EQ(at("m"), fx("15"));
  EXPECT_EQ(at("w"), fx("30"));
  EXPECT_EQ(at("root"), fx("85"));
}

// ---- bonus and penalty ----------------------------------------------------------------------

json adjustments_scheme(bool may_exceed_max = false, int min_total = 0) {
  json doc = base_scheme();
  doc["total"] = {{"max", 100}, {"min", min_total}, {"may_exceed_max", may_exceed_max}};
  doc["adjustments"] = json::parse(R"([
    {"id": "bonus", "name": "Bonus", "kind": "bonus", "input": "direct", "cap": 5},
    {"id": "awards", "name": "Awards", "kind": "bonus", "input": "count", "per_occurrence": 2, "cap": 5},
    {"id": "late", "name": "Late filing", "kind": "penalty", "input": "boolean", "points": 3, "cap": 3},
    {"id": "violations", "name": "Violations", "kind": "penalty", "input": "count", "per_occurrence": 1,
     "cap": 10}])");
  return doc;
}

Result with_adjustments(const json& scheme_doc, const std::string& score, const json& adjustments) {
  json doc = submission({{"score", json::parse(score)}});
  doc["adjustments"] = adjustments;
  return assess_json(scheme_from(scheme_doc), doc);
}

const AdjustmentOutcome& adjustment(const Result& result, const std::string& id) {
  for (const AdjustmentOutcome& a : result.adjustments) {
    if (a.id == id) return a;
  }
  throw std::invalid_argument("no adjustment " + id);
}

TEST(Adjustments, BonusWithinItsCap) {
  const Result result = with_adjustments(adjustments_scheme(), "80", {{"bonus", 3}});
  EXPECT_EQ(result.base_total, fx("80"));
  EXPECT_EQ(result.total, fx("83"));
  ASSERT_EQ(result.adjustments.size(), 1u);
  EXPECT_EQ(adjustment(result, "bonus").points, fx("3"));
  EXPECT_EQ(adjustment(result, "bonus").kind, AdjustmentKind::bonus);
  EXPECT_FALSE(adjustment(result, "bonus").capped);
}

TEST(Adjustments, BonusIsCapped) {
  const Result result = with_adjustments(adjustments_scheme(), "80", {{"bonus", 7}});
  EXPECT_EQ(result.total, fx("85"));
  EXPECT_EQ(adjustment(result, "bonus").points, fx("5"));
  EXPECT_TRUE(adjustment(result, "bonus").capped);
  const Result at_cap = with_adjustments(adjustments_scheme(), "80", {{"bonus", 5}});
  EXPECT_EQ(at_cap.total, fx("85"));
  EXPECT_FALSE(adjustment(at_cap, "bonus").capped);
}

TEST(Adjustments, CountAndBooleanItems) {
  EXPECT_EQ(with_adjustments(adjustments_scheme(), "80", {{"awards", 2}}).total, fx("84"));
  const Result capped = with_adjustments(adjustments_scheme(), "80", {{"awards", 3}});  // 6, cap 5
  EXPECT_EQ(capped.total, fx("85"));
  EXPECT_TRUE(adjustment(capped, "awards").capped);
  const Result late = with_adjustments(adjustments_scheme(), "80", {{"late", true}});
  EXPECT_EQ(late.total, fx("77"));
  EXPECT_EQ(adjustment(late, "late").kind, AdjustmentKind::penalty);
  EXPECT_EQ(adjustment(late, "late").points, fx("3"));
  EXPECT_EQ(with_adjustments(adjustments_scheme(), "80", {{"late", false}}).total, fx("80"));
  const Result violations = with_adjustments(adjustments_scheme(), "80", {{"violations", 12}});
  EXPECT_EQ(violations.total, fx("70"));
  EXPECT_TRUE(adjustment(violations, "violations").capped);
  EXPECT_EQ(
      with_adjustments(adjustments_scheme(), "80", {{"bonus", 2}, {"late", true}, {"violations", 4}}).total,
      fx("75"));
}

// The bonus can move a region across a grade boundary (Art. 5 bands apply to the final total).
TEST(Adjustments, BonusCanLiftTheGrade) {
  const Result result = with_adjustments(adjustments_scheme(), "88.5", {{"bonus", 1.5}});
  EXPECT_EQ(result.total, fx("90"));
  EXPECT_EQ(result.grade, "A");
}

TEST(Adjustments, TotalClampedToTheMaximum) {
  const Result result = with_adjustments(adjustments_scheme(), "98", {{"bonus", 5}});
  EXPECT_EQ(result.base_total, fx("98"));
  EXPECT_EQ(result.total, fx("100"));
  // Bonuses stop at the maximum before penalties count, so a penalty always costs points:
  // min(100 + 5, 100) - 3 = 97.
  EXPECT_EQ(with_adjustments(adjustments_scheme(), "100", {{"bonus", 5}, {"late", true}}).total, fx("97"));
  EXPECT_EQ(with_adjustments(adjustments_scheme(), "96", {{"bonus", 5}, {"late", true}}).total, fx("97"));
}

TEST(Adjustments, TotalMayExceedTheMaximumWhenTheSchemeSaysSo) {
  const Result result = with_adjustments(adjustments_scheme(true), "98", {{"bonus", 5}});
  EXPECT_EQ(result.total, fx("103"));
  EXPECT_EQ(result.grade, "A");
}

TEST(Adjustments, TotalFloorAtTheMinimum) {
  EXPECT_EQ(with_adjustments(adjustments_scheme(), "5", {{"violations", 8}}).total, fx("0"));
  EXPECT_EQ(with_adjustments(adjustments_scheme(false, 10), "15", {{"violations", 8}}).total, fx("10"));
  EXPECT_EQ(with_adjustments(adjustments_scheme(false, 10), "15", {{"violations", 5}}).total, fx("10"));
  EXPECT_EQ(with_adjustments(adjustments_scheme(false, 10), "15", {{"violations", 4}}).total, fx("11"));
}

TEST(Adjustments, ItemsNotGivenAreNotApplied) {
  const Result result = with_adjustments(adjustments_scheme(), "80", json::object());
  EXPECT_TRUE(result.adjustments.empty());
  EXPECT_EQ(result.total, fx("80"));
  EXPECT_TRUE(with_adjustments(adjustments_scheme(), "80", {{"bonus", nullptr}}).adjustments.empty());
}

TEST(Adjustments, BadAdjustmentInputs) {
  const SchemePtr scheme = scheme_from(adjustments_scheme());
  json doc = submission({{"score", 80}});
  doc["adjustments"] = {{"nope", 1}, {"bonus", -1}, {"awards", 1.5}, {"late", "yes"}};
  const auto issues = submission_issues(scheme, doc);
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_TRUE(has_issue(issues, "/adjustments/nope", "'nope' is not a bonus or penalty item of scheme test"));
  EXPECT_TRUE(has_issue(issues, "/adjustments/bonus", "must be >= 0"));
  EXPECT_TRUE(has_issue(issues, "/adjustments/awards", "must be a whole number"));
  EXPECT_TRUE(has_issue(issues, "/adjustments/late", "must be true or false"));
}

TEST(Adjustments, ExplainShowsBaseAndCap) {
  const Result result = with_adjustments(adjustments_scheme(), "80", {{"bonus", 7}});
  const auto lines = result.explain(Lang::en);
  const auto has_line = [&](const std::string& part) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return line.find(part) != std::string::npos; });
  };
  EXPECT_TRUE(has_line("Base score 80.00"));
  EXPECT_TRUE(has_line("Bonus [bonus] +5.00 (capped at 5)"));
  json out = result.to_json();
  EXPECT_EQ(out["adjustments"]["bonus"]["points"], 5.0);
  EXPECT_EQ(out["adjustments"]["bonus"]["capped"], true);
  EXPECT_EQ(out["base_total"], 80.0);
}

}  // namespace
}  // namespace qa::testing
