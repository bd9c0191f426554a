// Conditions and vetoes (Art. 5), misreporting (Art. 9) and the consequences of the final grade
// (Art. 7, 8, 9). The order in which effects combine is the one documented in docs/scheme-language.md
// ("Conditions"): zero_total, then the grade from the bands, then downgrade, cap_grade, force_grade.
#include <algorithm>

#include "plan.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

json incident_json(const std::string& id, const std::string& date, const std::string& scope,
                   const std::string& severity = "", int deaths = 0, bool reported = true) {
  json out = incident(id, date, scope, reported);
  if (!severity.empty()) out["severity"] = severity;
  if (deaths != 0) out["deaths"] = deaths;
  return out;
}

// base_scheme() (one `direct` leaf "score" of 100 points, A/B/C/D) with `conditions`, assessed
// with `score` points and `incidents`.
Result assess_with(const json& conditions, const std::string& score, const json& incidents = json::array()) {
  json doc = base_scheme();
  doc["conditions"] = conditions;
  json sub = submission({{"score", json::parse(score)}});
  if (!incidents.empty()) sub["incidents"] = incidents;
  return assess_json(scheme_from(doc), sub);
}

const json kAnyIncident = {{"type", "incident"}};
const json kOneIncident = json::array({incident("i-1", "2019-09-01", "regional")});

json effect(const std::string& type, const std::string& grade = "", int levels = 0) {
  json out = {{"type", type}};
  if (!grade.empty()) out["grade"] = grade;
  if (levels != 0) out["levels"] = levels;
  return out;
}

// ---- effects --------------------------------------------------------------------------------

// Art. 5: "the result is grade D regardless of score".
TEST(ConditionEffects, ForceGrade) {
  const Result result = assess_with(
      json::array({condition("veto", kAnyIncident, effect("force_grade", "D"), true)}), "95", kOneIncident);
  EXPECT_EQ(result.grade, "D");
  EXPECT_EQ(result.grade_before_conditions, "A");
  EXPECT_EQ(result.total, fx("95"));  // the score stands; only the grade is forced
  EXPECT_TRUE(result.vetoed);
  ASSERT_EQ(result.conditions.size(), 1u);
  EXPECT_EQ(result.conditions[0].id, "veto");
  EXPECT_EQ(result.conditions[0].effect.type, EffectType::force_grade);
  EXPECT_TRUE(result.conditions[0].veto);
  // Not marked as a veto: same grade, but `vetoed` stays false.
  const Result plain = assess_with(
      json::array({condition("force", kAnyIncident, effect("force_grade", "D"))}), "95", kOneIncident);
  EXPECT_EQ(plain.grade, "D");
  EXPECT_FALSE(plain.vetoed);
}

// "Cannot be A": the grade is no better than the cap, and a cap never improves a grade.
TEST(ConditionEffects, CapGrade) {
  const json conditions = json::array({condition("cap", kAnyIncident, effect("cap_grade", "B"))});
  EXPECT_EQ(assess_with(conditions, "95", kOneIncident).grade, "B");
  EXPECT_EQ(assess_with(conditions, "85", kOneIncident).grade, "B");
  EXPECT_EQ(assess_with(conditions, "70", kOneIncident).grade, "C");
  EXPECT_EQ(assess_with(conditions, "95").grade, "A");  // not triggered
}

TEST(ConditionEffects, DowngradeLevelsAddUpAndStopAtTheLowestGrade) {
  const json one = condition("down1", kAnyIncident, effect("downgrade", "", 1));
  const json two = condition("down2", kAnyIncident, effect("downgrade", "", 2));
  EXPECT_EQ(assess_with(json::array({one}), "95", kOneIncident).grade, "B");
  EXPECT_EQ(assess_with(json::array({two}), "95", kOneIncident).grade, "C");
  EXPECT_EQ(assess_with(json::array({one, two}), "95", kOneIncident).grade, "D");  // 1 + 2
  EXPECT_EQ(assess_with(json::array({two}), "70", kOneIncident).grade, "D");       // C - 2 stops at D
  EXPECT_EQ(assess_with(json::array({one}), "50", kOneIncident).grade, "D");
  const Result result = assess_with(json::array({one, two}), "95", kOneIncident);
  EXPECT_EQ(result.grade_before_conditions, "A");
  EXPECT_EQ(result.conditions.size(), 2u);
}

