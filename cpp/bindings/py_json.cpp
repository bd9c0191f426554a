#include "py_json.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

using nlohmann::json;

// The core's limits (json_document.hpp) apply to Python objects as they do to JSON text:
// conversion stops at them, so a deeply nested or enormous object costs bounded time and memory.
constexpr int kMaxDepth = kDocumentLimits.max_depth;
constexpr std::size_t kMaxItems = kDocumentLimits.max_items;

// A str as UTF-8, or nothing when it cannot be one (an unpaired surrogate such as "\ud800",
// which json.loads accepts).
std::optional<std::string> utf8_of(py::handle text) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();
    return std::nullopt;
  }
  return std::string(data, static_cast<std::size_t>(size));
}

constexpr const char* kNotUnicode = "is not valid Unicode text (it has an unpaired surrogate)";
constexpr const char* kNotUnicodeZh = "不是有效的 Unicode 文本（含有不成对的代理项）";

// Walks a Python object once, building the JSON document. The path of the value being converted
// is kept as a stack of keys and indices and made into a JSON pointer only when an issue is
// reported there (making one for every value took most of the conversion's time). Exact dicts,
// lists, tuples, strs, ints and floats are read with the C API; anything else (subclasses that
// may override __len__, __iter__ or __int__, dates, NumPy scalars) goes the generic way.
class Converter {
 public:
  json convert(py::handle object, int depth) {
    PyObject* const raw = object.ptr();
    PyTypeObject* const type = Py_TYPE(raw);
    // The exact built-in types first: what documents are made of.
    if (type == &PyUnicode_Type) return convert_str(raw);
    if (type == &PyFloat_Type) return convert_float(PyFloat_AS_DOUBLE(raw));
    if (raw == Py_None) return nullptr;
    if (type == &PyBool_Type) return raw == Py_True;
    if (type == &PyLong_Type) return convert_exact_int(raw);
    const bool container = PyDict_Check(raw) || PyList_Check(raw) || PyTuple_Check(raw);
    if (depth >= kMaxDepth && container) {
      const std::string depth_limit = std::to_string(kMaxDepth);
      issues_.add(path(), "nested more than " + depth_limit + " levels deep",
                  "嵌套超过 " + depth_limit + " 层");
      return nullptr;
    }
    if (PyLong_Check(raw)) return convert_int(object);
    if (PyFloat_Check(raw)) return convert_float(PyFloat_AsDouble(raw));
    if (PyUnicode_Check(raw)) return convert_str(raw);
    if (PyDict_Check(raw)) return convert_dict(raw, depth);
    if (type == &PyList_Type) return convert_exact_list(raw, depth);
    if (type == &PyTuple_Type) return convert_exact_tuple(raw, depth);
    if (PyList_Check(raw) || PyTuple_Check(raw)) return convert_sequence(object, depth);
    if (is_date(object)) return object.attr("isoformat")().cast<std::string>().substr(0, 10);
    // NumPy and pandas scalars (numpy.float64 is a float already; numpy.int64 and numpy.bool_
    // are not ints) know how to become plain Python values.
    if (py::hasattr(object, "dtype") && py::hasattr(object, "item")) {
      try {
        return convert(object.attr("item")(), depth + 1);
      } catch (py::error_already_set&) {  // e.g. an array of several values
      }
    }
    const std::string type_name = py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>();
    issues_.add(place(), "cannot use a value of type " + type_name, "不能使用类型为 " + type_name + " 的值");
    return nullptr;
  }

  const IssueList& issues() const { return issues_; }
  IssueList take_issues() { return std::move(issues_); }

  // The members of a dict at the root, but those `take(key, value)` takes.
  template <class Take>
  json convert_root_except(PyObject* dict, const Take& take) {
    return convert_dict(dict, 0, take);
  }

 private:
  // One step from the root to the value being converted: a member's key (UTF-8, owned by the
  // object being built, whose keys do not move) or an element's index.
  struct Step {
    const std::string* key = nullptr;
    std::size_t index = 0;
  };

  IssueList issues_;
  std::vector<Step> steps_;

  // The JSON pointer of the value being converted ("" at the root).
  std::string path() const {
    std::string out;
    for (const Step& step : steps_) {
      if (step.key == nullptr) {
        out += '/' + std::to_string(step.index);
      } else {
        append_pointer_token(out, *step.key);
      }
    }
    return out;
  }
  // The same, with "/" for the root.
  std::string place() const {
    std::string out = path();
    return out.empty() ? "/" : out;
  }

