// Columnar batch assessment (batch.hpp): the same totals, grades, vetoes and node points as
// qa::assess one region at a time, whatever the number of threads.
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "batch_fixtures.hpp"
#include "qualityassess/batch.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

std::vector<Result> assess_one_by_one(const SchemePtr& scheme, const Table& table) {
  std::vector<Submission> submissions;
  for (const json& doc : table.documents) submissions.push_back(read_submission(doc));
  if (scheme->grading.method == GradingMethod::rank) return assess_cohort(scheme, submissions);
  std::vector<Result> results;
  for (const Submission& submission : submissions) results.push_back(assess(scheme, submission));
  return results;
}

void expect_same(const SchemePtr& scheme, const Table& table, const BatchResult& batch) {
  const std::vector<Result> single = assess_one_by_one(scheme, table);
  const std::size_t nodes = scheme->nodes.size();
  int mismatches = 0;
  for (std::size_t r = 0; r < table.regions && mismatches < 5; ++r) {
    const Result& expected = single[r];
    const std::string where = "region " + std::to_string(r) + ": " + table.documents[r].dump();
    bool same = batch.total[r] == expected.total.units() &&
                scheme->grading.grades[static_cast<std::size_t>(batch.grade[r])].id == expected.grade &&
                scheme->grading.grades[static_cast<std::size_t>(batch.grade_before_conditions[r])].id ==
                    expected.grade_before_conditions &&
                (batch.vetoed[r] != 0) == expected.vetoed;
    for (std::size_t i = 0; i < nodes; ++i)
      same = same && batch.node_points[r * nodes + i] == expected.node_points[i].units();
    if (!batch.rank.empty()) same = same && expected.rank && batch.rank[r] == *expected.rank;
    if (!same) {
      ++mismatches;
      ADD_FAILURE() << where << "\nbatch total " << Fixed::from_units(batch.total[r]).to_string() << " grade "
                    << batch.grade[r] << " vetoed " << int(batch.vetoed[r]) << "\nsingle total "
                    << expected.total.to_string() << " grade " << expected.grade << " vetoed "
                    << expected.vetoed;
      for (std::size_t i = 0; i < nodes; ++i) {
        if (batch.node_points[r * nodes + i] != expected.node_points[i].units()) {
          ADD_FAILURE() << "  node " << scheme->nodes[i].id << ": batch "
                        << Fixed::from_units(batch.node_points[r * nodes + i]).to_string() << ", single "
                        << expected.node_points[i].to_string();
        }
      }
    }
  }
}

void check_equivalence(const SchemePtr& scheme, std::size_t regions, std::uint64_t seed, bool vary_years) {
  Generator generator(*scheme, seed);
  const Table table = generator.table(regions, vary_years);
  const BatchResult batch = assess_columns(scheme, table.inputs(), 2);
  expect_same(scheme, table, batch);
}

// ---- equivalence with qa::assess ------------------------------------------------------------

TEST(ColumnarBatch, Cn2013MatchesSingleAssessment) { check_equivalence(cn2013(), 3000, 1, true); }

TEST(ColumnarBatch, FireSafetyMatchesSingleAssessment) { check_equivalence(fire_safety(), 3000, 2, false); }

TEST(ColumnarBatch, EveryRuleAndConditionMatchesSingleAssessment) {
  check_equivalence(scheme_from(kitchen_sink_scheme(false)), 4000, 3, true);
}

TEST(ColumnarBatch, RankGradingMatchesCohortAssessment) {
  check_equivalence(scheme_from(kitchen_sink_scheme(true)), 500, 4, false);
}

TEST(ColumnarBatch, OtherRoundingModesMatch) {
  for (const char* mode : {"half_even", "down", "up"}) {
    json doc = kitchen_sink_scheme(false);
    doc["rounding"] = {{"digits", 1}, {"mode", mode}};
    check_equivalence(scheme_from(doc), 1000, 5, false);
  }
}

// ---- threads --------------------------------------------------------------------------------

TEST(ColumnarBatch, ThreadCountDoesNotChangeResults) {
  const SchemePtr scheme = scheme_from(kitchen_sink_scheme(false));
  Generator generator(*scheme, 6);
  const Table table = generator.table(10000, true);
  const BatchResult one = assess_columns(scheme, table.inputs(), 1);
  for (int threads : {2, 7}) {
    const BatchResult many = assess_columns(scheme, table.inputs(), threads);
    EXPECT_EQ(one.total, many.total) << threads;
    EXPECT_EQ(one.grade, many.grade) << threads;
    EXPECT_EQ(one.grade_before_conditions, many.grade_before_conditions) << threads;
    EXPECT_EQ(one.vetoed, many.vetoed) << threads;
    EXPECT_EQ(one.node_points, many.node_points) << threads;
  }
  // And a literal, whatever the threads: three regions of base_scheme() at 90, 89.99 and 59.99
  // points are A, B and D (Art. 5).
  const SchemePtr direct = scheme_from(base_scheme());
  std::vector<double> score = {90.0, 89.99, 59.99};
  BatchInputs inputs;
  inputs.regions = score.size();
  inputs.year = 2019;
  inputs.leaves.resize(1);
  inputs.leaves[0].self.number = score.data();
  for (int threads : {1, 2, 7}) {
    const BatchResult result = assess_columns(direct, inputs, threads);
    EXPECT_EQ(result.grade, (std::vector<std::int32_t>{0, 1, 3})) << threads;
    EXPECT_EQ(result.total,
              (std::vector<std::int64_t>{fx("90").units(), fx("89.99").units(), fx("59.99").units()}))
        << threads;
  }
}

