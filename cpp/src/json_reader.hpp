// Reads JSON objects field by field, recording every problem with its JSON pointer instead of
// stopping at the first, so that a loader can report all of them at once.
#pragma once

#include <array>
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

// A number as a document holds it: a whole number (exact), or a floating-point one. `as_double`
// is the number either way, as JSON reads it.
struct NumberValue {
  enum class Form { none, whole, whole_too_large, floating } form = Form::none;
  std::int64_t whole = 0;  // Form::whole
  double as_double = 0;    // any form but none
};

// Up to N values in place and any more on the heap: the objects a reader takes apart are small
// (a region, an incident), and a heap allocation for each cost as much as reading it.
template <class T, std::size_t N>
class InlineList {
 public:
  void push_back(const T& value) {
    if (size_ < N) {
      inline_[size_++] = value;
    } else {
      more_.push_back(value);
    }
  }
  // The first value for which pred(value) holds, or nullptr.
  template <class Pred>
  const T* find_if(const Pred& pred) const {
    for (std::size_t i = 0; i < size_; ++i) {
      if (pred(inline_[i])) return &inline_[i];
    }
    for (const T& value : more_) {
      if (pred(value)) return &value;
    }
    return nullptr;
  }
  // Calls f(value) for each value, in the order pushed.
  template <class F>
  void for_each(const F& f) const {
    for (std::size_t i = 0; i < size_; ++i) f(inline_[i]);
    for (const T& value : more_) f(value);
  }

 private:
  std::array<T, N> inline_{};
  std::size_t size_ = 0;
  std::vector<T> more_;
};

// How a reader sees a parsed document (nlohmann::json). BasicObjectReader is written over such a
// view, so that the bindings read a Python dict with the same code through a view of their own
// (py_view.hpp), without first making it JSON (docs/architecture.md, "One input door"). A view
// gives the kind of a node, its members and elements, its text and its number; a JSON document
// was checked as a whole before it is read (check_document), so its view has nothing to check.
struct JsonView {
  using Node = json;

  static bool is_object(const json& value) { return value.is_object(); }
  static bool is_array(const json& value) { return value.is_array(); }
  static bool is_string(const json& value) { return value.is_string(); }
  static bool is_boolean(const json& value) { return value.is_boolean(); }
  static bool boolean(const json& value) { return value.get<bool>(); }
  static std::size_t size(const json& value) { return value.size(); }
  static const json& at(const json& array, std::size_t index) { return array[index]; }
  // What a reader keeps of an object to find its members by name (nothing: a JSON object is
  // a map already).
  struct Index {
    explicit Index(const json&) {}
    Index() = default;
  };
  // The member named `key`, and in `stored` its key as the object keeps it (alive as long as the
  // object), or nullptr.
  static const json* find(const json& object, const Index&, std::string_view key, std::string_view& stored) {
    const auto it = object.find(key);
    if (it == object.end()) return nullptr;
    stored = it.key();
    return &*it;
  }
  // Calls visit(key, value) for each member; issues are the view's own (none for JSON).
  template <class Visit>
  static void for_each_member(const json& object, IssueList&, const Visit& visit) {
    for (auto it = object.begin(); it != object.end(); ++it) visit(std::string_view(it.key()), it.value());
  }
  // The same for an object whose Index is at hand.
  template <class Visit>
  static void for_each_member(const json& object, const Index&, IssueList& issues, const Visit& visit) {
    for_each_member(object, issues, visit);
  }
  // The text of a string node, or nothing with an issue at path() when the view refuses it.
  template <class PathOf>
  static std::optional<std::string_view> text(const json& value, IssueList&, const PathOf&) {
    return std::string_view(value.get_ref<const std::string&>());
  }
  // A member allowed but never read ("comment"): a JSON document's were checked with the rest.
  template <class PathOf>
  static void check_unread(const json&, IssueList&, const PathOf&) {}
  static NumberValue number(const json& value);
  static std::string type_name(const json& value) { return json_type_name(value); }
  static std::string type_name_zh(const json& value) { return json_type_name_zh(value); }
  static std::string shown(const json& value) { return quoted(value); }
};

// Reads one object of a document field by field, through `View` (JsonView above).
template <class View>
class BasicObjectReader {
 public:
  using Node = typename View::Node;

  BasicObjectReader(const Node& value, std::string path, IssueList& issues);

  bool ok() const { return object_ != nullptr; }
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const { return pointer_child(path_, key); }
  IssueList& issues() { return issues_; }

  bool has(std::string_view key) const;
  // The member, marked as read; records "is required" when missing and required.
  const Node* get(std::string_view key, bool required);

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
  const Node* array(std::string_view key, bool required);
  const Node* object(std::string_view key, bool required);

  // Records every member that was never read (a typo such as "per_pont" must not pass
  // silently). "comment" and "$schema" are always allowed.
  void reject_unknown_keys();

 private:
  const Node* object_ = nullptr;
  typename View::Index index_;
  std::string path_;
  IssueList& issues_;
  // The keys read, as the object keeps them (a caller's key may be a temporary): only members
  // present can be unknown keys.
  InlineList<std::string_view, 16> read_;
};

using ObjectReader = BasicObjectReader<JsonView>;
extern template class BasicObjectReader<JsonView>;

}  // namespace qa::detail