// zero_total applies before grading: the grade is taken from a total of 0.
TEST(ConditionEffects, ZeroTotalBeforeGrading) {
  const Result result =
      assess_with(json::array({condition("zero", kAnyIncident, effect("zero_total"))}), "95", kOneIncident);
  EXPECT_EQ(result.total, fx("0"));
  EXPECT_EQ(result.base_total, fx("95"));
  EXPECT_EQ(result.grade, "D");
  EXPECT_EQ(result.grade_before_conditions, "A");
  EXPECT_EQ(result.to_json()["total"], 0.0);
}

// With rank grading, a zeroed total ranks last: the zero comes before the ranking.
TEST(ConditionEffects, ZeroTotalBeforeRanking) {
  json doc = base_scheme();
  doc["grading"] = json::parse(R"({"method": "rank", "tiers": [{"grade": "A", "count": 1},
      {"grade": "B", "count": 1}, {"grade": "C"}]})");
  doc["conditions"] = json::array({condition("zero", kAnyIncident, effect("zero_total"))});
  const SchemePtr scheme = scheme_from(doc);
  std::vector<Submission> regions;
  for (const std::string score : {"95", "85", "70"}) {
    json sub = submission({{"score", json::parse(score)}});
    sub["region"]["code"] = "r" + score;
    if (score == "95") sub["incidents"] = kOneIncident;
    regions.push_back(read_submission(sub));
  }
  const auto results = assess_cohort(scheme, regions);
  EXPECT_EQ(results[0].total, fx("0"));
  EXPECT_EQ(results[0].rank, 3);
  EXPECT_EQ(results[0].grade, "C");
  EXPECT_EQ(results[0].grade_before_conditions, "A");
  EXPECT_EQ(results[1].grade, "A");
  EXPECT_EQ(results[2].grade, "B");
}

TEST(ConditionEffects, NoticeChangesNothing) {
  const Result result =
      assess_with(json::array({condition("note", kAnyIncident, effect("notice"))}), "95", kOneIncident);
  EXPECT_EQ(result.grade, "A");
  EXPECT_EQ(result.total, fx("95"));
  EXPECT_FALSE(result.vetoed);
  ASSERT_EQ(result.conditions.size(), 1u);
  EXPECT_EQ(result.conditions[0].effect.type, EffectType::notice);
}

// The documented order: downgrade, then cap, then force.
TEST(ConditionEffects, OrderOfEffects) {
  const json down1 = condition("down1", kAnyIncident, effect("downgrade", "", 1));
  const json down3 = condition("down3", kAnyIncident, effect("downgrade", "", 3));
  const json cap_b = condition("cap_b", kAnyIncident, effect("cap_grade", "B"));
  const json cap_c = condition("cap_c", kAnyIncident, effect("cap_grade", "C"));
  const json force_b = condition("force_b", kAnyIncident, effect("force_grade", "B"));
  const json force_c = condition("force_c", kAnyIncident, effect("force_grade", "C"));
  // Downgrade first (A -> B), then the cap B changes nothing: B, not C.
  EXPECT_EQ(assess_with(json::array({cap_b, down1}), "95", kOneIncident).grade, "B");
  // The strictest cap wins.
  EXPECT_EQ(assess_with(json::array({cap_b, cap_c}), "95", kOneIncident).grade, "C");
  EXPECT_EQ(assess_with(json::array({down1, cap_c}), "95", kOneIncident).grade, "C");
  // Force comes last and sets the grade, even over a larger downgrade.
  EXPECT_EQ(assess_with(json::array({down3, force_b}), "95", kOneIncident).grade, "B");
  EXPECT_EQ(assess_with(json::array({cap_c, force_b}), "95", kOneIncident).grade, "B");
  // Several forced grades: the worst.
  EXPECT_EQ(assess_with(json::array({force_c, force_b}), "95", kOneIncident).grade, "C");
  // zero_total then a cap: graded from 0 -> D, the cap B does not lift it.
  const json zero = condition("zero", kAnyIncident, effect("zero_total"));
  EXPECT_EQ(assess_with(json::array({zero, cap_b}), "95", kOneIncident).grade, "D");
}

