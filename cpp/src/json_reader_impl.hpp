// BasicObjectReader's definitions, for a view's instantiation: JsonView's in json_reader.cpp,
// the bindings' Python view in submission_dict.cpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "json_reader.hpp"
#include "qualityassess/text.hpp"
#include "value_wording.hpp"

namespace qa::detail {

// A number read exactly as a Fixed with at most four decimals, or an issue at path() (made only
// when an issue is recorded).
template <class View, class PathOf>
std::optional<Fixed> fixed_at(const typename View::Node& value, const PathOf& path, IssueList& issues,
                              const NumberRange& range) {
  const NumberValue number = View::number(value);
  if (number.form == NumberValue::Form::none) {
    issues.add(path(), "must be a number, not " + View::type_name(value),
               "应为数字，而不是" + View::type_name_zh(value));
    return std::nullopt;
  }
  if (!std::isfinite(number.as_double)) {
    add(issues, path(), not_finite());
    return std::nullopt;
  }
  if (std::fabs(number.as_double) > 1e12) {
    add(issues, path(), out_of_range(View::shown(value)));
    return std::nullopt;
  }
  if (!Fixed::is_exact_double(number.as_double)) {
    add(issues, path(), too_many_decimals(View::shown(value)));
    return std::nullopt;
  }
  const Fixed fixed = Fixed::from_double(number.as_double);
  if (!range.contains(fixed)) {
    add(issues, path(), outside(range, fixed));
    return std::nullopt;
  }
  return fixed;
}

template <class View, class PathOf>
std::optional<std::int64_t> integer_at(const typename View::Node& value, const PathOf& path,
                                       IssueList& issues, std::int64_t min, std::int64_t max) {
  const NumberValue number = View::number(value);
  std::optional<std::int64_t> out;
  switch (number.form) {
    case NumberValue::Form::whole:
      out = number.whole;
      break;
    case NumberValue::Form::whole_too_large:
      out = std::numeric_limits<std::int64_t>::max();
      break;
    case NumberValue::Form::floating: {
      const double d = number.as_double;
      if (!(std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9e15)) {
        add(issues, path(), not_whole(View::shown(value)));
        return std::nullopt;
      }
      out = static_cast<std::int64_t>(d);
      break;
    }
    case NumberValue::Form::none:
      issues.add(path(), "must be a whole number, not " + View::type_name(value),
                 "应为整数，而不是" + View::type_name_zh(value));
      return std::nullopt;
  }
  if (*out < min || *out > max) {
    add(issues, path(), not_between(min, max, std::to_string(*out)));
    return std::nullopt;
  }
  return out;
}

template <class View>
BasicObjectReader<View>::BasicObjectReader(const Node& value, std::string path, IssueList& issues)
    : object_(View::is_object(value) ? &value : nullptr),
      index_(object_ != nullptr ? typename View::Index(value) : typename View::Index()),
      path_(std::move(path)),
      issues_(issues) {
  if (object_ == nullptr) {
    issues_.add(path_.empty() ? "/" : path_, "must be an object, not " + View::type_name(value),
                "应为对象，而不是" + View::type_name_zh(value));
  }
}

template <class View>
bool BasicObjectReader<View>::has(std::string_view key) const {
  std::string_view stored;
  return object_ != nullptr && View::find(*object_, index_, key, stored) != nullptr;
}

template <class View>
const typename View::Node* BasicObjectReader<View>::get(std::string_view key, bool required) {
  if (object_ == nullptr) return nullptr;
  std::string_view stored;
  const Node* member = View::find(*object_, index_, key, stored);
  if (member == nullptr) {
    if (required) issues_.add(path_of(key), "is required", "必须填写");
    return nullptr;
  }
  read_.push_back(stored);
  return member;
}

template <class View>
std::optional<std::string> BasicObjectReader<View>::string(std::string_view key, bool required,
                                                           bool allow_empty) {
  const Node* value = get(key, required);
  if (value == nullptr) return std::nullopt;
  if (!View::is_string(*value)) {
    issues_.add(path_of(key), "must be a string, not " + View::type_name(*value),
                "应为文字，而不是" + View::type_name_zh(*value));
    return std::nullopt;
  }
  const std::optional<std::string_view> text = View::text(*value, issues_, [&] { return path_of(key); });
  if (!text) return std::nullopt;
  if (text->empty() && !allow_empty) {
    add(issues_, path_of(key), must_not_be_empty());
    return std::nullopt;
  }
  return std::string(*text);
}

template <class View>
std::optional<Fixed> BasicObjectReader<View>::number(std::string_view key, bool required,
                                                     const NumberRange& range) {
  const Node* value = get(key, required);
  if (value == nullptr) return std::nullopt;
  return fixed_at<View>(
      *value, [&] { return path_of(key); }, issues_, range);
}

template <class View>
std::optional<std::int64_t> BasicObjectReader<View>::integer(std::string_view key, bool required,
                                                             std::int64_t min, std::int64_t max) {
  const Node* value = get(key, required);
  if (value == nullptr) return std::nullopt;
  return integer_at<View>(
      *value, [&] { return path_of(key); }, issues_, min, max);
}

template <class View>
std::optional<bool> BasicObjectReader<View>::boolean(std::string_view key, bool required) {
  const Node* value = get(key, required);
  if (value == nullptr) return std::nullopt;
  if (!View::is_boolean(*value)) {
    issues_.add(path_of(key), "must be true or false, not " + View::type_name(*value),
                "应为 true 或 false，而不是" + View::type_name_zh(*value));
    return std::nullopt;
  }
  return View::boolean(*value);
}

template <class View>
std::optional<std::string> BasicObjectReader<View>::single_line(std::string_view key, bool required,
                                                                bool allow_empty) {
  std::optional<std::string> text = string(key, required, allow_empty);
  if (!text) return text;
  if (const std::string problem = single_line_problem(*text); !problem.empty()) {
    issues_.add(path_of(key), problem, single_line_problem_zh(*text));
    return std::nullopt;
  }
  return text;
}

template <class View>
Text BasicObjectReader<View>::text(std::string_view key, bool required) {
  const Node* value = get(key, required);
  Text text;
  if (value == nullptr) return text;
  if (View::is_string(*value)) {
    const std::optional<std::string> line = single_line(key, required, true);
    if (!line) return text;
    text.zh = text.en = *line;
    if (text.empty()) add(issues_, path_of(key), must_not_be_empty());
    return text;
  }
  BasicObjectReader inner(*value, path_of(key), issues_);
  if (!inner.ok()) return text;
  text.zh = inner.single_line("zh", false).value_or("");
  text.en = inner.single_line("en", false).value_or("");
  if (text.empty()) issues_.add(path_of(key), "needs a 'zh' or an 'en' text", "应有 'zh' 或 'en' 文字");
  inner.reject_unknown_keys();
  return text;
}

template <class View>
const typename View::Node* BasicObjectReader<View>::array(std::string_view key, bool required) {
  const Node* value = get(key, required);
  if (value == nullptr) return nullptr;
  if (!View::is_array(*value)) {
    issues_.add(path_of(key), "must be an array, not " + View::type_name(*value),
                "应为数组，而不是" + View::type_name_zh(*value));
    return nullptr;
  }
  return value;
}

template <class View>
const typename View::Node* BasicObjectReader<View>::object(std::string_view key, bool required) {
  const Node* value = get(key, required);
  if (value == nullptr) return nullptr;
  if (!View::is_object(*value)) {
    issues_.add(path_of(key), "must be an object, not " + View::type_name(*value),
                "应为对象，而不是" + View::type_name_zh(*value));
    return nullptr;
  }
  return value;
}

template <class View>
void BasicObjectReader<View>::reject_unknown_keys() {
  if (object_ == nullptr) return;
  View::for_each_member(*object_, index_, issues_, [&](std::string_view key, const Node& value) {
    // An object's keys are few (it is read field by field): a scan beats sorting. A key read is
    // kept as the object keeps it, so it is found by where its text is before by what it says.
    const auto same_text = [&](std::string_view read) {
      return read.data() == key.data() && read.size() == key.size();
    };
    if (read_.find_if(same_text) != nullptr) return;
    if (read_.find_if([&](std::string_view read) { return read == key; }) != nullptr) return;
    if (key == "comment" || key == "$schema") {
      View::check_unread(value, issues_, [&] { return path_of(key); });
      return;
    }
    const std::string name(key);
    issues_.add(path_of(key), "unknown key '" + name + "'", "未知的键 '" + name + "'");
  });
}

}  // namespace qa::detail
