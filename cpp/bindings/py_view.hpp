// A Python document seen as the core's readers see a JSON one (json_reader.hpp's view), so that a
// submission dict is read by the core's own reader (submission_reader.hpp) in place, without being
// made into JSON first (docs/architecture.md, "One input door").
//
// The view takes only what it can read without running Python code: exact dicts, lists, tuples,
// strs, ints, floats, bools and None. Anything else (a subclass, a date, a NumPy scalar) is not
// what the reader asked for, so the reader records a problem and the caller reads the document
// the general way (py_json.hpp), which converts such values; nothing it reads can change under
// it. Every string it gives is checked as check_document checks a JSON document's, and every key
// that could be taken for anything but a name the reader asks for (for_each_member).
#pragma once

#include <Python.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_reader.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"

namespace qa::bindings {

struct PyView {
  using Node = PyObject;

  static PyObject* raw(const PyObject& node) { return const_cast<PyObject*>(&node); }

  static bool is_object(const PyObject& node) { return PyDict_CheckExact(raw(node)); }
  static bool is_array(const PyObject& node) {
    return PyList_CheckExact(raw(node)) || PyTuple_CheckExact(raw(node));
  }
  static bool is_string(const PyObject& node) { return PyUnicode_CheckExact(raw(node)); }
  static bool is_boolean(const PyObject& node) { return PyBool_Check(raw(node)); }
  static bool boolean(const PyObject& node) { return raw(node) == Py_True; }

  static std::size_t size(const PyObject& node) {
    PyObject* object = raw(node);
    if (PyDict_CheckExact(object)) return static_cast<std::size_t>(PyDict_GET_SIZE(object));
    if (PyList_CheckExact(object)) return static_cast<std::size_t>(PyList_GET_SIZE(object));
    if (PyTuple_CheckExact(object)) return static_cast<std::size_t>(PyTuple_GET_SIZE(object));
    return 0;
  }
  static const PyObject& at(const PyObject& array, std::size_t index) {
    PyObject* object = raw(array);
    const auto i = static_cast<Py_ssize_t>(index);
    return PyList_CheckExact(object) ? *PyList_GET_ITEM(object, i) : *PyTuple_GET_ITEM(object, i);
  }

  // A str's UTF-8, or nullptr with a Python error set when it has none (a lone surrogate). An
  // ASCII str's characters are its UTF-8, and most keys and levels are ASCII ids: those are
  // taken as they are, without a call.
  static const char* utf8(PyObject* text, Py_ssize_t* length) {
    if (PyUnicode_IS_COMPACT_ASCII(text)) {
      *length = PyUnicode_GET_LENGTH(text);
      return static_cast<const char*>(PyUnicode_DATA(text));
    }
    return PyUnicode_AsUTF8AndSize(text, length);
  }

  // A key's UTF-8, or nothing when it is not an exact str or has no UTF-8 form.
  static std::optional<std::string_view> key_text(PyObject* key) {
    if (!PyUnicode_CheckExact(key)) return std::nullopt;
    Py_ssize_t length = 0;
    const char* data = utf8(key, &length);
    if (data == nullptr) {
      PyErr_Clear();
      return std::nullopt;
    }
    return std::string_view(data, static_cast<std::size_t>(length));
  }

  // An object's members by key, gathered once per object read (the reader asks for each field
  // by name): a scan of a few keys' UTF-8, which runs no Python code, as a lookup by a str key
  // could (__eq__ of a key that is a str subclass). Keys that are not exact strs are left out;
  // reject_unknown_keys names them.
  struct Index {
    detail::InlineList<std::pair<std::string_view, PyObject*>, 12> members;
    bool every_key_text = true;
    Index() = default;
    explicit Index(const PyObject& object) {
      Py_ssize_t position = 0;
      PyObject* name = nullptr;
      PyObject* value = nullptr;
      while (PyDict_Next(raw(object), &position, &name, &value)) {
        if (const std::optional<std::string_view> text = key_text(name)) {
          members.push_back({*text, value});
        } else {
          every_key_text = false;
        }
      }
    }
  };

