// The refusals several bindings share, worded once in English and Chinese (Issue::message and
// message_zh): a level of the region hierarchy given by name (register_regions.cpp,
// register_cascade.cpp), the levels listed as the user knows them, 省 (province)、市
// (prefecture)、县 (county); a date given as text (register_calendar.cpp, register_campaign.cpp),
// in the words of cpp/src/value_wording.hpp's not_a_date, which the bindings cannot include.
#pragma once

#include <string>

#include "qualityassess/errors.hpp"
#include "qualityassess/region_tree.hpp"

namespace qa::bindings {

inline Issue not_a_level(const std::string& place, const std::string& text) {
  std::string zh;
  for (AdminLevel level : {AdminLevel::province, AdminLevel::prefecture, AdminLevel::county}) {
    zh += std::string(zh.empty() ? "" : "、") + admin_level_name_zh(level) + " (" + admin_level_name(level) +
          ")";
  }
  return {place, "'" + text + "' is not a level: province, prefecture or county (省, 市, 县)",
          "'" + text + "' 不是层级，可选：" + zh};
}

inline Issue not_a_date(const std::string& place, const std::string& text) {
  return {place, "'" + text + "' is not a date (YYYY-MM-DD)", "'" + text + "' 不是日期（应为 YYYY-MM-DD）"};
}

// The level `text` names; an InputError under `heading` otherwise.
inline AdminLevel level_named(const std::string& text, const std::string& place, const std::string& heading) {
  if (auto level = parse_admin_level(text)) return *level;
  throw InputError(heading, {not_a_level(place, text)});
}

}  // namespace qa::bindings