// The layout the Python binding asks for (node points by node, so each node is one contiguous
// column) holds the same numbers as the row-major layout, over every thread count.
TEST(ColumnarBatch, NodePointsByNodeAreTheRowMajorPointsTransposed) {
  const SchemePtr scheme = scheme_from(kitchen_sink_scheme(false));
  Generator generator(*scheme, 7);
  const Table table = generator.table(3000, true);
  const BatchResult rows = assess_columns(scheme, table.inputs(), 1);
  const std::size_t nodes = scheme->nodes.size();
  const EvaluationPlan plan(scheme);
  for (int threads : {1, 2, 7}) {
    std::vector<std::int64_t> by_node(table.regions * nodes, -1);
    BatchOutputs outputs;
    outputs.node_points = by_node.data();
    outputs.node_points_by_node = true;
    plan.run(table.inputs(), outputs, threads);
    std::size_t differing = 0;
    for (std::size_t r = 0; r < table.regions; ++r)
      for (std::size_t node = 0; node < nodes; ++node)
        differing += by_node[node * table.regions + r] != rows.node_points[r * nodes + node] ? 1 : 0;
    EXPECT_EQ(differing, 0U) << threads;
  }
}

// ---- missing values and incidents -----------------------------------------------------------

TEST(ColumnarBatch, NoColumnsMeansEveryValueMissing) {
  BatchInputs inputs;
  inputs.regions = 3;
  inputs.year = 2019;
  const BatchResult result = assess_columns(cn2013(), inputs);
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(result.total[r], 0);
    EXPECT_EQ(cn2013()->grading.grades[static_cast<std::size_t>(result.grade[r])].id, "D");
    EXPECT_EQ(result.vetoed[r], 0);
  }
}

TEST(ColumnarBatch, IncidentsAtTheEdgesOfTheYear) {
  // Year 2019 runs 2019-07-01 to 2020-06-30: the day before and the day after do not count.
  const SchemePtr scheme = cn2013();
  const std::size_t n = 4;
  std::vector<std::vector<double>> numbers(3, std::vector<double>(n, 95.0));
  std::vector<std::vector<std::int8_t>> levels(18, std::vector<std::int8_t>(n, 0));
  BatchInputs inputs;
  inputs.regions = n;
  inputs.year = 2019;
  inputs.leaves.resize(scheme->leaves.size());
  for (std::size_t slot = 0; slot < 3; ++slot) {
    inputs.leaves[slot].self.number = numbers[slot].data();
    inputs.leaves[slot].target = numbers[slot].data();
  }
  for (std::size_t slot = 3; slot < 21; ++slot) inputs.leaves[slot].self.code = levels[slot - 3].data();
  const std::vector<std::int32_t> region = {0, 1, 2, 3, 3};
  const std::vector<std::int32_t> day = {days_of("2019-06-30"), days_of("2019-07-01"), days_of("2020-06-30"),
                                         days_of("2020-07-01"), days_of("2020-01-01")};
  const std::vector<std::int32_t> scope = {1, 1, 2, 1, 0};
  inputs.incidents.count = region.size();
  inputs.incidents.region = region.data();
  inputs.incidents.day = day.data();
  inputs.incidents.scope = scope.data();
  inputs.incidents.scope_names = {"local", "regional", "systemic"};
  const BatchResult result = assess_columns(scheme, inputs);
  const std::vector<std::uint8_t> vetoed = {0, 1, 1, 0};
  const std::vector<std::int32_t> grade = {0, 3, 3, 0};
  EXPECT_EQ(result.vetoed, vetoed);
  EXPECT_EQ(result.grade, grade);
  EXPECT_EQ(result.total, std::vector<std::int64_t>(n, 100 * Fixed::kScale));
  EXPECT_EQ(result.grade_before_conditions, std::vector<std::int32_t>(n, 0));
}

// ---- errors ---------------------------------------------------------------------------------

