#include "py_json.hpp"

#include <cmath>
#include <optional>
#include <string>

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

std::string child(const std::string& path, const std::string& key) {
  std::string escaped;
  for (char c : key) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return path + "/" + escaped;
}

class Converter {
 public:
  json convert(py::handle object, const std::string& path, int depth) {
    if (depth >= kMaxDepth && (py::isinstance<py::dict>(object) || py::isinstance<py::list>(object) ||
                               py::isinstance<py::tuple>(object))) {
      issues_.add(path, "nested more than " + std::to_string(kMaxDepth) + " levels deep");
      return nullptr;
    }
    if (object.is_none()) return nullptr;
    if (py::isinstance<py::bool_>(object)) return object.cast<bool>();
    if (py::isinstance<py::int_>(object)) return convert_int(object, path);
    if (py::isinstance<py::float_>(object)) return convert_float(object.cast<double>(), path);
    if (py::isinstance<py::str>(object)) {
      if (auto text = utf8_of(object)) return std::move(*text);
      issues_.add(path.empty() ? "/" : path, kNotUnicode);
      return nullptr;
    }
    if (py::isinstance<py::dict>(object)) return convert_dict(object.cast<py::dict>(), path, depth);
    if (py::isinstance<py::list>(object) || py::isinstance<py::tuple>(object)) {
      if (py::len(object) > kMaxItems) {
        issues_.add(path.empty() ? "/" : path, "has more than " + std::to_string(kMaxItems) + " elements");
        return nullptr;
      }
      json array = json::array();
      std::size_t index = 0;
      for (py::handle item : object)
        array.push_back(convert(item, path + "/" + std::to_string(index++), depth + 1));
      return array;
    }
    if (is_date(object)) return object.attr("isoformat")().cast<std::string>().substr(0, 10);
    // NumPy and pandas scalars (numpy.float64 is a float already; numpy.int64 and numpy.bool_
    // are not ints) know how to become plain Python values.
    if (py::hasattr(object, "dtype") && py::hasattr(object, "item")) {
      try {
        return convert(object.attr("item")(), path, depth + 1);
      } catch (py::error_already_set&) {  // e.g. an array of several values
      }
    }
    issues_.add(path.empty() ? "/" : path,
                "cannot use a value of type " +
                    py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>());
    return nullptr;
  }

  const IssueList& issues() const { return issues_; }

 private:
  IssueList issues_;

  static bool is_date(py::handle object) {
    static const py::object date_type = py::module_::import("datetime").attr("date");
    return py::isinstance(object, date_type);
  }

  json convert_int(py::handle object, const std::string& path) {
    try {
      return object.cast<std::int64_t>();
    } catch (const py::cast_error&) {
      issues_.add(path, "integer " + py::str(object).cast<std::string>() + " is out of range");
      return nullptr;
    }
  }

  json convert_float(double value, const std::string& path) {
    if (std::isnan(value)) {
      issues_.add(path, "is NaN; leave the value out (or use None) when it is missing");
      return nullptr;
    }
    if (std::isinf(value)) {
      issues_.add(path, "is infinite");
      return nullptr;
    }
    return value;
  }

  json convert_dict(const py::dict& dict, const std::string& path, int depth) {
    json object = json::object();
    if (dict.size() > kMaxItems) {
      issues_.add(path.empty() ? "/" : path, "has more than " + std::to_string(kMaxItems) + " members");
      return object;
    }
    for (auto [key, value] : dict) {
      if (!py::isinstance<py::str>(key)) {
        issues_.add(
            path.empty() ? "/" : path,
            "has a key " + truncate_utf8(py::repr(key).cast<std::string>(), 80) + " that is not a string");
        continue;
      }
      const auto name = utf8_of(key);
      if (!name) {
        issues_.add(path.empty() ? "/" : path, "has a key that " + std::string(kNotUnicode));
        continue;
      }
      object[*name] = convert(value, child(path, *name), depth + 1);
    }
    return object;
  }
};

}  // namespace

json to_json(py::handle object, DocumentKind kind) {
  Converter converter;
  json out = converter.convert(object, "", 0);
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
    issues.add("", std::string("the text ") + kNotUnicode);
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
