// The next grade, its gap and the cheapest way there (next_grade.hpp), in exact units.
#include "qualityassess/next_grade.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "qualityassess/errors.hpp"
#include "qualityassess/grading.hpp"

namespace qa {

std::vector<int> scoring_units(const Scheme& scheme) {
  std::vector<std::uint8_t> on_the_way(scheme.nodes.size(), 0);  // its points reach the total
  for (int root : scheme.roots) on_the_way[static_cast<std::size_t>(root)] = 1;
  std::vector<int> units;
  for (std::size_t i = 0; i < scheme.nodes.size(); ++i) {  // pre-order: parents first
    if (on_the_way[i] == 0) continue;
    const Node& node = scheme.nodes[i];
    if (!node.is_leaf() && !node.children.empty() && node.aggregation == Aggregation::sum) {
      for (int child : node.children) on_the_way[static_cast<std::size_t>(child)] = 1;
    } else {
      units.push_back(static_cast<int>(i));
    }
  }
  return units;
}

const char* blocked_name(Blocked blocked) {
  switch (blocked) {
    case Blocked::none:
      return "";
    case Blocked::veto:
      return "veto";
    case Blocked::condition:
      return "condition";
  }
  return "";
}

namespace {

// One step of the scheme's last kept digit, in units: 0.01 at two digits.
std::int64_t rounding_step(const Rounding& rounding) {
  std::int64_t step = 1;
  for (int d = rounding.digits; d < Fixed::kDigits; ++d) step *= 10;
  return step;
}

void check_inputs(const Scheme& scheme, const NextGradeInputs& inputs, std::size_t units) {
  if (scheme.grading.method != GradingMethod::bands) {
    throw InputError(
        "cannot compute the next grade",
        {{"grading",
          std::string("the scheme grades by ") +
              (scheme.grading.method == GradingMethod::rank ? "rank" : "a gate") +
              ": no points threshold to reach",
          std::string("该方案按") + (scheme.grading.method == GradingMethod::rank ? "名次" : "门槛") +
              "评定等级，没有可达到的分数线"}});
  }
  const std::size_t n = inputs.totals.size();
  std::vector<Issue> issues;
  if (inputs.grades.size() != n || inputs.vetoed.size() != n) {
    issues.push_back(
        {"regions", "totals, grades and vetoed differ in length", "总分、等级和一票否决的长度不一致"});
  }
  if (inputs.unit_points.size() != n * units) {
    const std::string width = std::to_string(units);
    issues.push_back({"unit_points", "must hold one row of " + width + " per region",
                      "应为每个地区一行，每行 " + width + " 个数值"});
  }
  const int grades = static_cast<int>(scheme.grading.grades.size());
  for (std::size_t r = 0; r < inputs.grades.size(); ++r) {
    if (inputs.grades[r] < 0 || inputs.grades[r] >= grades) {
      issues.push_back({"grades/" + std::to_string(r), "is not a grade of the scheme", "不是考核方案的等级"});
      break;
    }
  }
  if (!issues.empty()) throw InputError("cannot compute the next grade", issues);
}

}  // namespace

std::vector<NextGrade> next_grades(const Scheme& scheme, const NextGradeInputs& inputs) {
  const std::vector<int> units = scoring_units(scheme);
  const std::size_t width = units.size();
  check_inputs(scheme, inputs, width);
  const Grading& grading = scheme.grading;
  const std::int64_t step = rounding_step(scheme.rounding);
  // Per grade: the first band that gives it and has a minimum (Art. 5), or none.
  std::vector<const Band*> band_of(grading.grades.size(), nullptr);
  for (const Band& band : grading.bands) {
    const int grade = grading.grade_index(band.grade);
    if (grade >= 0 && band.min && band_of[static_cast<std::size_t>(grade)] == nullptr) {
      band_of[static_cast<std::size_t>(grade)] = &band;
    }
  }

  const std::size_t n = inputs.totals.size();
  std::vector<NextGrade> out(n);
  std::vector<std::int64_t> room(width);
  std::vector<std::size_t> order(width);
  for (std::size_t r = 0; r < n; ++r) {
    NextGrade& region = out[r];
    const std::int64_t total = inputs.totals[r].units();
    const int here = inputs.grades[r];
    if (inputs.vetoed[r] != 0) {
      region.blocked = Blocked::veto;
    } else if (here != band_grade(grading, inputs.totals[r])) {
      region.blocked = Blocked::condition;
    }
    std::int64_t headroom = 0;
    for (std::size_t u = 0; u < width; ++u) {
      const Node& node = scheme.nodes[static_cast<std::size_t>(units[u])];
      room[u] = node.points.units() - inputs.unit_points[r * width + u].units();
      headroom += room[u];
    }
    region.headroom = Fixed::from_units(headroom);
    if (here > 0 && band_of[static_cast<std::size_t>(here - 1)] != nullptr) {
      const Band& band = *band_of[static_cast<std::size_t>(here - 1)];
      const std::int64_t need = band.min->units() - total + (band.inclusive ? 0 : step);
      region.next = here - 1;
      region.gap = Fixed::from_units(std::max<std::int64_t>(need, 0));
    }
    if (!region.gap || region.blocked != Blocked::none || headroom < region.gap->units()) continue;
    region.reachable = true;
    // The most headroom first; equal headroom in unit order.
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return room[a] > room[b]; });
    std::int64_t left = region.gap->units();
    for (std::size_t k = 0; k < width && left > 0; ++k) {
      const std::int64_t take = std::min(left, room[order[k]]);
      if (take <= 0) break;
      region.plan.push_back({order[k], Fixed::from_units(take)});
      left -= take;
    }
    region.points_to_raise = static_cast<int>(region.plan.size());
  }
  return out;
}

}  // namespace qa