TEST(ColumnarBatch, BadValuesNameTheirRowAndColumn) {
  const SchemePtr scheme = cn2013();
  const std::vector<double> rates = {95.0, 101.0, 92.12345, NAN};
  const std::vector<std::int8_t> codes = {0, 7, -1, 4};
  const std::vector<std::int32_t> region = {5};
  const std::vector<std::int32_t> day = {days_of("2020-01-01")};
  const std::vector<std::int32_t> scope = {0};
  BatchInputs inputs;
  inputs.regions = 4;
  inputs.year = 2019;
  inputs.leaves.resize(scheme->leaves.size());
  inputs.leaves[0].self.number = rates.data();
  inputs.leaves[3].verified.code = codes.data();
  inputs.incidents.count = 1;
  inputs.incidents.region = region.data();
  inputs.incidents.day = day.data();
  inputs.incidents.scope = scope.data();
  inputs.incidents.scope_names = {"flood"};
  const EvaluationPlan plan(scheme);
  const std::vector<BatchIssue> issues = plan.check(inputs);
  ASSERT_EQ(issues.size(), 5u);
  EXPECT_EQ(issues[0].row, 1);
  EXPECT_EQ(issues[0].column, "manufacturing_pass_rate.self");
  EXPECT_EQ(issues[0].message, "must be in [0, 100], not 101");
  EXPECT_EQ(issues[1].row, 2);
  EXPECT_NE(issues[1].message.find("more than 4 decimal places"), std::string::npos);
  EXPECT_EQ(issues[2].column, "development_plan.verified");
  EXPECT_EQ(issues[2].row, 1);
  EXPECT_EQ(issues[3].column, "incidents.region");
  EXPECT_EQ(issues[4].column, "incidents.scope");
  const std::vector<Issue> thrown = issues_of<InputError>([&] { assess_columns(scheme, inputs); });
  ASSERT_FALSE(thrown.empty());
  EXPECT_EQ(thrown[0].path, "row 1, column 'manufacturing_pass_rate.self'");
  EXPECT_EQ(thrown[3].path, "incidents row 0, column 'region'");
}

// A clerk's CSV is answered in the command line's language: every problem of the columns is
// worded in Chinese too, as the submission reader words the same problem.
TEST(ColumnarBatch, BadValuesAreWordedInChineseToo) {
  const SchemePtr scheme = cn2013();
  const std::vector<double> rates = {95.0, 101.0, 92.12345, NAN};
  const std::vector<std::int8_t> codes = {0, 7, -1, 4};
  const std::vector<std::int32_t> region = {5};
  const std::vector<std::int32_t> day = {days_of("2020-01-01")};
  const std::vector<std::int32_t> scope = {0};
  BatchInputs inputs;
  inputs.regions = 4;
  inputs.year = 2019;
  inputs.leaves.resize(scheme->leaves.size());
  inputs.leaves[0].self.number = rates.data();
  inputs.leaves[3].verified.code = codes.data();
  inputs.incidents.count = 1;
  inputs.incidents.region = region.data();
  inputs.incidents.day = day.data();
  inputs.incidents.scope = scope.data();
  inputs.incidents.scope_names = {"flood"};
  const std::vector<BatchIssue> issues = EvaluationPlan(scheme).check(inputs);
  ASSERT_EQ(issues.size(), 5u);
  EXPECT_EQ(issues[0].message_zh, "应在 [0, 100] 之间，而不是 101");
  EXPECT_EQ(issues[1].message_zh, "92.12345 的小数超过 4 位，请先四舍五入");
  EXPECT_EQ(issues[2].message_zh,
            "等级代码 7 不是 质量发展规划制定与实施 (development_plan) 的等级，可选：优秀 (excellent)、良好 "
            "(good)、一般 (fair)、较差 "
            "(poor)、未开展 (none)");
  EXPECT_EQ(issues[3].message_zh, "地区行 5 不是本批数据中的行");
  EXPECT_EQ(issues[4].message_zh, "'flood' 不是事件范围（local, regional, systemic）");
  // The same problem from a document is worded alike.
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["manufacturing_pass_rate"] = 101;
  const std::vector<Issue> from_document = issues_of<InputError>([&] { assess_json(scheme, doc); });
  ASSERT_EQ(from_document.size(), 1u);
  EXPECT_EQ(from_document[0].message_zh, issues[0].message_zh);
  // An error carries both, down to the count of problems not listed.
  const std::vector<double> over(102, 101.0);
  inputs.regions = over.size();
  inputs.leaves[0].self.number = over.data();
  inputs.leaves[3].verified.code = nullptr;
  inputs.incidents = {};
  const std::vector<Issue> thrown = issues_of<InputError>([&] { assess_columns(scheme, inputs); });
  ASSERT_EQ(thrown.size(), 101u);
  EXPECT_EQ(thrown[0].path, "row 0, column 'manufacturing_pass_rate.self'");
  EXPECT_EQ(thrown[0].message_zh, "应在 [0, 100] 之间，而不是 101");
  EXPECT_EQ(thrown[100].message, "... and 2 more");
  EXPECT_EQ(thrown[100].message_zh, "……另有 2 个问题");
}

TEST(ColumnarBatch, YearsOutsideTheCalendarAreErrors) {
  BatchInputs inputs;
  inputs.regions = 2;
  const std::vector<std::int32_t> years = {2019, 1999};
  inputs.years = years.data();
  const std::vector<BatchIssue> issues = EvaluationPlan(cn2013()).check(inputs);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].row, 1);
  EXPECT_EQ(issues[0].column, "year");
}

}  // namespace
}  // namespace qa::testing
