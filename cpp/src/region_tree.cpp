#include "qualityassess/region_tree.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "qualityassess/errors.hpp"
#include "qualityassess/text.hpp"
#include "value_wording.hpp"

namespace qa {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kMaxQuoted = 40;  // a malformed code is quoted up to this many bytes

bool all_digits(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string quoted(const std::string& text) {
  if (text.size() <= kMaxQuoted) return "'" + text + "'";
  return "'" + text.substr(0, kMaxQuoted) + "...'";
}

// Empty once ASCII white space and the ideographic space (U+3000) are taken away.
bool blank(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (text.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

// A problem in English and in Chinese (Issue::message and message_zh).
struct Problem {
  std::string en;
  std::string zh;
};

Problem code_problem(const std::string& code) {
  if (code.empty()) return {"code is empty", "代码为空"};
  if (code.size() == 6 && all_digits(code)) {
    return {"code " + quoted(code) + " names no province (a region code does not start with 00)",
            "代码 " + quoted(code) + " 不对应任何省份（地区代码不以 00 开头）"};
  }
  return {"code " + quoted(code) + " is not a region code: 6 ASCII digits (GB/T 2260)",
          "代码 " + quoted(code) + " 不是地区代码：应为 6 位半角数字（GB/T 2260）"};
}

Problem not_a_parent_code(const std::string& parent) {
  return {"parent " + quoted(parent) + " is not a region code: 6 ASCII digits (GB/T 2260)",
          "上级 " + quoted(parent) + " 不是地区代码：应为 6 位半角数字（GB/T 2260）"};
}

using detail::level_zh;

// A problem found with one row, kept with the row's index so that problems are listed in the
// order of the file.
struct Found {
  std::size_t row;
  Issue issue;
};

class Checker {
 public:
  explicit Checker(const std::vector<RegionRow>& rows) : rows_(rows) {}

  void add(std::size_t row, const std::string& field, Problem problem) {
    found_.push_back({row, {where(row, field), std::move(problem.en), std::move(problem.zh)}});
  }

  std::vector<Issue> issues() {
    std::stable_sort(found_.begin(), found_.end(),
                     [](const Found& a, const Found& b) { return a.row < b.row; });
    std::vector<Issue> out;
    out.reserve(found_.size());
    for (Found& found : found_) out.push_back(std::move(found.issue));
    return out;
  }

  // "regions.csv line 7 (990199)", "/regions/3/parent (990199)".
  std::string where(std::size_t row, const std::string& field) const {
    const RegionRow& r = rows_[row];
    std::string place = r.location.empty() ? "row " + std::to_string(row + 1) : r.location;
    if (!field.empty() && !place.empty() && place.front() == '/') place += "/" + field;
    if (!r.code.empty()) place += " (" + (r.code.size() <= kMaxQuoted ? r.code : quoted(r.code)) + ")";
    return place;
  }

 private:
  const std::vector<RegionRow>& rows_;
  std::vector<Found> found_;
};

}  // namespace

const char* admin_level_name(AdminLevel level) {
  switch (level) {
    case AdminLevel::province:
      return "province";
    case AdminLevel::prefecture:
      return "prefecture";
    case AdminLevel::county:
      return "county";
  }
  return "county";
}

std::string admin_level_plural(AdminLevel level) {
  return level == AdminLevel::county ? "counties" : std::string(admin_level_name(level)) + "s";
}

const char* admin_level_name_zh(AdminLevel level) {
  switch (level) {
    case AdminLevel::province:
      return "省";
    case AdminLevel::prefecture:
      return "市";
    case AdminLevel::county:
      return "县";
  }
  return "县";
}

std::optional<AdminLevel> parse_admin_level(const std::string& text) {
  for (AdminLevel level : {AdminLevel::province, AdminLevel::prefecture, AdminLevel::county}) {
    if (text == admin_level_name(level) || text == admin_level_name_zh(level)) return level;
  }
  return std::nullopt;
}

std::optional<AdminLevel> level_above(AdminLevel level) {
  if (level == AdminLevel::county) return AdminLevel::prefecture;
  if (level == AdminLevel::prefecture) return AdminLevel::province;
  return std::nullopt;
}

std::optional<AdminLevel> level_below(AdminLevel level) {
  if (level == AdminLevel::province) return AdminLevel::prefecture;
  if (level == AdminLevel::prefecture) return AdminLevel::county;
  return std::nullopt;
}

bool is_region_code(const std::string& code) {
  return code.size() == 6 && all_digits(code) && code.compare(0, 2, "00") != 0;
}

std::optional<AdminLevel> level_of_code(const std::string& code) {
  if (!is_region_code(code)) return std::nullopt;
  if (code.compare(2, 4, "0000") == 0) return AdminLevel::province;
  if (code.compare(4, 2, "00") == 0) return AdminLevel::prefecture;
  return AdminLevel::county;
}

std::string province_of_code(const std::string& code) {
  if (!is_region_code(code)) return "";
  return code.substr(0, 2) + "0000";
}

std::string prefecture_of_code(const std::string& code) {
  if (level_of_code(code) != AdminLevel::county) return "";
  return code.substr(0, 4) + "00";
}

RegionTree::RegionTree(const std::vector<RegionRow>& rows) {
  if (rows.size() > kMaxRegions) {
    throw InputError("invalid region file",
                     {{"",
                       std::to_string(rows.size()) + " regions; a region file holds at most " +
                           std::to_string(kMaxRegions),
                       "共 " + std::to_string(rows.size()) + " 个地区；一个地区文件最多 " +
                           std::to_string(kMaxRegions) + " 个"}});
  }
  Checker check(rows);
  const std::size_t n = rows.size();

  // 1. Each row on its own; the first row of each well-formed code is the one kept.
  std::unordered_map<std::string, std::size_t> first;  // code -> row
  std::vector<bool> kept(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    const RegionRow& row = rows[i];
    const std::optional<AdminLevel> level = level_of_code(row.code);
    if (!level) check.add(i, "code", code_problem(row.code));
    if (blank(row.name)) {
      check.add(i, "name", {"name is empty", "名称为空"});
    } else if (std::string problem = single_line_problem(row.name); !problem.empty()) {
      check.add(i, "name", {std::move(problem), single_line_problem_zh(row.name)});
    }
    if (!row.level.empty()) {
      const std::optional<AdminLevel> given = parse_admin_level(row.level);
      if (!given) {
        check.add(i, "level",
                  {"level " + quoted(row.level) + " is not province, prefecture or county (省, 市, 县)",
                   "级别 " + quoted(row.level) + " 不是 province、prefecture 或 county（省、市、县）"});
      } else if (level && *given != *level) {
        check.add(
            i, "level",
            {"level " + quoted(row.level) + " contradicts the code: " + row.code + " is a " +
                 admin_level_name(*level),
             "级别 " + quoted(row.level) + " 与代码不符：" + row.code + " 是" + level_zh(*level) + "地区"});
      }
    }
    if (!row.parent.empty() && !is_region_code(row.parent)) {
      check.add(i, "parent", not_a_parent_code(row.parent));
    }
    if (!level) continue;
    const auto [place, inserted] = first.emplace(row.code, i);
    if (inserted) {
      kept[i] = true;
    } else {
      const std::string first_at = check.where(place->second, "");
      check.add(i, "code",
                {"duplicate code; first given at " + first_at, "代码重复；首次出现于 " + first_at});
    }
  }
  const auto row_of = [&](const std::string& code) {
    const auto found = first.find(code);
    return found == first.end() ? kNone : found->second;
  };

  // 2. Parents: given ones checked, missing ones inferred from the code. `link` is the parent
  // row as given (when in the file), for the loop check; `parent` only a parent that passed.
  std::vector<std::size_t> link(n, kNone);
  std::vector<std::string> parent(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!kept[i]) continue;
    const RegionRow& row = rows[i];
    const AdminLevel level = *level_of_code(row.code);
    const std::string province = province_of_code(row.code);
    const std::string prefecture = prefecture_of_code(row.code);
    const char* name = admin_level_name(level);
    if (!row.parent.empty()) {
      if (!is_region_code(row.parent)) continue;  // reported above
      link[i] = row_of(row.parent);
      if (level == AdminLevel::province) {
        check.add(i, "parent",
                  {"a province has no parent (given " + quoted(row.parent) + ")",
                   "省级地区没有上级（填写的是 " + quoted(row.parent) + "）"});
        continue;
      }
      if (link[i] == kNone) {
        check.add(i, "parent",
                  {"parent " + quoted(row.parent) + " is not in the file",
                   "上级 " + quoted(row.parent) + " 不在文件中"});
        continue;
      }
      const AdminLevel above = *level_of_code(row.parent);
      if (above >= level) {
        check.add(
            i, "parent",
            {"parent " + quoted(row.parent) + " is a " + admin_level_name(above) + ", not above a " + name,
             "上级 " + quoted(row.parent) + " 是" + level_zh(above) + "地区，不在" + level_zh(level) +
                 "之上"});
        continue;
      }
      const bool fits = level == AdminLevel::prefecture ? row.parent == province
                                                        : row.parent == prefecture || row.parent == province;
      if (!fits) {
        check.add(
            i, "parent",
            level == AdminLevel::prefecture
                ? Problem{"parent " + quoted(row.parent) + " is not its province '" + province +
                              "' (the code's first two digits)",
                          "上级 " + quoted(row.parent) + " 不是其所属的省 '" + province + "'（代码的前两位）"}
                : Problem{"parent " + quoted(row.parent) + " is not its prefecture '" + prefecture +
                              "' or its province '" + province + "' (the code's leading digits)",
                          "上级 " + quoted(row.parent) + " 不是其所属的市 '" + prefecture + "' 或省 '" +
                              province + "'（代码的前几位）"});
        continue;
      }
      parent[i] = row.parent;
      continue;
    }
    if (level == AdminLevel::province) continue;
    if (level == AdminLevel::county && row_of(prefecture) != kNone) {
      parent[i] = prefecture;
    } else if (row_of(province) != kNone) {
      parent[i] = province;
    } else if (level == AdminLevel::prefecture) {
      check.add(i, "parent",
                {"no parent given, and its province '" + province + "' is not in the file",
                 "未填写上级，且其所属的省 '" + province + "' 不在文件中"});
    } else {
      check.add(i, "parent",
                {"no parent given, and neither its prefecture '" + prefecture + "' nor its province '" +
                     province + "' is in the file",
                 "未填写上级，且其所属的市 '" + prefecture + "' 和省 '" + province + "' 均不在文件中"});
    }
    if (!parent[i].empty()) link[i] = row_of(parent[i]);
  }

  // 3. Loops in the parent chains. The level rule already rules them out; this check stays so
  // that a change to that rule cannot let one through. Each loop is reported once, at the row
  // of its smallest code, naming each region in it once.
  std::vector<int> state(n, 0);  // 0 not seen, 1 on the chain being walked, 2 done
  for (std::size_t start = 0; start < n; ++start) {
    std::vector<std::size_t> chain;
    std::size_t node = start;
    while (node != kNone && state[node] == 0) {
      state[node] = 1;
      chain.push_back(node);
      node = link[node];
    }
    if (node != kNone && state[node] == 1) {
      const auto begin = std::find(chain.begin(), chain.end(), node);
      std::vector<std::size_t> loop(begin, chain.end());
      std::rotate(loop.begin(),
                  std::min_element(loop.begin(), loop.end(),
                                   [&](std::size_t a, std::size_t b) { return rows[a].code < rows[b].code; }),
                  loop.end());
      std::string text;
      for (std::size_t member : loop) text += rows[member].code + " → ";
      text += rows[loop.front()].code;
      check.add(loop.front(), "parent", {"the parent chain loops: " + text, "上级关系形成循环：" + text});
    }
    for (std::size_t member : chain) state[member] = 2;
  }

  const std::vector<Issue> issues = check.issues();
  if (!issues.empty()) throw InputError("invalid region file", issues);

  // 4. The tree, in code order.
  std::vector<std::size_t> order;
  order.reserve(first.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (kept[i]) order.push_back(i);
  }
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return rows[a].code < rows[b].code; });
  entries_.reserve(order.size());
  for (std::size_t i : order) {
    const RegionRow& row = rows[i];
    entries_.push_back({row.code, row.name, *level_of_code(row.code), parent[i], row.location});
    index_.emplace(row.code, entries_.size() - 1);
  }
  children_.assign(entries_.size(), {});
  parent_.assign(entries_.size(), kNone);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].parent.empty()) continue;
    parent_[i] = index_.at(entries_[i].parent);
    children_[parent_[i]].push_back(i);  // in code order, as entries_ is
  }
}

