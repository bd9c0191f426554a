// A scheme's problems are worded in Chinese too (Issue::message_zh; contracts.md, "Errors"): a
// 考核办 clerk who edits the year's scheme reads them in the CLI's default language. The English
// wordings are pinned by test_scheme_validation.cpp and test_scheme_derivation.cpp; this file pins
// a few Chinese ones and checks that every problem a set of broken schemes raises has one.
#include <cstdint>
#include <utility>

#include "qualityassess/text.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// Whether `text` holds a CJK unified ideograph (U+4E00..U+9FFF): a Chinese wording, not the
// English one copied over.
bool has_cjk(const std::string& text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if ((lead & 0xF0u) != 0xE0u) continue;
    const std::uint32_t code = ((lead & 0x0Fu) << 12) |
                               ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                               (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
    if (code >= 0x4E00 && code <= 0x9FFF) return true;
  }
  return false;
}

std::string zh_at(const std::vector<Issue>& issues, const std::string& path) {
  for (const Issue& issue : issues) {
    if (issue.path == path) return issue.message_zh;
  }
  return "(no issue at " + path + ")";
}

json derived(const json& changes) {
  json doc = {
      {"extends", "cn-2013"}, {"id", "province-2019"}, {"name", {{"zh", "省级方案"}, {"en", "Province"}}}};
  doc.update(changes);
  return doc;
}

json with_period(const json& period) {
  json doc = base_scheme();
  doc["period"] = period;
  return doc;
}

json leaf(const std::string& id, double points) {
  return {{"id", id}, {"name", {{"zh", id}}}, {"points", points}, {"rule", {{"type", "boolean"}}}};
}