TEST(ConditionEffects, ApplyGradeEffectsDirectly) {
  json doc = base_scheme();
  doc["conditions"] = json::array({condition("down1", kAnyIncident, effect("downgrade", "", 1)),
                                   condition("cap_b", kAnyIncident, effect("cap_grade", "B")),
                                   condition("force_c", kAnyIncident, effect("force_grade", "C")),
                                   condition("note", kAnyIncident, effect("notice"))});
  const SchemePtr scheme = scheme_from(doc);
  // The plan's condition evaluator (the one engine, plan.hpp) with the incident triggers fired
  // as given, then the grade effects on `grade`.
  const detail::PlanData& plan = detail::plan_of(*scheme);
  auto graded = [&](int grade, std::vector<std::uint8_t> fired) {
    detail::RegionFacts facts;
    facts.incident_fired = fired.data();
    detail::RegionOutcome outcome;
    const int findings[detail::kFindingKinds] = {};
    detail::apply_conditions(plan.all_conditions, plan.defaults, nullptr, findings, facts, outcome);
    return detail::apply_effects(plan, grade, outcome);
  };
  EXPECT_EQ(graded(0, {0, 0, 0, 0}), 0);
  EXPECT_EQ(graded(0, {1, 0, 0, 0}), 1);
  EXPECT_EQ(graded(3, {1, 0, 0, 0}), 3);
  EXPECT_EQ(graded(0, {0, 1, 0, 0}), 1);
  EXPECT_EQ(graded(2, {0, 1, 0, 0}), 2);
  EXPECT_EQ(graded(0, {1, 1, 0, 0}), 1);
  EXPECT_EQ(graded(0, {1, 1, 1, 0}), 2);
  EXPECT_EQ(graded(3, {0, 0, 1, 0}), 2);
  EXPECT_EQ(graded(0, {0, 0, 0, 1}), 0);
}

// ---- incident triggers ----------------------------------------------------------------------

TEST(IncidentTrigger, ScopeFilter) {
  const json conditions = json::array({condition("veto", {{"type", "incident"}, {"scopes", {"regional"}}},
                                                 effect("force_grade", "D"), true)});
  const Result local = assess_with(conditions, "95", json::array({incident("i-1", "2019-09-01", "local")}));
  EXPECT_EQ(local.grade, "A");
  EXPECT_FALSE(local.vetoed);
  const ConditionNotApplied* why = not_applied(local, "veto");
  ASSERT_NE(why, nullptr);
  EXPECT_EQ(local.reason(*why).en, "incident i-1 has scope local, not regional");
  EXPECT_EQ(assess_with(conditions, "95", json::array({incident("i-1", "2019-09-01", "regional")})).grade,
            "D");
  // No scopes listed: any scope counts.
  const json any = json::array({condition("any", kAnyIncident, effect("force_grade", "D"))});
  EXPECT_EQ(assess_with(any, "95", json::array({incident("i-1", "2019-09-01", "local")})).grade, "D");
}

TEST(IncidentTrigger, SeverityFilter) {
  const json conditions = json::array(
      {condition("major", {{"type", "incident"}, {"severities", {"major"}}}, effect("cap_grade", "C"))});
  EXPECT_EQ(assess_with(conditions, "95", json::array({incident_json("i-1", "2019-09-01", "local", "major")}))
                .grade,
            "C");
  const Result minor =
      assess_with(conditions, "95", json::array({incident_json("i-1", "2019-09-01", "local", "minor")}));
  EXPECT_EQ(minor.grade, "A");
  EXPECT_EQ(why_not(minor, "major"), "incident i-1 has severity minor, not major");
  const Result unrated =
      assess_with(conditions, "95", json::array({incident_json("i-1", "2019-09-01", "local")}));
  EXPECT_EQ(unrated.grade, "A");
  EXPECT_EQ(why_not(unrated, "major"), "incident i-1 has severity (none), not major");
  EXPECT_EQ(unrated.reason(*not_applied(unrated, "major")).zh, "事件 i-1 未注明等级，不属于 major");
}

TEST(IncidentTrigger, MinDeaths) {
  const json conditions = json::array(
      {condition("deadly", {{"type", "incident"}, {"min_deaths", 3}}, effect("downgrade", "", 1))});
  const Result two =
      assess_with(conditions, "95", json::array({incident_json("i-1", "2019-09-01", "local", "", 2)}));
  EXPECT_EQ(two.grade, "A");
  EXPECT_EQ(why_not(two, "deadly"), "incident i-1 caused 2 deaths, fewer than 3");
  EXPECT_EQ(
      assess_with(conditions, "95", json::array({incident_json("i-1", "2019-09-01", "local", "", 3)})).grade,
      "B");
}

