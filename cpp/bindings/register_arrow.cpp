// Arrow columns in (arrow_columns.hpp): any object with the Arrow PyCapsule interface
// (`__arrow_c_stream__`: a pyarrow ChunkedArray, a Polars Series, an Arrow-backed pandas
// Series) is read through its C stream, with the GIL released, and no Python object per cell.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "label_table.hpp"
#include "qualityassess/arrow_columns.hpp"
#include "qualityassess/errors.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {

LabelTable label_table(const py::dict& table, bool fold_case) {
  LabelTable out(fold_case);
  for (const auto& [key, value] : table) {
    const auto code = py::cast<int>(value);
    if (code < 0 || code > 127)
      throw InputError("invalid argument", {{"table", "codes must be in 0..127", "代码应在 0..127 之间"}});
    out.add(py::cast<std::string>(key), code);
  }
  return out;
}

namespace {

// The stream behind `column.__arrow_c_stream__()`; the capsule stays alive in `capsule`.
ArrowArrayStream& stream_of(const py::handle& column, py::object& capsule) {
  if (!py::hasattr(column, "__arrow_c_stream__")) {
    throw InputError("invalid argument", {{"column", "has no Arrow stream (__arrow_c_stream__)",
                                           "没有 Arrow 数据流 (__arrow_c_stream__)"}});
  }
  capsule = column.attr("__arrow_c_stream__")();
  void* pointer = PyCapsule_GetPointer(capsule.ptr(), "arrow_array_stream");
  if (pointer == nullptr) throw py::error_already_set();
  return *static_cast<ArrowArrayStream*>(pointer);
}

// Runs `read(stream, out)` on the column's stream with the GIL released; a NumPy copy of `out`,
// or None when the column's type is not one `read` takes.
template <class T, class Read>
py::object read_column(const py::handle& column, Read read) {
  py::object capsule;
  ArrowArrayStream& stream = stream_of(column, capsule);
  std::vector<T> values;
  bool taken = false;
  std::vector<Issue> failure;  // the core words its refusals in English and Chinese
  {
    py::gil_scoped_release release;
    try {
      taken = read(stream, values);
    } catch (const Error& error) {
      failure = error.issues();
    } catch (const std::runtime_error& error) {
      failure = {{"", error.what()}};
    }
  }
  if (!failure.empty()) {
    for (Issue& issue : failure) {
      if (issue.path.empty()) issue.path = "column";
    }
    throw InputError("invalid Arrow column", std::move(failure));
  }
  if (!taken) return py::none();
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  if (!values.empty()) std::memcpy(out.mutable_data(), values.data(), values.size() * sizeof(T));
  return std::move(out);
}

// int8 codes of a text, dictionary, boolean or null Arrow column, as label_codes gives them
// for an object array (-1 blank, -3 a text not in the table); None for another type.
py::object arrow_label_codes(const py::handle& column, const py::dict& table, bool fold_case, bool booleans) {
  const LabelTable lookup = label_table(table, fold_case);
  return read_column<std::int8_t>(column, [&](ArrowArrayStream& stream, std::vector<std::int8_t>& codes) {
    return qa::arrow_label_codes(stream, lookup, booleans, codes);
  });
}

// float64 values of a numeric Arrow column, NaN where null; None for another type.
py::object arrow_numbers(const py::handle& column) {
  return read_column<double>(column, [](ArrowArrayStream& stream, std::vector<double>& values) {
    return qa::arrow_numbers(stream, values);
  });
}

}  // namespace

void register_arrow(py::module_& m) {
  m.def("arrow_label_codes", &arrow_label_codes, py::arg("column"), py::arg("table"),
        py::arg("fold_case") = false, py::arg("booleans") = false,
        "Codes of an Arrow column (any object with __arrow_c_stream__) by `table` (label -> 0..127), "
        "read in place: -1 blank (null, empty text), -3 a text not in the table; None when the column "
        "is not text, a dictionary of text, null or (booleans) boolean.");
  m.def("arrow_numbers", &arrow_numbers, py::arg("column"),
        "float64 values of an Arrow column (any object with __arrow_c_stream__) of floats or integers, "
        "NaN where null, read in place; None for another type.");
}

}  // namespace qa::bindings
