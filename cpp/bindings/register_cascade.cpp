#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>

#include "qualityassess/cascade.hpp"
#include "qualityassess/errors.hpp"
#include "registration.hpp"
#include "wording.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

AdminLevel level_from(const std::string& text) { return level_named(text, "level", "unknown level"); }

using LevelOutcome = std::pair<std::vector<Result>, std::vector<std::string>>;

// The Results of a Python list, read in place instead of copied one by one.
using ResultRefs = std::vector<std::reference_wrapper<const Result>>;

std::vector<const Result*> pointers_to(const ResultRefs& results) {
  std::vector<const Result*> out;
  out.reserve(results.size());
  for (const Result& result : results) out.push_back(&result);
  return out;
}

// The level all `codes` are at in the tree; InputError naming each code that is not, or differs.
AdminLevel common_level(const RegionTree& tree, const std::vector<std::string>& codes) {
  std::vector<Issue> issues;
  std::optional<AdminLevel> level;
  for (const std::string& code : codes) {
    const RegionEntry* entry = tree.find(code);
    if (entry == nullptr) {
      issues.push_back({code, "not in the region file", "不在地区文件中"});
    } else if (level && *level != entry->level) {
      issues.push_back({code,
                        std::string("is a ") + admin_level_name(entry->level) +
                            "; the regions before it are " + admin_level_plural(*level),
                        std::string("是") + admin_level_name_zh(entry->level) + "级地区，而它前面的地区是" +
                            admin_level_name_zh(*level) + "级"});
    } else {
      level = entry->level;
    }
  }
  if (!level) issues.push_back({"regions", "no region to compute values for", "没有要计算数值的地区"});
  if (!issues.empty()) throw InputError("cannot compute the values from the level below", issues);
  return *level;
}

using ValuesByRegion = std::map<std::string, std::map<std::string, double>>;

ValuesByRegion values_from_lower_level(const Scheme& scheme, const RegionTree& tree, const ResultRefs& lower,
                                       const std::vector<std::string>& codes) {
  const AdminLevel level = common_level(tree, codes);
  const Rollup rollup = roll_up(tree, pointers_to(lower), level);
  ValuesByRegion out;
  std::vector<Issue> issues;
  for (const std::string& code : codes) {
    try {
      for (const auto& [point, value] : lower_level_values(scheme, rollup, code))
        out[code][point] = value.to_double();
    } catch (const InputError& error) {
      for (const Issue& issue : error.issues()) {
        issues.push_back({code + ", " + issue.path, issue.message, issue.message_zh});
      }
    }
  }
  if (!issues.empty()) throw InputError("cannot compute the values from the level below", issues);
  return out;
}

}  // namespace

void register_cascade(py::module_& m) {
  m.def(
      "level_name", [](const std::string& text) { return std::string(admin_level_name(level_from(text))); },
      py::arg("level"),
      "'province', 'prefecture' or 'county' for a level named so or 省, 市, 县; InputError (in zh and en, "
      "the "
      "levels listed as 省 (province)…) otherwise.");
  m.def(
      "lower_level_values",
      [](const std::shared_ptr<Scheme>& scheme, const RegionTree& tree, const ResultRefs& lower,
         const std::vector<std::string>& codes) {
        py::gil_scoped_release release;
        return values_from_lower_level(*scheme, tree, lower, codes);
      },
      py::arg("scheme"), py::arg("tree"), py::arg("lower"), py::arg("codes"),
      "For each region in `codes`: point id -> value of the points `scheme` takes from the level below, "
      "computed from `lower` (the results of that level).");

  // Arguments are converted first, then the GIL is released for the roll-up and assessment.
  m.def(
      "assess_level",
      [](const std::shared_ptr<Scheme>& scheme, const RegionTree& tree, const std::string& level,
         const std::optional<std::string>& under, const std::vector<Submission>& submissions,
         const std::optional<ResultRefs>& lower) -> LevelOutcome {
        const LevelSelection selection{level_from(level), under};
        py::gil_scoped_release release;
        std::optional<Rollup> lower_rollup;
        if (lower) lower_rollup = roll_up(tree, pointers_to(*lower), selection.level);
        LevelAssessment assessed =
            assess_level(scheme, tree, selection, submissions, lower_rollup ? &*lower_rollup : nullptr);
        return {std::move(assessed.results), std::move(assessed.skipped)};
      },
      py::arg("scheme"), py::arg("tree"), py::arg("level"), py::arg("under"), py::arg("submissions"),
      py::arg("lower"),
      "Grade the regions at `level` under `under` (Art. 10); returns (results in code order, codes of "
      "submissions outside the selection). `lower`: the results of the level below, for points the "
      "scheme takes from it.");
}

}  // namespace qa::bindings