TEST(IncidentTrigger, MinCount) {
  const json conditions = json::array(
      {condition("repeated", {{"type", "incident"}, {"min_count", 2}}, effect("downgrade", "", 1))});
  const Result once = assess_with(conditions, "95", json::array({incident("i-1", "2019-09-01", "local")}));
  EXPECT_EQ(once.grade, "A");
  EXPECT_EQ(why_not(once, "repeated"), "1 matching incident(s), fewer than 2");
  const Result twice = assess_with(
      conditions, "95",
      json::array({incident("i-1", "2019-09-01", "local"), incident("i-2", "2020-01-10", "local")}));
  EXPECT_EQ(twice.grade, "B");
  ASSERT_EQ(twice.conditions.size(), 1u);
  EXPECT_NE(twice.reason(twice.conditions[0]).en.find("i-1"), std::string::npos);
  EXPECT_NE(twice.reason(twice.conditions[0]).en.find("i-2"), std::string::npos);
}

// Art. 3: by default only incidents inside the assessment year count; a scheme may say otherwise.
TEST(IncidentTrigger, WithinYear) {
  const json inside = json::array({condition("c", kAnyIncident, effect("force_grade", "D"))});
  const json any_time = json::array(
      {condition("c", {{"type", "incident"}, {"within_year", false}}, effect("force_grade", "D"))});
  const json earlier = json::array({incident("i-1", "2018-03-01", "regional")});
  EXPECT_EQ(assess_with(inside, "95", earlier).grade, "A");
  const Result any_date = assess_with(any_time, "95", earlier);
  EXPECT_EQ(any_date.grade, "D");
  ASSERT_EQ(any_date.conditions.size(), 1u);
  EXPECT_EQ(any_date.reason(any_date.conditions[0]).en,
            "incident i-1 (regional, 2018-03-01) (whatever its date)");
  EXPECT_EQ(why_not(assess_with(inside, "95", earlier), "c"),
            "incident i-1 on 2018-03-01 lies outside assessment year 2019 (2019-07-01 to 2020-06-30)");
  const Result none = assess_with(inside, "95");
  EXPECT_EQ(why_not(none, "c"), "no incident reported");
  ASSERT_NE(not_applied(none, "c"), nullptr);
  EXPECT_EQ(none.reason(*not_applied(none, "c")).zh, "未报告事件");
}

// ---- score rate and finding triggers --------------------------------------------------------

// "Each key item >= 60%": a node's score rate below a floor.
TEST(ScoreRateTrigger, FiresBelowTheFloorOnly) {
  json doc = two_leaf_scheme();
  doc["conditions"] =
      json::array({condition("key_item", {{"type", "score_rate_below"}, {"nodes", {"a"}}, {"rate", 0.6}},
                             effect("cap_grade", "B"))});
  const SchemePtr scheme = scheme_from(doc);
  const Result below = assess_json(scheme, submission({{"a", 5.99}, {"b", 90}}));
  EXPECT_EQ(below.total, fx("95.99"));
  EXPECT_EQ(below.grade, "B");
  ASSERT_EQ(below.conditions.size(), 1u);
  EXPECT_EQ(below.reason(below.conditions[0]).en, "a scored 5.99 of 10: below 60%");
  const Result at = assess_json(scheme, submission({{"a", 6}, {"b", 90}}));
  EXPECT_EQ(at.grade, "A");
  EXPECT_EQ(why_not(at, "key_item"), "every listed point scored at least 60%");
}

TEST(ScoreRateTrigger, AnyListedNodeAndInnerNodes) {
  json doc = two_leaf_scheme();
  doc["conditions"] =
      json::array({condition("floor", {{"type", "score_rate_below"}, {"nodes", {"a", "b"}}, {"rate", 0.5}},
                             effect("downgrade", "", 1))});
  const SchemePtr scheme = scheme_from(doc);
  EXPECT_EQ(assess_json(scheme, submission({{"a", 10}, {"b", 80}})).grade, "A");
  EXPECT_EQ(assess_json(scheme, submission({{"a", 4.99}, {"b", 85}})).grade, "C");  // 89.99: B -> C
  EXPECT_EQ(assess_json(scheme, submission({{"a", 5}, {"b", 85}})).grade, "A");     // 50% is not below
  EXPECT_EQ(assess_json(scheme, submission({{"a", 10}, {"b", 44.99}})).conditions.size(), 1u);
  EXPECT_EQ(assess_json(scheme, submission({{"a", 4}, {"b", 90}})).grade, "B");
  doc["conditions"][0]["trigger"]["nodes"] = {"root"};
  doc["conditions"][0]["trigger"]["rate"] = 0.9;
  const SchemePtr on_root = scheme_from(doc);
  EXPECT_EQ(assess_json(on_root, submission({{"a", 9}, {"b", 80.99}})).grade, "C");  // 89.99: B -> C
  EXPECT_EQ(assess_json(on_root, submission({{"a", 10}, {"b", 80}})).grade, "A");
}

