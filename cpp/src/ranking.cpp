#include "qualityassess/ranking.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace qa {

Ranking rank_order(const std::vector<int>& grades, const std::vector<Fixed>& totals,
                   const std::vector<std::string>& codes) {
  const std::size_t n = grades.size();
  if (totals.size() != n || (!codes.empty() && codes.size() != n)) {
    throw std::invalid_argument("rank_order: grades, totals and codes differ in length");
  }
  // Equal keys share a rank; the key is (grade, total), never the code.
  const auto better = [&](std::size_t a, std::size_t b) {
    if (grades[a] != grades[b]) return grades[a] < grades[b];
    return totals[a] > totals[b];
  };
  Ranking out;
  out.order.resize(n);
  std::iota(out.order.begin(), out.order.end(), std::size_t{0});
  std::stable_sort(out.order.begin(), out.order.end(), [&](std::size_t a, std::size_t b) {
    if (better(a, b)) return true;
    if (better(b, a)) return false;
    return !codes.empty() && codes[a] < codes[b];  // display only; input order otherwise
  });
  out.rank.assign(n, 0);
  int rank = 0;
  for (std::size_t position = 0; position < n; ++position) {
    const std::size_t region = out.order[position];
    if (position == 0 || better(out.order[position - 1], region)) rank = static_cast<int>(position) + 1;
    out.rank[region] = rank;
  }
  return out;
}

}  // namespace qa
