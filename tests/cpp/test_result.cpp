// The Result JSON contract (docs/contracts.md) and the explanation a reviewer follows ("why is Hubei
// a B?"); batch and single results must be identical (docs/architecture.md, "The pipeline").
#include <algorithm>

#include "test_helpers.hpp"

namespace qa::testing {
namespace {

bool any_line_has(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& line) { return line.find(part) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

// A vetoed, misreporting Hubei: 95 by score, a regional incident concealed inside the year.
Result vetoed_hubei() {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["construction_acceptance_rate"] = 95.5;
  doc["verification"] = {{"development_plan", "excellent"}};
  doc["incidents"] = json::array({incident("i-1", "2020-03-02", "regional", false)});
  return assess_json(cn2013(), doc);
}

TEST(ResultJson, ContractFields) {
  json out = vetoed_hubei().to_json();
  for (const char* key : {"region", "year", "scheme", "total", "grade", "grade_before_conditions", "vetoed",
                          "conditions", "nodes", "findings", "consequences"}) {
    EXPECT_TRUE(out.contains(key)) << key;
  }
  EXPECT_EQ(out["region"]["code"], "420000");
  EXPECT_EQ(out["region"]["name"], "湖北省");
  EXPECT_EQ(out["year"], 2019);
  EXPECT_EQ(out["scheme"], "cn-2013");
  EXPECT_TRUE(out["total"].is_number_float());
  EXPECT_EQ(out["total"], 95.0);
  EXPECT_EQ(out["grade"], "D");
  EXPECT_EQ(out["grade_before_conditions"], "A");
  EXPECT_EQ(out["vetoed"], true);
  EXPECT_FALSE(out.contains("rank"));
}

TEST(ResultJson, Conditions) {
  json conditions = vetoed_hubei().to_json()["conditions"];
  ASSERT_EQ(conditions.size(), 2u);
  EXPECT_EQ(conditions[0]["id"], "systemic_incident");
  EXPECT_EQ(conditions[0]["effect"]["type"], "force_grade");
  EXPECT_EQ(conditions[0]["effect"]["grade"], "D");
  EXPECT_EQ(conditions[0]["veto"], true);
  EXPECT_EQ(conditions[0]["reason"],
            "incident i-1 (regional, 2020-03-02) within assessment year 2019 (2019-07-01 to 2020-06-30)");
  EXPECT_NE(conditions[0]["reason_zh"].get<std::string>().find("考核年度"), std::string::npos);
  EXPECT_EQ(conditions[1]["id"], "misreporting");
  EXPECT_EQ(conditions[1]["effect"]["type"], "notice");
  EXPECT_EQ(conditions[1]["veto"], false);
}

TEST(ResultJson, NodesHoldEveryNodesPoints) {
  json nodes = vetoed_hubei().to_json()["nodes"];
  EXPECT_EQ(nodes.size(), 28u);
  EXPECT_EQ(nodes["targets"], 35.0);
  EXPECT_EQ(nodes["engineering"], 5.0);
  EXPECT_EQ(nodes["construction_acceptance_rate"], 5.0);
  EXPECT_EQ(nodes["measures"], 60.0);
  EXPECT_EQ(nodes["supervision_capacity"], 3.5);
}

TEST(ResultJson, Leaves) {
  json leaves = vetoed_hubei().to_json()["leaves"];
  EXPECT_EQ(leaves.size(), 21u);
  EXPECT_EQ(leaves["development_plan"]["source"], "verified");
  EXPECT_EQ(leaves["development_plan"]["self_points"], 3.0);
  EXPECT_EQ(leaves["development_plan"]["verified_points"], 3.0);
  EXPECT_EQ(leaves["brand_strategy"]["source"], "self_evaluated");
  EXPECT_FALSE(leaves["brand_strategy"].contains("self_points"));
  EXPECT_EQ(leaves["construction_acceptance_rate"]["points"], 5.0);
  EXPECT_EQ(leaves["construction_acceptance_rate"]["max"], 10.0);
  EXPECT_EQ(leaves["construction_acceptance_rate"]["how"]["en"],
            "95.5 against target 98: 2.5 short x 2 = -5, 5 of 10 (not below 0)");
}

TEST(ResultJson, Findings) {
  json doc = full_cn2013_submission();
  doc["targets"].erase("agri_monitoring_pass_rate");
  doc["incidents"] = json::array({incident("i-9", "2019-12-01", "local", false)});
  json findings = assess_json(cn2013(), doc).to_json()["findings"];
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0]["kind"], "missing_target");
  EXPECT_EQ(findings[0]["leaf"], "agri_monitoring_pass_rate");
  EXPECT_FALSE(findings[0].contains("incident"));
  EXPECT_TRUE(findings[0]["detail"].is_string());
  EXPECT_NE(findings[0]["detail_zh"].get<std::string>().find("目标未备案"), std::string::npos);
  EXPECT_EQ(findings[1]["kind"], "concealed");
  EXPECT_EQ(findings[1]["incident"], "i-9");
  EXPECT_FALSE(findings[1].contains("leaf"));
  EXPECT_NE(findings[1]["detail"].get<std::string>().find("not reported in the self-evaluation (Art. 9)"),
            std::string::npos);
}

TEST(ResultJson, Consequences) {
  json consequences = vetoed_hubei().to_json()["consequences"];
  ASSERT_EQ(consequences.size(), 6u);
  EXPECT_EQ(consequences[0]["id"], "rectification_report");
  EXPECT_EQ(consequences[0]["article"], "Art. 7");
  EXPECT_EQ(consequences[0]["due_months_after_announcement"], 1);
  EXPECT_TRUE(consequences[0]["text"].is_string());
  EXPECT_FALSE(consequences[1].contains("due_months_after_announcement"));
  EXPECT_EQ(consequences[4]["id"], "cadre_management");
  EXPECT_EQ(consequences[5]["id"], "criticism_notice");
  EXPECT_EQ(consequences[5]["article"], "Art. 9");
}

TEST(ResultJson, TotalsAreTheExactDecimals) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["manufacturing_pass_rate"] = 92.9967;  // 14.99
  doc["self_evaluation"]["construction_acceptance_rate"] = 93;  // 0
  json out = assess_json(cn2013(), doc).to_json();
  EXPECT_EQ(out["total"], 89.99);
  EXPECT_EQ(out["grade"], "B");
  EXPECT_EQ(out["max_total"], 100.0);
}

