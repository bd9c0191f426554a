// The built-in scheme cn-2013 (docs/scheme-language.md, "How cn-2013 is built"): the annex's assessment
// points of the 2013 measures, 40 points of quality targets and 60 of quality measures (Art. 4), graded A-D
// with the veto of Art. 5.
#include <algorithm>
#include <tuple>

#include "test_helpers.hpp"

namespace qa::testing {
namespace {

const Node& node(const Scheme& scheme, const std::string& id) {
  const int index = scheme.node_index(id);
  if (index < 0) throw std::invalid_argument("no node " + id);
  return scheme.nodes[static_cast<std::size_t>(index)];
}

std::vector<std::string> child_ids(const Scheme& scheme, const std::string& id) {
  std::vector<std::string> out;
  for (int child : node(scheme, id).children) out.push_back(scheme.nodes[static_cast<std::size_t>(child)].id);
  return out;
}

TEST(BuiltinScheme, Cn2013IsListedAndLoads) {
  const auto ids = builtin_scheme_ids();
  EXPECT_NE(std::find(ids.begin(), ids.end(), "cn-2013"), ids.end());
  const SchemePtr scheme = cn2013();
  ASSERT_NE(scheme, nullptr);
  EXPECT_EQ(scheme->id, "cn-2013");
  EXPECT_EQ(scheme->version, "2013.1");
  EXPECT_EQ(scheme->name.zh, "质量工作考核（国办发〔2013〕47号）");
  EXPECT_EQ(builtin_scheme("cn-2013"), scheme);  // parsed once and shared
}

TEST(BuiltinScheme, UnknownIdIsAnInputErrorListingTheKnownOnes) {
  const auto issues = issues_of<InputError>([] { builtin_scheme("cn-2099"); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].message.find("no built-in scheme 'cn-2099'"), std::string::npos);
  EXPECT_NE(issues[0].message.find("cn-2013"), std::string::npos);
  EXPECT_THROW(builtin_scheme_document("cn-2099"), InputError);
}

// Art. 5: "Scored out of 100 points"; leaf scores to 2 decimals, half up; 10% tolerance (Art. 9).
TEST(BuiltinScheme, Art5TotalAndRounding) {
  const SchemePtr scheme = cn2013();
  EXPECT_EQ(scheme->max_total, fx("100"));
  EXPECT_EQ(scheme->min_total, fx("0"));
  EXPECT_FALSE(scheme->may_exceed_max);
  EXPECT_EQ(scheme->rounding.digits, 2);
  EXPECT_EQ(scheme->rounding.mode, RoundingMode::half_up);
  EXPECT_EQ(scheme->overstatement_tolerance, fx("0.1"));
  EXPECT_TRUE(scheme->adjustments.empty());
}

// Art. 4 and the annex: 21 assessment points (2 + 1 quantitative, 6 + 8 + 4 measures), in annex
// order.
TEST(BuiltinScheme, Art4TwentyOneLeavesInAnnexOrder) {
  const SchemePtr scheme = cn2013();
  ASSERT_EQ(scheme->leaves.size(), 21u);
  std::vector<std::string> ids;
  for (int leaf : scheme->leaves) ids.push_back(scheme->nodes[static_cast<std::size_t>(leaf)].id);
  EXPECT_EQ(ids, cn2013_leaf_ids());
  EXPECT_EQ(scheme->nodes.size(), 28u);
}

// Art. 4: quality targets 40 (15 + 15 + 10) and quality measures 60 (6 x 3, 8 x 3.5, 4 x 3.5).
TEST(BuiltinScheme, Art4PointsAndTotals) {
  const Scheme& s = *cn2013();
  ASSERT_EQ(s.roots.size(), 2u);
  EXPECT_EQ(s.nodes[static_cast<std::size_t>(s.roots[0])].id, "targets");
  EXPECT_EQ(s.nodes[static_cast<std::size_t>(s.roots[1])].id, "measures");
  EXPECT_EQ(node(s, "targets").points, fx("40"));
  EXPECT_EQ(node(s, "measures").points, fx("60"));
  EXPECT_EQ(node(s, "product").points, fx("30"));
  EXPECT_EQ(node(s, "engineering").points, fx("10"));
  EXPECT_EQ(node(s, "macro").points, fx("18"));
  EXPECT_EQ(node(s, "supervision").points, fx("28"));
  EXPECT_EQ(node(s, "infrastructure").points, fx("14"));
  EXPECT_EQ(node(s, "manufacturing_pass_rate").points, fx("15"));
  EXPECT_EQ(node(s, "agri_monitoring_pass_rate").points, fx("15"));
  EXPECT_EQ(node(s, "construction_acceptance_rate").points, fx("10"));

  const auto macro = child_ids(s, "macro");
  const auto supervision = child_ids(s, "supervision");
  const auto infrastructure = child_ids(s, "infrastructure");
  ASSERT_EQ(macro.size(), 6u);
  ASSERT_EQ(supervision.size(), 8u);
  ASSERT_EQ(infrastructure.size(), 4u);
  for (const auto& id : macro) EXPECT_EQ(node(s, id).points, fx("3")) << id;
  for (const auto& id : supervision) EXPECT_EQ(node(s, id).points, fx("3.5")) << id;
  for (const auto& id : infrastructure) EXPECT_EQ(node(s, id).points, fx("3.5")) << id;
  for (const std::string id :
       {"targets", "measures", "product", "engineering", "macro", "supervision", "infrastructure"}) {
    EXPECT_EQ(node(s, id).aggregation, Aggregation::sum) << id;
  }
  EXPECT_EQ(child_ids(s, "targets"), (std::vector<std::string>{"product", "engineering"}));
  EXPECT_EQ(child_ids(s, "measures"), (std::vector<std::string>{"macro", "supervision", "infrastructure"}));
}

TEST(BuiltinScheme, AnnexNumbersAndBilingualNames) {
  const Scheme& s = *cn2013();
  EXPECT_EQ(node(s, "product").number, "1");
  EXPECT_EQ(node(s, "engineering").number, "2");
  EXPECT_EQ(node(s, "macro").number, "3");
  EXPECT_EQ(node(s, "supervision").number, "4");
  EXPECT_EQ(node(s, "infrastructure").number, "5");
  EXPECT_EQ(node(s, "targets").name.zh, "质量目标");
  EXPECT_EQ(node(s, "product").name.zh, "产品质量量化指标");
  EXPECT_EQ(node(s, "manufacturing_pass_rate").name.zh, "制造业产品质量合格率");
  EXPECT_EQ(node(s, "construction_acceptance_rate").name.zh, "建筑工程竣工验收合格率");
  EXPECT_EQ(node(s, "manufacturing_pass_rate").name.en, "Manufacturing product quality pass rate");
  for (const Node& n : s.nodes) {
    EXPECT_FALSE(n.name.zh.empty()) << n.id;
    EXPECT_FALSE(n.name.en.empty()) << n.id;
  }
}

// docs/scheme-language.md, "How cn-2013 is built": target rule, 3 / 3 / 2 points per percentage point short,
// rates in [0, 100].
TEST(BuiltinScheme, TargetRules) {
  const Scheme& s = *cn2013();
  const std::vector<std::pair<std::string, std::string>> expected = {{"manufacturing_pass_rate", "3"},
                                                                     {"agri_monitoring_pass_rate", "3"},
                                                                     {"construction_acceptance_rate", "2"}};
  for (const auto& [id, per_point] : expected) {
    const auto* rule = std::get_if<TargetRule>(&*node(s, id).rule);
    ASSERT_NE(rule, nullptr) << id;
    EXPECT_EQ(rule->method, TargetMethod::deduction) << id;
    EXPECT_EQ(rule->direction, Direction::higher_is_better) << id;
    EXPECT_EQ(rule->per_point, fx(per_point)) << id;
    EXPECT_FALSE(rule->fixed_target.has_value()) << id;  // the region files its own (Art. 6.1)
    EXPECT_EQ(rule->min_value, fx("0")) << id;
    EXPECT_EQ(rule->max_value, fx("100")) << id;
    EXPECT_EQ(rule->unit, "%") << id;
    EXPECT_FALSE(rule->zero_if_worse_than_previous) << id;
  }
}

// docs/scheme-language.md, "How cn-2013 is built": levels excellent 1.0, good 0.8, fair 0.6, poor 0.3, none
// 0.
TEST(BuiltinScheme, LevelRules) {
  const Scheme& s = *cn2013();
  for (const auto& id : cn2013_level_leaf_ids()) {
    const auto* rule = std::get_if<LevelsRule>(&*node(s, id).rule);
    ASSERT_NE(rule, nullptr) << id;
    EXPECT_EQ(rule->level_set, "standard") << id;
  }
  const LevelSet* set = s.level_set("standard");
  ASSERT_NE(set, nullptr);
  ASSERT_EQ(set->levels.size(), 5u);
  const std::vector<std::tuple<std::string, std::string, std::string>> expected = {{"excellent", "优秀", "1"},
                                                                                   {"good", "良好", "0.8"},
                                                                                   {"fair", "一般", "0.6"},
                                                                                   {"poor", "较差", "0.3"},
                                                                                   {"none", "未开展", "0"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(set->levels[i].id, std::get<0>(expected[i]));
    EXPECT_EQ(set->levels[i].label.zh, std::get<1>(expected[i]));
    EXPECT_EQ(set->levels[i].fraction, fx(std::get<2>(expected[i])));
  }
}

// Art. 5: A 90 and above, B 80-89, C 60-79, D below; bands inclusive of their minimum.
TEST(BuiltinScheme, Art5Bands) {
  const Grading& grading = cn2013()->grading;
  EXPECT_EQ(grading.method, GradingMethod::bands);
  ASSERT_EQ(grading.bands.size(), 4u);
  ASSERT_EQ(grading.grades.size(), 4u);
  EXPECT_EQ(grading.grades[0].id, "A");
  EXPECT_EQ(grading.grades[3].id, "D");
  EXPECT_EQ(grading.grades[0].label.zh, "A级");
  EXPECT_EQ(*grading.bands[0].min, fx("90"));
  EXPECT_EQ(*grading.bands[1].min, fx("80"));
  EXPECT_EQ(*grading.bands[2].min, fx("60"));
  EXPECT_FALSE(grading.bands[3].min.has_value());
  for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(grading.bands[i].inclusive);
}

// Art. 5 (veto) and Art. 9 (misreporting) as conditions.
TEST(BuiltinScheme, Art5VetoAndArt9Misreporting) {
  const Scheme& s = *cn2013();
  ASSERT_EQ(s.conditions.size(), 2u);
  const Condition& veto = s.conditions[0];
  EXPECT_EQ(veto.id, "systemic_incident");
  EXPECT_EQ(veto.article, "Art. 5");
  EXPECT_TRUE(veto.veto);
  EXPECT_EQ(veto.effect.type, EffectType::force_grade);
  EXPECT_EQ(veto.effect.grade, "D");
  const auto& trigger = std::get<IncidentTrigger>(veto.trigger);
  EXPECT_EQ(trigger.scopes, (std::vector<std::string>{"regional", "systemic"}));
  EXPECT_TRUE(trigger.within_year);
  EXPECT_EQ(trigger.min_count, 1);

  const Condition& misreporting = s.conditions[1];
  EXPECT_EQ(misreporting.id, "misreporting");
  EXPECT_EQ(misreporting.article, "Art. 9");
  EXPECT_FALSE(misreporting.veto);
  EXPECT_EQ(misreporting.effect.type, EffectType::notice);
  const auto& kinds = std::get<FindingTrigger>(misreporting.trigger).kinds;
  EXPECT_EQ(kinds, (std::vector<FindingKind>{FindingKind::overstated, FindingKind::concealed}));

  EXPECT_TRUE(s.has_scope("local"));
  EXPECT_TRUE(s.has_scope("regional"));
  EXPECT_TRUE(s.has_scope("systemic"));
  EXPECT_FALSE(s.has_scope("national"));
}

// Art. 7, 8, 9: the consequences and when they apply.
TEST(BuiltinScheme, Art7To9Consequences) {
  const Scheme& s = *cn2013();
  std::vector<std::string> ids;
  for (const Consequence& c : s.consequences) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"commendation", "rectification_report", "awards_barred",
                                           "support_tightened", "interview", "cadre_management",
                                           "criticism_notice"}));
  EXPECT_EQ(s.consequences[0].grades, (std::vector<std::string>{"A"}));
  EXPECT_EQ(s.consequences[1].grades, (std::vector<std::string>{"D"}));
  EXPECT_EQ(s.consequences[1].due_months_after_announcement, 1);
  EXPECT_TRUE(s.consequences[5].always);
  EXPECT_EQ(s.consequences[5].article, "Art. 8");
  EXPECT_EQ(s.consequences[6].conditions, (std::vector<std::string>{"misreporting"}));
  EXPECT_EQ(s.consequences[6].article, "Art. 9");
}