TEST(FindingTrigger, KindsAndMinCount) {
  json doc = two_leaf_scheme();
  doc["conditions"] =
      json::array({condition("gaps", {{"type", "finding"}, {"kinds", {"missing_value"}}, {"min_count", 2}},
                             effect("force_grade", "C"))});
  const SchemePtr scheme = scheme_from(doc);
  const Result one_gap = assess_json(scheme, submission({{"b", 90}}));
  EXPECT_EQ(one_gap.grade, "A");
  EXPECT_EQ(why_not(one_gap, "gaps"), "found missing_value (a), fewer than 2");
  const Result two_gaps = assess_json(scheme, submission(json::object()));
  EXPECT_EQ(two_gaps.grade, "C");  // forced, from a D by score
  EXPECT_EQ(two_gaps.grade_before_conditions, "D");
  ASSERT_EQ(two_gaps.conditions.size(), 1u);
  EXPECT_EQ(two_gaps.reason(two_gaps.conditions[0]).en, "found missing_value (a), missing_value (b)");
  const Result no_gap = assess_json(scheme, submission({{"a", 10}, {"b", 90}}));
  EXPECT_EQ(why_not(no_gap, "gaps"), "no missing_value finding");

  doc["conditions"][0]["trigger"]["min_count"] = 1;
  doc["conditions"][0]["effect"] = effect("force_grade", "D");
  EXPECT_EQ(assess_json(scheme_from(doc), submission({{"b", 90}})).grade, "D");  // 90 by score
}

// ---- cn-2013: the Art. 5 veto ---------------------------------------------------------------

// A cn-2013 submission scoring 95 (construction 2.5 short of 98: 5 of 10), with `incidents`.
Result cn2013_95(const json& incidents) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["construction_acceptance_rate"] = 95.5;
  doc["incidents"] = incidents;
  return assess_json(cn2013(), doc);
}

const std::vector<std::string> kD = {"rectification_report", "awards_barred", "support_tightened",
                                     "interview", "cadre_management"};

TEST(Cn2013Veto, Art5ScoreAloneIsA) {
  const Result result = cn2013_95(json::array());
  EXPECT_EQ(result.total, fx("95"));
  EXPECT_EQ(result.grade, "A");
  EXPECT_FALSE(result.vetoed);
  EXPECT_EQ(why_not(result, "systemic_incident"), "no incident reported");
}

// Art. 5: a regional or systemic incident inside the assessment year (edges included) makes the
// grade D whatever the score.
TEST(Cn2013Veto, Art5IncidentInsideTheYearMakesItD) {
  for (const std::string scope : {"regional", "systemic"}) {
    for (const std::string date : {"2019-07-01", "2020-06-30"}) {
      const Result result = cn2013_95(json::array({incident("i-1", date, scope)}));
      EXPECT_EQ(result.total, fx("95")) << scope << " " << date;
      EXPECT_EQ(result.grade, "D") << scope << " " << date;
      EXPECT_EQ(result.grade_before_conditions, "A") << scope << " " << date;
      EXPECT_TRUE(result.vetoed) << scope << " " << date;
      ASSERT_TRUE(has_condition(result, "systemic_incident")) << scope << " " << date;
      EXPECT_EQ(result.reason(result.conditions[0]).en,
                "incident i-1 (" + scope + ", " + date +
                    ") within assessment year 2019 (2019-07-01 to 2020-06-30)");
      EXPECT_EQ(consequence_ids(result), kD) << scope << " " << date;
    }
  }
}

// Art. 3 and 5: an incident outside the assessment year does not veto, and the result says why.
TEST(Cn2013Veto, Art5IncidentOutsideTheYearDoesNot) {
  for (const std::string date : {"2019-06-30", "2020-07-01"}) {
    const Result result = cn2013_95(json::array({incident("i-1", date, "systemic")}));
    EXPECT_EQ(result.grade, "A") << date;
    EXPECT_FALSE(result.vetoed) << date;
    EXPECT_FALSE(has_condition(result, "systemic_incident")) << date;
    const ConditionNotApplied* why = not_applied(result, "systemic_incident");
    ASSERT_NE(why, nullptr) << date;
    EXPECT_EQ(result.reason(*why).en,
              "incident i-1 on " + date + " lies outside assessment year 2019 (2019-07-01 to 2020-06-30)");
    EXPECT_NE(result.reason(*why).zh.find("不在 2019 考核年度"), std::string::npos) << result.reason(*why).zh;
  }
}

