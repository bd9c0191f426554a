// The assessment calendar of the measures: Art. 3 (the assessment year), Art. 6 (filing,
// self-evaluation, report) and Art. 7 (the grade-D rectification report).
#include "qualityassess/civil_date.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

CivilDate date(const std::string& text) {
  const auto parsed = CivilDate::parse(text);
  if (!parsed) throw std::invalid_argument("bad date in test: " + text);
  return *parsed;
}

// Art. 3: "An assessment year runs from 1 July to 30 June of the next year."
TEST(Calendar, Art3AssessmentYear2019RunsJuly2019ToJune2020) {
  const AssessmentCalendar calendar = assessment_calendar(2019);
  EXPECT_EQ(calendar.year, 2019);
  EXPECT_EQ(calendar.year_start.to_string(), "2019-07-01");
  EXPECT_EQ(calendar.year_end.to_string(), "2020-06-30");
}

// Art. 3: the first and last day belong to the year, the days either side do not.
TEST(Calendar, Art3ContainsTheEdgesOnly) {
  const AssessmentCalendar calendar = assessment_calendar(2019);
  EXPECT_TRUE(calendar.contains(date("2019-07-01")));
  EXPECT_TRUE(calendar.contains(date("2020-06-30")));
  EXPECT_TRUE(calendar.contains(date("2020-02-29")));
  EXPECT_FALSE(calendar.contains(date("2019-06-30")));
  EXPECT_FALSE(calendar.contains(date("2020-07-01")));
  EXPECT_FALSE(calendar.contains(date("2019-01-15")));
}

// Art. 6.1, 6.2, 6.5: targets by 30 June Y, self-evaluation by 15 July Y+1, report to the State
// Council by the end of September Y+1.
TEST(Calendar, Art6Deadlines) {
  const AssessmentCalendar calendar = assessment_calendar(2019);
  EXPECT_EQ(calendar.targets_due.to_string(), "2019-06-30");
  EXPECT_EQ(calendar.self_evaluation_due.to_string(), "2020-07-15");
  EXPECT_EQ(calendar.report_due.to_string(), "2020-09-30");
  const AssessmentCalendar later = assessment_calendar(2023);
  EXPECT_EQ(later.targets_due.to_string(), "2023-06-30");
  EXPECT_EQ(later.self_evaluation_due.to_string(), "2024-07-15");
  EXPECT_EQ(later.report_due.to_string(), "2024-09-30");
}

// Art. 7: a grade-D region reports "within one month of the announcement": one calendar month,
// clamped to the end of a shorter month.
TEST(Calendar, Art7RectificationDueOneCalendarMonthLater) {
  EXPECT_EQ(rectification_due(date("2020-01-31")).to_string(), "2020-02-29");  // leap year
  EXPECT_EQ(rectification_due(date("2021-01-31")).to_string(), "2021-02-28");
  EXPECT_EQ(rectification_due(date("2019-12-15")).to_string(), "2020-01-15");  // over the year end
  EXPECT_EQ(rectification_due(date("2020-10-12")).to_string(), "2020-11-12");
  EXPECT_EQ(rectification_due(date("2020-08-31")).to_string(), "2020-09-30");
  EXPECT_EQ(rectification_due(date("2019-12-31")).to_string(), "2020-01-31");
}

TEST(Calendar, AddMonthsSeveral) {
  EXPECT_EQ(add_months(date("2019-07-31"), 7).to_string(), "2020-02-29");
  EXPECT_EQ(add_months(date("2019-07-01"), 12).to_string(), "2020-07-01");
  EXPECT_EQ(add_months(date("2100-01-31"), 1).to_string(), "2100-02-28");  // 2100 is not leap
  EXPECT_EQ(add_months(date("2000-01-31"), 1).to_string(), "2000-02-29");  // 2000 is
}

TEST(Calendar, ParseAcceptsValidDates) {
  const auto parsed = CivilDate::parse("2020-02-29");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->year, 2020);
  EXPECT_EQ(parsed->month, 2);
  EXPECT_EQ(parsed->day, 29);
  EXPECT_EQ(parsed->to_string(), "2020-02-29");
  EXPECT_TRUE(CivilDate::parse("2019-12-31").has_value());
}

TEST(Calendar, ParseRejectsImpossibleAndMalformedDates) {
  EXPECT_FALSE(CivilDate::parse("2019-02-29").has_value());  // 2019 is not a leap year
  EXPECT_FALSE(CivilDate::parse("2019-02-30").has_value());
  EXPECT_FALSE(CivilDate::parse("2019-13-01").has_value());
  EXPECT_FALSE(CivilDate::parse("2019-00-10").has_value());
  EXPECT_FALSE(CivilDate::parse("2019-04-31").has_value());
  EXPECT_FALSE(CivilDate::parse("2019-07-00").has_value());
  EXPECT_FALSE(CivilDate::parse("2019-7-1").has_value());
  EXPECT_FALSE(CivilDate::parse("2019/07/01").has_value());
  EXPECT_FALSE(CivilDate::parse("20190701").has_value());
  EXPECT_FALSE(CivilDate::parse("2019-07-01T00:00").has_value());
  EXPECT_FALSE(CivilDate::parse(" 2019-07-1").has_value());
  EXPECT_FALSE(CivilDate::parse("").has_value());
  EXPECT_FALSE(CivilDate::parse("abcd-ef-gh").has_value());
}

TEST(Calendar, IsValidAndDaysInMonth) {
  EXPECT_TRUE(CivilDate::is_valid(2020, 2, 29));
  EXPECT_FALSE(CivilDate::is_valid(1900, 2, 29));
  EXPECT_TRUE(CivilDate::is_valid(2000, 2, 29));
  EXPECT_EQ(days_in_month(2019, 2), 28);
  EXPECT_EQ(days_in_month(2020, 2), 29);
  EXPECT_EQ(days_in_month(2019, 6), 30);
  EXPECT_EQ(days_in_month(2019, 7), 31);
}

TEST(Calendar, OrderingAndDayCounts) {
  EXPECT_TRUE(date("2019-06-30") < date("2019-07-01"));
  EXPECT_TRUE(date("2019-12-31") < date("2020-01-01"));
  EXPECT_FALSE(date("2020-01-01") < date("2020-01-01"));
  EXPECT_TRUE(date("2020-01-01") <= date("2020-01-01"));
  EXPECT_EQ(date("1970-01-01").days_since_epoch(), 0);
  EXPECT_EQ(date("2000-03-01").days_since_epoch(), 11017);
  // Assessment year 2019 holds 29 February 2020: 366 days.
  EXPECT_EQ(date("2020-06-30").days_since_epoch() - date("2019-07-01").days_since_epoch() + 1, 366);
  EXPECT_EQ(date("2019-06-30").days_since_epoch() - date("2018-07-01").days_since_epoch() + 1, 365);
}

// Art. 3: years outside 2000..2200 are rejected as input errors naming /year.
TEST(Calendar, YearsOutsideTheSupportedRangeThrowInputError) {
  EXPECT_NO_THROW(assessment_calendar(2000));
  EXPECT_NO_THROW(assessment_calendar(2200));
  EXPECT_THROW(assessment_calendar(1999), InputError);
  EXPECT_THROW(assessment_calendar(2201), InputError);
  EXPECT_THROW(assessment_calendar(-5), InputError);
  const auto issues = issues_of<InputError>([] { assessment_calendar(1999); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/year");
  EXPECT_NE(issues[0].message.find("1999"), std::string::npos);
  EXPECT_NE(issues[0].message.find("2000..2200"), std::string::npos);
}

}  // namespace
}  // namespace qa::testing
