// Columnar batch assessment (batch.hpp) on NumPy arrays: arrays of the right dtype are read in
// place (no copy), the GIL is released once the arguments are converted, results come back as
// NumPy arrays. Also the string -> code conversion of level and yes/no columns, which reads
// Python str objects and so holds the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "columns.hpp"
#include "label_table.hpp"
#include "qualityassess/batch.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/submission.hpp"
#include "qualityassess/text.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

// Points in Fixed units, rewritten in place as float64 points (same 8 bytes per value).
template <int Flags>
py::array_t<double> units_as_points(py::array_t<std::int64_t, Flags>& units) {
  auto* data = units.mutable_data();
  const auto n = static_cast<std::size_t>(units.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double points = static_cast<double>(data[i]) / static_cast<double>(Fixed::kScale);
    std::memcpy(&data[i], &points, sizeof points);
  }
  return py::reinterpret_steal<py::array_t<double>>(units.attr("view")(py::dtype::of<double>()).release());
}

py::dict assess_columns(const std::shared_ptr<Scheme>& scheme, std::size_t regions, const py::object& year,
                        const py::dict& numbers, const py::dict& codes, const py::dict& counts,
                        const py::object& incidents, int threads, bool node_points) {
  Converted converted;
  convert_columns(*scheme, regions, year, numbers, codes, counts, incidents, converted);
  const EvaluationPlan plan(scheme);
  const auto n = static_cast<py::ssize_t>(regions);
  const auto nodes = static_cast<py::ssize_t>(scheme->nodes.size());
  py::array_t<std::int64_t> total(n);
  py::array_t<std::int32_t> grade(n);
  py::array_t<std::int32_t> grade_before(n);
  py::array_t<bool> vetoed(n);
  py::array_t<std::int32_t> rank(plan.grades_by_rank() ? n : 0);
  // Column-major (Fortran order): each node's points are one contiguous column, so pandas keeps
  // the array as its block and an Arrow table takes each column without a copy.
  py::array_t<std::int64_t, py::array::f_style> points(node_points ? std::vector<py::ssize_t>{n, nodes}
                                                                   : std::vector<py::ssize_t>{0, nodes});
  BatchOutputs outputs;
  outputs.total = total.mutable_data();
  outputs.grade = grade.mutable_data();
  outputs.grade_before_conditions = grade_before.mutable_data();
  static_assert(sizeof(bool) == sizeof(std::uint8_t), "bool arrays are read as bytes");
  outputs.vetoed = reinterpret_cast<std::uint8_t*>(vetoed.mutable_data());
  outputs.rank = plan.grades_by_rank() ? rank.mutable_data() : nullptr;
  outputs.node_points = node_points ? points.mutable_data() : nullptr;
  outputs.node_points_by_node = true;
  {
    py::gil_scoped_release release;
    plan.run(converted.inputs, outputs, threads);
  }
  py::dict out;
  out["total"] = units_as_points(total);
  out["grade"] = grade;
  out["grade_before_conditions"] = grade_before;
  out["vetoed"] = vetoed;
  if (plan.grades_by_rank()) out["rank"] = rank;
  if (node_points) out["nodes"] = units_as_points(points);
  return out;
}

py::list check_columns(const std::shared_ptr<Scheme>& scheme, std::size_t regions, const py::object& year,
                       const py::dict& numbers, const py::dict& codes, const py::dict& counts,
                       const py::object& incidents, std::size_t limit) {
  Converted converted;
  convert_columns(*scheme, regions, year, numbers, codes, counts, incidents, converted);
  const EvaluationPlan plan(scheme);
  std::vector<BatchIssue> issues;
  {
    py::gil_scoped_release release;
    issues = plan.check(converted.inputs, limit);
  }
  py::list out;
  for (const BatchIssue& issue : issues)
    out.append(py::make_tuple(issue.row, issue.column, issue.message, issue.message_zh));
  return out;
}

// ---- labels to codes ------------------------------------------------------------------------

void require_objects(const py::array& values) {
  if (values.ndim() != 1 || values.dtype().kind() != 'O') {
    throw InputError("invalid argument",
                     {{"values", "must be a one-dimensional array of objects", "应为一维的对象数组"}});
  }
}

constexpr std::int8_t kBlank = LabelTable::kBlank;
constexpr std::int8_t kDeferred = -2;  // not a str, None, float or bool: the caller decides
// (a str not in the table is LabelTable::kUnknown, -3)