// Broken schemes reaching (between them) every problem the scheme reader and a derived scheme
// word, with a name for the failure message.
std::vector<std::pair<std::string, json>> broken_schemes() {
  std::vector<std::pair<std::string, json>> out;
  const auto add = [&out](std::string name, json doc) { out.emplace_back(std::move(name), std::move(doc)); };

  json doc = base_scheme();
  doc["format"] = "qualityassess-scheme/9";
  doc["id"] = "a b";
  doc["rounding"] = {{"digits", 5}, {"mode", "bankers"}};
  doc["total"]["min"] = 100;
  doc["name"] = "two\nlines";
  doc["description"] = {{"zh", ""}, {"en", ""}};
  doc["legal_basis"] = json::object();
  add("header", doc);

  doc = base_scheme();
  doc["level_sets"][0]["levels"][1]["id"] = "excellent";
  doc["level_sets"].push_back({{"id", "standard"}, {"levels", json::array()}});
  doc["nodes"][0]["points"] = 90;
  doc["conditions"] = json::array({condition("c", {{"type", "incident"}}, {{"type", "notice"}}),
                                   condition("c", {{"type", "incident"}}, {{"type", "notice"}})});
  doc["consequences"] = json::parse(R"([
      {"id": "x", "text": "t", "when": {"always": true, "grades": ["A"]}},
      {"id": "x", "text": "t", "when": {"grades": ["E"]}},
      {"id": "z", "text": "t", "when": {"conditions": ["nope"]}}])");
  doc["incident_scopes"].push_back({{"id", "local"}});
  doc["incident_severities"] = {"minor", ""};
  add("levels, conditions, consequences", doc);

  doc = two_leaf_scheme();
  doc["nodes"][0]["children"][1]["points"] = 80;
  doc["nodes"][0]["children"][1]["id"] = "a";
  doc["nodes"][0]["children"].push_back(
      {{"id", "total"}, {"name", "T"}, {"points", 1}, {"rule", {{"type", "x"}}}});
  doc["nodes"].push_back({{"id", "1st"}, {"name", "N"}, {"points", 1}});
  doc["nodes"].push_back({{"id", "both"},
                          {"name", "N"},
                          {"points", 1},
                          {"rule", {{"type", "direct"}}},
                          {"children", json::array()},
                          {"aggregate", "sum"}});
  doc["nodes"].push_back({{"id", "inner"},
                          {"name", "N"},
                          {"points", 1},
                          {"children", json::array()},
                          {"from_lower_level", {{"measure", "mean_total"}}}});
  add("nodes", doc);

  add("target rule", one_leaf_scheme({{"type", "target"},
                                      {"method", "proportional"},
                                      {"min_value", 100},
                                      {"max_value", 0},
                                      {"target", 0}},
                                     4));
  add("lower level", one_leaf_scheme({{"type", "direct"}}, 4));
  out.back().second["nodes"][0]["from_lower_level"] = {{"measure", "mean_total"}, {"grades", {"A"}}};
  add("lower level grades", one_leaf_scheme({{"type", "target"}, {"per_point", 1}}, 4));
  out.back().second["nodes"][0]["from_lower_level"] = {{"measure", "share_graded"},
                                                       {"grades", json::array()}};
  add("table",
      one_leaf_scheme(
          {{"type", "target"},
           {"method", "table"},
           {"table", {{{"attainment", 0.9}, {"fraction", 0.5}}, {{"attainment", 0.95}, {"fraction", 0.8}}}}},
          4));
  add("empty table", one_leaf_scheme({{"type", "target"}, {"method", "table"}, {"table", json::array()}}, 4));
  add("levels source", one_leaf_scheme({{"type", "levels"}}, 3));
  add("unknown level set", one_leaf_scheme({{"type", "levels"}, {"level_set", "stars"}}, 3));
  doc = one_leaf_scheme({{"type", "levels"}, {"levels", json::array()}}, 3);
  doc["level_sets"].push_back({{"id", "leaf#levels"}, {"levels", {{{"id", "x"}, {"fraction", 1}}}}});
  add("inline levels", doc);
  add("checklist", one_leaf_scheme({{"type", "checklist"},
                                    {"items", {{{"id", "x"}, {"points", 1}}, {{"id", "x"}, {"points", 2}}}}},
                                   4));
  add("empty checklist", one_leaf_scheme({{"type", "checklist"}, {"items", json::array()}}, 4));
  add("deduction",
      one_leaf_scheme(
          {{"type", "deduction"},
           {"not_filed", "zero"},
           {"kinds", {{{"id", "k"}, {"per_occurrence", 1}}, {{"id", "k"}, {"per_occurrence", 1}}}}},
          4));
  add("empty deduction", one_leaf_scheme({{"type", "deduction"}, {"kinds", json::array()}}, 4));
  add("rule type", one_leaf_scheme({{"type", "checklist"}, {"items", json::array()}}, 4));
  out.back().second["nodes"][0]["rule"] = {{"type", "formula"}};

  doc = base_scheme();
  doc["adjustments"] = json::parse(R"([
      {"id": "9bonus", "name": "B", "kind": "bonus", "cap": 2},
      {"id": "score", "name": "S", "kind": "penalty", "cap": 2}])");
  doc["grading"]["bands"] = json::parse(
      R"([{"grade": "D"}, {"grade": "A", "min": 101}, {"grade": "A", "min": 80}, {"grade": "C", "min": 85}])");
  add("adjustments and bands", doc);

  doc = base_scheme();
  doc["grading"] = json::parse(R"({"method": "bands", "bands": [{"grade": "A", "min": 90}, {"grade": "B"},
      {"grade": "C", "min": 10}]})");
  add("bands without min", doc);
  doc = base_scheme();
  doc["grading"]["bands"] = json::array();
  add("no bands", doc);

  doc = base_scheme();
  doc["grading"] = json::parse(R"({"method": "rank", "tiers": [
      {"grade": "A", "count": 3, "share": 0.1}, {"grade": "B"}, {"grade": "X", "ranked": false, "count": 1},
      {"grade": "C", "count": 2}]})");
  add("tiers", doc);
  doc["grading"] = json::parse(R"({"method": "rank", "tiers": [{"grade": "A", "count": 1}]})");
  add("one tier", doc);

  doc = two_leaf_scheme();
  doc["conditions"] = json::array(
      {condition("c1", {{"type", "weather"}}, {{"type", "notice"}}),
       condition("c2", {{"type", "finding"}, {"kinds", {"lied"}}}, {{"type", "force_grade"}, {"grade", "E"}}),
       condition("c3", {{"type", "finding"}, {"kinds", json::array()}}, {{"type", "notice"}}),
       condition("c4", {{"type", "score_rate_below"}, {"nodes", {"a", "nope"}}, {"rate", 0.6}},
                 {{"type", "notice"}}),
       condition("c5", {{"type", "score_rate_below"}, {"nodes", json::array()}, {"rate", 0.6}},
                 {{"type", "notice"}}),
       condition("c6", {{"type", "incident"}, {"scopes", {"national"}}, {"severities", {"fatal"}}},
                 {{"type", "explode"}})});
  add("conditions", doc);

  add("period: 29 February", with_period(json::parse(R"({"start": "02-29",
      "targets_due": {"month_day": "02-29", "year": "Y+1"}})")));
  add("period: order", with_period(json::parse(R"({"start": "07-01",
      "targets_due": {"month_day": "08-01", "year": "Y+1"},
      "self_evaluation_due": {"month_day": "07-15", "year": "Y+1"},
      "report_due": {"month_day": "07-01", "year": "Y+1"}})")));
  add("period: before the start", with_period(json::parse(R"({"start": "07-01",
      "targets_due": {"month_day": "03-01", "year": "Y"},
      "self_evaluation_due": {"month_day": "04-01", "year": "Y"}})")));
  add("period: shapes", with_period(json::parse(R"({"start": "13-01",
      "rectification_due": {"months_after_announcement": 1, "days_after_announcement": 30}})")));

  add("derived: header", derived({{"id", "cn-2013"}, {"weights", 1}, {"nodes", json::array()}}));
  json no_id = derived({{"nodes", {{"replace", 1}, {"remove", 5}, {"modify", 1}}}});
  no_id.erase("id");
  no_id.erase("name");
  add("derived: no id", no_id);
  add("derived: changes",
      derived({{"nodes",
                {{"remove", {"no_such_point", ""}},
                 {"modify",
                  {{"ghost", {{"points", 1}}},
                   {"macro", {{"id", "renamed"}, {"children", json::array()}}},
                   {"brand_strategy", 5}}},
                 {"add",
                  {{{"under", "development_plan"}, {"node", leaf("a", 1)}},
                   {{"under", "nowhere"}, {"node", leaf("b", 1)}},
                   {{"under", "macro"}, {"after", "port_inspection"}, {"node", leaf("c", 1)}},
                   {{"after", "port_inspection"}, {"node", leaf("d", 1)}}}}}},
               {"conditions",
                {{"remove", {"no_condition", "systemic_incident", "systemic_incident"}},
                 {"modify", {{"systemic_incident", {{"id", "x"}}}, {"ghost", {{"veto", false}}}}}}},
               {"grading", 5},
               {"consequences", json::array()}}));
  add("derived: inherited problems",
      derived(
          {{"nodes",
            {{"remove", {"port_inspection"}},
             {"modify", {{"macro", {{"points", 19}}}, {"measures", {{"points", 61}}}}},
             {"add", {{{"under", "macro"}, {"node", leaf("development_plan", 1)}}}}}},
           {"grading",
            {{"bands", {{{"grade", "excellent"}, {"min", 90}}, {{"grade", "fail"}}}}, {"labels", nullptr}}},
           {"total", {{"max", 101}}}}));
  add("derived: unknown built-in base", derived({{"extends", "cn-1999"}}));
  add("derived: no base", derived({{"extends", 5}}));
  add("derived: a file without a folder", derived({{"extends", "base.json"}}));
  return out;
}

TEST(SchemeWording, EveryProblemOfABrokenSchemeHasAChineseWording) {
  std::size_t count = 0;
  for (const auto& [name, doc] : broken_schemes()) {
    const std::vector<Issue> issues = scheme_issues(doc);
    EXPECT_FALSE(issues.empty()) << name << ": expected the scheme to be refused";
    for (const Issue& issue : issues) {
      ++count;
      EXPECT_TRUE(has_cjk(issue.message_zh))
          << name << ": " << issue.path << ": " << issue.message << " -> zh '" << issue.message_zh << "'";
    }
  }
  EXPECT_GT(count, 100u) << "the broken schemes should reach most of the reader's problems";
}

TEST(SchemeWording, ChineseWordingsOfTheReader) {
  json doc = two_leaf_scheme();
  doc["nodes"][0]["children"][1]["points"] = 80;
  EXPECT_EQ(zh_at(scheme_issues(doc), "/nodes/0/children"), "下级指标分值合计 90，但 'root' 的分值为 100");

  doc = two_leaf_scheme();
  doc["nodes"][0]["children"][1]["id"] = "a";
  EXPECT_EQ(zh_at(scheme_issues(doc), "/nodes/0/children/1/id"),
            "id 'a' 重复（首次出现于 /nodes/0/children/0）");

  doc = base_scheme();
  doc["grading"]["bands"][0]["min"] = 80;
  doc["grading"]["bands"][1]["min"] = 90;
  EXPECT_EQ(zh_at(scheme_issues(doc), "/grading/bands/1/min"), "分数段应按最低分从高到低排列");

  doc = base_scheme();
  doc["conditions"] =
      json::array({condition("veto", {{"type", "incident"}}, {{"type", "force_grade"}, {"grade", "E"}})});
  doc["level_sets"][0]["levels"][1]["id"] = "excellent";
  doc["rounding"] = {{"mode", "bankers"}};
  const auto issues = scheme_issues(doc);
  EXPECT_EQ(zh_at(issues, "/conditions/0/effect/grade"), "/grading 中没有等级 'E'");
  EXPECT_EQ(zh_at(issues, "/level_sets/0/levels/1/id"), "等次 'excellent' 重复");
  EXPECT_EQ(zh_at(issues, "/rounding/mode"), "'bankers' 不是可选值之一（half_up, half_even, down, up）");

  doc = base_scheme();
  doc["nodes"] = json::array();
  EXPECT_EQ(zh_at(scheme_issues(doc), "/nodes"), "至少应有一个指标");

  // A name or code is one line (text.hpp), in both languages.
  doc = base_scheme();
  doc["name"] = "two\nlines";
  const auto name = scheme_issues(doc);
  EXPECT_EQ(message_at(name, "/name"),
            "contains U+000A (a line break) at byte 3: a name or code is one line");
  EXPECT_EQ(zh_at(name, "/name"), "第 3 字节处有 U+000A（换行符）：名称或代码只能写在一行内");

  // The assessment period (civil_date.cpp, period_problems).
  const auto period = scheme_issues(with_period(json::parse(R"({"start": "02-29"})")));
  EXPECT_EQ(zh_at(period, "/period/start"),
            "考核周期不能从 '02-29' 开始：并非每年都有 2 月 29 日（请改为从 03-01 开始或到 02-28 结束）");
}

TEST(SchemeWording, ChineseWordingsOfADerivedScheme) {
  // A problem of the merged scheme is named at its place in the derived document, in both languages.
  const auto duplicate =
      scheme_issues(derived({{"nodes",
                              {{"modify", {{"macro", {{"points", 19}}}, {"measures", {{"points", 61}}}}},
                               {"add", {{{"under", "macro"}, {"node", leaf("development_plan", 1)}}}}}},
                             {"total", {{"max", 101}}}}));
  EXPECT_EQ(zh_at(duplicate, "/nodes/add/0/node/id"),
            "id 'development_plan' 重复（首次出现于 /nodes/modify/development_plan，继承而来）");

  const auto renamed = scheme_issues(derived(
      {{"grading",
        {{"bands", {{{"grade", "excellent"}, {"min", 90}}, {{"grade", "fail"}}}}, {"labels", nullptr}}}}));
  EXPECT_EQ(zh_at(renamed, "/conditions/modify/systemic_incident/effect/grade"),
            "/grading 中没有等级 'D'（继承自 'cn-2013'）");

  const auto changes = scheme_issues(
      derived({{"nodes",
                {{"remove", {"no_such_point"}},
                 {"modify", {{"macro", {{"id", "renamed"}}}}},
                 {"add", {{{"under", "macro"}, {"after", "port_inspection"}, {"node", leaf("c", 1)}}}}}}}));
  EXPECT_EQ(zh_at(changes, "/nodes/remove/0"), "'cn-2013' 中没有指标 'no_such_point'（或已重复删除）");
  EXPECT_EQ(zh_at(changes, "/nodes/modify/macro/id"),
            "不能在此修改：增删指标请用 /nodes/add 和 /nodes/remove");
  EXPECT_EQ(zh_at(changes, "/nodes/add/0/after"), "'macro' 的直接下级中没有指标 'port_inspection'");

  EXPECT_EQ(zh_at(scheme_issues(derived({{"extends", "cn-1999"}})), "/extends")
                .rfind("没有内置考核方案 'cn-1999'", 0),
            0u);
}

TEST(SchemeWording, RegionTextProblemsInChinese) {
  EXPECT_EQ(single_line_problem_zh("湖北\t省"), "第 6 字节处有 U+0009（制表符）：名称或代码只能写在一行内");
  EXPECT_EQ(single_line_problem_zh("湖北省"), "");
  EXPECT_EQ(region_code_problem_zh("４２００００"),
            "'４２００００' 含有全角数字（０-９）：代码请用半角数字 0-9 "
            "书写，否则它指的是另一个地区，而不是看上去的"
            "那个");
  EXPECT_EQ(region_code_problem_zh("420000"), "");
  // Each zh problem is raised exactly when the English one is.
  for (const std::string text : {"a\nb", "a\rb", "x\u2028y", "ok", "４2", "42"}) {
    EXPECT_EQ(single_line_problem(text).empty(), single_line_problem_zh(text).empty()) << text;
    EXPECT_EQ(region_code_problem(text).empty(), region_code_problem_zh(text).empty()) << text;
  }
}

}  // namespace
}  // namespace qa::testing
