#include "json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "qualityassess/json_document.hpp"
#include "qualityassess/text.hpp"
#include "value_wording.hpp"

namespace qa::detail {

std::string pointer_child(const std::string& path, std::string_view key) {
  // One allocation: a submission's reader and binder make a path for every value they read.
  std::string out;
  out.reserve(path.size() + 1 + key.size() + 2);
  out += path;
  append_pointer_token(out, key);
  return out;
}

std::string pointer_child(const std::string& path, std::size_t index) {
  return path + "/" + std::to_string(index);
}

std::string json_type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "an unsupported value";
  }
}

std::string json_type_name_zh(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "空值 (null)";
    case json::value_t::boolean:
      return "布尔值";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "数字";
    case json::value_t::string:
      return "文字";
    case json::value_t::array:
      return "数组";
    case json::value_t::object:
      return "对象";
    default:
      return "不支持的值";
  }
}

std::string quoted(const json& value) {
  // Cut at a character boundary: a message must stay valid UTF-8.
  constexpr std::size_t kMax = 60;
  if (value.is_string()) return "'" + truncate_utf8(value.get_ref<const std::string&>(), kMax) + "'";
  if (value.is_structured())
    return truncate_utf8(value.dump(-1, ' ', false, json::error_handler_t::replace), kMax);
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool NumberRange::contains(Fixed value) const {
  if (min && (min_inclusive ? value < *min : value <= *min)) return false;
  if (max && (max_inclusive ? value > *max : value >= *max)) return false;
  return true;
}

std::string NumberRange::describe() const {
  if (min && max) {
    return std::string("must be in ") + (min_inclusive ? "[" : "(") + min->to_string() + ", " +
           max->to_string() + (max_inclusive ? "]" : ")");
  }
  if (min) return std::string("must be ") + (min_inclusive ? ">= " : "> ") + min->to_string();
  if (max) return std::string("must be ") + (max_inclusive ? "<= " : "< ") + max->to_string();
  return "must be a number";
}

std::string NumberRange::describe_zh() const {
  if (min && max) {
    return std::string("应在 ") + (min_inclusive ? "[" : "(") + min->to_string() + ", " + max->to_string() +
           (max_inclusive ? "]" : ")") + " 之间";
  }
  if (min) return std::string(min_inclusive ? "应不小于 " : "应大于 ") + min->to_string();
  if (max) return std::string(max_inclusive ? "应不大于 " : "应小于 ") + max->to_string();
  return "应为数字";
}

namespace {

// read_fixed and read_integer with the path made only when an issue is recorded (`path()`).
template <class PathOf>
std::optional<Fixed> fixed_at(const json& value, const PathOf& path, IssueList& issues,
                              const NumberRange& range) {
  if (!value.is_number()) {
    issues.add(path(), "must be a number, not " + json_type_name(value),
               "应为数字，而不是" + json_type_name_zh(value));
    return std::nullopt;
  }
  const double number = value.get<double>();
  if (!std::isfinite(number)) {
    add(issues, path(), not_finite());
    return std::nullopt;
  }
  if (std::fabs(number) > 1e12) {
    add(issues, path(), out_of_range(quoted(value)));
    return std::nullopt;
  }
  if (!Fixed::is_exact_double(number)) {
    add(issues, path(), too_many_decimals(quoted(value)));
    return std::nullopt;
  }
  const Fixed fixed = Fixed::from_double(number);
  if (!range.contains(fixed)) {
    add(issues, path(), outside(range, fixed));
    return std::nullopt;
  }
  return fixed;
}

template <class PathOf>
std::optional<std::int64_t> integer_at(const json& value, const PathOf& path, IssueList& issues,
                                       std::int64_t min, std::int64_t max) {
  std::optional<std::int64_t> out;
  if (value.is_number_integer()) {
    out = value.get<std::int64_t>();
  } else if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      out = static_cast<std::int64_t>(u);
    } else {
      out = std::numeric_limits<std::int64_t>::max();
    }
  } else if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9e15) {
      out = static_cast<std::int64_t>(d);
    } else {
      add(issues, path(), not_whole(quoted(value)));
      return std::nullopt;
    }
  } else {
    issues.add(path(), "must be a whole number, not " + json_type_name(value),
               "应为整数，而不是" + json_type_name_zh(value));
    return std::nullopt;
  }
  if (*out < min || *out > max) {
    add(issues, path(), not_between(min, max, std::to_string(*out)));
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::optional<Fixed> read_fixed(const json& value, const std::string& path, IssueList& issues,
                                const NumberRange& range) {
  return fixed_at(
      value, [&] { return path; }, issues, range);
}

std::optional<std::int64_t> read_integer(const json& value, const std::string& path, IssueList& issues,
                                         std::int64_t min, std::int64_t max) {
  return integer_at(
      value, [&] { return path; }, issues, min, max);
}

ObjectReader::ObjectReader(const json& value, std::string path, IssueList& issues)
    : path_(std::move(path)), issues_(issues) {
  if (value.is_object()) {
    object_ = &value;
    // One allocation for the members read, not one per doubling: growing this vector cost more
    // than the lookups themselves in a small object such as an incident.
    read_.reserve(value.size());
  } else {
    issues_.add(path_.empty() ? "/" : path_, "must be an object, not " + json_type_name(value),
                "应为对象，而不是" + json_type_name_zh(value));
  }
}

bool ObjectReader::has(std::string_view key) const { return object_ != nullptr && object_->contains(key); }

const json* ObjectReader::get(std::string_view key, bool required) {
  if (object_ == nullptr) return nullptr;
  auto it = object_->find(key);
  if (it == object_->end()) {
    if (required) issues_.add(path_of(key), "is required", "必须填写");
    return nullptr;
  }
  const json* member = &*it;
  read_.push_back(member);
  return member;
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required, bool allow_empty) {
  const json* value = get(key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    issues_.add(path_of(key), "must be a string, not " + json_type_name(*value),
                "应为文字，而不是" + json_type_name_zh(*value));
    return std::nullopt;
  }
  std::string text = value->get<std::string>();
  if (text.empty() && !allow_empty) {
    add(issues_, path_of(key), must_not_be_empty());
    return std::nullopt;
  }
  return text;
}

std::optional<Fixed> ObjectReader::number(std::string_view key, bool required, const NumberRange& range) {
  const json* value = get(key, required);
  if (value == nullptr) return std::nullopt;
  return fixed_at(
      *value, [&] { return path_of(key); }, issues_, range);
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, bool required, std::int64_t min,
                                                  std::int64_t max) {
  const json* value = get(key, required);
  if (value == nullptr) return std::nullopt;
  return integer_at(
      *value, [&] { return path_of(key); }, issues_, min, max);
}

std::optional<bool> ObjectReader::boolean(std::string_view key, bool required) {
  const json* value = get(key, required);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    issues_.add(path_of(key), "must be true or false, not " + json_type_name(*value),
                "应为 true 或 false，而不是" + json_type_name_zh(*value));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::string> ObjectReader::single_line(std::string_view key, bool required, bool allow_empty) {
  std::optional<std::string> text = string(key, required, allow_empty);
  if (!text) return text;
  if (const std::string problem = single_line_problem(*text); !problem.empty()) {
    issues_.add(path_of(key), problem, single_line_problem_zh(*text));
    return std::nullopt;
  }
  return text;
}

Text ObjectReader::text(std::string_view key, bool required) {
  const json* value = get(key, required);
  Text text;
  if (value == nullptr) return text;
  if (value->is_string()) {
    const std::optional<std::string> line = single_line(key, required, true);
    if (!line) return text;
    text.zh = text.en = *line;
    if (text.empty()) add(issues_, path_of(key), must_not_be_empty());
    return text;
  }
  ObjectReader inner(*value, path_of(key), issues_);
  if (!inner.ok()) return text;
  text.zh = inner.single_line("zh", false).value_or("");
  text.en = inner.single_line("en", false).value_or("");
  if (text.empty()) issues_.add(path_of(key), "needs a 'zh' or an 'en' text", "应有 'zh' 或 'en' 文字");
  inner.reject_unknown_keys();
  return text;
}

const json* ObjectReader::array(std::string_view key, bool required) {
  const json* value = get(key, required);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    issues_.add(path_of(key), "must be an array, not " + json_type_name(*value),
                "应为数组，而不是" + json_type_name_zh(*value));
    return nullptr;
  }
  return value;
}

const json* ObjectReader::object(std::string_view key, bool required) {
  const json* value = get(key, required);
  if (value == nullptr) return nullptr;
  if (!value->is_object()) {
    issues_.add(path_of(key), "must be an object, not " + json_type_name(*value),
                "应为对象，而不是" + json_type_name_zh(*value));
    return nullptr;
  }
  return value;
}

void ObjectReader::reject_unknown_keys() {
  if (object_ == nullptr) return;
  std::sort(read_.begin(), read_.end());
  for (auto it = object_->begin(); it != object_->end(); ++it) {
    const std::string& key = it.key();
    if (std::binary_search(read_.begin(), read_.end(), &it.value()) || key == "comment" || key == "$schema")
      continue;
    issues_.add(path_of(key), "unknown key '" + key + "'", "未知的键 '" + key + "'");
  }
}

}  // namespace qa::detail
