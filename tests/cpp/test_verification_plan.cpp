// The verification plan (Art. 6.3, "on-site checks and key spot checks"): which regions and
// which points are verified, by the rules all / share / risk / manual, reproducibly from a seed.
#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "qualityassess/campaign.hpp"
#include "qualityassess/verification_plan.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// The 31 provinces, autonomous regions and municipalities (Art. 3).
const std::vector<std::string>& province_codes() {
  static const std::vector<std::string> codes = {
      "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000",
      "310000", "320000", "330000", "340000", "350000", "360000", "370000", "410000",
      "420000", "430000", "440000", "450000", "460000", "500000", "510000", "520000",
      "530000", "540000", "610000", "620000", "630000", "640000", "650000"};
  return codes;
}

// cn-2013's band minimums.
std::vector<Fixed> cn_boundaries() { return {fx("90"), fx("80"), fx("60")}; }

const std::vector<std::string> kLeaves = {"a", "b", "c", "d", "e", "f"};

PlanCandidate candidate(const std::string& code, const std::string& total,
                        const std::vector<std::string>& leaves = kLeaves,
                        const std::vector<std::string>& points = {"15", "15", "10", "3", "3", "3.5"}) {
  PlanCandidate out{code, fx(total), leaves, {}, cn_boundaries()};
  for (std::size_t i = 0; i < leaves.size(); ++i) out.leaf_points.push_back(fx(points.at(i)));
  return out;
}

// The first `count` provinces with totals spread over the grades.
std::vector<PlanCandidate> provinces(std::size_t count = 31) {
  std::vector<PlanCandidate> out;
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back(candidate(province_codes().at(i), std::to_string(55 + (i * 37) % 45) + ".5"));
  }
  return out;
}

PlanSettings settings(PlanRule rule, const std::string& share = "0.3", int points = 0,
                      std::uint64_t seed = 0) {
  PlanSettings out;
  out.rule = rule;
  out.share = fx(share);
  out.points = points;
  out.seed = seed;
  return out;
}

std::vector<std::string> codes_of(const VerificationPlan& plan) {
  std::vector<std::string> codes;
  for (const PlannedRegion& region : plan.selected) codes.push_back(region.code);
  return codes;
}

std::set<std::string> set_of(const VerificationPlan& plan) {
  const auto codes = codes_of(plan);
  return {codes.begin(), codes.end()};
}

std::map<std::string, std::vector<std::string>> points_of(const VerificationPlan& plan) {
  std::map<std::string, std::vector<std::string>> out;
  for (const PlannedRegion& region : plan.selected) out[region.code] = region.points;
  return out;
}

std::map<std::string, double> weights_of(const VerificationPlan& plan) {
  std::map<std::string, double> out;
  for (const PlannedRegion& region : plan.selected) out[region.code] = region.risk_weight;
  return out;
}

// True when `codes` follow the order of `candidates`.
bool in_candidate_order(const std::vector<std::string>& codes, const std::vector<PlanCandidate>& candidates) {
  std::vector<std::size_t> positions;
  for (const std::string& code : codes) {
    auto it = std::find_if(candidates.begin(), candidates.end(),
                           [&](const PlanCandidate& c) { return c.code == code; });
    if (it == candidates.end()) return false;
    positions.push_back(static_cast<std::size_t>(it - candidates.begin()));
  }
  return std::is_sorted(positions.begin(), positions.end()) &&
         std::adjacent_find(positions.begin(), positions.end()) == positions.end();
}

std::string joined(const std::vector<Issue>& issues) {
  std::string out;
  for (const Issue& issue : issues) out += issue.path + ": " + issue.message + "\n";
  return out;
}

std::vector<Issue> settings_issues(const json& document) {
  return issues_of<InputError>([&] { read_plan_settings(document); });
}

// ---- rules --------------------------------------------------------------------------------------

TEST(PlanRules, AllSelectsEveryRegionWithEveryPoint) {
  const auto candidates = provinces();
  const VerificationPlan plan = make_verification_plan(settings(PlanRule::all, "0.3", 0, 99), candidates);
  EXPECT_EQ(codes_of(plan), province_codes());
  for (const PlannedRegion& region : plan.selected) {
    EXPECT_EQ(region.risk_weight, 1.0);
    EXPECT_EQ(region.points, kLeaves);
  }
  EXPECT_TRUE(plan.selects("420000"));
  EXPECT_FALSE(plan.selects("999999"));
  EXPECT_EQ(plan.settings.seed, 99u);
}

