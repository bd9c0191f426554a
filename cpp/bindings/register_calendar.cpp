// The assessment calendar (Art. 3, 6, 7) as datetime.date values.
#include <pybind11/pybind11.h>
#include <pybind11/typing.h>

#include "qualityassess/civil_date.hpp"
#include "qualityassess/errors.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

py::object to_date(const CivilDate& date) {
  static const py::object date_type = py::module_::import("datetime").attr("date");
  return date_type(date.year, date.month, date.day);
}

CivilDate from_date(py::handle value) {
  static const py::object date_type = py::module_::import("datetime").attr("date");
  if (py::isinstance<py::str>(value)) {
    const auto text = value.cast<std::string>();
    if (auto parsed = CivilDate::parse(text)) return *parsed;
    throw InputError("bad date", {{"date", "'" + text + "' is not a date (YYYY-MM-DD)"}});
  }
  if (!py::isinstance(value, date_type)) {
    throw InputError("bad date", {{"date", "expected a datetime.date or 'YYYY-MM-DD'"}});
  }
  return {value.attr("year").cast<int>(), value.attr("month").cast<int>(), value.attr("day").cast<int>()};
}

}  // namespace

void register_calendar(py::module_& m) {
  m.def(
      "assessment_calendar",
      [](int year) {
        const AssessmentCalendar calendar = assessment_calendar(year);
        py::typing::Dict<py::str, py::object> out;  // typed for the generated _core.pyi
        out["year"] = calendar.year;
        out["year_start"] = to_date(calendar.year_start);
        out["year_end"] = to_date(calendar.year_end);
        out["targets_due"] = to_date(calendar.targets_due);
        out["self_evaluation_due"] = to_date(calendar.self_evaluation_due);
        out["report_due"] = to_date(calendar.report_due);
        return out;
      },
      py::arg("year"));
  m.def(
      "rectification_due",
      [](py::handle announced) { return to_date(rectification_due(from_date(announced))); },
      py::arg("announced"));
}

}  // namespace qa::bindings
