#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "qualityassess/cascade.hpp"
#include "qualityassess/errors.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

AdminLevel level_from(const std::string& text) {
  if (auto level = parse_admin_level(text)) return *level;
  throw InputError("unknown level",
                   {{"level", "'" + text + "' is not a level (province, prefecture, county)"}});
}

using LevelOutcome = std::pair<std::vector<Result>, std::vector<std::string>>;

}  // namespace

void register_cascade(py::module_& m) {
  // Arguments are converted first, then the GIL is released for the roll-up and assessment.
  m.def(
      "assess_level",
      [](const std::shared_ptr<Scheme>& scheme, const RegionTree& tree, const std::string& level,
         const std::optional<std::string>& under, const std::vector<Submission>& submissions,
         const std::optional<std::vector<Result>>& lower) -> LevelOutcome {
        const LevelSelection selection{level_from(level), under};
        py::gil_scoped_release release;
        std::optional<Rollup> lower_rollup;
        if (lower) {
          std::vector<const Result*> lower_results;
          for (const Result& result : *lower) lower_results.push_back(&result);
          lower_rollup = roll_up(tree, lower_results, selection.level);
        }
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
