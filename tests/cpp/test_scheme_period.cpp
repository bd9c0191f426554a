// The assessment period a scheme declares (/period, docs/scheme-language.md, "The assessment
// period"): the measures' 1 July - 30 June by default (Art. 3, 6, 7), a calendar year or any
// other start, one within-year rule for single and batch assessment.
#include "qualityassess/batch.hpp"
#include "qualityassess/civil_date.hpp"
#include "qualityassess/scheme_io.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

CivilDate day(const std::string& text) { return *CivilDate::parse(text); }

json calendar_year_period() {
  return json::parse(R"({"start": "01-01",
    "targets_due": {"month_day": "03-31", "year": "Y"},
    "self_evaluation_due": {"month_day": "01-15", "year": "Y+1"},
    "report_due": {"month_day": "03-31", "year": "Y+1"},
    "rectification_due": {"days_after_announcement": 30}})");
}

// base_scheme() with a veto on any incident in the year, and `period` when given.
json veto_scheme(const json& period) {
  json doc = base_scheme();
  doc["conditions"] = json::array(
      {condition("any_incident", {{"type", "incident"}}, {{"type", "force_grade"}, {"grade", "D"}}, true)});
  if (!period.is_null()) doc["period"] = period;
  return doc;
}

Result assess_incident(const json& scheme_document, const std::string& date) {
  json sub = submission({{"score", 95}});
  sub["incidents"] = json::array({incident("i-1", date, "regional")});
  return assess_json(scheme_from(scheme_document), sub);
}

// The same region through the batch: one region, "score" 95, one incident on `date`.
int batch_grade(const json& scheme_document, const std::string& date) {
  const SchemePtr scheme = scheme_from(scheme_document);
  const double score[] = {95};
  const std::int32_t region[] = {0};
  const std::int32_t days[] = {static_cast<std::int32_t>(day(date).days_since_epoch())};
  const std::int32_t scope[] = {1};
  BatchInputs in;
  in.regions = 1;
  in.year = 2019;
  LeafColumns columns;
  columns.self.number = score;
  in.leaves.push_back(columns);
  in.incidents.count = 1;
  in.incidents.region = region;
  in.incidents.day = days;
  in.incidents.scope = scope;
  in.incidents.scope_names = {"local", "regional", "systemic"};
  return assess_columns(scheme, in, 1, false).grade[0];
}

// ---- the default: the measures' calendar -------------------------------------------------

// Art. 3, 6, 7: a scheme without /period keeps the measures' year and deadlines.
TEST(SchemePeriod, Art3Art6Art7DefaultIsTheMeasures) {
  EXPECT_FALSE(cn2013()->period_declared);
  EXPECT_TRUE(cn2013()->period == AssessmentPeriod{});
  const AssessmentCalendar calendar = cn2013()->calendar(2019);
  EXPECT_EQ(calendar.year_start.to_string(), "2019-07-01");
  EXPECT_EQ(calendar.year_end.to_string(), "2020-06-30");
  EXPECT_EQ(calendar.targets_due.to_string(), "2019-06-30");
  EXPECT_EQ(calendar.self_evaluation_due.to_string(), "2020-07-15");
  EXPECT_EQ(calendar.report_due.to_string(), "2020-09-30");
  EXPECT_EQ(calendar.rectification_due(day("2021-01-31")).to_string(), "2021-02-28");
}

// Art. 3: cn-2013 is written without /period (its document is unchanged).
TEST(SchemePeriod, Art3DefaultIsNotWritten) { EXPECT_FALSE(write_scheme(*cn2013()).contains("period")); }

// Art. 3: an incident of 30 June 2019 is outside year 2019 of the measures, in single and batch.
TEST(SchemePeriod, Art3DefaultRefusesAJanuaryIncidentBothWays) {
  EXPECT_EQ(assess_incident(veto_scheme(nullptr), "2019-03-01").grade, "A");
  EXPECT_EQ(batch_grade(veto_scheme(nullptr), "2019-03-01"), 0);
  EXPECT_EQ(assess_incident(veto_scheme(nullptr), "2019-07-01").grade, "D");
  EXPECT_EQ(batch_grade(veto_scheme(nullptr), "2019-07-01"), 3);
}