// ceil(share x regions) regions, distinct, in the order of the candidates.
TEST(PlanRules, ShareSelectsCeilOfShareTimesRegions) {
  const struct {
    const char* share;
    std::size_t regions;
    std::size_t expected;
  } cases[] = {{"0.3", 31, 10}, {"0.2", 31, 7}, {"0.1", 10, 1}, {"0.1", 11, 2},    {"0.5", 5, 3},
               {"0.25", 4, 1},  {"1", 4, 4},    {"1", 31, 31},  {"0.0001", 31, 1}, {"0.5", 1, 1}};
  for (const auto& c : cases) {
    const auto candidates = provinces(c.regions);
    for (std::uint64_t seed : {0u, 1u, 2020u}) {
      const VerificationPlan plan =
          make_verification_plan(settings(PlanRule::share, c.share, 0, seed), candidates);
      EXPECT_EQ(plan.selected.size(), c.expected) << c.share << " x " << c.regions << " seed " << seed;
      EXPECT_TRUE(in_candidate_order(codes_of(plan), candidates)) << c.share << " x " << c.regions;
      for (const PlannedRegion& region : plan.selected) EXPECT_EQ(region.risk_weight, 1.0);
    }
  }
}

// The share rule draws uniformly: over many seeds every region is chosen about share x seeds
// times, and the draw is not simply the first regions.
TEST(PlanRules, ShareDrawsEveryRegionAlike) {
  const auto candidates = provinces(10);
  std::map<std::string, int> chosen;
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    for (const auto& code :
         codes_of(make_verification_plan(settings(PlanRule::share, "0.3", 0, seed), candidates))) {
      ++chosen[code];
    }
  }
  ASSERT_EQ(chosen.size(), 10u);
  for (const auto& [code, count] : chosen) {
    EXPECT_GT(count, 230) << code;  // expected 300
    EXPECT_LT(count, 370) << code;
  }
}

