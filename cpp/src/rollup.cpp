#include "qualityassess/rollup.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "qualityassess/errors.hpp"
#include "qualityassess/misreporting.hpp"
#include "qualityassess/scheme_io.hpp"
#include "value_wording.hpp"

namespace qa {
namespace {

using detail::level_named_zh;
using detail::level_zh;
using detail::Wording;

const char* const kHeading = "invalid roll-up";

// "990101 示例县" (the result's own code and name) for messages.
std::string label(const Result& result) {
  return result.region.name.empty() ? result.region.code : result.region.code + " " + result.region.name;
}

Wording scheme_label(const SchemePtr& scheme) {
  if (!scheme) return {"no scheme", "无考核方案"};
  const bool versioned = !scheme->version.empty();
  return {"scheme '" + scheme->id + "'" + (versioned ? " version '" + scheme->version + "'" : ""),
          "考核方案 '" + scheme->id + "'" + (versioned ? "（版本 '" + scheme->version + "'）" : "")};
}

// Two results belong together when they were assessed with the same scheme: the same object, or
// two objects describing the same scheme (one read twice, or unpickled).
class SameScheme {
 public:
  explicit SameScheme(SchemePtr reference) : reference_(std::move(reference)) {}

  bool operator()(const SchemePtr& scheme) {
    if (scheme == reference_) return true;
    if (!scheme || !reference_) return false;
    const auto known = verdicts_.find(scheme.get());
    if (known != verdicts_.end()) return known->second;
    if (reference_document_.is_null()) reference_document_ = write_scheme(*reference_);
    const bool same = scheme->id == reference_->id && write_scheme(*scheme) == reference_document_;
    verdicts_.emplace(scheme.get(), same);
    return same;
  }

 private:
  SchemePtr reference_;
  nlohmann::json reference_document_;
  std::unordered_map<const Scheme*, bool> verdicts_;
};

}  // namespace

const RollupRow* Rollup::find(const std::string& parent) const {
  const auto found =
      std::lower_bound(rows.begin(), rows.end(), parent,
                       [](const RollupRow& row, const std::string& code) { return row.parent < code; });
  return found != rows.end() && found->parent == parent ? &*found : nullptr;
}

Rollup roll_up(const RegionTree& tree, const std::vector<const Result*>& results, AdminLevel to_level) {
  if (results.empty())
    throw InputError(kHeading, {{"results", "no results to roll up", "没有可汇总的考核结果"}});

  // 1. Each result against the first: scheme, year, level; each region once and in the tree.
  std::vector<Issue> issues;
  const Result* first = nullptr;         // the first result given
  const Result* first_placed = nullptr;  // the first result whose region is in the tree
  std::optional<SameScheme> same_scheme;
  std::optional<AdminLevel> results_level;
  std::unordered_map<std::string, std::size_t> seen;  // code -> index of its first result
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result* result = results[i];
    if (result == nullptr) {
      issues.push_back({"results[" + std::to_string(i) + "]", "is not a result", "不是考核结果"});
      continue;
    }
    const std::string where = label(*result);
    if (first == nullptr) {
      first = result;
      same_scheme.emplace(result->scheme);
      if (!result->scheme) issues.push_back({where, "the result has no scheme", "该考核结果没有考核方案"});
    } else {
      const std::string first_en = " (first: " + label(*first) + ")";
      const std::string first_zh = "（第一个：" + label(*first) + "）";
      if (!(*same_scheme)(result->scheme)) {
        const Wording mine = scheme_label(result->scheme);
        const Wording theirs = scheme_label(first->scheme);
        if (mine.en == theirs.en) {
          issues.push_back({where,
                            "assessed with " + mine.en +
                                " whose content differs from the one of the results before it" + first_en,
                            "按" + mine.zh + "考核，但其内容与前面的考核结果所用的不同" + first_zh});
        } else {
          issues.push_back(
              {where, "assessed with " + mine.en + "; the results before it with " + theirs.en + first_en,
               "按" + mine.zh + "考核，而前面的考核结果按" + theirs.zh + first_zh});
        }
      }
      if (result->year != first->year) {
        const std::string year = std::to_string(result->year);
        const std::string first_year = std::to_string(first->year);
        issues.push_back({where,
                          "assessment year " + year + "; the results before it are " + first_year + first_en,
                          "考核年度为 " + year + "，而前面的考核结果为 " + first_year + " 年度" + first_zh});
      }
    }
    const auto [place, inserted] = seen.emplace(result->region.code, i);
    if (!inserted) {
      const std::string both = "results[" + std::to_string(place->second) + "]",
                        again = "results[" + std::to_string(i) + "]";
      issues.push_back({where, "two results for this region (" + both + " and " + again + ")",
                        "该地区有两个考核结果（" + both + " 和 " + again + "）"});
      continue;
    }
    const RegionEntry* entry = tree.find(result->region.code);
    if (entry == nullptr) {
      const Wording wording = detail::not_in_region_file("'" + result->region.code + "'");
      issues.push_back({where, wording.en, wording.zh});
      continue;
    }
    if (!results_level) {
      results_level = entry->level;
      first_placed = result;
    } else if (entry->level != *results_level) {
      const std::string first_label = label(*first_placed);
      issues.push_back({where,
                        std::string("is a ") + admin_level_name(entry->level) +
                            "; the results before it are " + admin_level_plural(*results_level) +
                            " (first: " + first_label + ")",
                        "是" + level_zh(entry->level) + "地区，而前面的考核结果是" +
                            level_zh(*results_level) + "地区（第一个：" + first_label + "）"});
    }
    if (result->scheme && result->scheme->grading.grade_index(result->grade) < 0) {
      const Wording scheme = scheme_label(result->scheme);
      issues.push_back({where, "grade '" + result->grade + "' is not a grade of " + scheme.en,
                        "等级 '" + result->grade + "' 不是" + scheme.zh + "的等级"});
    }
  }