// Art. 5: a local incident never vetoes.
TEST(Cn2013Veto, Art5LocalIncidentNeverVetoes) {
  const Result result = cn2013_95(json::array({incident("i-1", "2019-10-01", "local")}));
  EXPECT_EQ(result.grade, "A");
  EXPECT_FALSE(result.vetoed);
  EXPECT_EQ(why_not(result, "systemic_incident"), "incident i-1 has scope local, not regional or systemic");
  const Result several = cn2013_95(
      json::array({incident("i-1", "2019-10-01", "local"), incident("i-2", "2019-05-01", "regional")}));
  EXPECT_EQ(several.grade, "A");
  EXPECT_EQ(why_not(several, "systemic_incident"),
            "incident i-1 has scope local, not regional or systemic; incident i-2 on 2019-05-01 lies outside "
            "assessment year 2019 (2019-07-01 to 2020-06-30)");
  // In Chinese, the scopes by the names the scheme gives them, not their ids.
  EXPECT_EQ(several.reason(*not_applied(several, "systemic_incident")).zh,
            "事件 i-1 范围为 局部性事件，不属于 区域性事件（一个乡镇、县或市范围内）、"
            "系统性事件（某一市场领域整体秩序被破坏）；"
            "事件 i-2 发生于 2019-05-01，不在 2019 考核年度（2019-07-01 至 2020-06-30）内");
}

// The reasons in Chinese name what a Chinese reader knows: scopes and points by their names.
TEST(Cn2013Veto, ReasonsInChineseNameScopesAndPoints) {
  const Result vetoed = cn2013_95(json::array({incident("i-1", "2019-10-01", "systemic")}));
  ASSERT_TRUE(has_condition(vetoed, "systemic_incident"));
  EXPECT_EQ(
      vetoed.reason(vetoed.conditions[0]).zh,
      "事件 i-1（系统性事件（某一市场领域整体秩序被破坏），2019-10-01） 发生在 2019 考核年度（2019-07-01 至 "
      "2020-06-30）内");
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["development_plan"] = "excellent";
  doc["verification"] = {{"development_plan", "poor"}};
  const Result overstated = assess_json(cn2013(), doc);
  ASSERT_TRUE(has_condition(overstated, "misreporting"));
  const AppliedCondition& misreporting =
      *std::find_if(overstated.conditions.begin(), overstated.conditions.end(),
                    [](const AppliedCondition& c) { return c.id == "misreporting"; });
  EXPECT_EQ(overstated.reason(misreporting).zh, "发现高报（质量发展规划制定与实施）");
  EXPECT_EQ(overstated.reason(misreporting).en, "found overstated (development_plan)");
}

TEST(Cn2013Veto, Art5AssessmentYearFollowsTheSubmission) {
  json doc = full_cn2013_submission();
  doc["year"] = 2020;
  doc["incidents"] = json::array({incident("i-1", "2020-07-01", "regional")});
  EXPECT_EQ(assess_json(cn2013(), doc).grade, "D");
  doc["incidents"] = json::array({incident("i-1", "2020-06-30", "regional")});
  EXPECT_EQ(assess_json(cn2013(), doc).grade, "A");
}

// ---- cn-2013: misreporting (Art. 9) ---------------------------------------------------------

Result cn2013_verified(const json& self, const json& verified) {
  json doc = full_cn2013_submission();
  for (const auto& [id, value] : self.items()) doc["self_evaluation"][id] = value;
  doc["verification"] = verified;
  return assess_json(cn2013(), doc);
}

// Art. 9: overstated when the self-evaluated points exceed the verified ones by MORE than 10% of
// the point's maximum: 15 points -> 1.5.
TEST(Misreporting, Art9ExactlyTenPercentIsNotOverstated) {
  const Result result = cn2013_verified(json::object(), {{"manufacturing_pass_rate", 92.5}});  // 13.5
  EXPECT_EQ(node_points(result, "manufacturing_pass_rate"), fx("13.5"));
  EXPECT_EQ(leaf_outcome(result, "manufacturing_pass_rate").self_points(), fx("15"));
  EXPECT_EQ(count_findings(result, FindingKind::overstated), 0);
  EXPECT_FALSE(has_condition(result, "misreporting"));
  const auto ids = consequence_ids(result);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "criticism_notice"), 0);
}

