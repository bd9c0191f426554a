// The core's exceptions, mapped once: SchemeError and InputError, each carrying `issues`, a list
// of (path, message) pairs, and `issues_zh`, the same in Chinese where the core words them so.
//
// Both classes are Python classes (subclasses of ValueError), defined and documented in
// python/qualityassess/_errors.py, which registers them here at import through
// `_set_exception_types`. This module imports no Python (docs/architecture.md, "Layers"): it
// raises whatever classes were registered, and ValueError with the same attributes until then
// (only a bare `_core`, as the stub generator imports it, ever sees that).
#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>

#include "py_json.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

// The registered classes. Strong references kept for the life of the process on purpose: the
// translator may run until the interpreter's last moment, and a py::object in static storage
// would be released after the interpreter is gone.
struct ExceptionTypes {
  PyObject* input = PyExc_ValueError;
  PyObject* scheme = PyExc_ValueError;
};

ExceptionTypes& exception_types() {
  static ExceptionTypes types;
  return types;
}

PyObject* checked_type(const py::type& type, const char* which) {
  const int subclass = PyObject_IsSubclass(type.ptr(), PyExc_ValueError);
  if (subclass < 0) throw py::error_already_set();
  if (subclass == 0) throw py::type_error(std::string(which) + " must be a subclass of ValueError");
  return type.inc_ref().ptr();
}

// `issues` and the message in English (what programs match on); `issues_zh` and `message_zh` in
// Chinese, where the core words a problem in Chinese too (the English otherwise), the heading
// always: the CLI and the notebook show the user's.
void raise_with_issues(PyObject* type, const Error& error) {
  py::list issues;
  py::list issues_zh;
  for (const Issue& issue : error.issues()) {
    issues.append(py::make_tuple(issue.path, issue.message));
    issues_zh.append(py::make_tuple(issue.path, issue.message_zh.empty() ? issue.message : issue.message_zh));
  }
  const auto cls = py::reinterpret_borrow<py::object>(type);
  py::object instance;
  if (type == PyExc_ValueError) {  // nothing registered yet
    instance = cls(error.what());
    instance.attr("issues") = issues;
    instance.attr("issues_zh") = issues_zh;
    instance.attr("message_zh") = error.what_zh();
  } else {
    instance = cls(error.what(), issues, issues_zh, error.what_zh());  // _errors.py's parameters
  }
  PyErr_SetObject(type, instance.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
  m.def(
      "_set_exception_types",
      [](const py::type& input_error, const py::type& scheme_error) {
        PyObject* input = checked_type(input_error, "input_error");
        PyObject* scheme = checked_type(scheme_error, "scheme_error");
        exception_types() = {input, scheme};  // a class registered before stays referenced
      },
      py::arg("input_error"), py::arg("scheme_error"),
      "Register the Python classes the core raises for InputError and SchemeError "
      "(qualityassess._errors does, at import).");
  m.def(
      "heading_zh", &heading_zh, py::arg("heading"),
      "An error heading's Chinese (errors.cpp words them all, the package's too); the English when unknown.");
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const SchemeError& error) {
      raise_with_issues(exception_types().scheme, error);
    } catch (const InputError& error) {
      raise_with_issues(exception_types().input, error);
    } catch (const std::overflow_error& error) {
      // Exact arithmetic ran out of range: the scheme's numbers cannot be handled exactly.
      raise_with_issues(exception_types().scheme, SchemeError("invalid scheme", {{"", error.what()}}));
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
