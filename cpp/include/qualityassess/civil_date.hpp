// Calendar dates and the assessment calendar of the measures (Art. 3, 6, 7).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "qualityassess/errors.hpp"

namespace qa {

struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;

  // Parses "YYYY-MM-DD" strictly; nullopt for malformed or impossible dates (2019-02-30).
  static std::optional<CivilDate> parse(const std::string& text);
  static bool is_valid(int year, int month, int day);
  std::string to_string() const;
  long days_since_epoch() const;  // days since 1970-01-01, for day differences

  bool operator==(const CivilDate& o) const { return year == o.year && month == o.month && day == o.day; }
  bool operator!=(const CivilDate& o) const { return !(*this == o); }
  bool operator<(const CivilDate& o) const;
  bool operator<=(const CivilDate& o) const { return !(o < *this); }
};

int days_in_month(int year, int month);

// The same day one or more calendar months later, clamped to the month's end
// (31 January + 1 month = 28/29 February).
CivilDate add_months(const CivilDate& date, int months);
CivilDate add_days(const CivilDate& date, long days);

// A day of the year, without the year: "07-01". 29 February is refused where a period needs it
// (not every year has one).
struct MonthDay {
  int month = 1;
  int day = 1;
  bool operator==(const MonthDay& o) const { return month == o.month && day == o.day; }
};

// A deadline fixed relative to assessment year Y: the month-day in year Y + year_offset.
struct PeriodDate {
  MonthDay on;
  int year_offset = 0;
  bool operator==(const PeriodDate& o) const { return on == o.on && year_offset == o.year_offset; }
};

// The assessment period a scheme declares (docs/scheme-language.md, "The assessment period"):
// year Y starts on `start` of year Y and ends the day before `start` of year Y+1. The defaults
// are the measures' (cn-2013): 1 July - 30 June (Art. 3), targets by 30 June Y (Art. 6.1), the
// self-evaluation by 15 July Y+1 (Art. 6.2), the report by 30 September Y+1 (Art. 6.5), and
// the lowest grade's rectification report one calendar month after the announcement (Art. 7).
struct AssessmentPeriod {
  MonthDay start{7, 1};
  PeriodDate targets_due{{6, 30}, 0};
  PeriodDate self_evaluation_due{{7, 15}, 1};
  PeriodDate report_due{{9, 30}, 1};
  int rectification_months = 1;  // calendar months after the announcement (Art. 7) ...
  int rectification_days = 0;    // ... or, when > 0, days after it instead

  bool operator==(const AssessmentPeriod& o) const {
    return start == o.start && targets_due == o.targets_due && self_evaluation_due == o.self_evaluation_due &&
           report_due == o.report_due && rectification_months == o.rectification_months &&
           rectification_days == o.rectification_days;
  }
  bool operator!=(const AssessmentPeriod& o) const { return !(*this == o); }
};

// The one rule for "is this day within the assessment year": first <= day <= last, on day
// numbers (CivilDate::days_since_epoch). AssessmentCalendar::contains and the batch's
// per-incident check both call it.
inline bool within_period(long day, long first_day, long last_day) {
  return first_day <= day && day <= last_day;
}

// The dates of assessment year Y under a period (by default the measures', Art. 3).
struct AssessmentCalendar {
  int year = 0;
  CivilDate year_start;           // the period's start in Y (1 July Y)
  CivilDate year_end;             // the day before its start in Y+1 (30 June Y+1)
  CivilDate targets_due;          // 30 June Y: targets for the year filed before it (Art. 6.1)
  CivilDate self_evaluation_due;  // 15 July Y+1 (Art. 6.2)
  CivilDate report_due;           // 30 September Y+1: report to the State Council (Art. 6.5)
  long first_day = 0;             // year_start and year_end as day numbers
  long last_day = 0;
  int rectification_months = 1;
  int rectification_days = 0;

  bool contains_day(long day) const { return within_period(day, first_day, last_day); }
  bool contains(const CivilDate& date) const { return contains_day(date.days_since_epoch()); }
  // The lowest grade's rectification report is due this long after the announcement (Art. 7).
  CivilDate rectification_due(const CivilDate& announced) const;
};

constexpr int kMinAssessmentYear = 2000;
constexpr int kMaxAssessmentYear = 2200;

// Throws InputError outside the range above.
AssessmentCalendar assessment_calendar(int year, const AssessmentPeriod& period = AssessmentPeriod{});

// A grade-D region's written rectification report is due one calendar month after the
// announcement (Art. 7), under the default period.
CivilDate rectification_due(const CivilDate& announced);

// A period's problems, each with its JSON path under `path` (e.g. "/period") and worded in English
// and Chinese: a start on 29 February, deadlines out of order (targets, self-evaluation, report).
// Empty when sound.
std::vector<Issue> period_problems(const AssessmentPeriod& period, const std::string& path);

// "07-01" -> {7, 1}; nullopt unless exactly "MM-DD" naming a day of a leap year.
std::optional<MonthDay> parse_month_day(const std::string& text);
std::string month_day_text(const MonthDay& month_day);

}  // namespace qa