TEST(Misreporting, Art9JustAboveTenPercentIsOverstated) {
  // 0.5033 short x 3 = 1.5099 lost -> 13.49: 1.51 below the self-evaluated 15.
  const Result result = cn2013_verified(json::object(), {{"manufacturing_pass_rate", 92.4967}});
  EXPECT_EQ(node_points(result, "manufacturing_pass_rate"), fx("13.49"));
  ASSERT_EQ(count_findings(result, FindingKind::overstated), 1);
  EXPECT_TRUE(has_finding(result, FindingKind::overstated, "manufacturing_pass_rate"));
  EXPECT_NE(result.findings[0].detail.en.find("overstated by 1.51, more than 10% of its maximum (Art. 9)"),
            std::string::npos)
      << result.findings[0].detail.en;
  // cn-2013: a criticism notice, no change of score or grade.
  EXPECT_TRUE(has_condition(result, "misreporting"));
  EXPECT_EQ(result.total, fx("98.49"));
  EXPECT_EQ(result.grade, "A");
  EXPECT_FALSE(result.vetoed);
  EXPECT_EQ(consequence_ids(result),
            (std::vector<std::string>{"commendation", "cadre_management", "criticism_notice"}));
}

TEST(Misreporting, Art9LevelsOverstatedAndUnderstated) {
  // 3 points: excellent 3 against good 2.4 is 0.6 over, more than 0.3.
  EXPECT_TRUE(has_finding(cn2013_verified(json::object(), {{"development_plan", "good"}}),
                          FindingKind::overstated, "development_plan"));
  // 3.5 points: 3.5 against 2.8 is 0.7 over, more than 0.35.
  EXPECT_TRUE(has_finding(cn2013_verified(json::object(), {{"quality_workforce", "good"}}),
                          FindingKind::overstated, "quality_workforce"));
  // Self-evaluated below the verified level is no misreporting.
  const Result modest = cn2013_verified({{"development_plan", "good"}}, {{"development_plan", "excellent"}});
  EXPECT_EQ(count_findings(modest, FindingKind::overstated), 0);
  EXPECT_EQ(node_points(modest, "development_plan"), fx("3"));
  // Verified equal to self-evaluated: nothing.
  EXPECT_TRUE(cn2013_verified(json::object(), {{"development_plan", "excellent"}}).findings.empty());
}

TEST(Misreporting, ToleranceIsPerScheme) {
  json doc = one_leaf_scheme({{"type", "direct"}}, 10);
  doc["misreporting"] = {{"overstatement_tolerance", 0}};
  json sub = submission({{"leaf", 8}});
  sub["verification"] = {{"leaf", 7.99}};
  EXPECT_TRUE(has_finding(assess_json(scheme_from(doc), sub), FindingKind::overstated, "leaf"));
  sub["verification"] = {{"leaf", 8}};
  EXPECT_FALSE(has_finding(assess_json(scheme_from(doc), sub), FindingKind::overstated, "leaf"));
}

// Art. 9: an incident found by verification but not reported in the self-evaluation is concealed.
TEST(Misreporting, Art9ConcealedIncident) {
  json doc = full_cn2013_submission();
  doc["incidents"] = json::array({incident("i-7", "2019-11-11", "local", false)});
  const Result result = assess_json(cn2013(), doc);
  ASSERT_EQ(count_findings(result, FindingKind::concealed), 1);
  EXPECT_TRUE(has_finding(result, FindingKind::concealed, "i-7"));
  ASSERT_TRUE(has_condition(result, "misreporting"));
  EXPECT_EQ(result.reason(result.conditions[0]).en, "found concealed (i-7)");
  EXPECT_EQ(result.grade, "A");
  EXPECT_EQ(result.total, fx("100"));
  EXPECT_EQ(consequence_ids(result),
            (std::vector<std::string>{"commendation", "cadre_management", "criticism_notice"}));
  // Outside the assessment year it is not this year's concealment.
  doc["incidents"] = json::array({incident("i-7", "2019-01-11", "local", false)});
  EXPECT_EQ(count_findings(assess_json(cn2013(), doc), FindingKind::concealed), 0);
  // Reported: nothing.
  doc["incidents"] = json::array({incident("i-7", "2019-11-11", "local", true)});
  EXPECT_TRUE(assess_json(cn2013(), doc).findings.empty());
}