// The documented algorithm, recomputed independently (SplitMix64 seeded with seed XOR
// FNV-1a("regions/" + code), key -ln(u)/w, the smallest keys win): a plan must not change
// between versions, or an old journal would replay to another plan.
TEST(PlanRules, KnownDraws) {
  const auto candidates = provinces(10);
  EXPECT_EQ(codes_of(make_verification_plan(settings(PlanRule::share, "0.3", 0, 0), candidates)),
            (std::vector<std::string>{"210000", "230000", "320000"}));
  EXPECT_EQ(codes_of(make_verification_plan(settings(PlanRule::share, "0.3", 0, 2020), candidates)),
            (std::vector<std::string>{"110000", "130000", "220000"}));
  EXPECT_EQ(codes_of(make_verification_plan(settings(PlanRule::share, "0.3", 0, 7), candidates)),
            (std::vector<std::string>{"120000", "230000", "320000"}));
  // Risk with weight 50 for 320000 (50 points more than last year, well clear of a boundary).
  std::vector<PlanCandidate> weighted;
  for (const auto& code : codes_of(make_verification_plan(settings(PlanRule::all), candidates))) {
    weighted.push_back(candidate(code, code == "320000" ? "99" : "70"));
  }
  PlanSettings risk = settings(PlanRule::risk, "0.3", 0, 2020);
  risk.previous_totals["320000"] = fx("50");
  const VerificationPlan plan = make_verification_plan(risk, weighted);
  EXPECT_EQ(codes_of(plan), (std::vector<std::string>{"110000", "220000", "320000"}));
  EXPECT_EQ(weights_of(plan).at("320000"), 50.0);
  // Points: weight = maximum points.
  EXPECT_EQ(make_verification_plan(settings(PlanRule::all, "1", 2, 2020), {candidate("420000", "80")})
                .selected[0]
                .points,
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(make_verification_plan(settings(PlanRule::all, "1", 3, 0), {candidate("110000", "80")})
                .selected[0]
                .points,
            (std::vector<std::string>{"a", "b", "c"}));
}

// Each region's draw uses its own stream: the selection, as a set, and each region's points do
// not depend on the order of the candidates.
TEST(PlanRules, IndependentOfCandidateOrder) {
  const auto candidates = provinces();
  auto reversed = candidates;
  std::reverse(reversed.begin(), reversed.end());
  auto rotated = candidates;
  std::rotate(rotated.begin(), rotated.begin() + 11, rotated.end());
  for (PlanRule rule : {PlanRule::share, PlanRule::risk}) {
    for (std::uint64_t seed : {0u, 1u, 17u, 2020u}) {
      PlanSettings s = settings(rule, "0.3", 2, seed);
      s.previous_totals = {{"420000", fx("50")}, {"110000", fx("70")}};
      const VerificationPlan plan = make_verification_plan(s, candidates);
      const VerificationPlan backwards = make_verification_plan(s, reversed);
      const VerificationPlan turned = make_verification_plan(s, rotated);
      EXPECT_EQ(plan.selected.size(), 10u);
      EXPECT_EQ(set_of(backwards), set_of(plan)) << "seed " << seed;
      EXPECT_EQ(set_of(turned), set_of(plan)) << "seed " << seed;
      EXPECT_EQ(points_of(backwards), points_of(plan)) << "seed " << seed;
      EXPECT_EQ(weights_of(backwards), weights_of(plan)) << "seed " << seed;
      // Listed in the order of the candidates given.
      EXPECT_TRUE(in_candidate_order(codes_of(backwards), reversed));
    }
  }
}

// risk: 1, plus the rise over last year's total, plus boundary_weight when the total lies less
// than `margin` points above a band minimum (90, 80, 60).
TEST(PlanRules, RiskWeights) {
  std::vector<PlanCandidate> candidates = {
      candidate("rise", "85"),              // 1 + 5
      candidate("above_a", "91"),           // 1 + 2: 1 above 90
      candidate("at_margin", "92"),         // 1: exactly 2 above 90 is not within the margin
      candidate("on_boundary", "90"),       // 1 + 2
      candidate("below_a", "89.9"),         // 1: 9.9 above 80
      candidate("both", "81.5"),            // 1 + 3.5 + 2
      candidate("fall", "70"),              // 1: lower than last year adds nothing
      candidate("same", "60.5"),            // 1 + 0 + 2
      candidate("grade_d", "55"),           // 1: no band minimum below
      candidate("just_inside", "91.9999"),  // 1 + 2
      candidate("no_previous", "75"),       // 1
  };
  PlanSettings s = settings(PlanRule::risk, "1");
  s.previous_totals = {{"rise", fx("80")},   {"both", fx("78")},    {"fall", fx("75")},
                       {"same", fx("60.5")}, {"above_a", fx("95")}, {"not_a_candidate", fx("10")}};
  const VerificationPlan plan = make_verification_plan(s, candidates);
  ASSERT_EQ(plan.selected.size(), candidates.size());
  const std::map<std::string, double> expected = {
      {"rise", 6.0},    {"above_a", 3.0},     {"at_margin", 1.0},  {"on_boundary", 3.0},
      {"below_a", 1.0}, {"both", 6.5},        {"fall", 1.0},       {"same", 3.0},
      {"grade_d", 1.0}, {"just_inside", 3.0}, {"no_previous", 1.0}};
  const auto weights = weights_of(plan);
  for (const auto& [code, weight] : expected) EXPECT_DOUBLE_EQ(weights.at(code), weight) << code;

  // Another margin and boundary weight.
  PlanSettings narrow = settings(PlanRule::risk, "1");
  narrow.margin = fx("0.5");
  narrow.boundary_weight = fx("5");
  const auto narrow_weights =
      weights_of(make_verification_plan(narrow, {candidate("in", "90.4"), candidate("out", "90.5"),
                                                 candidate("low", "80.25"), candidate("far", "85")}));
  EXPECT_DOUBLE_EQ(narrow_weights.at("in"), 6.0);
  EXPECT_DOUBLE_EQ(narrow_weights.at("out"), 1.0);
  EXPECT_DOUBLE_EQ(narrow_weights.at("low"), 6.0);
  EXPECT_DOUBLE_EQ(narrow_weights.at("far"), 1.0);
  // The boundary weight counts once, even within the margin of two band minimums.
  PlanSettings wide = settings(PlanRule::risk, "1");
  wide.margin = fx("25");
  EXPECT_DOUBLE_EQ(make_verification_plan(wide, {candidate("two", "81")}).selected.at(0).risk_weight, 3.0);
  // The weights are written into the plan document.
  const json written = write_plan(plan);
  ASSERT_EQ(written["selected"].size(), candidates.size());
  EXPECT_EQ(written["selected"][0]["region"], "rise");
  EXPECT_DOUBLE_EQ(written["selected"][0]["risk_weight"].get<double>(), 6.0);
  EXPECT_DOUBLE_EQ(written["selected"][5]["risk_weight"].get<double>(), 6.5);
}

// Regions with a larger weight are drawn more often; the share rule ignores the weights.
TEST(PlanRules, RiskFavoursHeavierRegions) {
  std::vector<PlanCandidate> candidates = provinces(10);
  for (PlanCandidate& c : candidates) c.self_total = fx("70");
  candidates[4].self_total = fx("100");  // 150000: weight 1 + 100 - 0 = 101
  PlanSettings risk = settings(PlanRule::risk, "0.1");
  risk.previous_totals["150000"] = fx("0");
  int risk_hits = 0;
  int share_hits = 0;
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    risk.seed = seed;
    const VerificationPlan plan = make_verification_plan(risk, candidates);
    ASSERT_EQ(plan.selected.size(), 1u);
    if (plan.selects("150000")) {
      ++risk_hits;
      EXPECT_DOUBLE_EQ(plan.selected[0].risk_weight, 101.0);
    } else {
      EXPECT_DOUBLE_EQ(plan.selected[0].risk_weight, 1.0);
    }
    share_hits +=
        make_verification_plan(settings(PlanRule::share, "0.1", 0, seed), candidates).selects("150000");
  }
  EXPECT_GT(risk_hits, 420);  // expected 500 x 101/110 = 459
  EXPECT_GT(share_hits, 20);  // expected 50
  EXPECT_LT(share_hits, 90);
}

