// The assessment calendar (Art. 3, 6, 7) as datetime.date values.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/typing.h>

#include <memory>
#include <optional>

#include "qualityassess/civil_date.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/scheme.hpp"
#include "registration.hpp"
#include "wording.hpp"

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
    throw InputError("bad date", {not_a_date("date", text)});
  }
  if (!py::isinstance(value, date_type)) {
    throw InputError("bad date", {{"date", "expected a datetime.date or 'YYYY-MM-DD'",
                                   "应为 datetime.date 或 'YYYY-MM-DD'"}});
  }
  return {value.attr("year").cast<int>(), value.attr("month").cast<int>(), value.attr("day").cast<int>()};
}

}  // namespace

void register_calendar(py::module_& m) {
  // A scheme's own period (issue 16) when one is given, else the measures' (cn-2013's).
  m.def(
      "assessment_calendar",
      [](int year, const std::optional<std::shared_ptr<Scheme>>& scheme) {
        const AssessmentCalendar calendar = scheme ? (*scheme)->calendar(year) : assessment_calendar(year);
        py::typing::Dict<py::str, py::object> out;  // typed for the generated _core.pyi
        out["year"] = calendar.year;
        out["year_start"] = to_date(calendar.year_start);
        out["year_end"] = to_date(calendar.year_end);
        out["targets_due"] = to_date(calendar.targets_due);
        out["self_evaluation_due"] = to_date(calendar.self_evaluation_due);
        out["report_due"] = to_date(calendar.report_due);
        return out;
      },
      py::arg("year"), py::arg("scheme") = py::none());
  m.def(
      "rectification_due",
      [](py::handle announced, const std::optional<std::shared_ptr<Scheme>>& scheme) {
        const CivilDate date = from_date(announced);
        if (!scheme) return to_date(rectification_due(date));
        // The rectification window does not depend on the year: any valid year's calendar has it.
        return to_date((*scheme)->calendar(kMinAssessmentYear).rectification_due(date));
      },
      py::arg("announced"), py::arg("scheme") = py::none());
}

}  // namespace qa::bindings
