// Reads JSON objects field by field, recording every problem with its JSON pointer instead of
// stopping at the first, so that a loader can report all of them at once.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qualityassess/errors.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/text.hpp"

namespace qa::detail {

using nlohmann::json;

std::string pointer_child(const std::string& path, std::string_view key);
std::string pointer_child(const std::string& path, std::size_t index);
std::string json_type_name(const json& value);     // "a string"
std::string json_type_name_zh(const json& value);  // "文字"
std::string quoted(const json& value);             // a short rendering of a value for messages

// Admissible range of a number, with the message shown when it is outside.
struct NumberRange {
  std::optional<Fixed> min;
  bool min_inclusive = true;
  std::optional<Fixed> max;
  bool max_inclusive = true;

  static NumberRange any() { return {}; }
  static NumberRange positive() { return {Fixed(), false, std::nullopt, true}; }
  static NumberRange non_negative() { return {Fixed(), true, std::nullopt, true}; }
  static NumberRange fraction() { return {Fixed(), true, Fixed::from_int(1), true}; }
  static NumberRange closed(Fixed low, Fixed high) { return {low, true, high, true}; }

  bool contains(Fixed value) const;
  std::string describe() const;     // "must be > 0", "must be in [0, 1]"
  std::string describe_zh() const;  // "应大于 0", "应在 [0, 1] 之间"
};

// A number as an exact Fixed with at most four decimals, or an issue at `path`.
std::optional<Fixed> read_fixed(const json& value, const std::string& path, IssueList& issues,
                                const NumberRange& range = NumberRange::any());
std::optional<std::int64_t> read_integer(const json& value, const std::string& path, IssueList& issues,
                                         std::int64_t min, std::int64_t max);

class ObjectReader {
 public:
  ObjectReader(const json& value, std::string path, IssueList& issues);

  bool ok() const { return object_ != nullptr; }
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const { return pointer_child(path_, key); }
  IssueList& issues() { return issues_; }

  bool has(std::string_view key) const;
  // The member, marked as read; records "is required" when missing and required.
  const json* get(std::string_view key, bool required);

  std::optional<std::string> string(std::string_view key, bool required, bool allow_empty = false);
  // A string that names something (a region, a code): it must fit on one line (text.hpp).
  std::optional<std::string> single_line(std::string_view key, bool required, bool allow_empty = false);
  std::optional<Fixed> number(std::string_view key, bool required,
                              const NumberRange& range = NumberRange::any());
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min,
                                      std::int64_t max);
  std::optional<bool> boolean(std::string_view key, bool required);
  // {"zh": ..., "en": ...} with at least one, or a plain string used for both languages. Used
  // for names, so each text must fit on one line.
  Text text(std::string_view key, bool required);
  const json* array(std::string_view key, bool required);
  const json* object(std::string_view key, bool required);

  // Records every member that was never read (a typo such as "per_pont" must not pass
  // silently). "comment" and "$schema" are always allowed.
  void reject_unknown_keys();

 private:
  const json* object_ = nullptr;
  std::string path_;
  IssueList& issues_;
  // The members read (by address in the object): only members present can be unknown keys.
  std::vector<const json*> read_;
};

}  // namespace qa::detail