TEST(PlanRules, ManualSelectsTheListedRegions) {
  const auto candidates = provinces();
  PlanSettings s = settings(PlanRule::manual, "0.3", 0, 5);
  s.regions = {"620000", "110000", "420000", "999999"};
  const VerificationPlan plan = make_verification_plan(s, candidates);
  // In the candidates' order; codes that are not candidates are left out here (the campaign
  // refuses them before).
  EXPECT_EQ(codes_of(plan), (std::vector<std::string>{"110000", "420000", "620000"}));
  for (const PlannedRegion& region : plan.selected) {
    EXPECT_EQ(region.risk_weight, 1.0);
    EXPECT_EQ(region.points, kLeaves);
  }
  s.regions.clear();
  EXPECT_TRUE(make_verification_plan(s, candidates).selected.empty());
}

// ---- points -------------------------------------------------------------------------------------

TEST(PlanPoints, ZeroGivesEveryPointWithAValue) {
  const PlanCandidate partial = candidate("420000", "80", {"b", "d", "f"}, {"15", "3", "3.5"});
  const VerificationPlan plan =
      make_verification_plan(settings(PlanRule::all, "1", 0, 3), {candidate("110000", "80"), partial});
  EXPECT_EQ(plan.selected[0].points, kLeaves);
  EXPECT_EQ(plan.selected[1].points, (std::vector<std::string>{"b", "d", "f"}));
  // No point with a value: nothing to verify.
  const PlanCandidate empty = candidate("310000", "0", {}, {});
  EXPECT_TRUE(make_verification_plan(settings(PlanRule::all, "1", 0, 3), {empty}).selected[0].points.empty());
  EXPECT_TRUE(make_verification_plan(settings(PlanRule::all, "1", 2, 3), {empty}).selected[0].points.empty());
}

