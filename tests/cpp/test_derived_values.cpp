// Derived values (docs/scheme-language.md, "Derived values"): a point's value computed from two
// other points' values, exact and rounded half up to four decimals; what the reader refuses; the
// same values through the submission and the columnar batch.
#include "batch_fixtures.hpp"
#include "qualityassess/batch.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// An air-quality point: the PM2.5 reduction on last year, from two informational figures,
// scored proportionally against a 10 % target; plus a per-10,000 figure and a share.
json derived_scheme() {
  json doc = base_scheme();
  doc["nodes"] = json::parse(R"([
    {"id": "pm25_last", "name": "PM2.5 last year", "informational": true,
     "rule": {"type": "value", "min_value": 0, "max_value": 1000, "unit": "μg/m³"}},
    {"id": "pm25", "name": "PM2.5 this year", "informational": true,
     "rule": {"type": "value", "min_value": 0, "max_value": 1000, "unit": "μg/m³"}},
    {"id": "cases", "name": "Cases", "informational": true, "rule": {"type": "value", "min_value": 0}},
    {"id": "population", "name": "Population", "informational": true, "rule": {"type": "value", "min_value": 0}},
    {"id": "rise", "name": "PM2.5 change", "points": 60,
     "rule": {"type": "target", "method": "proportional", "direction": "lower_is_better", "target": 10},
     "derived": {"op": "difference", "of": ["pm25", "pm25_last"]}},
    {"id": "reduction", "name": "PM2.5 reduction", "points": 30,
     "rule": {"type": "target", "method": "proportional", "target": 10},
     "derived": {"op": "percent_reduction", "of": ["pm25_last", "pm25"]}},
    {"id": "rate", "name": "Cases per 10,000", "points": 10,
     "rule": {"type": "target", "direction": "lower_is_better", "per_point": 1, "target": 2},
     "derived": {"op": "per_n", "of": ["cases", "population"], "n": 10000}}])");
  return doc;
}

json region(double last, double now, double cases = 3, double population = 20000) {
  return submission({{"pm25_last", last}, {"pm25", now}, {"cases", cases}, {"population", population}});
}

TEST(DerivedValues, AreComputedExactlyAndRoundedHalfUpToFourDecimals) {
  const SchemePtr scheme = scheme_from(derived_scheme());
  // (58 - 53) / 58 x 100 = 8.620689... -> 8.6207; 30 x 0.86207 = 25.8621 -> 25.86
  const Result result = assess_json(scheme, region(58, 53));
  EXPECT_EQ(leaf_how(result, "reduction").en,
            "computed from pm25_last and pm25: (58 − 53) / 58 × 100 = 8.6207; 8.6207 against target 10: "
            "attainment 0.8621, 25.86 of 30");
  EXPECT_EQ(node_points(result, "reduction"), fx("25.86"));
  EXPECT_EQ(node_points(result, "rise"), fx("60"));  // 53 - 58 = -5, lower than the target 10
  EXPECT_EQ(leaf_how(result, "rate").zh.rfind("由 cases、population 计算：3 / 20000 × 10000 = 1.5；", 0), 0U);
  EXPECT_EQ(node_points(result, "rate"), fx("10"));  // 1.5 per 10,000 is below the target of 2
}

TEST(DerivedValues, PercentChangeHalfUpAtTheFifthDecimal) {
  json doc = derived_scheme();
  doc["nodes"][5]["derived"]["op"] = "percent_change";
  doc["nodes"][5]["rule"] = {{"type", "target"}, {"per_point", 1}, {"target", 0}};
  const SchemePtr scheme = scheme_from(doc);
  // From 3 to 1: (1 - 3) / 3 x 100 = -66.66666... -> -66.6667 (half up: away from zero)
  EXPECT_EQ(leaf_how(assess_json(scheme, region(3, 1)), "reduction")
                .en.rfind("computed from pm25_last and pm25: (1 − 3) / 3 × 100 = -66.6667;", 0),
            0U);
}

TEST(DerivedValues, ADivisionByZeroIsAMissingValueSaidAsSuch) {
  const SchemePtr scheme = scheme_from(derived_scheme());
  const Result result = assess_json(scheme, region(0, 53));
  EXPECT_TRUE(has_finding(result, FindingKind::missing_value, "reduction"));
  EXPECT_EQ(node_points(result, "reduction"), Fixed());
  EXPECT_EQ(
      leaf_how(result, "reduction")
          .en.rfind(
              "computed from pm25_last and pm25: (0 − 53) / 0 × 100 cannot be computed (pm25_last is 0); n",
              0),
      0U);
}

TEST(DerivedValues, AMissingOperandIsAMissingValue) {
  const SchemePtr scheme = scheme_from(derived_scheme());
  json document = region(58, 53);
  document["self_evaluation"].erase("pm25");
  const Result result = assess_json(scheme, document);
  EXPECT_TRUE(has_finding(result, FindingKind::missing_value, "pm25"));
  EXPECT_TRUE(has_finding(result, FindingKind::missing_value, "reduction"));
  EXPECT_EQ(leaf_how(result, "reduction").en.rfind("computed from pm25_last and pm25: pm25 not given", 0),
            0U);
}

