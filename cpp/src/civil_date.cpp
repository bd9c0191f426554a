#include "qualityassess/civil_date.hpp"

#include <cstdio>

#include "qualityassess/errors.hpp"
#include "value_wording.hpp"

namespace qa {

namespace {
bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }
bool all_digits(const std::string& s, std::size_t from, std::size_t count) {
  for (std::size_t i = from; i < from + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}
// The number written by digits already checked by all_digits: std::stoi of a substring cost more
// than the rest of reading an incident (a temporary string and strtol for each field).
int digits_value(const std::string& s, std::size_t from, std::size_t count) {
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (s[i] - '0');
  return value;
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
  const int year = digits_value(text, 0, 4);
  const int month = digits_value(text, 5, 2);
  const int day = digits_value(text, 8, 2);
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

CivilDate add_days(const CivilDate& date, long days) {
  // Howard Hinnant's civil_from_days.
  long z = date.days_since_epoch() + days + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const long y = static_cast<long>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
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

namespace {
CivilDate date_of(int year, const PeriodDate& date) {
  return {year + date.year_offset, date.on.month, date.on.day};
}
}  // namespace

AssessmentCalendar assessment_calendar(int year, const AssessmentPeriod& period) {
  if (year < kMinAssessmentYear || year > kMaxAssessmentYear) {
    const detail::Wording wording = detail::year_outside(std::to_string(year));
    throw InputError("bad assessment year", {{"/year", wording.en, wording.zh}});
  }
  AssessmentCalendar calendar;
  calendar.year = year;
  calendar.year_start = {year, period.start.month, period.start.day};
  calendar.first_day = calendar.year_start.days_since_epoch();
  calendar.last_day = CivilDate{year + 1, period.start.month, period.start.day}.days_since_epoch() - 1;
  calendar.year_end = add_days(calendar.year_start, calendar.last_day - calendar.first_day);
  calendar.targets_due = date_of(year, period.targets_due);
  calendar.self_evaluation_due = date_of(year, period.self_evaluation_due);
  calendar.report_due = date_of(year, period.report_due);
  calendar.rectification_months = period.rectification_months;
  calendar.rectification_days = period.rectification_days;
  return calendar;
}

CivilDate AssessmentCalendar::rectification_due(const CivilDate& announced) const {
  if (rectification_days > 0) return add_days(announced, rectification_days);
  return add_months(announced, rectification_months);
}

CivilDate rectification_due(const CivilDate& announced) { return add_months(announced, 1); }

std::optional<MonthDay> parse_month_day(const std::string& text) {
  if (text.size() != 5 || text[2] != '-' || !all_digits(text, 0, 2) || !all_digits(text, 3, 2)) {
    return std::nullopt;
  }
  const MonthDay out{std::stoi(text.substr(0, 2)), std::stoi(text.substr(3, 2))};
  if (!CivilDate::is_valid(2000, out.month, out.day)) return std::nullopt;  // 2000: a leap year
  return out;
}

std::string month_day_text(const MonthDay& month_day) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d-%02d", month_day.month, month_day.day);
  return buffer;
}

std::vector<Issue> period_problems(const AssessmentPeriod& period, const std::string& path) {
  std::vector<Issue> out;
  auto is_feb29 = [](const MonthDay& d) { return d.month == 2 && d.day == 29; };
  if (is_feb29(period.start)) {
    out.push_back(
        {path + "/start",
         "'02-29' cannot start a period: not every year has 29 February (start on 03-01 or end on "
         "02-28 instead)",
         "考核周期不能从 '02-29' 开始：并非每年都有 2 月 29 日（请改为从 03-01 开始或到 02-28 结束）"});
  }
  const std::pair<const char*, const PeriodDate*> deadlines[] = {
      {"targets_due", &period.targets_due},
      {"self_evaluation_due", &period.self_evaluation_due},
      {"report_due", &period.report_due}};
  bool dated = true;
  for (const auto& [key, date] : deadlines) {
    if (is_feb29(date->on)) {
      out.push_back(
          {path + "/" + key + "/month_day",
           "'02-29' cannot be a yearly deadline: not every year has 29 February (use 02-28 or 03-01)",
           "每年的截止日期不能是 '02-29'：并非每年都有 2 月 29 日（请用 02-28 或 03-01）"});
      dated = false;
    }
  }
  if (!dated || is_feb29(period.start)) return out;
  // The order of the deadlines does not depend on the year once 29 February is excluded.
  const AssessmentCalendar c = assessment_calendar(2001, period);
  if (!(c.targets_due < c.self_evaluation_due)) {
    out.push_back({path + "/self_evaluation_due",
                   "must fall after the targets are due (" + c.targets_due.to_string() +
                       " for year 2001), not on " + c.self_evaluation_due.to_string(),
                   "应晚于质量目标的报送截止日期（2001 年度为 " + c.targets_due.to_string() + "），而不是 " +
                       c.self_evaluation_due.to_string()});
  }
  if (c.report_due < c.self_evaluation_due) {
    out.push_back({path + "/report_due",
                   "must not fall before the self-evaluation is due (" + c.self_evaluation_due.to_string() +
                       " for year 2001), not on " + c.report_due.to_string(),
                   "不能早于自评报告的报送截止日期（2001 年度为 " + c.self_evaluation_due.to_string() +
                       "），而不是 " + c.report_due.to_string()});
  }
  if (c.self_evaluation_due < c.year_start) {
    out.push_back({path + "/self_evaluation_due",
                   "must not fall before the period starts (" + c.year_start.to_string() +
                       " for year 2001), not on " + c.self_evaluation_due.to_string(),
                   "不能早于考核周期的开始日期（2001 年度为 " + c.year_start.to_string() + "），而不是 " +
                       c.self_evaluation_due.to_string()});
  }
  return out;
}

}  // namespace qa
