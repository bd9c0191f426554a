// The grading rules Python asks of the core (grading.hpp, ranking.hpp): the band a total falls
// in, the one ranking order and the change of grade. Totals arrive as floats holding Fixed
// values (Result.total, the batch's total column) and are taken back exactly (Fixed::from_double).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <utility>

#include "qualityassess/errors.hpp"
#include "qualityassess/grading.hpp"
#include "qualityassess/ranking.hpp"
#include "qualityassess/scheme.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

std::vector<Fixed> fixed_totals(const std::vector<double>& totals) {
  std::vector<Fixed> out;
  out.reserve(totals.size());
  for (const double total : totals) out.push_back(Fixed::from_double(total));
  return out;
}

std::vector<int> band_grades(const Scheme& scheme, const std::vector<double>& totals) {
  if (scheme.grading.bands.empty()) {
    throw InputError("no grade bands", {{"grading", "the scheme grades by rank: it has no bands",
                                         "该方案按名次评定等级，没有等级分数线"}});
  }
  std::vector<int> out;
  out.reserve(totals.size());
  for (const Fixed total : fixed_totals(totals)) out.push_back(band_grade(scheme.grading, total));
  return out;
}

std::pair<std::vector<std::size_t>, std::vector<int>> ranking(const std::vector<int>& grades,
                                                              const std::vector<double>& totals,
                                                              const std::vector<std::string>& codes) {
  if (totals.size() != grades.size() || codes.size() != grades.size()) {
    throw InputError("cannot rank", {{"rank_order", "grades, totals and codes differ in length",
                                      "等级、总分和地区代码的长度不一致"}});
  }
  const Ranking result = rank_order(grades, fixed_totals(totals), codes);
  return {result.order, result.rank};
}

std::vector<std::optional<std::string>> grade_changes(const std::vector<std::string>& grades_before,
                                                      const std::vector<std::optional<std::string>>& before,
                                                      const std::vector<std::string>& grades_after,
                                                      const std::vector<std::optional<std::string>>& after) {
  if (before.size() != after.size()) {
    throw InputError("cannot compare grades",
                     {{"grade_changes", "before and after differ in length", "变动前后的长度不一致"}});
  }
  std::vector<std::optional<std::string>> out(before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (!before[i] || !after[i]) continue;
    if (const auto change = grade_change(grades_before, *before[i], grades_after, *after[i])) {
      out[i] = grade_change_name(*change);
    }
  }
  return out;
}

}  // namespace

void register_grading(py::module_& m) {
  m.def("band_grades", &band_grades, py::arg("scheme"), py::arg("totals"),
        "Per total, the index (0 = best) of the scheme's band it falls in, exactly (Art. 5); "
        "InputError under rank grading.");
  m.def("rank_order", &ranking, py::arg("grades"), py::arg("totals"), py::arg("codes"),
        "The one ranking order: (order, ranks). order: indices best first (grade index, then "
        "total, highest first, then code); ranks: per input, competition ranks (1, 2, 2, 4) by "
        "grade and total.");
  m.def("grade_changes", &grade_changes, py::arg("grades_before"), py::arg("before"), py::arg("grades_after"),
        py::arg("after"),
        "Per pair of grades: 'up', 'down', 'same', or None when the grade lists differ in length, a "
        "grade is not in its list, or a side is None.");
}

}  // namespace qa::bindings
