// The core's exception hierarchy, mapped once: SchemeError and InputError (both ValueError),
// each carrying `issues`, a list of (path, message) pairs.
#include <pybind11/pybind11.h>

#include "py_json.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

// `issues` in English (what programs match on) and `issues_zh` in Chinese, where the core words
// a problem in Chinese too (the English otherwise): the CLI and the notebook show the user's.
void raise_with_issues(PyObject* type, const Error& error) {
  py::list issues;
  py::list issues_zh;
  for (const Issue& issue : error.issues()) {
    issues.append(py::make_tuple(issue.path, issue.message));
    issues_zh.append(py::make_tuple(issue.path, issue.message_zh.empty() ? issue.message : issue.message_zh));
  }
  py::object instance = py::reinterpret_borrow<py::object>(type)(error.what());
  instance.attr("issues") = issues;
  instance.attr("issues_zh") = issues_zh;
  PyErr_SetObject(type, instance.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
  static py::exception<SchemeError> scheme_error(m, "SchemeError", PyExc_ValueError);
  static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
  scheme_error.doc() = "A scheme document is invalid; `issues` lists (JSON path, message).";
  input_error.doc() = "A submission or argument is invalid; `issues` lists (path, message).";
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const SchemeError& error) {
      raise_with_issues(scheme_error.ptr(), error);
    } catch (const InputError& error) {
      raise_with_issues(input_error.ptr(), error);
    } catch (const std::overflow_error& error) {
      // Exact arithmetic ran out of range: the scheme's numbers cannot be handled exactly.
      raise_with_issues(scheme_error.ptr(), SchemeError("invalid scheme", {{"", error.what()}}));
    }
  });

  // Documents from outside (files from the regions, campaign journals) parsed under the core's
  // limits: duplicate keys, nesting, sizes, invalid text (docs/security.md). Python's json
  // module accepts duplicate keys (the last wins), NaN and unpaired surrogates.
  m.def(
      "parse_json",
      [](const py::str& text, const std::string& kind) {
        const DocumentKind document_kind = kind == "scheme"       ? DocumentKind::scheme
                                           : kind == "submission" ? DocumentKind::submission
                                                                  : DocumentKind::other;
        return from_json(parse_text(text, document_kind));
      },
      py::arg("text"), py::arg("kind") = "other",
      "Parse JSON text strictly; raises SchemeError (kind 'scheme') or InputError naming the path.");
  m.def("document_limits", [] {
    py::dict limits;
    limits["max_bytes"] = kDocumentLimits.max_bytes;
    limits["max_depth"] = kDocumentLimits.max_depth;
    limits["max_string_bytes"] = kDocumentLimits.max_string_bytes;
    limits["max_items"] = kDocumentLimits.max_items;
    limits["max_incidents"] = kMaxIncidents;
    return limits;
  });
}

}  // namespace qa::bindings
