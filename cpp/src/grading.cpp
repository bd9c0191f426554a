#include "qualityassess/grading.hpp"

#include <algorithm>
#include <numeric>

namespace qa {

int band_grade(const Grading& grading, Fixed total) {
  for (const Band& band : grading.bands) {
    if (!band.min) return grading.grade_index(band.grade);
    const bool inside = band.inclusive ? total >= *band.min : total > *band.min;
    if (inside) return grading.grade_index(band.grade);
  }
  return grading.worst_index();
}

std::vector<std::int64_t> rank_tier_capacity(const Grading& grading, std::size_t n) {
  std::vector<std::int64_t> capacity;
  std::int64_t filled = 0;
  for (const RankTier& tier : grading.tiers) {
    if (tier.count) {
      filled += *tier.count;
    } else if (tier.share) {
      filled += static_cast<std::int64_t>(n) * tier.share->units() / Fixed::kScale;
    } else {
      filled = static_cast<std::int64_t>(n);
    }
    capacity.push_back(filled);
  }
  return capacity;
}

std::vector<RankedGrade> rank_grades(const Grading& grading, const std::vector<Fixed>& totals) {
  const std::size_t n = totals.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return totals[a] > totals[b]; });

  const std::vector<std::int64_t> capacity = rank_tier_capacity(grading, n);

  std::vector<RankedGrade> out(n);
  int rank = 0;
  for (std::size_t position = 0; position < n; ++position) {
    const std::size_t region = order[position];
    if (position == 0 || totals[region] != totals[order[position - 1]]) rank = static_cast<int>(position) + 1;
    std::size_t tier = 0;
    while (tier + 1 < capacity.size() && rank > capacity[tier]) ++tier;
    out[region].rank = rank;
    out[region].grade = grading.grade_index(grading.tiers[tier].grade);
  }
  return out;
}

}  // namespace qa