// write_scheme -> read_scheme -> write_scheme gives an identical document.
TEST(BuiltinScheme, CanonicalRoundTripIsIdentical) {
  const SchemePtr scheme = cn2013();
  json canonical = write_scheme(*scheme);
  EXPECT_EQ(canonical["format"], kSchemeFormat);
  const SchemePtr again = read_scheme(canonical);
  EXPECT_EQ(write_scheme(*again), canonical);
  const SchemePtr from_text = read_scheme_text(canonical.dump(2));
  EXPECT_EQ(write_scheme(*from_text), canonical);
  EXPECT_EQ(again->leaves, scheme->leaves);
  for (std::size_t i = 0; i < scheme->nodes.size(); ++i) {
    EXPECT_EQ(again->nodes[i].id, scheme->nodes[i].id);
    EXPECT_EQ(again->nodes[i].points, scheme->nodes[i].points);
  }
}

// The canonical form says everything the shipped document says; it only writes defaults out
// (no adjustments, no severities).
TEST(BuiltinScheme, CanonicalFormMatchesTheShippedDocument) {
  const json shipped = json::parse(builtin_scheme_document("cn-2013"));
  json canonical = write_scheme(*cn2013());
  EXPECT_EQ(canonical["adjustments"], json::array());
  EXPECT_EQ(canonical["incident_severities"], json::array());
  EXPECT_EQ(canonical["nodes"][0]["children"][0]["children"][0]["rule"]["unit"], "%");
  canonical.erase("adjustments");
  canonical.erase("incident_severities");
  EXPECT_EQ(canonical, shipped) << json::diff(shipped, canonical).dump(2);
}

