#include "qualityassess/cascade.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "json_reader.hpp"
#include "qualityassess/assess.hpp"
#include "qualityassess/errors.hpp"
#include "value_wording.hpp"

namespace qa {
namespace {

using detail::level_zh;
using detail::pointer_child;

std::string region_label(const std::string& code, const std::string& name) {
  return name.empty() ? code : code + " " + name;
}

bool is_under(const RegionTree& tree, const std::string& code, const std::optional<std::string>& under) {
  if (!under) return true;
  const auto ancestors = tree.ancestors(code);
  return std::find(ancestors.begin(), ancestors.end(), *under) != ancestors.end();
}

void check_selection(const RegionTree& tree, const LevelSelection& selection, IssueList& issues) {
  if (!selection.under) return;
  const RegionEntry* parent = tree.find(*selection.under);
  if (parent == nullptr) {
    issues.add("under", "'" + *selection.under + "' is not in the region file",
               "'" + *selection.under + "' 不在地区文件中");
  } else if (parent->level >= selection.level) {
    const std::string parent_label = region_label(parent->code, parent->name);
    issues.add("under",
               parent_label + " is a " + admin_level_name(parent->level) + ": the " +
                   admin_level_plural(selection.level) + " graded must lie below it",
               parent_label + " 是" + level_zh(parent->level) + "地区：所评定的" + level_zh(selection.level) +
                   "地区应在其下");
  }
}

void check_lower(const std::vector<const Node*>& points, const LevelSelection& selection, const Rollup* lower,
                 IssueList& issues) {
  if (points.empty()) return;
  if (lower == nullptr) {
    issues.add(pointer_child("/points", points.front()->id),
               "takes its value from the level below: give that level's results (rolled up to the " +
                   admin_level_plural(selection.level) + ")",
               "其数值取自下一级：请提供下一级的考核结果（汇总到" + level_zh(selection.level) + "）");
  } else if (lower->level != selection.level) {
    issues.add("lower",
               "the level below is rolled up to the " + admin_level_plural(lower->level) + ", not to the " +
                   admin_level_plural(selection.level) + " graded here",
               "下一级的考核结果汇总到了" + level_zh(lower->level) + "，而不是此处评定的" +
                   level_zh(selection.level));
  }
}

// Points from the level below are computed, never filed: a filed value is refused so that
// nobody mistakes it for the one used.
void fill_lower_level_values(const Scheme& scheme, const Rollup& lower, Submission& submission,
                             const std::string& label, IssueList& issues) {
  bool filed = false;
  for (const Node* point : lower_level_points(scheme)) {
    if (submission.self_evaluation.count(point->id) != 0 || submission.verification.count(point->id) != 0) {
      issues.add(label + ", point '" + point->id + "'",
                 "its value is computed from the level below; leave it out of the submission",
                 "其数值由下一级计算得出；请勿在报送数据中填写");
      filed = true;
    }
  }
  if (filed) return;
  try {
    for (const auto& [point, value] : lower_level_values(scheme, lower, submission.region.code)) {
      submission.self_evaluation[point] = value.to_double();
      submission.verification[point] = value.to_double();
    }
  } catch (const InputError& error) {
    for (const Issue& issue : error.issues())
      issues.add(label + ", " + issue.path, issue.message, issue.message_zh);
  }
}

}  // namespace

Fixed lower_level_value(const LowerLevelSource& source, const Rollup& lower, const RollupRow& row,
                        const std::string& point) {
  const std::string where = "point '" + point + "'";
  if (row.graded == 0 || row.graded < row.expected) {
    const std::string graded = std::to_string(row.graded);
    const std::string expected = std::to_string(row.expected);
    throw InputError("cannot compute a value from the level below",
                     {{where,
                       graded + " of the " + expected + " " + admin_level_plural(lower.results_level) +
                           " under " + row.parent + " are graded; all must be",
                       row.parent + " 下的 " + expected + " 个" + level_zh(lower.results_level) +
                           "地区中只有 " + graded + " 个已评定；应全部评定"}});
  }
  switch (source.measure) {
    case LowerLevelMeasure::mean_total:
      return *row.mean_total;
    case LowerLevelMeasure::lowest_total:
      return *row.lowest_total;
    case LowerLevelMeasure::share_graded:
      break;
  }
  std::int64_t counted = 0;
  for (const std::string& grade : source.grades) {
    const int index = lower.scheme->grading.grade_index(grade);
    if (index < 0) {
      throw InputError(
          "cannot compute a value from the level below",
          {{where,
            "counts grade '" + grade + "', which the scheme of the level below ('" + lower.scheme->id +
                "') does not have",
            "计入等级 '" + grade + "'，但下一级的考核方案（'" + lower.scheme->id + "'）没有该等级"}});
    }
    counted += row.grade_counts[static_cast<std::size_t>(index)];
  }
  const Ratio percent(Ratio::Int{counted} * 100, Ratio::Int{row.graded});
  return percent.round(Rounding{Fixed::kDigits, RoundingMode::half_up});
}

std::vector<const Node*> lower_level_points(const Scheme& scheme) {
  std::vector<const Node*> points;
  for (int leaf : scheme.leaves) {
    const Node& node = scheme.nodes[static_cast<std::size_t>(leaf)];
    if (node.from_lower_level) points.push_back(&node);
  }
  return points;
}

std::map<std::string, Fixed> lower_level_values(const Scheme& scheme, const Rollup& lower,
                                                const std::string& code) {
  std::map<std::string, Fixed> values;
  std::vector<Issue> issues;
  const RollupRow* row = lower.find(code);
  for (const Node* point : lower_level_points(scheme)) {
    if (row == nullptr) {
      issues.push_back({"point '" + point->id + "'", "no results of the level below roll up to this region",
                        "没有下一级的考核结果汇总到该地区"});
      continue;
    }
    try {
      values.emplace(point->id, lower_level_value(*point->from_lower_level, lower, *row, point->id));
    } catch (const InputError& error) {
      issues.insert(issues.end(), error.issues().begin(), error.issues().end());
    }
  }
  if (!issues.empty()) throw InputError("cannot compute the values from the level below", issues);
  return values;
}

LevelAssessment assess_level(const SchemePtr& scheme, const RegionTree& tree, const LevelSelection& selection,
                             std::vector<Submission> submissions, const Rollup* lower) {
  IssueList issues;
  check_selection(tree, selection, issues);
  const auto points = lower_level_points(*scheme);
  check_lower(points, selection, lower, issues);
  issues.throw_if_any<InputError>("cannot grade the " + admin_level_plural(selection.level));

  LevelAssessment out;
  std::map<std::string, std::size_t> selected;  // code -> index into submissions
  for (std::size_t i = 0; i < submissions.size(); ++i) {
    Submission& submission = submissions[i];
    const std::string label = "submission " + std::to_string(i) + " (" +
                              region_label(submission.region.code, submission.region.name) + ")";
    const RegionEntry* entry = tree.find(submission.region.code);
    if (entry == nullptr) {
      detail::add(issues, label, detail::not_in_region_file("'" + submission.region.code + "'"));
      continue;
    }
    if (!submission.region.name.empty() && submission.region.name != entry->name) {
      issues.add(label, "the name differs from the region file's '" + entry->name + "'",
                 "名称与地区文件中的 '" + entry->name + "' 不同");
      continue;
    }
    submission.region.name = entry->name;
    if (entry->level != selection.level || !is_under(tree, entry->code, selection.under)) {
      out.skipped.push_back(entry->code);
      continue;
    }
    if (!selected.emplace(entry->code, i).second) {
      const std::string region = region_label(entry->code, entry->name);
      issues.add(label, "a second submission for " + region, region + " 的报送数据重复");
      continue;
    }
    if (!points.empty()) fill_lower_level_values(*scheme, *lower, submission, label, issues);
  }
  for (const std::string& code : tree.at_level(selection.level, selection.under)) {
    if (selected.count(code) == 0)
      issues.add(region_label(code, tree.at(code).name), "no submission", "没有报送数据");
  }
  issues.throw_if_any<InputError>("cannot grade the " + admin_level_plural(selection.level));

  std::vector<Submission> chosen;
  chosen.reserve(selected.size());
  for (const auto& [code, index] : selected) chosen.push_back(std::move(submissions[index]));
  out.results = assess_cohort(scheme, chosen);
  return out;
}

}  // namespace qa