// ---- a calendar-year scheme ----------------------------------------------------------------

TEST(SchemePeriod, CalendarYearRunsFirstJanuaryToThirtyFirstDecember) {
  const SchemePtr scheme = scheme_from(veto_scheme(calendar_year_period()));
  const AssessmentCalendar calendar = scheme->calendar(2019);
  EXPECT_EQ(calendar.year_start.to_string(), "2019-01-01");
  EXPECT_EQ(calendar.year_end.to_string(), "2019-12-31");
  EXPECT_TRUE(calendar.contains(day("2019-01-01")));
  EXPECT_TRUE(calendar.contains(day("2019-12-31")));
  EXPECT_FALSE(calendar.contains(day("2018-12-31")));
  EXPECT_FALSE(calendar.contains(day("2020-01-01")));
  EXPECT_EQ(calendar.targets_due.to_string(), "2019-03-31");
  EXPECT_EQ(calendar.self_evaluation_due.to_string(), "2020-01-15");
  EXPECT_EQ(calendar.report_due.to_string(), "2020-03-31");
  EXPECT_EQ(calendar.rectification_due(day("2020-03-31")).to_string(), "2020-04-30");
}

// The edges and the days either side, through single assessment and the batch alike.
TEST(SchemePeriod, CalendarYearEdgesOneRuleForSingleAndBatch) {
  const json doc = veto_scheme(calendar_year_period());
  for (const std::string inside : {"2019-01-01", "2019-12-31", "2019-03-01"}) {
    EXPECT_EQ(assess_incident(doc, inside).grade, "D") << inside;
    EXPECT_EQ(batch_grade(doc, inside), 3) << inside;
  }
  for (const std::string outside : {"2018-12-31", "2020-01-01"}) {
    EXPECT_EQ(assess_incident(doc, outside).grade, "A") << outside;
    EXPECT_EQ(batch_grade(doc, outside), 0) << outside;
  }
}

// An incident of March 2019 in a calendar-year scheme: the old fixed rule refused it as
// "outside assessment year 2019 (2019-07-01 to 2020-06-30)"; now it counts, and a date outside
// names the scheme's own year.
TEST(SchemePeriod, CalendarYearIncidentTheOldRuleRefused) {
  const json doc = veto_scheme(calendar_year_period());
  EXPECT_TRUE(has_condition(assess_incident(doc, "2019-03-01"), "any_incident"));
  const Result outside = assess_incident(doc, "2020-01-01");
  EXPECT_EQ(why_not(outside, "any_incident"),
            "incident i-1 on 2020-01-01 lies outside assessment year 2019 (2019-01-01 to 2019-12-31)");
  EXPECT_EQ(outside.explain(Lang::en)[0].find("assessment year 2019 (2019-01-01 to 2019-12-31)") ==
                std::string::npos,
            false);
}

// A concealed incident is one inside the year: the scheme's year.
TEST(SchemePeriod, CalendarYearConcealedIncident) {
  json sub = submission({{"score", 95}});
  sub["incidents"] = json::array({incident("i-1", "2019-02-01", "regional", false)});
  EXPECT_EQ(count_findings(assess_json(scheme_from(veto_scheme(calendar_year_period())), sub),
                           FindingKind::concealed),
            1);
  EXPECT_EQ(count_findings(assess_json(scheme_from(veto_scheme(nullptr)), sub), FindingKind::concealed), 0);
}

// A period starting mid-month ends the day before it, over a leap day.
TEST(SchemePeriod, StartMidMonthEndsTheDayBefore) {
  AssessmentPeriod period;
  period.start = {3, 1};
  const AssessmentCalendar calendar = assessment_calendar(2019, period);
  EXPECT_EQ(calendar.year_start.to_string(), "2019-03-01");
  EXPECT_EQ(calendar.year_end.to_string(), "2020-02-29");
  EXPECT_EQ(assessment_calendar(2020, period).year_end.to_string(), "2021-02-28");
}

// ---- the writer ------------------------------------------------------------------------------

