#include "qualityassess/civil_date.hpp"

#include <cstdio>

#include "qualityassess/errors.hpp"

namespace qa {

namespace {
bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }
bool all_digits(const std::string& s, std::size_t from, std::size_t count) {
  for (std::size_t i = from; i < from + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}
}  // namespace

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return kDays[month - 1];
}

bool CivilDate::is_valid(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

std::optional<CivilDate> CivilDate::parse(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text, 0, 4) ||
      !all_digits(text, 5, 2) || !all_digits(text, 8, 2)) {
    return std::nullopt;
  }
  const int year = std::stoi(text.substr(0, 4));
  const int month = std::stoi(text.substr(5, 2));
  const int day = std::stoi(text.substr(8, 2));
  if (!is_valid(year, month, day)) return std::nullopt;
  return CivilDate{year, month, day};
}

std::string CivilDate::to_string() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

bool CivilDate::operator<(const CivilDate& o) const {
  if (year != o.year) return year < o.year;
  if (month != o.month) return month < o.month;
  return day < o.day;
}

long CivilDate::days_since_epoch() const {
  // Howard Hinnant's days_from_civil.
  const int y = month <= 2 ? year - 1 : year;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(month > 2 ? month - 3 : month + 9);
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

CivilDate add_months(const CivilDate& date, int months) {
  int index = date.year * 12 + (date.month - 1) + months;
  CivilDate out;
  out.year = index / 12;
  out.month = index % 12 + 1;
  const int last = days_in_month(out.year, out.month);
  out.day = date.day > last ? last : date.day;
  return out;
}

AssessmentCalendar assessment_calendar(int year) {
  if (year < kMinAssessmentYear || year > kMaxAssessmentYear) {
    throw InputError(
        "bad assessment year",
        {{"/year", "assessment year " + std::to_string(year) + " is outside " +
                       std::to_string(kMinAssessmentYear) + ".." + std::to_string(kMaxAssessmentYear)}});
  }
  AssessmentCalendar calendar;
  calendar.year = year;
  calendar.year_start = {year, 7, 1};
  calendar.year_end = {year + 1, 6, 30};
  calendar.targets_due = {year, 6, 30};
  calendar.self_evaluation_due = {year + 1, 7, 15};
  calendar.report_due = {year + 1, 9, 30};
  return calendar;
}

CivilDate rectification_due(const CivilDate& announced) { return add_months(announced, 1); }

}  // namespace qa