TEST(PlanPoints, KGivesKDistinctPointsInLeafOrder) {
  const auto candidates = provinces();
  for (int k = 1; k <= 5; ++k) {
    for (std::uint64_t seed : {0u, 42u}) {
      const VerificationPlan plan = make_verification_plan(settings(PlanRule::all, "1", k, seed), candidates);
      for (const PlannedRegion& region : plan.selected) {
        ASSERT_EQ(region.points.size(), static_cast<std::size_t>(k)) << region.code;
        std::vector<std::size_t> positions;
        for (const auto& point : region.points) {
          auto it = std::find(kLeaves.begin(), kLeaves.end(), point);
          ASSERT_NE(it, kLeaves.end()) << point;
          positions.push_back(static_cast<std::size_t>(it - kLeaves.begin()));
        }
        EXPECT_TRUE(std::is_sorted(positions.begin(), positions.end()));
        EXPECT_EQ(std::adjacent_find(positions.begin(), positions.end()), positions.end()) << "a point twice";
      }
    }
  }
  // The draws differ between regions: not every region gets the same two points.
  std::set<std::vector<std::string>> different;
  const VerificationPlan two_each = make_verification_plan(settings(PlanRule::all, "1", 2, 1), candidates);
  for (const auto& region : two_each.selected) {
    different.insert(region.points);
  }
  EXPECT_GT(different.size(), 3u);
  // Only among the points with a self-evaluated value.
  const PlanCandidate partial = candidate("420000", "80", {"b", "d", "f"}, {"15", "3", "3.5"});
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const VerificationPlan plan = make_verification_plan(settings(PlanRule::all, "1", 2, seed), {partial});
    ASSERT_EQ(plan.selected.at(0).points.size(), 2u);
    for (const auto& point : plan.selected[0].points) {
      EXPECT_TRUE(point == "b" || point == "d" || point == "f") << point;
    }
  }
}

TEST(PlanPoints, AsManyOrMorePointsThanThereAreGivesThemAll) {
  const auto candidates = provinces(3);
  for (int k : {6, 7, 100}) {
    const VerificationPlan plan = make_verification_plan(settings(PlanRule::all, "1", k, 9), candidates);
    ASSERT_EQ(plan.selected.size(), 3u);
    for (const auto& region : plan.selected) {
      EXPECT_EQ(region.points, kLeaves) << k;
    }
  }
}

// Points are drawn with probability proportional to their maximum points.
TEST(PlanPoints, HeavierPointsAreDrawnMoreOften) {
  const PlanCandidate lopsided =
      candidate("420000", "80", {"heavy", "l1", "l2", "l3", "l4", "l5"}, {"30", "1", "1", "1", "1", "1"});
  int heavy = 0;
  std::map<std::string, int> light;
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    const auto points =
        make_verification_plan(settings(PlanRule::all, "1", 1, seed), {lopsided}).selected[0].points;
    ASSERT_EQ(points.size(), 1u);
    if (points[0] == "heavy") {
      ++heavy;
    } else {
      ++light[points[0]];
    }
  }
  EXPECT_GT(heavy, 390);        // expected 500 x 30/35 = 429
  EXPECT_EQ(light.size(), 5u);  // each light point is drawn sometimes
}

// A region's points depend on the seed and its code only, not on the other regions.
TEST(PlanPoints, ARegionsPointsDoNotDependOnTheOthers) {
  const auto candidates = provinces();
  const auto all = points_of(make_verification_plan(settings(PlanRule::all, "1", 3, 11), candidates));
  for (const PlanCandidate& alone : {candidates[0], candidates[16], candidates[30]}) {
    const auto single = make_verification_plan(settings(PlanRule::all, "1", 3, 11), {alone});
    EXPECT_EQ(single.selected[0].points, all.at(alone.code)) << alone.code;
  }
}

// ---- seeds ------------------------------------------------------------------------------------

