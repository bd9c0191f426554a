// The problems of a region's values, each worded once in English and in Chinese (Issue::message
// and message_zh), for every reader that meets them: the reader of documents (json_reader.cpp),
// the binder of a submission (submission.cpp) and the checker of a table's columns (batch.cpp).
// A clerk who types 101 into a form, a JSON file or a CSV is told the same thing in the same
// words. `shown` is a value as its reader shows it ('superb' from JSON, 101.5 from a column).
// The wordings that the scheme reader (scheme_reader.cpp), a derived scheme (scheme_derivation.cpp),
// the campaign, the calendar and the readers of regions (region_tree.cpp, rollup.cpp, cascade.cpp)
// share are here too (the last sections); those used in one place only are worded where they are
// raised.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "json_reader.hpp"
#include "qualityassess/civil_date.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/region_tree.hpp"

namespace qa::detail {

struct Wording {
  std::string en;
  std::string zh;
};

inline void add(IssueList& issues, std::string path, Wording wording) {
  issues.add(std::move(path), std::move(wording.en), std::move(wording.zh));
}

// ---- numbers (read_fixed, read_integer) -----------------------------------------------------

inline Wording not_finite() { return {"must be a finite number", "应为有限的数字"}; }

inline Wording out_of_range(const std::string& shown) {
  return {shown + " is out of range", shown + " 超出范围"};
}

inline Wording too_many_decimals(const std::string& shown) {
  return {shown + " has more than 4 decimal places; round it first",
          shown + " 的小数超过 4 位，请先四舍五入"};
}

inline Wording outside(const NumberRange& range, Fixed value) {
  return {range.describe() + ", not " + value.to_string(),
          range.describe_zh() + "，而不是 " + value.to_string()};
}

inline Wording not_whole(const std::string& shown) {
  return {"must be a whole number, not " + shown, "应为整数，而不是 " + shown};
}

inline Wording not_between(std::int64_t min, std::int64_t max, const std::string& shown) {
  const std::string low = std::to_string(min);
  const std::string high = std::to_string(max);
  return {"must be between " + low + " and " + high + ", not " + shown,
          "应在 " + low + " 到 " + high + " 之间，而不是 " + shown};
}

inline Wording not_true_or_false(const std::string& shown) {
  return {"must be true or false, not " + shown, "应为 true 或 false，而不是 " + shown};
}

inline Wording must_not_be_empty() { return {"must not be empty", "不能为空"}; }

// `shown`: the text as given, "2019-13-01".
inline Wording not_a_date(const std::string& shown) {
  return {"'" + shown + "' is not a date (YYYY-MM-DD)", "'" + shown + "' 不是日期（应为 YYYY-MM-DD）"};
}

// ---- what each rule takes -------------------------------------------------------------------

inline Wording not_positive_for_proportional() {
  return {"must be > 0 for proportional scoring", "按比例计分时应大于 0"};
}

inline Wording takes_no_target(const std::string& leaf_id, const std::string& rule) {
  return {"'" + leaf_id + "' is scored by " + rule + ", so it takes no target",
          "'" + leaf_id + "' 按 " + rule + " 规则计分，不填写目标值"};
}

inline Wording target_is_fixed(const std::string& leaf_id, const std::string& target) {
  return {"the scheme fixes the target of '" + leaf_id + "' at " + target + "; it cannot be filed",
          "考核方案已将 '" + leaf_id + "' 的目标值定为 " + target + "，不能另行填报"};
}

inline Wording previous_only_for_targets() {
  return {"only points scored against a target take last year's value",
          "只有按目标值计分的指标才填写上年数值"};
}

inline Wording computed_from_lower_level(const std::string& leaf_id) {
  return {"'" + leaf_id +
              "' is computed from the results of the level below: grade with assess_level and the lower "
              "level's results",
          "'" + leaf_id + "' 由下一级的考核结果计算：请用 assess_level 并提供下一级的结果"};
}

// A value given for a derived point (docs/scheme-language.md, "Derived values"), wherever it is
// given: a submission's section or a table's column.
inline Wording derived_not_filed(const std::string& leaf_id, const std::string& a, const std::string& b) {
  return {"'" + leaf_id + "' is computed from " + a + " and " + b + ": give their values, not its own",
          "'" + leaf_id + "' 由 " + a + " 和 " + b + " 计算得出：请填写这两项的值，而不是它本身的值"};
}

// ---- incidents ------------------------------------------------------------------------------

// `allowed`: the scheme's scope ids, "local, regional, systemic".
inline Wording not_an_incident_scope(const std::string& scope, const std::string& allowed) {
  return {"'" + scope + "' is not an incident scope (" + allowed + ")",
          "'" + scope + "' 不是事件范围（" + allowed + "）"};
}

inline Wording not_an_incident_severity(const std::string& severity, const std::string& scheme_id) {
  return {"'" + severity + "' is not an incident severity of scheme " + scheme_id,
          "'" + severity + "' 不是考核方案 " + scheme_id + " 的事件等级"};
}

// ---- lists and ids (schemes, campaigns) -----------------------------------------------------

// `what` is a noun with its measure word in Chinese: {"level", "一个等次"}.
inline Wording needs_at_least_one(const std::string& what_en, const std::string& what_zh) {
  return {"needs at least one " + what_en, "至少应有" + what_zh};
}

// `what` is a noun: {"level", "等次"}.
inline Wording duplicate(const std::string& what_en, const std::string& what_zh, const std::string& id) {
  return {"duplicate " + what_en + " '" + id + "'", what_zh + " '" + id + "' 重复"};
}

// A reference to something the scheme does not declare where it should: "no grade 'E' in
// /grading".
inline Wording not_declared(const std::string& what_en, const std::string& what_zh, const std::string& id,
                            const std::string& where) {
  return {"no " + what_en + " '" + id + "' in " + where, where + " 中没有" + what_zh + " '" + id + "'"};
}

// "duplicate id 'x' (first at /nodes/0)": a derived scheme rewrites the place in parentheses
// (scheme_derivation.cpp, translate_embedded_paths), so both languages mark it the same way.
struct EmbeddedPath {
  const char* open;
  const char* close;
};
inline constexpr EmbeddedPath kFirstAtEn{"(first at ", ")"};
inline constexpr EmbeddedPath kFirstAtZh{"（首次出现于 ", "）"};

inline Wording duplicate_id(const std::string& id, const std::string& first_at) {
  return {"duplicate id '" + id + "' " + kFirstAtEn.open + first_at + kFirstAtEn.close,
          "id '" + id + "' 重复" + kFirstAtZh.open + first_at + kFirstAtZh.close};
}

// ---- campaign steps ---------------------------------------------------------------------------

// "data/targets must be an object": a member of a step's data of the wrong type (a step's own
// data in campaign.cpp, the sections a correction replaces in campaign_correction.cpp).
inline Wording data_must_be(const std::string& key, bool array) {
  return {"data/" + key + " must be " + (array ? "an array" : "an object"),
          "data/" + key + " 应为" + (array ? "数组" : "对象")};
}

// ---- years and regions ----------------------------------------------------------------------

// `shown`: the year as given, 1999 (a submission, a campaign's create step, the calendar).
inline Wording year_outside(const std::string& shown) {
  const std::string range = std::to_string(kMinAssessmentYear) + ".." + std::to_string(kMaxAssessmentYear);
  return {"assessment year " + shown + " is outside " + range,
          "考核年度 " + shown + " 不在 " + range + " 范围内"};
}

// `shown`: the code quoted as its reader shows it, '990999'.
inline Wording not_in_region_file(const std::string& shown) {
  return {"region " + shown + " is not in the region file", "地区 " + shown + " 不在地区文件中"};
}

// A level described, 县级 ("is a county"); a level the user gives by name, 县 (county), as the
// bindings list them (cpp/bindings/wording.hpp).
inline std::string level_zh(AdminLevel level) { return std::string(admin_level_name_zh(level)) + "级"; }
inline std::string level_named_zh(AdminLevel level) {
  return std::string(admin_level_name_zh(level)) + " (" + admin_level_name(level) + ")";
}

}  // namespace qa::detail