// Art. 5 explanation: the grade and the veto's reason in either language.
TEST(Explain, EnglishNamesGradeAndVetoReason) {
  const auto lines = vetoed_hubei().explain(Lang::en);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0],
            "湖北省 (420000), assessment year 2019 (2019-07-01 to 2020-06-30), scheme cn-2013 "
            "(Quality Work Assessment (Guo Ban Fa [2013] No. 47))");
  EXPECT_EQ(lines[1], "Total 95.00 of 100: Grade D");
  EXPECT_TRUE(any_line_has(lines, "Grade by score: Grade A")) << joined(lines);
  EXPECT_TRUE(any_line_has(lines, "Grade after conditions: Grade D")) << joined(lines);
  EXPECT_TRUE(any_line_has(lines,
                           "Condition applied: Regional or systemic product quality safety incident (veto) "
                           "[systemic_incident] Art. 5: incident i-1 (regional, 2020-03-02) within "
                           "assessment year 2019"))
      << joined(lines);
  EXPECT_TRUE(any_line_has(lines, "grade is D whatever the score (veto)")) << joined(lines);
  EXPECT_TRUE(any_line_has(lines, "Finding (concealed)")) << joined(lines);
  EXPECT_TRUE(any_line_has(lines, "Consequence (Art. 7): Send the State Council, within one month"))
      << joined(lines);
  EXPECT_TRUE(any_line_has(
      lines, "[construction_acceptance_rate] 5.00 / 10 (self-evaluated): 95.5 against target 98"))
      << joined(lines);
}

TEST(Explain, ChineseNamesGradeAndVetoReason) {
  const auto lines = vetoed_hubei().explain(Lang::zh);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1], "总分 95.00 / 100，D级");
  EXPECT_TRUE(any_line_has(lines, "按分数评定：A级")) << joined(lines);
  EXPECT_TRUE(any_line_has(lines, "附加条件后等级：D级")) << joined(lines);
  EXPECT_TRUE(any_line_has(
      lines, "适用条件 发生区域性、系统性产品质量安全事件（一票否决） [systemic_incident] 第五条"))
      << joined(lines);
  EXPECT_TRUE(any_line_has(lines, "等级一律为 D（一票否决）")) << joined(lines);
  EXPECT_TRUE(any_line_has(lines, "后果（第七条）")) << joined(lines);
  EXPECT_TRUE(any_line_has(lines, "后果（第九条）")) << joined(lines);
}