// Concealing a regional incident: the veto and the criticism notice both apply.
TEST(Misreporting, Art5And9ConcealedRegionalIncident) {
  json doc = full_cn2013_submission();
  doc["incidents"] = json::array({incident("i-8", "2020-02-02", "regional", false)});
  const Result result = assess_json(cn2013(), doc);
  EXPECT_EQ(result.grade, "D");
  EXPECT_TRUE(result.vetoed);
  EXPECT_TRUE(has_condition(result, "systemic_incident"));
  EXPECT_TRUE(has_condition(result, "misreporting"));
  auto expected = kD;
  expected.push_back("criticism_notice");
  EXPECT_EQ(consequence_ids(result), expected);
}

// "A scheme may instead downgrade" for misreporting.
TEST(Misreporting, SchemeMayDowngradeInstead) {
  json doc = json::parse(builtin_scheme_document("cn-2013"));
  doc["conditions"][1]["effect"] = {{"type", "downgrade"}, {"levels", 1}};
  const SchemePtr scheme = scheme_from(doc);
  json sub = full_cn2013_submission();
  sub["verification"] = {{"development_plan", "good"}};
  const Result result = assess_json(scheme, sub);
  EXPECT_EQ(result.total, fx("99.4"));
  EXPECT_EQ(result.grade_before_conditions, "A");
  EXPECT_EQ(result.grade, "B");
  EXPECT_FALSE(result.vetoed);
}

// ---- consequences (Art. 7, 8, 9) ------------------------------------------------------------

// cn-2013 submissions at a given grade by score alone.
Result cn2013_grade(const std::string& grade) {
  json doc = full_cn2013_submission();
  json& self = doc["self_evaluation"];
  if (grade != "A") self["construction_acceptance_rate"] = 93;  // 90
  if (grade == "B") self["development_plan"] = "none";          // 87
  if (grade == "C" || grade == "D") {
    self["manufacturing_pass_rate"] = 88;  // 75
    if (grade == "D") {
      self["agri_monitoring_pass_rate"] = 91;  // 60
      self["development_plan"] = "poor";       // 57.9
    }
  }
  return assess_json(cn2013(), doc);
}

// Art. 7: grade A is commended; Art. 8: every result goes to the cadre management authorities.
TEST(Consequences, Art7GradeAIsCommended) {
  const Result result = cn2013_grade("A");
  ASSERT_EQ(result.grade, "A");
  ASSERT_EQ(consequence_ids(result), (std::vector<std::string>{"commendation", "cadre_management"}));
  EXPECT_EQ(result.consequences[0].article(), "Art. 7");
  EXPECT_FALSE(result.consequences[0].due_months_after_announcement().has_value());
}

// Art. 8: every grade.
TEST(Consequences, Art8EveryGradeGoesToCadreManagement) {
  for (const std::string grade : {"A", "B", "C", "D"}) {
    const Result result = cn2013_grade(grade);
    ASSERT_EQ(result.grade, grade);
    const auto ids = consequence_ids(result);
    EXPECT_NE(std::find(ids.begin(), ids.end(), "cadre_management"), ids.end()) << grade;
  }
  EXPECT_EQ(consequence_ids(cn2013_grade("B")), (std::vector<std::string>{"cadre_management"}));
  EXPECT_EQ(consequence_ids(cn2013_grade("C")), (std::vector<std::string>{"cadre_management"}));
  EXPECT_EQ(cn2013_grade("B").total, fx("87"));
  EXPECT_EQ(cn2013_grade("C").total, fx("75"));
}

// Art. 7: grade D (by score) brings the written report within one month, the awards bar, the
// tightened support and interviews.
TEST(Consequences, Art7GradeD) {
  const Result result = cn2013_grade("D");
  ASSERT_EQ(result.total, fx("57.9"));
  ASSERT_EQ(result.grade, "D");
  EXPECT_FALSE(result.vetoed);
  ASSERT_EQ(consequence_ids(result), kD);
  const ConsequenceOutcome& report = result.consequences[0];
  EXPECT_EQ(report.id(), "rectification_report");
  EXPECT_EQ(report.article(), "Art. 7");
  EXPECT_EQ(report.due_months_after_announcement(), 1);
  EXPECT_NE(report.text().zh.find("一个月内"), std::string::npos);
  for (std::size_t i = 1; i < result.consequences.size(); ++i) {
    EXPECT_FALSE(result.consequences[i].due_months_after_announcement().has_value())
        << result.consequences[i].id();
  }
  EXPECT_EQ(result.consequences.back().article(), "Art. 8");
}

}  // namespace
}  // namespace qa::testing
