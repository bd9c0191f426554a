// The ranks of the uncertainty and sensitivity analyses (analysis.hpp) are the one ranking order
// (ranking.hpp, rank_order): under bands the better grade first, then the higher total, equal
// grade and total sharing a rank (1, 2, 2, 4); so a vetoed region with a high total ranks below
// every region it was not forced below by points (Art. 5, Annex item 6). Rank grading ranks its
// cohort by total alone, its grade coming from the rank.
#include <random>
#include <string>
#include <vector>

#include "batch_fixtures.hpp"
#include "qualityassess/analysis.hpp"
#include "qualityassess/ranking.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// base_scheme() (one `direct` leaf "score" of 100 points; A 90 and above, B 80, C 60, else D)
// with the veto: any incident in the year forces D.
json veto_scheme() {
  json doc = base_scheme();
  doc["conditions"] = json::array(
      {condition("veto", {{"type", "incident"}}, {{"type", "force_grade"}, {"grade", "D"}}, true)});
  return doc;
}

// Regions with `scores`, an incident on 2019-09-01 for each region in `vetoed`.
struct Cohort {
  std::vector<double> scores;
  std::vector<std::int32_t> incident_region, incident_day, incident_scope;

  Cohort(std::vector<double> points, const std::vector<std::int32_t>& vetoed) : scores(std::move(points)) {
    for (std::int32_t region : vetoed) {
      incident_region.push_back(region);
      incident_day.push_back(days_of("2019-09-01"));
      incident_scope.push_back(1);
    }
  }

  BatchInputs inputs() const {
    BatchInputs in;
    in.regions = scores.size();
    in.year = 2019;
    in.leaves.resize(1);
    in.leaves[0].self.number = scores.data();
    in.incidents.count = incident_region.size();
    in.incidents.region = incident_region.data();
    in.incidents.day = incident_day.data();
    in.incidents.scope = incident_scope.data();
    in.incidents.scope_names = {"local", "regional", "systemic"};
    return in;
  }
};

struct Evaluated {
  std::vector<std::int64_t> totals;
  std::vector<std::int32_t> grades, ranks;
};

Evaluated evaluate(const Analysis& analysis, const VarySpec& vary = {}, std::uint64_t replication = 0) {
  const std::size_t n = analysis.regions();
  Evaluated out{std::vector<std::int64_t>(n), std::vector<std::int32_t>(n), std::vector<std::int32_t>(n)};
  ReplicationKeys keys;
  if (replication > 0) {
    for (int g = 0; g < kInputGroups; ++g) keys.key[g] = stream_key(7, replication, g);
  }
  analysis.evaluate(vary, keys, out.totals.data(), out.grades.data(), out.ranks.data());
  return out;
}

using Ranks = std::vector<std::int32_t>;

TEST(AnalysisRanks, AVetoedHighTotalRanksLast) {
  // 95 vetoed (D), 85 (B), 85 (B), 70 (C), 95 (A): the A first, the two Bs share 2, the C is
  // 4th, the vetoed 95 last, 5th. By total alone it would have shared 1st.
  const Cohort cohort({95, 85, 85, 70, 95}, {0});
  const Analysis analysis(scheme_from(veto_scheme()), cohort.inputs());
  const Evaluated e = evaluate(analysis);
  EXPECT_EQ(e.grades, (Ranks{3, 1, 1, 2, 0}));
  EXPECT_EQ(e.ranks, (Ranks{5, 2, 2, 4, 1}));
  // The same without a grades array: the ranks still follow the grades.
  std::vector<std::int64_t> totals(5);
  std::vector<std::int32_t> ranks(5);
  analysis.evaluate(VarySpec{}, ReplicationKeys{}, totals.data(), nullptr, ranks.data());
  EXPECT_EQ(ranks, (Ranks{5, 2, 2, 4, 1}));
}

TEST(AnalysisRanks, EqualTotalsInDifferentGradesDoNotShareARank) {
  // 80 (B) and 80 vetoed (D): 1 and 3; 60 (C) between them, 2nd.
  const Cohort cohort({80, 80, 60}, {1});
  const Analysis analysis(scheme_from(veto_scheme()), cohort.inputs());
  EXPECT_EQ(evaluate(analysis).ranks, (Ranks{1, 3, 2}));
}

TEST(AnalysisRanks, TheUncertaintyBaselineAndEveryReplicationRankInTheOneOrder) {
  const Cohort cohort({95, 85, 85, 70, 95}, {0});
  const Analysis analysis(scheme_from(veto_scheme()), cohort.inputs());
  UncertaintyOptions options;
  options.replications = 20;
  options.seed = 3;
  options.vary.thresholds = 8;
  options.keep_matrices = true;
  const UncertaintyResult u = analysis.uncertainty(options);
  EXPECT_EQ(u.baseline_rank, (Ranks{5, 2, 2, 4, 1}));
  // The vetoed region is D in every replication, below the four others whatever the bands.
  for (std::size_t k = 0; k < options.replications; ++k) EXPECT_EQ(u.ranks[k * 5 + 0], 5) << k;
  EXPECT_EQ(u.rank_percentiles[0 * 3 + 1], 5.0);
}

TEST(AnalysisRanks, RankGradingRanksByTotalAlone) {
  // Tiers: A 1, B 2, C 2, D the rest. Ranked by total: 95, 95 share 1; 85, 85 share 3; 70 is
  // 5th. The vetoed 95 keeps its rank by total and is forced to D; the other 95 is A, the 85s B
  // (rank 3, within A's 1 and B's 2), the 70 C (rank 5).
  json doc = veto_scheme();
  doc["grading"] = json::parse(R"({"method": "rank", "tiers": [{"grade": "A", "count": 1},
      {"grade": "B", "count": 2}, {"grade": "C", "count": 2}, {"grade": "D"}]})");
  const Cohort cohort({95, 85, 85, 70, 95}, {0});
  const Analysis analysis(scheme_from(doc), cohort.inputs());
  const Evaluated e = evaluate(analysis);
  EXPECT_EQ(e.ranks, (Ranks{1, 3, 3, 5, 1}));
  EXPECT_EQ(e.grades, (Ranks{3, 1, 1, 2, 0}));
}

TEST(AnalysisRanks, EveryReplicationAgreesWithRankOrder) {
  // Random scores to two decimals (many ties), one region in nine vetoed, bands and verification
  // varied: each replication's ranks are rank_order's over its grades and totals.
  std::mt19937_64 rng(11);
  std::vector<double> scores(600);
  std::vector<std::int32_t> vetoed;
  for (std::size_t r = 0; r < scores.size(); ++r) {
    scores[r] = static_cast<double>(std::uniform_int_distribution<int>(5000, 10000)(rng)) / 100.0;
    if (r % 9 == 4) vetoed.push_back(static_cast<std::int32_t>(r));
  }
  const Cohort cohort(scores, vetoed);
  const Analysis analysis(scheme_from(veto_scheme()), cohort.inputs());
  VarySpec vary;
  vary.thresholds = 5;
  for (std::uint64_t k = 1; k <= 6; ++k) {
    if (k > 3) vary.verification = 0.5;
    const Evaluated e = evaluate(analysis, vary, k);
    std::vector<Fixed> totals;
    for (std::int64_t units : e.totals) totals.push_back(Fixed::from_units(units));
    const Ranking expected = rank_order(std::vector<int>(e.grades.begin(), e.grades.end()), totals, {});
    EXPECT_EQ(e.ranks, Ranks(expected.rank.begin(), expected.rank.end())) << k;
  }
}

}  // namespace
}  // namespace qa::testing