  // 2. The level rolled up to: strictly above the results', and above each result's region.
  if (results_level && to_level >= *results_level) {
    const std::string results_name = admin_level_name(*results_level);
    const std::optional<AdminLevel> above = level_above(*results_level);
    std::string message =
        "cannot roll " + results_name + " results up to " + admin_level_name(to_level) + ": ";
    message += above ? "the level must be above " + results_name + " (e.g. " + admin_level_name(*above) + ")"
                     : "no level is above " + results_name;
    std::string message_zh =
        "无法将" + level_zh(*results_level) + "考核结果汇总到" + level_named_zh(to_level) + "：";
    message_zh += above ? "层级应高于" + level_named_zh(*results_level) + "，例如" + level_named_zh(*above)
                        : level_named_zh(*results_level) + "之上没有层级";
    issues.insert(issues.begin(), {"level", message, message_zh});
  } else if (results_level) {
    for (const Result* result : results) {
      if (result == nullptr) continue;
      const RegionEntry* entry = tree.find(result->region.code);
      if (entry == nullptr || entry->level != *results_level || tree.ancestor_at(entry->code, to_level))
        continue;
      const bool under = !entry->parent.empty();
      issues.push_back({label(*result),
                        std::string("has no ") + admin_level_name(to_level) + " above it" +
                            (under ? " (it is directly under " + entry->parent + ")" : ""),
                        "其上没有" + level_zh(to_level) + "地区" +
                            (under ? "（它直接隶属于 " + entry->parent + "）" : "")});
    }
  }
  if (!issues.empty()) throw InputError(kHeading, issues);

  // 3. One row per region at `to_level` with regions at the results' level under it.
  Rollup rollup;
  rollup.scheme = first->scheme;
  rollup.results_level = *results_level;
  rollup.level = to_level;
  const std::size_t grades = rollup.scheme->grading.grades.size();
  std::unordered_map<std::string, std::size_t> row_of;
  for (const std::string& code : tree.at_level(to_level)) {
    const std::size_t expected = tree.descendants(code, *results_level).size();
    if (expected == 0) continue;
    RollupRow row;
    row.parent = code;
    row.parent_name = tree.at(code).name;
    row.expected = static_cast<int>(expected);
    row.grade_counts.assign(grades, 0);
    row_of.emplace(code, rollup.rows.size());
    rollup.rows.push_back(std::move(row));
  }
  for (const Result* result : results) {
    RollupRow& row = rollup.rows[row_of.at(*tree.ancestor_at(result->region.code, to_level))];
    const std::string& code = result->region.code;
    ++row.graded;
    ++row.grade_counts[static_cast<std::size_t>(rollup.scheme->grading.grade_index(result->grade))];
    row.total_sum += result->total;
    if (!row.lowest_total || result->total < *row.lowest_total ||
        (result->total == *row.lowest_total && code < row.lowest_region)) {
      row.lowest_total = result->total;
      row.lowest_region = code;
    }
    if (result->vetoed) row.vetoed.push_back(code);
    const auto misreported = std::count_if(result->findings.begin(), result->findings.end(),
                                           [](const Finding& finding) { return is_misreporting(finding); });
    if (misreported > 0) {
      row.misreporting.push_back(code);
      row.misreporting_findings += static_cast<int>(misreported);
    }
  }
  for (RollupRow& row : rollup.rows) {
    if (row.graded > 0) {
      row.mean_total = Fixed::from_units(
          divide_rounded<std::int64_t>(row.total_sum.units(), row.graded, RoundingMode::half_up));
    }
    std::sort(row.vetoed.begin(), row.vetoed.end());
    std::sort(row.misreporting.begin(), row.misreporting.end());
  }
  return rollup;
}

}  // namespace qa
