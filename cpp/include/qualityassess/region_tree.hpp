// The administrative hierarchy of the regions (Art. 10: provinces assess their prefectures,
// prefectures their counties): a region file read once, every problem reported at once, then
// queried by code.
//
// Codes follow GB/T 2260: exactly six ASCII digits, the first two (the province, never "00")
// followed by the prefecture's two and the county's two. xx0000 is a province, xxyy00 (yy != 00)
// a prefecture, xxyyzz (zz != 00) a county; the level is derived from the code.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace qa {

// Ordered from the top: a level compares less than the levels below it.
enum class AdminLevel { province = 0, prefecture = 1, county = 2 };

// "province", "prefecture", "county".
const char* admin_level_name(AdminLevel level);
// "provinces", "prefectures", "counties".
std::string admin_level_plural(AdminLevel level);
// "省", "市", "县".
const char* admin_level_name_zh(AdminLevel level);
// The English names above or the Chinese 省 / 市 / 县; nullopt otherwise.
std::optional<AdminLevel> parse_admin_level(const std::string& text);
// The level directly above (nullopt for a province) and directly below (nullopt for a county).
std::optional<AdminLevel> level_above(AdminLevel level);
std::optional<AdminLevel> level_below(AdminLevel level);

// True when `code` is six ASCII digits whose first two are not "00".
bool is_region_code(const std::string& code);
// The level a well-formed code stands for; nullopt when the code is malformed.
std::optional<AdminLevel> level_of_code(const std::string& code);
// xx0000 for any well-formed code (its province, or itself).
std::string province_of_code(const std::string& code);
// xxyy00 for a county's code (its prefecture); "" for provinces and prefectures.
std::string prefecture_of_code(const std::string& code);

// One row of a region file, as read: the level and parent may be left empty ("" = not given).
struct RegionRow {
  std::string code;
  std::string name;
  std::string level;   // "province", "prefecture", "county", 省, 市, 县, or "" (from the code)
  std::string parent;  // a code, or "" (inferred from the code)
  // Where the row was read, for messages: "regions.csv line 4", or a JSON Pointer such as
  // "/regions/3" (a location starting with "/" is a pointer: problems with one field are
  // reported at "/regions/3/parent").
  std::string location;
};

struct RegionEntry {
  std::string code;
  std::string name;
  AdminLevel level = AdminLevel::province;
  std::string parent;  // "" for provinces
  std::string location;
};

class RegionTree {
 public:
  static constexpr std::size_t kMaxRegions = 100000;

  RegionTree() = default;
  // Checks every row and throws InputError listing every problem, each at the row's location
  // and code: malformed or duplicate codes, empty names, unknown or contradicting levels,
  // parents that are absent, not above the child, not the child's province or prefecture, or
  // that loop; more than kMaxRegions rows. A parent left empty is inferred from the code: a
  // prefecture's is xx0000; a county's is xxyy00 when that is in the file, else xx0000 (a
  // county-level unit directly under its province, 省直辖县级, e.g. 429004).
  explicit RegionTree(const std::vector<RegionRow>& rows);

  std::size_t size() const { return entries_.size(); }
  bool contains(const std::string& code) const { return index_.count(code) != 0; }
  // nullptr when `code` is not in the tree.
  const RegionEntry* find(const std::string& code) const;
  // Throws InputError when `code` is not in the tree.
  const RegionEntry& at(const std::string& code) const;
  // Every entry in code order.
  const std::vector<RegionEntry>& entries() const { return entries_; }

  // The queries throw InputError when `code` (or `under`) is not in the tree. Lists are codes.
  std::vector<std::string> children(const std::string& code) const;  // in code order
  // Everything below `code` (not `code` itself), in code order; only those at `level` if given.
  std::vector<std::string> descendants(const std::string& code,
                                       std::optional<AdminLevel> level = std::nullopt) const;
  // Parent, grandparent, ...: nearest first.
  std::vector<std::string> ancestors(const std::string& code) const;
  // The ancestor at `level`; nullopt when there is none (a level at or below the region's own,
  // or a prefecture asked of a county directly under its province).
  std::optional<std::string> ancestor_at(const std::string& code, AdminLevel level) const;
  // The regions at `level`, in code order; with `under`, only those in its part of the tree
  // (`under` itself included when it is at `level`).
  std::vector<std::string> at_level(AdminLevel level,
                                    const std::optional<std::string>& under = std::nullopt) const;

 private:
  std::size_t index_of(const std::string& code) const;
  void collect(std::size_t node, std::optional<AdminLevel> level, std::vector<std::string>& out) const;

  std::vector<RegionEntry> entries_;                    // code order
  std::unordered_map<std::string, std::size_t> index_;  // code -> index into entries_
  std::vector<std::vector<std::size_t>> children_;      // parallel to entries_, code order
  std::vector<std::size_t> parent_;                     // parallel to entries_; npos for provinces
};

}  // namespace qa