  static bool is_date(py::handle object) {
    static const py::object date_type = py::module_::import("datetime").attr("date");
    return py::isinstance(object, date_type);
  }

  json convert_str(PyObject* text) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text, &size);
    if (data == nullptr) {  // an unpaired surrogate such as "\ud800", which json.loads accepts
      PyErr_Clear();
      issues_.add(place(), kNotUnicode, kNotUnicodeZh);
      return nullptr;
    }
    return std::string(data, static_cast<std::size_t>(size));
  }

  json convert_exact_int(PyObject* object) {
    int overflow = 0;
    const long long value = PyLong_AsLongLongAndOverflow(object, &overflow);
    if (overflow == 0 && !(value == -1 && PyErr_Occurred())) return static_cast<std::int64_t>(value);
    PyErr_Clear();
    return out_of_range(object);
  }

  // An int subclass, read as pybind11 reads one (its __index__ or __int__ may count).
  json convert_int(py::handle object) {
    try {
      return object.cast<std::int64_t>();
    } catch (const py::cast_error&) {
      return out_of_range(object);
    }
  }

  json out_of_range(py::handle object) {
    const std::string shown = py::str(object).cast<std::string>();
    issues_.add(path(), "integer " + shown + " is out of range", "整数 " + shown + " 超出范围");
    return nullptr;
  }

  json convert_float(double value) {
    if (std::isnan(value)) {
      issues_.add(path(), "is NaN; leave the value out (or use None) when it is missing",
                  "为 NaN；缺少数据时请不填此值（或填 None）");
      return nullptr;
    }
    if (std::isinf(value)) {
      issues_.add(path(), "is infinite", "为无穷大");
      return nullptr;
    }
    return value;
  }

  json too_many_elements() {
    const std::string most = std::to_string(kMaxItems);
    issues_.add(place(), "has more than " + most + " elements", "元素超过 " + most + " 个");
    return nullptr;
  }

  // A list, read as its iterator would: the length is looked at again before every element.
  json convert_exact_list(PyObject* list, int depth) {
    const Py_ssize_t size = PyList_GET_SIZE(list);
    if (static_cast<std::size_t>(size) > kMaxItems) return too_many_elements();
    json array = json::array();
    auto& elements = array.get_ref<json::array_t&>();
    elements.reserve(static_cast<std::size_t>(size));
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); ++i) {
      // Owned while it is converted: a conversion may run Python code (item(), isoformat()).
      const py::object item = py::reinterpret_borrow<py::object>(PyList_GET_ITEM(list, i));
      steps_.push_back(Step{nullptr, static_cast<std::size_t>(i)});
      elements.push_back(convert(item, depth + 1));
      steps_.pop_back();
    }
    return array;
  }

  json convert_exact_tuple(PyObject* tuple, int depth) {
    const Py_ssize_t size = PyTuple_GET_SIZE(tuple);
    if (static_cast<std::size_t>(size) > kMaxItems) return too_many_elements();
    json array = json::array();
    auto& elements = array.get_ref<json::array_t&>();
    elements.reserve(static_cast<std::size_t>(size));
    for (Py_ssize_t i = 0; i < size; ++i) {
      steps_.push_back(Step{nullptr, static_cast<std::size_t>(i)});
      elements.push_back(convert(PyTuple_GET_ITEM(tuple, i), depth + 1));
      steps_.pop_back();
    }
    return array;
  }

  // A list or tuple subclass: its own __len__ and __iter__.
  json convert_sequence(py::handle object, int depth) {
    if (py::len(object) > kMaxItems) return too_many_elements();
    json array = json::array();
    std::size_t index = 0;
    for (py::handle item : object) {
      steps_.push_back(Step{nullptr, index++});
      array.push_back(convert(item, depth + 1));
      steps_.pop_back();
    }
    return array;
  }

  // Any dict (a subclass too: like pybind11's dict iteration, PyDict_Next reads the storage).
  json convert_dict(PyObject* dict, int depth) {
    return convert_dict(dict, depth, [](std::string_view, PyObject*) { return false; });
  }

  // The same, without the members that `take(key, value)` takes.
  template <class Take>
  json convert_dict(PyObject* dict, int depth, const Take& take) {
    json object = json::object();
    if (static_cast<std::size_t>(PyDict_Size(dict)) > kMaxItems) {
      const std::string most = std::to_string(kMaxItems);
      issues_.add(place(), "has more than " + most + " members", "成员超过 " + most + " 个");
      return object;
    }
    auto& members = object.get_ref<json::object_t&>();
    Py_ssize_t position = 0;
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    while (PyDict_Next(dict, &position, &key, &value)) {
      if (!PyUnicode_Check(key)) {
        const std::string shown = truncate_utf8(py::repr(key).cast<std::string>(), 80);
        issues_.add(place(), "has a key " + shown + " that is not a string", "键 " + shown + " 不是字符串");
        continue;
      }
      Py_ssize_t size = 0;
      const char* name = PyUnicode_AsUTF8AndSize(key, &size);
      if (name == nullptr) {
        PyErr_Clear();
        issues_.add(place(), "has a key that " + std::string(kNotUnicode),
                    std::string("有一个键") + kNotUnicodeZh);
        continue;
      }
      if (take(std::string_view(name, static_cast<std::size_t>(size)), value)) continue;
      // Owned while it is converted: a conversion may run Python code (item(), isoformat()).
      const py::object held = py::reinterpret_borrow<py::object>(value);
      // Two str subclass keys may be equal in UTF-8 and unequal in the dict: the last one wins.
      const auto member = members.emplace(std::string(name, static_cast<std::size_t>(size)), nullptr).first;
      steps_.push_back(Step{&member->first, 0});
      member->second = convert(held, depth + 1);
      steps_.pop_back();
    }
    return object;
  }
};

}  // namespace