TEST(SchemePeriod, WriterRoundTripsThePeriod) {
  const SchemePtr scheme = scheme_from(veto_scheme(calendar_year_period()));
  const json written = write_scheme(*scheme);
  EXPECT_EQ(written["period"], calendar_year_period());
  const SchemePtr again = read_scheme(written);
  EXPECT_TRUE(again->period == scheme->period);
  EXPECT_EQ(write_scheme(*again), written);
}

TEST(SchemePeriod, DeadlinesNotGivenKeepTheDefaults) {
  const SchemePtr scheme = scheme_from(veto_scheme(json::parse(R"({"start": "07-01"})")));
  EXPECT_TRUE(scheme->period == AssessmentPeriod{});
  EXPECT_TRUE(scheme->period_declared);
  EXPECT_EQ(write_scheme(*scheme)["period"]["self_evaluation_due"],
            json::parse(R"({"month_day": "07-15", "year": "Y+1"})"));
}

// ---- validation ------------------------------------------------------------------------------

std::vector<Issue> period_issues(const json& period) { return scheme_issues(veto_scheme(period)); }

TEST(SchemePeriod, Feb29StartRefused) {
  const auto issues = period_issues(json::parse(R"({"start": "02-29"})"));
  EXPECT_TRUE(has_issue(issues, "/period/start", "not every year has 29 February")) << paths(issues).size();
}

TEST(SchemePeriod, Feb29DeadlineRefused) {
  json period = calendar_year_period();
  period["targets_due"]["month_day"] = "02-29";
  EXPECT_TRUE(has_issue(period_issues(period), "/period/targets_due/month_day", "29 February"));
}

TEST(SchemePeriod, UnknownKeyRefusedWithItsPath) {
  json period = calendar_year_period();
  period["ends"] = "12-31";
  EXPECT_FALSE(message_at(period_issues(period), "/period/ends").empty());
  period = calendar_year_period();
  period["report_due"]["day"] = 3;
  EXPECT_FALSE(message_at(period_issues(period), "/period/report_due/day").empty());
}

TEST(SchemePeriod, BadValuesNameTheirPaths) {
  EXPECT_TRUE(has_issue(period_issues(json::parse(R"({"start": "13-01"})")), "/period/start", "MM-DD"));
  EXPECT_TRUE(has_issue(period_issues(json::parse(R"({"start": "7-1"})")), "/period/start", "MM-DD"));
  EXPECT_FALSE(message_at(period_issues(json::object()), "/period/start").empty());
  EXPECT_TRUE(has_issue(period_issues(json::parse(
                            R"({"start": "01-01", "report_due": {"month_day": "03-31", "year": "Y+3"}})")),
                        "/period/report_due/year", "not one of"));
  EXPECT_TRUE(has_issue(period_issues(json::parse(R"({"start": "01-01", "rectification_due": {}})")),
                        "/period/rectification_due", "exactly one"));
  EXPECT_TRUE(has_issue(
      period_issues(json::parse(
          R"({"start": "01-01", "rectification_due": {"months_after_announcement": 1, "days_after_announcement": 30}})")),
      "/period/rectification_due", "exactly one"));
}

TEST(SchemePeriod, DeadlinesOutOfOrderRefused) {
  json period = calendar_year_period();
  period["self_evaluation_due"] = {{"month_day", "03-01"}, {"year", "Y"}};  // before the targets
  EXPECT_TRUE(has_issue(period_issues(period), "/period/self_evaluation_due", "after the targets"));
  period = calendar_year_period();
  period["report_due"] = {{"month_day", "01-14"}, {"year", "Y+1"}};
  EXPECT_TRUE(has_issue(period_issues(period), "/period/report_due", "not fall before the self-evaluation"));
}

// A derived scheme changes the period key by key.
TEST(SchemePeriod, DerivedSchemeSetsThePeriod) {
  const json derived = json::parse(R"({"extends": "cn-2013", "id": "cn-2013-calendar",
    "name": "cn-2013 by calendar year", "period": {"start": "01-01"}})");
  const SchemePtr scheme = read_scheme(derived);
  EXPECT_EQ(scheme->calendar(2019).year_end.to_string(), "2019-12-31");
  EXPECT_EQ(scheme->calendar(2019).targets_due.to_string(), "2019-06-30");
}

}  // namespace
}  // namespace qa::testing
