#include "qualityassess/grading.hpp"

#include <algorithm>

#include "qualityassess/ranking.hpp"

namespace qa {

int band_grade(const Grading& grading, Fixed total) {
  return band_lookup(grading.bands.size(), grading.worst_index(), total.units(), [&](std::size_t i) {
    const Band& band = grading.bands[i];
    return BandTest{band.min.has_value(), band.inclusive, band.min ? band.min->units() : 0,
                    grading.grade_index(band.grade)};
  });
}

std::vector<std::int64_t> rank_tier_capacity(const Grading& grading, std::size_t n) {
  std::vector<std::int64_t> capacity;
  std::int64_t filled = 0;
  for (const RankTier& tier : grading.tiers) {
    if (!tier.ranked) break;  // reached only by conditions: no capacity by rank (they come last)
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
  const Ranking ranking = rank_order(std::vector<int>(n, 0), totals, {});
  const std::vector<std::int64_t> capacity = rank_tier_capacity(grading, n);
  std::vector<RankedGrade> out(n);
  for (std::size_t region = 0; region < n; ++region) {
    const int rank = ranking.rank[region];
    std::size_t tier = 0;
    while (tier + 1 < capacity.size() && rank > capacity[tier]) ++tier;
    out[region].rank = rank;
    out[region].grade = grading.grade_index(grading.tiers[tier].grade);
  }
  return out;
}

const char* grade_change_name(GradeChange change) {
  switch (change) {
    case GradeChange::up:
      return "up";
    case GradeChange::down:
      return "down";
    case GradeChange::same:
      return "same";
  }
  return "same";
}

std::optional<GradeChange> grade_change(const std::vector<std::string>& grades_before,
                                        const std::string& before,
                                        const std::vector<std::string>& grades_after,
                                        const std::string& after) {
  if (grades_before.size() != grades_after.size()) return std::nullopt;
  const auto was = std::find(grades_before.begin(), grades_before.end(), before);
  const auto now = std::find(grades_after.begin(), grades_after.end(), after);
  if (was == grades_before.end() || now == grades_after.end()) return std::nullopt;
  const auto place_before = was - grades_before.begin();
  const auto place_after = now - grades_after.begin();
  if (place_after < place_before) return GradeChange::up;
  if (place_after > place_before) return GradeChange::down;
  return GradeChange::same;
}

}  // namespace qa