py::array_t<std::int8_t> label_codes(const py::array& values, const py::dict& table, bool fold_case,
                                     bool booleans) {
  require_objects(values);
  const LabelTable lookup = label_table(table, fold_case);
  const auto n = static_cast<std::size_t>(values.shape(0));
  py::array_t<std::int8_t> codes(static_cast<py::ssize_t>(n));
  std::int8_t* out = codes.mutable_data();
  const auto stride = values.strides(0);
  const char* base = static_cast<const char*>(values.data());
  // The same str objects repeat down a column: remember them by address (direct-mapped).
  constexpr std::size_t kCache = 64;
  PyObject* seen[kCache] = {};
  std::int8_t seen_code[kCache] = {};
  for (std::size_t i = 0; i < n; ++i) {
    PyObject* item = *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(i) * stride);
    std::int8_t code = kDeferred;
    const std::size_t slot = (reinterpret_cast<std::uintptr_t>(item) >> 4) % kCache;
    const bool cached = seen[slot] == item;
    if (cached) code = seen_code[slot];
    if (!cached) {
      if (item == Py_None) {
        code = kBlank;
      } else if (PyUnicode_Check(item)) {
        Py_ssize_t size = 0;
        const char* text = PyUnicode_AsUTF8AndSize(item, &size);
        if (text == nullptr) throw py::error_already_set();
        code = lookup.find(std::string_view(text, static_cast<std::size_t>(size)));
        seen[slot] = item;
        seen_code[slot] = code;
      } else if (PyFloat_Check(item)) {
        const double v = PyFloat_AS_DOUBLE(item);
        if (std::isnan(v)) {
          code = kBlank;
        } else if (booleans && (v == 0.0 || v == 1.0)) {
          code = v == 1.0 ? 1 : 0;
        }
      } else if (PyBool_Check(item)) {
        code = booleans ? (item == Py_True ? 1 : 0) : kDeferred;
      }
    }
    out[i] = code;
  }
  return codes;
}

// Region codes (or names) of a table checked as the submission reader checks a submission's
// (submission.cpp: one line; a code without full-width digits), so that a table and a document
// are refused for the same text with the same message: (row, English, Chinese). Items that are not
// str are skipped.
py::list region_text_problems(const py::array& values, bool codes, std::size_t limit) {
  require_objects(values);
  py::list out;
  const auto n = static_cast<std::size_t>(values.shape(0));
  const auto stride = values.strides(0);
  const char* base = static_cast<const char*>(values.data());
  for (std::size_t i = 0; i < n && out.size() < limit; ++i) {
    PyObject* item = *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(i) * stride);
    if (!PyUnicode_Check(item)) continue;
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(item, &size);
    if (text == nullptr) throw py::error_already_set();
    const std::string_view view(text, static_cast<std::size_t>(size));
    // Printable ASCII (most codes and many names) holds no line break, tab or full-width digit.
    if (std::all_of(view.begin(), view.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) continue;
    if (std::string problem = single_line_problem(view); !problem.empty()) {
      out.append(py::make_tuple(i, problem, single_line_problem_zh(view)));
    } else if (codes) {
      const std::string code(view);
      if (problem = region_code_problem(code); !problem.empty())
        out.append(py::make_tuple(i, problem, region_code_problem_zh(code)));
    }
  }
  return out;
}

}  // namespace

void register_batch(py::module_& m) {
  m.def("assess_columns", &assess_columns, py::arg("scheme"), py::arg("regions"), py::arg("year"),
        py::arg("numbers"), py::arg("codes"), py::arg("counts"), py::arg("incidents"), py::arg("threads") = 0,
        py::arg("node_points") = true,
        "Assess regions held as columns (batch.hpp). numbers: '<leaf>.self|verified|target|previous' "
        "and '<adjustment>.value' -> float64 (NaN = not given); codes: '<leaf>.self|verified' -> int8 "
        "(levels, booleans; checklists as regions x items); counts: deduction leaves, int64 regions x "
        "kinds; year: an int or an int32 array; incidents: None or a dict of arrays region, day, scope, "
        "severity, deaths, reported and lists scope_names, severity_names. Returns a dict of arrays: "
        "total, grade, grade_before_conditions, vetoed, rank (rank grading), nodes (regions x nodes).");
  m.def("check_columns", &check_columns, py::arg("scheme"), py::arg("regions"), py::arg("year"),
        py::arg("numbers"), py::arg("codes"), py::arg("counts"), py::arg("incidents"), py::arg("limit") = 100,
        "The bad values of assess_columns' arguments as (row, column, message, message in Chinese), row -1 "
        "for a column.");
  m.def("region_text_problems", &region_text_problems, py::arg("values"), py::arg("codes"),
        py::arg("limit") = 100,
        "(position, message) of each str in `values` that a submission's reader refuses as a region "
        "code (codes=True) or name: a line break or tab, full-width digits in a code.");
  m.def("label_codes", &label_codes, py::arg("values"), py::arg("table"), py::arg("fold_case") = false,
        py::arg("booleans") = false,
        "Codes of an object array of labels by `table` (label -> 0..127): -1 blank (None, NaN, empty "
        "text), -2 another kind of object, -3 a text not in the table.");
}

}  // namespace qa::bindings