// Schemes with every rule type, adjustments and rank grading also survive the round trip.
TEST(BuiltinScheme, RoundTripOfEveryLanguageFeature) {
  json doc = base_scheme();
  doc["total"] = {{"max", 100}, {"min", 0}, {"may_exceed_max", true}};
  doc["rounding"] = {{"digits", 1}, {"mode", "half_even"}};
  doc["nodes"] = json::parse(R"([{"id": "root", "name": "Root", "points": 100, "children": [
    {"id": "t1", "name": "T1", "points": 10, "rule": {"type": "target", "direction": "lower_is_better",
      "method": "deduction", "per_point": 2, "target": 5, "zero_if_worse_than_previous": true}},
    {"id": "t2", "name": "T2", "points": 10, "rule": {"type": "target", "method": "table",
      "table": [{"attainment": 1, "fraction": 1}, {"attainment": 0.9, "fraction": 0.5}]}},
    {"id": "t3", "name": "T3", "points": 10, "rule": {"type": "target", "method": "proportional"}},
    {"id": "lv", "name": "Lv", "points": 10, "rule": {"type": "levels", "level_set": "standard"}},
    {"id": "ck", "name": "Ck", "points": 10, "rule": {"type": "checklist", "partly_fraction": 0.4,
      "items": [{"id": "x", "points": 4}, {"id": "y", "points": 6}]}},
    {"id": "cm", "name": "Cm", "points": 10, "rule": {"type": "checklist", "per_missing": 3,
      "items": [{"id": "x"}, {"id": "y"}]}},
    {"id": "dd", "name": "Dd", "points": 10, "rule": {"type": "deduction",
      "kinds": [{"id": "major", "per_occurrence": 2}, {"id": "minor", "per_occurrence": 0.5}]}},
    {"id": "bo", "name": "Bo", "points": 10, "rule": {"type": "boolean"}},
    {"id": "mn", "name": "Mn", "points": 10, "aggregate": "min", "children": [
      {"id": "m1", "name": "M1", "points": 5, "rule": {"type": "direct"}},
      {"id": "m2", "name": "M2", "points": 5, "rule": {"type": "direct"}}]},
    {"id": "wm", "name": "Wm", "points": 10, "aggregate": "weighted_mean", "children": [
      {"id": "w1", "name": "W1", "points": 5, "weight": 3, "rule": {"type": "direct"}},
      {"id": "w2", "name": "W2", "points": 5, "rule": {"type": "direct"}}]}]}])");
  doc["adjustments"] = json::parse(R"([
    {"id": "bonus", "name": "Bonus", "kind": "bonus", "input": "direct", "cap": 5},
    {"id": "awards", "name": "Awards", "kind": "bonus", "input": "count", "per_occurrence": 1, "cap": 3},
    {"id": "late", "name": "Late", "kind": "penalty", "input": "boolean", "points": 2, "cap": 2}])");
  doc["grading"] = json::parse(R"({"method": "rank", "tiers": [{"grade": "A", "count": 3},
    {"grade": "B", "share": 0.5}, {"grade": "C"}], "labels": {"A": "First"}})");
  doc["conditions"] =
      json::array({condition("v",
                             {{"type", "incident"},
                              {"scopes", {"regional"}},
                              {"severities", {"major"}},
                              {"min_deaths", 3},
                              {"within_year", false},
                              {"min_count", 2}},
                             {{"type", "downgrade"}, {"levels", 2}}, true),
                   condition("r", {{"type", "score_rate_below"}, {"nodes", {"t1", "lv"}}, {"rate", 0.6}},
                             {{"type", "cap_grade"}, {"grade", "B"}}),
                   condition("f", {{"type", "finding"}, {"kinds", {"concealed"}}, {"min_count", 1}},
                             {{"type", "zero_total"}})});
  doc["consequences"] = json::parse(R"([{"id": "c", "text": "T", "when": {"conditions": ["v"]},
                                         "due_months_after_announcement": 2}])");
  const SchemePtr scheme = read_scheme(doc);
  json canonical = write_scheme(*scheme);
  EXPECT_EQ(write_scheme(*read_scheme(canonical)), canonical);
  EXPECT_EQ(canonical["nodes"][0]["children"][8]["aggregate"], "min");
  EXPECT_EQ(canonical["nodes"][0]["children"][9]["children"][0]["weight"], 3);
  EXPECT_EQ(canonical["grading"]["tiers"][1]["share"], 0.5);
  EXPECT_EQ(canonical["conditions"][0]["trigger"]["min_deaths"], 3);
  EXPECT_EQ(canonical["rounding"]["mode"], "half_even");
  json& t1 = canonical["nodes"][0]["children"][0]["rule"];
  EXPECT_EQ(t1["direction"], "lower_is_better");
  EXPECT_EQ(t1["target"], 5);
  EXPECT_EQ(t1["zero_if_worse_than_previous"], true);
  EXPECT_EQ(canonical["nodes"][0]["children"][1]["rule"]["table"][1]["fraction"], 0.5);
  EXPECT_EQ(canonical["nodes"][0]["children"][4]["rule"]["partly_fraction"], 0.4);
  EXPECT_EQ(canonical["nodes"][0]["children"][5]["rule"]["per_missing"], 3);
  EXPECT_EQ(canonical["adjustments"][2]["input"], "boolean");
  EXPECT_EQ(canonical["adjustments"][2]["points"], 2);
  EXPECT_EQ(canonical["conditions"][0]["veto"], true);
  EXPECT_EQ(canonical["conditions"][0]["trigger"]["within_year"], false);
  EXPECT_EQ(canonical["conditions"][2]["effect"]["type"], "zero_total");
  EXPECT_EQ(canonical["consequences"][0]["due_months_after_announcement"], 2);
  EXPECT_EQ(canonical["grading"]["labels"]["A"]["en"], "First");

  // The re-read scheme assesses exactly like the original.
  const SchemePtr reread = read_scheme(canonical);
  std::vector<Submission> cohort;
  const std::vector<json> values = {{{"t1", 6},
                                     {"t2", 95},
                                     {"t3", 40},
                                     {"lv", "good"},
                                     {"ck", {{"x", "partly_met"}}},
                                     {"cm", {{"x", "met"}}},
                                     {"dd", {{"major", 1}, {"minor", 1}}},
                                     {"bo", true},
                                     {"m1", 4},
                                     {"m2", 2.5},
                                     {"w1", 5},
                                     {"w2", 1}},
                                    {{"t1", 4},
                                     {"t2", 80},
                                     {"t3", 50},
                                     {"lv", "poor"},
                                     {"ck", {{"y", "met"}}},
                                     {"cm", json::object()},
                                     {"dd", {{"minor", 3}}},
                                     {"bo", false},
                                     {"m1", 5},
                                     {"m2", 5},
                                     {"w1", 0},
                                     {"w2", 5}}};
  for (std::size_t i = 0; i < values.size(); ++i) {
    json doc_i = submission(values[i], {{"t2", 100}, {"t3", 50}});
    doc_i["region"]["code"] = "r" + std::to_string(i);
    doc_i["previous"] = {{"t1", 5}};
    doc_i["adjustments"] = {{"bonus", 2}, {"awards", 4}, {"late", i == 0}};
    cohort.push_back(read_submission(doc_i));
  }
  const auto original_results = assess_cohort(scheme, cohort);
  const auto reread_results = assess_cohort(reread, cohort);
  ASSERT_EQ(original_results.size(), reread_results.size());
  for (std::size_t i = 0; i < original_results.size(); ++i) {
    EXPECT_EQ(original_results[i].to_json(), reread_results[i].to_json());
  }
  EXPECT_EQ(node_points(original_results[0], "t1"), fx("0"));  // worse than last year's 5
  EXPECT_EQ(node_points(original_results[1], "t1"), fx("10"));
}

}  // namespace
}  // namespace qa::testing