json dict_to_json_except(py::handle dict, const MemberFilter& take, IssueList& issues) {
  Converter converter;
  json out = converter.convert_root_except(dict.ptr(), take);
  for (const Issue& issue : converter.issues().items())
    issues.add(issue.path, issue.message, issue.message_zh);
  return out;
}

json member_to_json(py::handle value, int depth, IssueList& issues) {
  Converter converter;
  json out = converter.convert(value, depth);
  for (const Issue& issue : converter.issues().items())
    issues.add(issue.path, issue.message, issue.message_zh);
  return out;
}

json to_json(py::handle object, DocumentKind kind) {
  Converter converter;
  json out = converter.convert(object, 0);
  const auto& issues = converter.issues();
  if (!issues.empty()) {
    if (kind == DocumentKind::scheme) issues.throw_if_any<SchemeError>("invalid scheme");
    issues.throw_if_any<InputError>(kind == DocumentKind::submission ? "invalid submission"
                                                                     : "invalid document");
  }
  return out;
}

py::object from_json(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return py::none();
    case json::value_t::boolean:
      return py::bool_(value.get<bool>());
    case json::value_t::number_integer:
      return py::int_(value.get<std::int64_t>());
    case json::value_t::number_unsigned:
      return py::int_(value.get<std::uint64_t>());
    case json::value_t::number_float:
      return py::float_(value.get<double>());
    case json::value_t::string:
      return py::str(value.get<std::string>());
    case json::value_t::array: {
      py::list list;
      for (const json& item : value) list.append(from_json(item));
      return list;
    }
    case json::value_t::object: {
      py::dict dict;
      for (auto it = value.begin(); it != value.end(); ++it) dict[py::str(it.key())] = from_json(it.value());
      return dict;
    }
    default:
      return py::none();
  }
}

json parse_text(py::handle text_object, DocumentKind kind) {
  IssueList issues;
  json document;
  if (auto text = utf8_of(text_object)) {
    py::gil_scoped_release release;
    document = parse_document(*text, issues);
  } else {
    issues.add("", std::string("the text ") + kNotUnicode, std::string("文本") + kNotUnicodeZh);
  }
  if (kind == DocumentKind::scheme) issues.throw_if_any<SchemeError>("invalid scheme");
  issues.throw_if_any<InputError>(kind == DocumentKind::submission ? "invalid submission"
                                                                   : "invalid document");
  return document;
}

json document_from(py::handle text_or_object, DocumentKind kind) {
  if (!py::isinstance<py::str>(text_or_object)) return to_json(text_or_object, kind);
  return parse_text(text_or_object, kind);
}

}  // namespace qa::bindings
