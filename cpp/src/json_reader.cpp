#include "json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "json_reader_impl.hpp"
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

NumberValue JsonView::number(const json& value) {
  NumberValue number;
  switch (value.type()) {
    case json::value_t::number_integer:
      number.form = NumberValue::Form::whole;
      number.whole = value.get<std::int64_t>();
      break;
    case json::value_t::number_unsigned: {
      const auto u = value.get<std::uint64_t>();
      const bool fits = u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
      number.form = fits ? NumberValue::Form::whole : NumberValue::Form::whole_too_large;
      number.whole = fits ? static_cast<std::int64_t>(u) : 0;
      break;
    }
    case json::value_t::number_float:
      number.form = NumberValue::Form::floating;
      break;
    default:
      return number;
  }
  number.as_double = value.get<double>();
  return number;
}

std::optional<Fixed> read_fixed(const json& value, const std::string& path, IssueList& issues,
                                const NumberRange& range) {
  return fixed_at<JsonView>(
      value, [&] { return path; }, issues, range);
}

std::optional<std::int64_t> read_integer(const json& value, const std::string& path, IssueList& issues,
                                         std::int64_t min, std::int64_t max) {
  return integer_at<JsonView>(
      value, [&] { return path; }, issues, min, max);
}

template class BasicObjectReader<JsonView>;

}  // namespace qa::detail