  static const PyObject* find(const PyObject&, const Index& index, std::string_view key,
                              std::string_view& stored) {
    // The first byte first: most keys differ there, and comparing it costs less than memcmp.
    const auto* member = index.members.find_if([&](const auto& entry) {
      return entry.first.size() == key.size() && (key.empty() || entry.first.front() == key.front()) &&
             entry.first == key;
    });
    if (member == nullptr) return nullptr;
    stored = member->first;  // the str's own UTF-8, alive as long as the dict holds the key
    return member->second;
  }

  template <class Visit>
  static void for_each_member(const PyObject& object, IssueList& issues, const Visit& visit) {
    if (size(object) > kDocumentLimits.max_items) {
      issues.add("", "too many members", "成员过多");
      return;
    }
    Py_ssize_t position = 0;
    PyObject* name = nullptr;
    PyObject* value = nullptr;
    while (PyDict_Next(raw(object), &position, &name, &value)) {
      const std::optional<std::string_view> text = key_text(name);
      if (!text) {
        issues.add("", "a key that is not text", "有一个键不是文字");
        continue;
      }
      if (!document_string_passes(*text)) {
        check_document_string(*text, true, "", issues);
        continue;
      }
      visit(*text, *value);
    }
  }

  // The same for the reader of the object, from its Index, which holds its members' keys
  // already. The keys are not checked as check_document would: the reader takes only the keys it
  // asked for by name and "comment" and "$schema", and names any other a problem, which sends
  // the document the general way, where check_document checks it.
  template <class Visit>
  static void for_each_member(const PyObject& object, const Index& index, IssueList& issues,
                              const Visit& visit) {
    if (size(object) > kDocumentLimits.max_items) {
      issues.add("", "too many members", "成员过多");
      return;
    }
    if (!index.every_key_text) issues.add("", "a key that is not text", "有一个键不是文字");
    index.members.for_each(
        [&](const std::pair<std::string_view, PyObject*>& member) { visit(member.first, *member.second); });
  }

  template <class PathOf>
  static std::optional<std::string_view> text(const PyObject& node, IssueList& issues, const PathOf& path) {
    Py_ssize_t length = 0;
    const char* data = utf8(raw(node), &length);
    if (data == nullptr) {
      PyErr_Clear();
      issues.add(path(), "is not valid Unicode text", "不是有效的 Unicode 文本");
      return std::nullopt;
    }
    const std::string_view out(data, static_cast<std::size_t>(length));
    if (!document_string_passes(out) && !check_document_string(out, false, path(), issues))
      return std::nullopt;
    return out;
  }

  // A member allowed but never read ("comment"): checked as a string, and anything else left to
  // the general way, which checks it whole.
  template <class PathOf>
  static void check_unread(const PyObject& node, IssueList& issues, const PathOf& path) {
    if (is_string(node)) {
      text(node, issues, path);
    } else {
      issues.add(path(), "is read the general way", "按一般方式读取");
    }
  }

  static detail::NumberValue number(const PyObject& node) {
    using Form = detail::NumberValue::Form;
    PyObject* object = raw(node);
    detail::NumberValue number;
    if (PyFloat_CheckExact(object)) {
      number.form = Form::floating;
      number.as_double = PyFloat_AS_DOUBLE(object);
    } else if (PyLong_CheckExact(object)) {
      int overflow = 0;
      const long long whole = PyLong_AsLongLongAndOverflow(object, &overflow);
      if (overflow != 0 || (whole == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        number.form = Form::whole_too_large;
        number.as_double = overflow < 0 ? -1e300 : 1e300;
      } else {
        number.form = Form::whole;
        number.whole = static_cast<std::int64_t>(whole);
        number.as_double = static_cast<double>(whole);
      }
    }
    return number;
  }

  static std::string type_name(const PyObject& node) {
    if (PyDict_CheckExact(raw(node))) return "an object";
    if (is_array(node)) return "an array";
    if (is_string(node)) return "a string";
    if (is_boolean(node)) return "a boolean";
    if (raw(node) == Py_None) return "null";
    if (number(node).form != detail::NumberValue::Form::none) return "a number";
    return std::string("a value of type ") + Py_TYPE(raw(node))->tp_name;
  }
  static std::string type_name_zh(const PyObject& node) {
    return type_name(node);  // the caller reads the document again the general way, which words it
  }
  static std::string shown(const PyObject& node) { return type_name(node); }
};

}  // namespace qa::bindings