TEST(PlanSeed, SameInputsSamePlanAnotherSeedAnotherPlan) {
  const auto candidates = provinces();
  PlanSettings s = settings(PlanRule::risk, "0.3", 3, 2020);
  s.previous_totals = {{"420000", fx("60")}, {"110000", fx("99")}};
  const VerificationPlan plan = make_verification_plan(s, candidates);
  EXPECT_EQ(plan.selected.size(), 10u);
  EXPECT_EQ(write_plan(make_verification_plan(s, candidates)), write_plan(plan));
  std::set<std::set<std::string>> selections = {set_of(plan)};
  for (std::uint64_t seed : {1u, 2u, 3u, 2021u}) {
    PlanSettings other = s;
    other.seed = seed;
    const VerificationPlan another = make_verification_plan(other, candidates);
    EXPECT_NE(write_plan(another), write_plan(plan)) << "seed " << seed;
    selections.insert(set_of(another));
  }
  EXPECT_GE(selections.size(), 4u);
  // The largest seed a JSON document can hold.
  s.seed = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(make_verification_plan(s, candidates).selected.size(), 10u);
}

// ---- settings -----------------------------------------------------------------------------------

TEST(PlanSettingsReading, Defaults) {
  const PlanSettings s = read_plan_settings(json::object());
  EXPECT_EQ(s.rule, PlanRule::risk);
  EXPECT_EQ(s.share, fx("0.3"));
  EXPECT_EQ(s.points, 0);
  EXPECT_EQ(s.seed, 0u);
  EXPECT_EQ(s.margin, fx("2"));
  EXPECT_EQ(s.boundary_weight, fx("2"));
  EXPECT_TRUE(s.regions.empty());
  EXPECT_TRUE(s.previous_totals.empty());
}

TEST(PlanSettingsReading, ReadsEveryFieldAndWritesBack) {
  const json document = {{"rule", "share"},
                         {"share", 0.25},
                         {"points", 3},
                         {"seed", 2020},
                         {"margin", 1.5},
                         {"boundary_weight", 4},
                         {"regions", {"420000", "110000"}},
                         {"previous_totals", {{"420000", 81.25}}}};
  const PlanSettings s = read_plan_settings(document);
  EXPECT_EQ(s.rule, PlanRule::share);
  EXPECT_EQ(s.share, fx("0.25"));
  EXPECT_EQ(s.points, 3);
  EXPECT_EQ(s.seed, 2020u);
  EXPECT_EQ(s.margin, fx("1.5"));
  EXPECT_EQ(s.boundary_weight, fx("4"));
  EXPECT_EQ(s.regions, (std::vector<std::string>{"420000", "110000"}));
  ASSERT_EQ(s.previous_totals.size(), 1u);
  EXPECT_EQ(s.previous_totals.at("420000"), fx("81.25"));
  const json written = write_plan_settings(s);
  EXPECT_EQ(written["rule"], "share");
  EXPECT_EQ(written["seed"], 2020);
  EXPECT_EQ(write_plan_settings(read_plan_settings(written)), written);
  for (const char* rule : {"all", "risk", "manual"}) {
    EXPECT_EQ(write_plan_settings(read_plan_settings({{"rule", rule}, {"regions", json::array()}}))["rule"],
              rule);
  }
  EXPECT_EQ(read_plan_settings({{"share", 1}}).share, fx("1"));
  EXPECT_EQ(read_plan_settings({{"comment", "why this plan"}}).rule, PlanRule::risk);
}

TEST(PlanSettingsReading, Refusals) {
  EXPECT_TRUE(has_issue(settings_issues({{"rule", "lottery"}}), "/plan/rule",
                        "'lottery' is not a rule (all, share, risk, manual)"));
  for (const json& share : {json(0), json(1.5), json(-0.1), json("0.3")}) {
    const auto issues = settings_issues({{"rule", "share"}, {"share", share}});
    EXPECT_TRUE(has_issue(issues, "/plan/share", "")) << share << "\n" << joined(issues);
    EXPECT_EQ(issues.size(), 1u) << joined(issues);
  }
  EXPECT_TRUE(has_issue(settings_issues({{"seed", 1}, {"sead", 2}}), "/plan/sead", "unknown key 'sead'"));
  const auto manual = settings_issues({{"rule", "manual"}});
  EXPECT_TRUE(has_issue(manual, "/plan/regions", "is required")) << joined(manual);
  EXPECT_TRUE(has_issue(settings_issues({{"rule", "manual"}, {"regions", {"420000", 7}}}), "/plan/regions/1",
                        "must be a region code"));
  EXPECT_TRUE(has_issue(settings_issues({{"points", -1}}), "/plan/points", ""));
  EXPECT_TRUE(has_issue(settings_issues({{"points", 1.5}}), "/plan/points", ""));
  EXPECT_TRUE(has_issue(settings_issues({{"seed", -1}}), "/plan/seed", ""));
  EXPECT_TRUE(has_issue(settings_issues({{"margin", -1}}), "/plan/margin", ""));
  EXPECT_TRUE(has_issue(settings_issues({{"boundary_weight", -2}}), "/plan/boundary_weight", ""));
  EXPECT_TRUE(has_issue(settings_issues({{"previous_totals", {{"420000", -5}}}}),
                        "/plan/previous_totals/420000", ""));
  EXPECT_THROW(read_plan_settings(json::array()), InputError);
  // Every problem at once.
  EXPECT_EQ(settings_issues({{"rule", "lottery"}, {"share", 0}, {"x", 1}}).size(), 3u);
}