const RegionEntry* RegionTree::find(const std::string& code) const {
  const auto found = index_.find(code);
  return found == index_.end() ? nullptr : &entries_[found->second];
}

std::size_t RegionTree::index_of(const std::string& code) const {
  const auto found = index_.find(code);
  if (found == index_.end()) {
    const detail::Wording wording = detail::not_in_region_file(quoted(code));
    throw InputError("unknown region", {{"", wording.en, wording.zh}});
  }
  return found->second;
}

const RegionEntry& RegionTree::at(const std::string& code) const { return entries_[index_of(code)]; }

std::vector<std::string> RegionTree::children(const std::string& code) const {
  std::vector<std::string> out;
  for (std::size_t child : children_[index_of(code)]) out.push_back(entries_[child].code);
  return out;
}

void RegionTree::collect(std::size_t node, std::optional<AdminLevel> level,
                         std::vector<std::string>& out) const {
  // Iterative: the depth is at most three, but the walk must not depend on that.
  std::vector<std::size_t> stack(children_[node].rbegin(), children_[node].rend());
  while (!stack.empty()) {
    const std::size_t current = stack.back();
    stack.pop_back();
    if (!level || entries_[current].level == *level) out.push_back(entries_[current].code);
    stack.insert(stack.end(), children_[current].rbegin(), children_[current].rend());
  }
  std::sort(out.begin(), out.end());
}

std::vector<std::string> RegionTree::descendants(const std::string& code,
                                                 std::optional<AdminLevel> level) const {
  std::vector<std::string> out;
  collect(index_of(code), level, out);
  return out;
}

std::vector<std::string> RegionTree::ancestors(const std::string& code) const {
  std::vector<std::string> out;
  for (std::size_t node = parent_[index_of(code)]; node != kNone; node = parent_[node]) {
    out.push_back(entries_[node].code);
  }
  return out;
}

std::optional<std::string> RegionTree::ancestor_at(const std::string& code, AdminLevel level) const {
  for (std::size_t node = parent_[index_of(code)]; node != kNone; node = parent_[node]) {
    if (entries_[node].level == level) return entries_[node].code;
  }
  return std::nullopt;
}

std::vector<std::string> RegionTree::at_level(AdminLevel level,
                                              const std::optional<std::string>& under) const {
  std::vector<std::string> out;
  if (under) {
    const std::size_t node = index_of(*under);
    collect(node, level, out);
    if (entries_[node].level == level) out.insert(out.begin(), entries_[node].code);
    return out;
  }
  for (const RegionEntry& entry : entries_) {
    if (entry.level == level) out.push_back(entry.code);
  }
  return out;
}

}  // namespace qa
