// Calendar dates and the assessment calendar of the measures (Art. 3, 6, 7).
#pragma once

#include <optional>
#include <string>

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

// Assessment year Y runs 1 July Y - 30 June Y+1 (Art. 3).
struct AssessmentCalendar {
  int year = 0;
  CivilDate year_start;           // 1 July Y
  CivilDate year_end;             // 30 June Y+1
  CivilDate targets_due;          // 30 June Y: targets for the year filed before it (Art. 6.1)
  CivilDate self_evaluation_due;  // 15 July Y+1 (Art. 6.2)
  CivilDate report_due;           // 30 September Y+1: report to the State Council (Art. 6.5)

  bool contains(const CivilDate& date) const { return year_start <= date && date <= year_end; }
};

constexpr int kMinAssessmentYear = 2000;
constexpr int kMaxAssessmentYear = 2200;

AssessmentCalendar assessment_calendar(int year);  // throws InputError outside the range above

// A grade-D region's written rectification report is due one calendar month after the
// announcement (Art. 7).
CivilDate rectification_due(const CivilDate& announced);

}  // namespace qa
