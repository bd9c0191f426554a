// Derived schemes (Art. 10: each province assesses the regions under it "on the basis of these
// measures, adapted to local conditions"): a scheme extends a base and states only its changes;
// the result is checked like any scheme and every problem is reported at its place in the
// derived document.
#include <filesystem>
#include <fstream>

#include "test_helpers.hpp"

namespace qa::testing {
namespace {

json derived(const json& changes) {
  json doc = {
      {"extends", "cn-2013"}, {"id", "province-2019"}, {"name", {{"zh", "省级方案"}, {"en", "Province"}}}};
  doc.update(changes);
  return doc;
}

const Node& node_of(const Scheme& scheme, const std::string& id) {
  const int index = scheme.node_index(id);
  EXPECT_GE(index, 0) << id;
  return scheme.nodes.at(static_cast<std::size_t>(index));
}

json leaf(const std::string& id, double points) {
  return {{"id", id}, {"name", {{"zh", id}}}, {"points", points}, {"rule", {{"type", "boolean"}}}};
}

TEST(SchemeDerivation, NoChangesGivesTheBaseUnderANewId) {
  const SchemePtr scheme = read_scheme(derived(json::object()));
  const SchemePtr base = cn2013();
  EXPECT_EQ(scheme->id, "province-2019");
  EXPECT_EQ(scheme->derived_from_id, "cn-2013");
  EXPECT_EQ(scheme->derived_from_version, base->version);
  EXPECT_EQ(scheme->version, "") << "the base's version describes the base";
  ASSERT_EQ(scheme->nodes.size(), base->nodes.size());
  for (std::size_t i = 0; i < base->nodes.size(); ++i) {
    EXPECT_EQ(scheme->nodes[i].id, base->nodes[i].id);
    EXPECT_EQ(scheme->nodes[i].points, base->nodes[i].points);
  }
  EXPECT_EQ(scheme->conditions.size(), base->conditions.size());
}

// Every object of a document may carry "comment" and "$schema" (scheme-language.md), the top
// of a derived scheme too.
TEST(SchemeDerivation, ACommentAndASchemaAtTheTopAreAllowed) {
  const SchemePtr scheme = read_scheme(
      derived({{"comment", "modelled on the provincial measures"}, {"$schema", "scheme.schema.json"}}));
  EXPECT_EQ(scheme->id, "province-2019");
  const auto issues = issues_of<SchemeError>([] { read_scheme(derived({{"commment", "typo"}})); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/commment");
}

TEST(SchemeDerivation, ReweightRemoveAndAddPoints) {
  const SchemePtr scheme = read_scheme(
      derived({{"nodes",
                {{"remove", {"port_inspection"}},
                 {"modify", {{"quality_investment", {{"points", 4}}}, {"industry_access", {{"points", 2}}}}},
                 {"add",
                  {{{"under", "infrastructure"},
                    {"after", "inspection_testing"},
                    {"node", leaf("lab_network", 3.5)}}}}}}}));
  EXPECT_EQ(scheme->node_index("port_inspection"), -1);
  EXPECT_EQ(node_of(*scheme, "quality_investment").points, fx("4"));
  EXPECT_EQ(node_of(*scheme, "industry_access").points, fx("2"));
  const Node& infrastructure = node_of(*scheme, "infrastructure");
  ASSERT_EQ(infrastructure.children.size(), 4u);
  EXPECT_EQ(scheme->nodes[static_cast<std::size_t>(infrastructure.children[2])].id, "lab_network")
      << "added right after 'inspection_testing'";
  EXPECT_EQ(scheme->leaves.size(), cn2013()->leaves.size());
}

TEST(SchemeDerivation, ChildrenMustStillAddUpAndTheProblemIsNamedWhereTheFixGoes) {
  const auto issues = scheme_issues(derived({{"nodes", {{"remove", {"port_inspection"}}}}}));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/nodes/modify/infrastructure");
  EXPECT_NE(issues[0].message.find("add up to 10.5"), std::string::npos) << issues[0].message;
  EXPECT_NE(issues[0].message.find("inherited from 'cn-2013'"), std::string::npos) << issues[0].message;
}

TEST(SchemeDerivation, ProblemsInChangesHaveTheirDerivedPaths) {
  const auto issues = scheme_issues(derived(
      {{"nodes",
        {{"modify", {{"brand_strategy", {{"points", -3}}}}},
         {"add",
          {{{"under", "macro"},
            {"node", {{"id", "extra"}, {"name", "x"}, {"points", 0}, {"rule", {{"type", "direct"}}}}}}}}}}}));
  EXPECT_TRUE(has_issue(issues, "/nodes/modify/brand_strategy/points", "must be > 0"))
      << paths(issues).size();
  EXPECT_TRUE(has_issue(issues, "/nodes/add/0/node/points", "must be > 0"));
  for (const Issue& issue : issues) {
    EXPECT_EQ(issue.path.find("/nodes/1/"), std::string::npos) << "a merged path leaked: " << issue.path;
  }
}

TEST(SchemeDerivation, UnknownIdsAndBadPlacesAreRefused) {
  const auto issues = scheme_issues(derived(
      {{"nodes",
        {{"remove", {"no_such_point"}},
         {"modify",
          {{"ghost", {{"points", 1}}}, {"macro", {{"id", "renamed"}, {"children", json::array()}}}}},
         {"add",
          {{{"under", "development_plan"}, {"node", leaf("a", 1)}},
           {{"under", "nowhere"}, {"node", leaf("b", 1)}},
           {{"under", "macro"}, {"after", "port_inspection"}, {"node", leaf("c", 1)}},
           {{"under", "macro"}}}}}},
       {"conditions", {{"remove", {"no_condition"}}, {"modify", {{"systemic_incident", {{"id", "x"}}}}}}}}));
  EXPECT_TRUE(has_issue(issues, "/nodes/remove/0", "no point 'no_such_point'"));
  EXPECT_TRUE(has_issue(issues, "/nodes/modify/ghost", "no point 'ghost'"));
  EXPECT_TRUE(has_issue(issues, "/nodes/modify/macro/id", "cannot be changed here"));
  EXPECT_TRUE(has_issue(issues, "/nodes/modify/macro/children", "cannot be changed here"));
  EXPECT_TRUE(has_issue(issues, "/nodes/add/0/under", "'development_plan' is a leaf"));
  EXPECT_TRUE(has_issue(issues, "/nodes/add/1/under", "no point 'nowhere'"));
  EXPECT_TRUE(has_issue(issues, "/nodes/add/2/after", "no point 'port_inspection' directly under 'macro'"));
  EXPECT_TRUE(has_issue(issues, "/nodes/add/3/node", "required"));
  EXPECT_TRUE(has_issue(issues, "/conditions/remove/0", "no 'no_condition'"));
  EXPECT_TRUE(has_issue(issues, "/conditions/modify/systemic_incident/id", "cannot be changed here"));
}

TEST(SchemeDerivation, AddedPointsWithDuplicateIdsNameBothPlaces) {
  const auto issues =
      scheme_issues(derived({{"nodes",
                              {{"modify", {{"macro", {{"points", 19}}}, {"measures", {{"points", 61}}}}},
                               {"add", {{{"under", "macro"}, {"node", leaf("development_plan", 1)}}}}}},
                             {"total", {{"max", 101}}}}));
  EXPECT_TRUE(
      has_issue(issues, "/nodes/add/0/node/id",
                "duplicate id 'development_plan' (first at /nodes/modify/development_plan, inherited)"))
      << (issues.empty() ? "" : issues[0].path + ": " + issues[0].message);
}

TEST(SchemeDerivation, LocalConditionsAndVetoesApply) {
  // A province's own veto: any incident with deaths forces D (Art. 10 lets it add local rules).
  const SchemePtr scheme =
      read_scheme(derived({{"conditions",
                            {{"add",
                              {condition("fatal_incident", {{"type", "incident"}, {"min_deaths", 1}},
                                         {{"type", "force_grade"}, {"grade", "D"}}, true)}}}}}));
  json submission = full_cn2013_submission();
  submission.erase("scheme");
  json fatal = incident("i-1", "2019-10-01", "local");
  fatal["deaths"] = 2;
  submission["incidents"] = json::array({fatal});
  const Result result = assess_json(scheme, submission);
  EXPECT_EQ(result.grade, "D");
  EXPECT_TRUE(result.vetoed);
  EXPECT_TRUE(has_condition(result, "fatal_incident"));
  EXPECT_EQ(assess_json(cn2013(), submission).grade, "A")
      << "the national scheme has no such veto for a local incident";
}

TEST(SchemeDerivation, ModifiedAndRemovedConditions) {
  const SchemePtr scheme = read_scheme(derived(
      {{"consequences", {{"remove", {"criticism_notice"}}}},
       {"conditions",
        {{"remove", {"misreporting"}},
         {"modify", {{"systemic_incident", {{"effect", {{"type", "cap_grade"}, {"grade", "C"}}}}}}}}}}));
  ASSERT_EQ(scheme->conditions.size(), 1u);
  // Removing a condition that a consequence still names is refused at the consequence.
  EXPECT_TRUE(has_issue(scheme_issues(derived({{"conditions", {{"remove", {"misreporting"}}}}})),
                        "/consequences/modify/criticism_notice/when/conditions/0",
                        "no condition 'misreporting'"));
  EXPECT_EQ(scheme->conditions[0].effect.type, EffectType::cap_grade);
  EXPECT_EQ(scheme->conditions[0].effect.grade, "C");
}

TEST(SchemeDerivation, BandsAndLabelsChangeKeyByKey) {
  const SchemePtr scheme = read_scheme(derived({{"grading",
                                                 {{"bands",
                                                   {{{"grade", "A"}, {"min", 85}},
                                                    {{"grade", "B"}, {"min", 75}},
                                                    {{"grade", "C"}, {"min", 60}},
                                                    {{"grade", "D"}}}},
                                                  {"labels",
                                                   {{"A", {{"zh", "优秀"}}},
                                                    {"B", {{"zh", "良好"}}},
                                                    {"C", {{"zh", "合格"}}},
                                                    {"D", {{"zh", "不合格"}}}}}}}}));
  ASSERT_EQ(scheme->grading.bands.size(), 4u);
  EXPECT_EQ(*scheme->grading.bands[0].min, fx("85"));
  EXPECT_EQ(scheme->grading.grades[0].label.zh, "优秀");
  EXPECT_EQ(scheme->grading.method, GradingMethod::bands);
}

TEST(SchemeDerivation, RenamedGradesBreakInheritedReferencesAtTheirPlace) {
  const auto issues = scheme_issues(derived(
      {{"grading",
        {{"bands", {{{"grade", "excellent"}, {"min", 90}}, {{"grade", "fail"}}}}, {"labels", nullptr}}}}));
  EXPECT_TRUE(has_issue(issues, "/conditions/modify/systemic_incident/effect/grade", "no grade 'D'"));
  EXPECT_NE(message_at(issues, "/conditions/modify/systemic_incident/effect/grade")
                .find("inherited from 'cn-2013'"),
            std::string::npos);
}

TEST(SchemeDerivation, HeaderRulesAndUnknownKeys) {
  json same_id = derived(json::object());
  same_id["id"] = "cn-2013";
  EXPECT_TRUE(has_issue(scheme_issues(same_id), "/id", "must differ"));
  json no_name = derived(json::object());
  no_name.erase("name");
  EXPECT_TRUE(has_issue(scheme_issues(no_name), "/name", "required"));
  EXPECT_TRUE(has_issue(scheme_issues(derived({{"weights", 1}})), "/weights", "unknown key"));
  EXPECT_TRUE(has_issue(scheme_issues(derived({{"nodes", json::array()}})), "/nodes",
                        "object with 'remove', 'modify' and 'add'"));
  EXPECT_TRUE(
      has_issue(scheme_issues(derived({{"nodes", {{"replace", 1}}}})), "/nodes/replace", "unknown change"));
  EXPECT_TRUE(has_issue(scheme_issues(derived({{"extends", "cn-1999"}})), "/extends",
                        "no built-in scheme 'cn-1999'"));
  EXPECT_TRUE(has_issue(scheme_issues(derived({{"extends", 5}})), "/extends", "must name the base"));
  EXPECT_TRUE(
      has_issue(scheme_issues(derived({{"extends", "base.json"}})), "/extends", "not read from a file"));
}

TEST(SchemeDerivation, WrittenBackItIsACompleteSchemeThatReadsTheSame) {
  const SchemePtr scheme =
      read_scheme(derived({{"nodes", {{"modify", {{"brand_strategy", {{"name", {{"zh", "品牌"}}}}}}}}}}));
  const json written = write_scheme(*scheme);
  EXPECT_FALSE(written.contains("extends"));
  EXPECT_EQ(written["derived_from"]["id"], "cn-2013");
  const SchemePtr again = read_scheme(written);
  EXPECT_EQ(write_scheme(*again), written);
}

// ---- chains of files ---------------------------------------------------------------------

class DerivationFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ =
        std::filesystem::temp_directory_path() /
        ("qa-derivation-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_ / "sub");
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string write(const std::string& name, const json& document) {
    const auto path = folder_ / name;
    std::ofstream(path) << document.dump();
    return path.string();
  }
  std::filesystem::path folder_;
};

TEST_F(DerivationFiles, AChainOfFilesRelativeToEachOther) {
  write(
      "sub/province.json",
      derived(
          {{"nodes",
            {{"modify", {{"quality_investment", {{"points", 4}}}, {"industry_access", {{"points", 2}}}}}}}}));
  json county = derived({{"extends", "sub/province.json"}, {"id", "county-2019"}});
  county["grading"] = {{"bands",
                        {{{"grade", "A"}, {"min", 85}},
                         {{"grade", "B"}, {"min", 75}},
                         {{"grade", "C"}, {"min", 60}},
                         {{"grade", "D"}}}}};
  const SchemePtr scheme = read_scheme_file(write("county.json", county));
  EXPECT_EQ(scheme->derived_from_id, "province-2019");
  EXPECT_EQ(node_of(*scheme, "quality_investment").points, fx("4")) << "the province's change is inherited";
  EXPECT_EQ(*scheme->grading.bands[0].min, fx("85"));
}

TEST_F(DerivationFiles, ProblemsInTheBaseFileAreNamedThroughExtends) {
  write("province.json", derived({{"nodes", {{"modify", {{"quality_investment", {{"points", 0}}}}}}}}));
  const auto issues = issues_of<SchemeError>([&] {
    read_scheme_file(write("county.json", derived({{"extends", "province.json"}, {"id", "county-2019"}})));
  });
  EXPECT_TRUE(has_issue(issues, "/extends",
                        "'province.json' is not a valid scheme: /nodes/modify/quality_investment/points"));
}

TEST_F(DerivationFiles, LoopsAndMissingFilesAreRefused) {
  write("a.json", derived({{"extends", "b.json"}, {"id", "a"}}));
  const std::string b = write("b.json", derived({{"extends", "a.json"}, {"id", "b"}}));
  const auto loop = issues_of<SchemeError>([&] { read_scheme_file(b); });
  ASSERT_FALSE(loop.empty());
  EXPECT_NE(loop[0].message.find("leads back to a scheme that extends it"), std::string::npos)
      << loop[0].message;

  const auto self = issues_of<SchemeError>([&] {
    read_scheme_file(write("self.json", derived({{"extends", "self.json"}})));
  });
  EXPECT_TRUE(has_issue(self, "/extends", "leads back"));

  const auto missing = issues_of<SchemeError>([&] {
    read_scheme_file(write("c.json", derived({{"extends", "gone.json"}})));
  });
  EXPECT_TRUE(has_issue(missing, "/extends", "cannot read"));
}

TEST_F(DerivationFiles, ChainsLongerThanTheLimitAreRefused) {
  for (int i = 0; i <= kMaxDerivationDepth; ++i) {
    const std::string base = i == 0 ? "cn-2013" : "s" + std::to_string(i - 1) + ".json";
    write("s" + std::to_string(i) + ".json", derived({{"extends", base}, {"id", "s" + std::to_string(i)}}));
  }
  const auto issues = issues_of<SchemeError>(
      [&] { read_scheme_file((folder_ / ("s" + std::to_string(kMaxDerivationDepth) + ".json")).string()); });
  ASSERT_FALSE(issues.empty());
  EXPECT_NE(issues[0].message.find("more than " + std::to_string(kMaxDerivationDepth)), std::string::npos)
      << issues[0].message;
}

// ---- points taken from the level below (Art. 10) --------------------------------------------

TEST(SchemeDerivation, ValuesFromTheLevelBelowAreDeclaredOnTargetLeaves) {
  json point = {{"id", "county_results"},
                {"name", {{"zh", "县级考核结果"}}},
                {"points", 3},
                {"from_lower_level", {{"measure", "share_graded"}, {"grades", {"A", "B"}}}},
                {"rule", {{"type", "target"}, {"method", "proportional"}, {"target", 80}}}};
  auto with_point = [](const json& node) {
    return derived({{"nodes",
                     {{"modify", {{"macro", {{"points", 21}}}, {"measures", {{"points", 63}}}}},
                      {"add", {{{"under", "macro"}, {"node", node}}}}}},
                    {"total", {{"max", 103}}}});
  };
  const SchemePtr scheme = read_scheme(with_point(point));
  EXPECT_TRUE(node_of(*scheme, "county_results").from_lower_level.has_value());

  json levels_rule = point;
  levels_rule["rule"] = {{"type", "levels"}, {"level_set", "standard"}};
  EXPECT_TRUE(has_issue(scheme_issues(with_point(levels_rule)), "/nodes/add/0/node/from_lower_level",
                        "must be 'target'"));
  json no_grades = point;
  no_grades["from_lower_level"].erase("grades");
  EXPECT_TRUE(has_issue(scheme_issues(with_point(no_grades)), "/nodes/add/0/node/from_lower_level/grades",
                        "required"));
  json mean_with_grades = point;
  mean_with_grades["from_lower_level"]["measure"] = "mean_total";
  EXPECT_TRUE(has_issue(scheme_issues(with_point(mean_with_grades)),
                        "/nodes/add/0/node/from_lower_level/grades", "only 'share_graded'"));
  json unknown_measure = point;
  unknown_measure["from_lower_level"]["measure"] = "median";
  EXPECT_TRUE(has_issue(scheme_issues(with_point(unknown_measure)),
                        "/nodes/add/0/node/from_lower_level/measure", "not one of"));
  EXPECT_TRUE(has_issue(
      scheme_issues(derived(
          {{"nodes", {{"modify", {{"macro", {{"from_lower_level", {{"measure", "mean_total"}}}}}}}}}})),
      "/nodes/modify/macro/from_lower_level", "only a leaf"));
}

// ---- the shipped example (Art. 10) ---------------------------------------------------------

TEST(SchemeDerivation, TheExampleProvinceSchemesLoad) {
  const SchemePtr prefecture =
      read_scheme_file(std::string(QA_EXAMPLES_DIR) + "/schemes/shili-prefecture-2019.json");
  EXPECT_EQ(prefecture->derived_from_id, "cn-2013");
  EXPECT_EQ(prefecture->node_index("port_inspection"), -1);
  const Node& county_results = node_of(*prefecture, "county_results");
  ASSERT_TRUE(county_results.from_lower_level.has_value());
  EXPECT_EQ(county_results.from_lower_level->measure, LowerLevelMeasure::share_graded);
  EXPECT_EQ(county_results.from_lower_level->grades, (std::vector<std::string>{"A", "B"}));

  const SchemePtr county = read_scheme_file(std::string(QA_EXAMPLES_DIR) + "/schemes/shili-county-2019.json");
  EXPECT_EQ(county->derived_from_id, "shili-prefecture-2019");
  EXPECT_EQ(county->node_index("county_results"), -1);
  EXPECT_EQ(county->grading.grades[0].label.zh, "优秀");
}

}  // namespace
}  // namespace qa::testing
