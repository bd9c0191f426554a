// The one ranking order (ranking.hpp): best grade first, then the higher total, competition ranks
// (1, 2, 2, 4), ties listed by region code. Used by the ranking tables, the announcement
// (Art. 6.5) and rank grading (docs/scheme-language.md, "Rank").
#include <stdexcept>
#include <string>
#include <vector>

#include "qualityassess/grading.hpp"
#include "qualityassess/ranking.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

using Indices = std::vector<std::size_t>;
using Ranks = std::vector<int>;

std::vector<Fixed> totals(const std::vector<std::string>& texts) {
  std::vector<Fixed> out;
  for (const std::string& text : texts) out.push_back(fx(text));
  return out;
}

TEST(RankOrder, EqualGradeAndTotalShareARankAndTheNextSkips) {
  // A 95, A 90, A 90, B 85: ranks 1, 2, 2, 4.
  const Ranking r =
      rank_order({0, 0, 0, 1}, totals({"95", "90", "90", "85"}), {"110000", "440000", "310000", "420000"});
  EXPECT_EQ(r.rank, (Ranks{1, 2, 2, 4}));
  EXPECT_EQ(r.order, (Indices{0, 2, 1, 3}));  // the tie: 310000 before 440000, by code
}

TEST(RankOrder, TheGradeComesBeforeTheTotal) {
  // Art. 5: a vetoed region (forced to D, index 3) with 99 points ranks below a C with 61.
  const Ranking r = rank_order({3, 2, 0, 0}, totals({"99", "61", "90", "95"}), {"a", "b", "c", "d"});
  EXPECT_EQ(r.order, (Indices{3, 2, 1, 0}));
  EXPECT_EQ(r.rank, (Ranks{4, 3, 2, 1}));
}

TEST(RankOrder, EqualTotalsInDifferentGradesDoNotShareARank) {
  // 80 as B, and 80 forced down to C: ranks 1 and 2.
  const Ranking r = rank_order({2, 1}, totals({"80", "80"}), {"a", "b"});
  EXPECT_EQ(r.order, (Indices{1, 0}));
  EXPECT_EQ(r.rank, (Ranks{2, 1}));
}

TEST(RankOrder, ExactBelowTheSecondDecimal) {
  const Ranking r = rank_order({0, 0}, totals({"89.9999", "90"}), {"a", "b"});
  EXPECT_EQ(r.rank, (Ranks{2, 1}));
}

TEST(RankOrder, AGradeIndexPastTheListComesLast) {
  const Ranking r = rank_order({4, 3, 0}, totals({"100", "10", "50"}), {"a", "b", "c"});
  EXPECT_EQ(r.order, (Indices{2, 1, 0}));
  EXPECT_EQ(r.rank, (Ranks{3, 2, 1}));
}

TEST(RankOrder, WithoutCodesTiesKeepTheInputOrder) {
  const Ranking r = rank_order({0, 0, 0}, totals({"70", "80", "80"}), {});
  EXPECT_EQ(r.order, (Indices{1, 2, 0}));
  EXPECT_EQ(r.rank, (Ranks{3, 1, 1}));
}

TEST(RankOrder, EmptyAndMismatched) {
  const Ranking empty = rank_order({}, {}, {});
  EXPECT_TRUE(empty.order.empty());
  EXPECT_TRUE(empty.rank.empty());
  EXPECT_THROW(rank_order({0, 0}, totals({"1"}), {}), std::invalid_argument);
  EXPECT_THROW(rank_order({0}, totals({"1"}), {"a", "b"}), std::invalid_argument);
}

// docs/scheme-language.md, "Rank": totals 90, 80, 80, 70, 60, 50 rank 1, 2, 2, 4, 5, 6; A takes
// ranks <= 2 (three regions), B ranks <= 5, C the rest. Rank grading ranks with rank_order.
TEST(RankOrder, RankGradingUsesTheSameRanks) {
  const SchemePtr scheme = scheme_from([] {
    json doc = base_scheme();
    doc["grading"] = json::parse(R"({"method": "rank", "tiers": [{"grade": "A", "count": 2},
        {"grade": "B", "share": 0.5}, {"grade": "C"}]})");
    return doc;
  }());
  const std::vector<Fixed> cohort = totals({"50", "80", "90", "60", "80", "70"});
  const std::vector<RankedGrade> graded = rank_grades(scheme->grading, cohort);
  std::vector<int> ranks;
  std::vector<int> grades;
  for (const RankedGrade& g : graded) {
    ranks.push_back(g.rank);
    grades.push_back(g.grade);
  }
  EXPECT_EQ(ranks, (Ranks{6, 2, 1, 5, 2, 4}));
  EXPECT_EQ(grades, (std::vector<int>{2, 0, 0, 1, 0, 1}));
  EXPECT_EQ(rank_order(std::vector<int>(6, 0), cohort, {}).rank, ranks);
}

}  // namespace
}  // namespace qa::testing