// ---- in the campaign ------------------------------------------------------------------------------

CivilDate day(const std::string& text) {
  const auto parsed = CivilDate::parse(text);
  if (!parsed) throw std::invalid_argument("day: bad date " + text);
  return *parsed;
}

Action act(const std::string& type, const std::string& region, const std::string& date,
           const json& data = json::object()) {
  Action action;
  action.type = type;
  action.region = region;
  action.date = day(date);
  action.data = data;
  return action;
}

json cn_targets() {
  return {{"manufacturing_pass_rate", 93.0},
          {"agri_monitoring_pass_rate", 96.0},
          {"construction_acceptance_rate", 98.0}};
}

// A cn-2013 campaign for `codes`, every region filed and self-evaluated with `values(i)`.
CampaignState self_evaluated(const std::vector<std::string>& codes,
                             const std::function<json(std::size_t)>& values) {
  json regions = json::array();
  for (const auto& code : codes) regions.push_back({{"code", code}});
  CampaignState state =
      start_campaign(act("create", "", "2019-06-01",
                         {{"scheme", write_scheme(*cn2013())}, {"year", 2019}, {"regions", regions}}));
  for (const auto& code : codes)
    apply_action(state, act("file_targets", code, "2019-06-28", {{"targets", cn_targets()}}));
  for (std::size_t i = 0; i < codes.size(); ++i) {
    apply_action(state, act("self_evaluate", codes[i], "2020-07-14", {{"values", values(i)}}));
  }
  return state;
}

// Varied but fixed: measures at one of four levels, manufacturing 0-2 points short of target.
json province_values(std::size_t i) {
  static const char* const levels[] = {"excellent", "good", "fair", "poor"};
  json values = cn_targets();
  values["manufacturing_pass_rate"] = 93.0 - static_cast<double>(i % 5) * 0.5;
  for (const auto& id : cn2013_level_leaf_ids()) values[id] = levels[(i + id.size()) % 4];
  return values;
}

json plan_of(CampaignState state, const json& settings_document) {
  apply_action(state, act("plan_verification", "", "2020-07-20", settings_document));
  return campaign_snapshot(state)["plan"];
}

TEST(PlanInCampaign, PointsZeroGivesEveryPointWithASelfEvaluatedValue) {
  const json partial = {{"manufacturing_pass_rate", 93.0},
                        {"brand_strategy", "good"},
                        {"development_plan", "fair"},
                        {"quality_workforce", "good"}};
  CampaignState state = self_evaluated({"420000", "110000"}, [&](std::size_t i) {
    if (i == 0) return partial;
    json full = cn_targets();
    for (const auto& id : cn2013_level_leaf_ids()) full[id] = "good";
    return full;
  });
  apply_action(state, act("plan_verification", "", "2020-07-20", {{"rule", "all"}, {"points", 0}}));
  // In the scheme's order.
  EXPECT_EQ(state.region("420000").points_to_verify,
            (std::vector<std::string>{"manufacturing_pass_rate", "development_plan", "brand_strategy",
                                      "quality_workforce"}));
  EXPECT_EQ(state.region("110000").points_to_verify, cn2013_leaf_ids());
  EXPECT_EQ(state.region("420000").stage, RegionStage::selected);

  CampaignState two = self_evaluated({"420000", "110000"},
                                     [&](std::size_t i) { return i == 0 ? partial : province_values(i); });
  apply_action(two,
               act("plan_verification", "", "2020-07-20", {{"rule", "all"}, {"points", 2}, {"seed", 4}}));
  for (const RegionRecord& record : two.regions) {
    ASSERT_EQ(record.points_to_verify.size(), 2u) << record.region.code;
    for (const auto& point : record.points_to_verify) {
      EXPECT_TRUE(record.self_evaluation.contains(point)) << point;
    }
  }
}

