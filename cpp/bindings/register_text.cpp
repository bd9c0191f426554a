// Text rules shared by every output: names on one line, and the one sanitiser of plain text
// (text.hpp; docs/security.md, "Text in outputs").
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "qualityassess/text.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {

void register_text(py::module_& m) {
  m.def(
      "single_line_problem", [](const std::string& text) { return single_line_problem(text); },
      py::arg("text"),
      "Why `text` cannot be a name or a code (a line break or a tab in it), or '' when it can.");
  m.def(
      "as_one_line", [](const std::string& text) { return as_one_line(text); }, py::arg("text"),
      "`text` for one line of a plain-text output: control characters and line separators become spaces.");
}

}  // namespace qa::bindings
