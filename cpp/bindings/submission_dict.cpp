#include "submission_dict.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "py_json.hpp"
#include "py_view.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "submission_reader.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

using nlohmann::json;

// The value sections of the dict, read when the binder asks: the reader hands each over
// (PySource::value_map) once it has found it to be a dict.
class DictSections final : public SectionSource {
 public:
  void take(ValueSection section, PyObject* value) {
    // Owned: converting other members may run Python code (item(), isoformat()).
    sections_[static_cast<std::size_t>(section)] = py::reinterpret_borrow<py::object>(value);
  }

  void for_each(ValueSection section, IssueList& issues, const Visit& visit) const override {
    const py::object& dict = sections_[static_cast<std::size_t>(section)];
    if (!dict) return;
    if (static_cast<std::size_t>(PyDict_Size(dict.ptr())) > kDocumentLimits.max_items) {
      issues.add("", "too many members", "成员过多");
      return;
    }
    json& text = text_;
    Py_ssize_t position = 0;
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    while (PyDict_Next(dict.ptr(), &position, &key, &value)) {
      Py_ssize_t size = 0;
      const char* name = PyUnicode_Check(key) ? PyView::utf8(key, &size) : nullptr;
      if (name == nullptr) {
        PyErr_Clear();
        issues.add("", "a key that is not text", "有一个键不是文字");
        continue;
      }
      // The key's own UTF-8, which the str keeps as long as the dict holds it. It is not checked
      // as check_document would here: the binder takes only the ids of the scheme, which were
      // checked with the scheme's document, and names any other a problem, which sends the dict
      // the general way (bind_dict_in_place), where check_document checks it.
      const std::string_view id(name, static_cast<std::size_t>(size));
      if (Py_TYPE(value) == &PyUnicode_Type) {
        Py_ssize_t length = 0;
        const char* data = PyView::utf8(value, &length);
        if (data != nullptr) {  // as member_to_json converts it, into a buffer that is kept
          // Likewise a str: the binder takes one only as a level of the scheme (its id or label).
          // clear() and append() rather than assign(), which allows for the text overlapping the
          // buffer, at twice the cost of the rest of taking a level.
          std::string& buffer = text.get_ref<std::string&>();
          buffer.clear();
          buffer.append(data, static_cast<std::size_t>(length));
          visit(id, text);
          continue;
        }
        PyErr_Clear();  // an unpaired surrogate: member_to_json names the problem
      }
      if (Py_TYPE(value) == &PyFloat_Type && std::isfinite(PyFloat_AS_DOUBLE(value))) {
        visit(id, json(PyFloat_AS_DOUBLE(value)));
        continue;
      }
      if (Py_TYPE(value) == &PyLong_Type) {
        int overflow = 0;
        const long long whole = PyLong_AsLongLongAndOverflow(value, &overflow);
        if (overflow == 0 && !(whole == -1 && PyErr_Occurred())) {
          visit(id, json(static_cast<std::int64_t>(whole)));
          continue;
        }
        PyErr_Clear();  // too large: member_to_json names the problem
      }
      // Converting may run Python code: the key (whose UTF-8 `id` is) and the value are held.
      const py::object held_key = py::reinterpret_borrow<py::object>(key);
      const py::object held = py::reinterpret_borrow<py::object>(value);
      // Depths as the whole document's: the root 0 (1 for check_document), a section 1, a member 2.
      const json converted = member_to_json(held, 2, issues);
      check_document_member(std::string(id), converted, 3, issues);
      visit(id, converted);
    }
  }

 private:
  std::array<py::object, 5> sections_;  // by ValueSection
  // One buffer for every value that is a str (most are levels), over all the sections.
  mutable json text_ = std::string();
};

// Whether `value` holds only what converting it runs no Python code for: exact dicts with str
// keys, lists, tuples, strs, ints, floats, bools and None, at most `depth_left` levels deep.
bool is_plain(PyObject* value, int depth_left) {
  if (PyUnicode_CheckExact(value) || PyFloat_CheckExact(value) || PyLong_CheckExact(value) ||
      PyBool_Check(value) || value == Py_None)
    return true;
  if (depth_left <= 0) return false;
  if (PyDict_CheckExact(value)) {
    Py_ssize_t position = 0;
    PyObject* key = nullptr;
    PyObject* member = nullptr;
    while (PyDict_Next(value, &position, &key, &member)) {
      if (!PyUnicode_CheckExact(key) || !is_plain(member, depth_left - 1)) return false;
    }
    return true;
  }
  if (PyList_CheckExact(value) || PyTuple_CheckExact(value)) {
    const Py_ssize_t size = PySequence_Fast_GET_SIZE(value);
    for (Py_ssize_t i = 0; i < size; ++i) {
      if (!is_plain(PySequence_Fast_GET_ITEM(value, i), depth_left - 1)) return false;
    }
    return true;
  }
  return false;
}

// What the core's submission reader (submission_reader.hpp) keeps of a dict: the value sections
// go to DictSections, and a value kept as given (meta) is converted to JSON and checked as in a
// whole document. A meta that converting would run Python code for (a date, a NumPy scalar) is a
// problem here, so that the caller reads the document the general way: the reader's borrowed
// view of the dict must not change under it.
class PySource {
 public:
  PySource(DictSections& sections, IssueList& issues) : sections_(sections), issues_(issues) {}

  json take(const PyObject& value, int depth) {
    PyObject* object = PyView::raw(value);
    if (!is_plain(object, kDocumentLimits.max_depth - depth)) {
      issues_.add("", "a value converted the general way", "按一般方式转换的值");
      return nullptr;
    }
    // The converter counts the root as 0, check_document as 1.
    json converted = member_to_json(py::handle(object), depth - 1, issues_);
    check_document_member("meta", converted, depth, issues_);
    return converted;
  }

  ValueMap value_map(ValueSection section, const PyObject& object) {
    sections_.take(section, PyView::raw(object));
    return {};
  }

 private:
  DictSections& sections_;
  IssueList& issues_;
};

}  // namespace

std::optional<BoundSubmission> bind_dict_in_place(const Scheme& scheme, py::handle document) {
  if (!PyDict_CheckExact(document.ptr())) return std::nullopt;
  DictSections sections;
  IssueList issues;
  PySource source(sections, issues);
  try {
    Submission rest = detail::read_submission_document<PyView>(*document.ptr(), source);
    if (!issues.empty()) return std::nullopt;
    return bind_for_assessment(scheme, std::move(rest), sections);
  } catch (const InputError&) {
    return std::nullopt;
  }
}

}  // namespace qa::bindings