// The weight the campaign records: 100 - 3 - 3 - 2.1 = 91.9, 1.9 above the A boundary (+2),
// 6.9 more than last year's 85 (+6.9).
TEST(PlanInCampaign, RiskWeightsFromTheSelfEvaluatedTotals) {
  CampaignState state = self_evaluated({"420000", "110000", "310000"}, [](std::size_t i) {
    json values = cn_targets();
    for (const auto& id : cn2013_level_leaf_ids()) values[id] = i == 2 ? "good" : "excellent";
    if (i == 0) {
      values["development_plan"] = "none";
      values["brand_strategy"] = "none";
      values["quality_statistics"] = "poor";
    }
    return values;
  });
  const json plan =
      plan_of(state, {{"rule", "risk"}, {"share", 1}, {"previous_totals", {{"420000", 85}, {"310000", 90}}}});
  ASSERT_EQ(plan["selected"].size(), 3u);
  EXPECT_EQ(plan["selected"][0]["region"], "420000");
  EXPECT_NEAR(plan["selected"][0]["risk_weight"].get<double>(), 9.9, 1e-9);
  EXPECT_DOUBLE_EQ(plan["selected"][1]["risk_weight"].get<double>(), 1.0);  // 100: 10 above 90
  EXPECT_DOUBLE_EQ(plan["selected"][2]["risk_weight"].get<double>(), 1.0);  // 88, below last year's 90
  EXPECT_EQ(plan["settings"]["previous_totals"]["420000"], 85.0);
}

// A realistic year: 31 provinces, risk rule, 30 %, three points each.
TEST(PlanInCampaign, ThirtyOneProvincesReproducibleFromTheSeed) {
  const CampaignState state = self_evaluated(province_codes(), province_values);
  const json settings_2020 = {{"rule", "risk"}, {"share", 0.3}, {"points", 3}, {"seed", 2020}};
  const json plan = plan_of(state, settings_2020);
  ASSERT_EQ(plan["selected"].size(), 10u);  // ceil(0.3 x 31)
  for (const json& selected : plan["selected"]) EXPECT_EQ(selected["points"].size(), 3u);
  EXPECT_EQ(plan_of(state, settings_2020), plan);
  EXPECT_EQ(plan_of(self_evaluated(province_codes(), province_values), settings_2020), plan);
  json settings_2021 = settings_2020;
  settings_2021["seed"] = 2021;
  const json other = plan_of(state, settings_2021);
  EXPECT_NE(other["selected"], plan["selected"]);

  // The campaign's regions in reverse order: the same regions, each with the same points.
  std::vector<std::string> backwards = province_codes();
  std::reverse(backwards.begin(), backwards.end());
  const CampaignState reversed =
      self_evaluated(backwards, [](std::size_t i) { return province_values(30 - i); });
  for (const json& s :
       {settings_2020, json({{"rule", "share"}, {"share", 0.3}, {"points", 3}, {"seed", 2020}})}) {
    std::map<std::string, json> forward_points;
    std::map<std::string, json> reversed_points;
    // Each plan is kept in a variable: a range-for over plan_of(...)["selected"] would read
    // a temporary destroyed before the loop (AddressSanitizer: heap-use-after-free).
    const json forward_plan = plan_of(state, s);
    const json reversed_plan = plan_of(reversed, s);
    for (const json& selected : forward_plan["selected"])
      forward_points[selected["region"].get<std::string>()] = selected["points"];
    for (const json& selected : reversed_plan["selected"])
      reversed_points[selected["region"].get<std::string>()] = selected["points"];
    EXPECT_EQ(reversed_points, forward_points) << s;
  }
}

}  // namespace
}  // namespace qa::testing