TEST(DerivedValues, AVerifiedOperandGivesAVerifiedValueAndCanShowOverstatement) {
  const SchemePtr scheme = scheme_from(derived_scheme());
  json document = region(58, 53);
  document["verification"] = {{"pm25", 57}};  // (58 - 57) / 58 x 100 = 1.7241 -> 5.17 of 30
  const Result result = assess_json(scheme, document);
  EXPECT_EQ(leaf_outcome(result, "reduction").source, InputSource::verified);
  EXPECT_EQ(node_points(result, "reduction"), fx("5.17"));
  EXPECT_TRUE(has_finding(result, FindingKind::overstated, "reduction"));
  EXPECT_EQ(leaf_how(result, "reduction").en.rfind("computed from pm25_last and pm25: (58 − 57) / 58", 0),
            0U);
}

TEST(DerivedValues, AreNeverFiled) {
  const SchemePtr scheme = scheme_from(derived_scheme());
  json document = region(58, 53);
  document["self_evaluation"]["reduction"] = 9;
  const auto issues = submission_issues(scheme, document);
  EXPECT_TRUE(has_issue(issues, "/self_evaluation/reduction", "is computed from pm25_last and pm25"));
}

TEST(DerivedValues, TheReaderNamesEachMistakeAtItsPlace) {
  json doc = derived_scheme();
  doc["nodes"][4]["derived"] = {{"op", "product"}, {"of", {"pm25"}}};
  doc["nodes"][5]["derived"]["of"] = {"nowhere", "reduction"};
  doc["nodes"][6]["derived"].erase("n");
  doc["nodes"][6]["rule"]["min_value"] = 0;
  const auto issues = scheme_issues(doc);
  EXPECT_TRUE(has_issue(issues, "/nodes/4/derived/op", "product"));
  EXPECT_TRUE(has_issue(issues, "/nodes/4/derived/of", "exactly two"));
  EXPECT_TRUE(has_issue(issues, "/nodes/5/derived/of/0", "no node 'nowhere'"));
  EXPECT_TRUE(has_issue(issues, "/nodes/5/derived/of/1", "computed from itself"));
  EXPECT_TRUE(has_issue(issues, "/nodes/6/derived/n", "required"));
  EXPECT_TRUE(has_issue(issues, "/nodes/6/rule", "leave out min_value and max_value"));

  doc = derived_scheme();
  doc["nodes"][6]["derived"]["of"] = {"reduction", "population"};  // an operand computed itself
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes/6/derived/of/0", "is computed itself"));
  doc = derived_scheme();
  doc["nodes"][6]["rule"] = {{"type", "direct"}};
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes/6/derived", "rule must be 'target' or 'value'"));
}

TEST(DerivedValues, AValueRuleIsInformationalOnly) {
  json doc = derived_scheme();
  doc["nodes"][0].erase("informational");
  doc["nodes"][0]["points"] = 1;
  EXPECT_TRUE(has_issue(scheme_issues(doc), "/nodes/0/rule/type", "mark the point \"informational\""));
}

TEST(DerivedValues, TheWriterWritesWhatTheReaderReads) {
  const SchemePtr scheme = scheme_from(derived_scheme());
  const json written = write_scheme(*scheme);
  EXPECT_EQ(written["nodes"][6]["derived"], derived_scheme()["nodes"][6]["derived"]);
  EXPECT_EQ(written["nodes"][0]["rule"], derived_scheme()["nodes"][0]["rule"]);
  EXPECT_EQ(write_scheme(*scheme_from(written)), written);
}

TEST(DerivedValues, TheBatchComputesWhatTheSubmissionComputes) {
  const SchemePtr scheme = scheme_from(derived_scheme());
  Generator generator(*scheme, 21);
  const Table table = generator.table(3000, false);
  const BatchResult batch = assess_columns(scheme, table.inputs(), 2, true);
  const std::size_t nodes = scheme->nodes.size();
  int overstated = 0;
  for (std::size_t r = 0; r < table.regions; ++r) {
    const Result single = assess(scheme, read_submission(table.documents[r]));
    ASSERT_EQ(batch.total[r], single.total.units()) << table.documents[r].dump();
    for (std::size_t i = 0; i < nodes; ++i) {
      ASSERT_EQ(batch.node_points[r * nodes + i], single.node_points[i].units()) << table.documents[r].dump();
    }
    overstated += count_findings(single, FindingKind::overstated);
  }
  EXPECT_GT(overstated, 0);  // verified operands were met, so the verified section was compared

  Table filed = table;
  filed.leaves[5].self_number.assign(table.regions, NAN);
  filed.leaves[5].self_number[7] = 9;
  const auto issues = issues_of<InputError>([&] { assess_columns(scheme, filed.inputs(), 1); });
  EXPECT_TRUE(has_issue(issues, "row 7, column 'reduction.self'", "is computed from pm25_last and pm25"));
}

}  // namespace
}  // namespace qa::testing