TEST(Explain, SaysWhyAConditionDidNotApply) {
  json doc = full_cn2013_submission();
  doc["incidents"] = json::array({incident("i-2", "2020-07-01", "systemic")});
  const Result result = assess_json(cn2013(), doc);
  const auto en = result.explain(Lang::en);
  EXPECT_EQ(en[1], "Total 100.00 of 100: Grade A");
  EXPECT_TRUE(
      any_line_has(en,
                   "Condition not applied: Regional or systemic product quality safety incident (veto) "
                   "[systemic_incident]: incident i-2 on 2020-07-01 lies outside assessment year 2019"))
      << joined(en);
  EXPECT_FALSE(any_line_has(en, "Grade after conditions")) << joined(en);
  EXPECT_TRUE(any_line_has(en, "Consequence (Art. 7): Commended in a notice")) << joined(en);
  const auto zh = result.explain(Lang::zh);
  EXPECT_TRUE(any_line_has(zh, "未适用条件")) << joined(zh);
}

TEST(Explain, LanguageCodes) {
  EXPECT_EQ(parse_lang("zh"), Lang::zh);
  EXPECT_EQ(parse_lang("en"), Lang::en);
  EXPECT_THROW(parse_lang("fr"), InputError);
  EXPECT_EQ(article_in("Art. 5", Lang::zh), "第五条");
  EXPECT_EQ(article_in("Art. 10", Lang::zh), "第十条");
  EXPECT_EQ(article_in("Art. 5", Lang::en), "Art. 5");
  EXPECT_EQ(article_in("Art. 12", Lang::zh), "Art. 12");
  EXPECT_EQ(article_in("annex", Lang::zh), "annex");
}

// docs/architecture.md, "The pipeline": batch and single results must be identical.
TEST(Batch, CohortEqualsOneByOne) {
  std::vector<Submission> regions;
  std::vector<json> documents;
  const std::vector<std::pair<std::string, json>> variants = {
      {"110000", json::object()},
      {"420000", {{"incidents", json::array({incident("i-1", "2020-03-02", "regional")})}}},
      {"440000", {{"verification", {{"development_plan", "poor"}}}}},
      {"500000", {{"targets", json::object()}}},
  };
  for (const auto& [code, changes] : variants) {
    json doc = full_cn2013_submission();
    doc["region"]["code"] = code;
    for (const auto& [key, value] : changes.items()) doc[key] = value;
    documents.push_back(doc);
    regions.push_back(read_submission(doc));
  }
  const auto batch = assess_cohort(cn2013(), regions);
  ASSERT_EQ(batch.size(), regions.size());
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const Result single = assess(cn2013(), regions[i]);
    EXPECT_EQ(batch[i].to_json(), single.to_json()) << documents[i].dump();
    EXPECT_EQ(batch[i].explain(Lang::en), single.explain(Lang::en));
  }
  EXPECT_EQ(batch[1].grade, "D");
  EXPECT_EQ(batch[2].grade, "A");
  EXPECT_EQ(batch[3].total, fx("60"));
}

// The same input gives the same result every time, and it is the one worked out by hand:
// construction 95.5 vs target 98: 2.5 × 2 = 5 off 10 → 5; total 100 − 5 = 95 (A by score); the
// regional incident inside the year (2020-03-02) forces D (Art. 5, annex item 6); it was not
// reported, so it is concealed (Art. 9): the criticism notice joins grade D's consequences.
TEST(Batch, Deterministic) {
  json first = vetoed_hubei().to_json();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(vetoed_hubei().to_json(), first);
  EXPECT_EQ(first["total"], 95.0);
  EXPECT_EQ(first["grade_before_conditions"], "A");
  EXPECT_EQ(first["grade"], "D");
  EXPECT_EQ(first["vetoed"], true);
  const Result result = vetoed_hubei();
  EXPECT_EQ(node_points(result, "construction_acceptance_rate"), fx("5"));
  EXPECT_EQ(consequence_ids(result),
            (std::vector<std::string>{"rectification_report", "awards_barred", "support_tightened",
                                      "interview", "cadre_management", "criticism_notice"}));
}

}  // namespace
}  // namespace qa::testing
