// Uncertainty and sensitivity analysis (analysis.hpp): a replication is exactly the assessment
// under a scheme with the replication's numbers; results do not depend on the number of threads.
#include <random>
#include <utility>

#include "batch_fixtures.hpp"
#include "qualityassess/analysis.hpp"
#include "qualityassess/scheme_io.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

// cn-2013 columns for `n` regions: targets, rates near them, levels, some verified values and a
// few regional incidents.
struct Cohort {
  std::size_t n = 0;
  std::vector<std::vector<double>> target, self_rate, verified_rate;
  std::vector<std::vector<std::int8_t>> self_level, verified_level;
  std::vector<std::int32_t> incident_region, incident_day, incident_scope;

  explicit Cohort(std::size_t regions, std::uint64_t seed) : n(regions) {
    std::mt19937_64 rng(seed);
    auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    auto round1 = [](double v) { return std::round(v * 10) / 10; };
    target.assign(3, std::vector<double>(n));
    self_rate.assign(3, std::vector<double>(n));
    verified_rate.assign(3, std::vector<double>(n, NAN));
    for (std::size_t k = 0; k < 3; ++k) {
      for (std::size_t r = 0; r < n; ++r) {
        target[k][r] = round1(uniform(88, 98));
        self_rate[k][r] = std::min(100.0, round1(target[k][r] + uniform(-4, 2)));
        if (uniform(0, 1) < 0.4)
          verified_rate[k][r] = std::min(100.0, round1(self_rate[k][r] + uniform(-3, 0.5)));
      }
    }
    self_level.assign(18, std::vector<std::int8_t>(n));
    verified_level.assign(18, std::vector<std::int8_t>(n, -1));
    for (std::size_t k = 0; k < 18; ++k) {
      for (std::size_t r = 0; r < n; ++r) {
        self_level[k][r] = static_cast<std::int8_t>(std::uniform_int_distribution<int>(0, 2)(rng));
        if (uniform(0, 1) < 0.3) {
          verified_level[k][r] =
              static_cast<std::int8_t>(std::min(4, self_level[k][r] + static_cast<int>(uniform(0, 2))));
        }
      }
    }
    for (std::size_t r = 0; r < n; r += 37) {
      incident_region.push_back(static_cast<std::int32_t>(r));
      incident_day.push_back(static_cast<std::int32_t>(CivilDate{2020, 1, 15}.days_since_epoch()));
      incident_scope.push_back(1);
    }
  }

  BatchInputs inputs() const {
    BatchInputs in;
    in.regions = n;
    in.year = 2019;
    in.leaves.resize(21);
    for (std::size_t k = 0; k < 3; ++k) {
      in.leaves[k].target = target[k].data();
      in.leaves[k].self.number = self_rate[k].data();
      in.leaves[k].verified.number = verified_rate[k].data();
    }
    for (std::size_t k = 0; k < 18; ++k) {
      in.leaves[3 + k].self.code = self_level[k].data();
      in.leaves[3 + k].verified.code = verified_level[k].data();
    }
    in.incidents.count = incident_region.size();
    in.incidents.region = incident_region.data();
    in.incidents.day = incident_day.data();
    in.incidents.scope = incident_scope.data();
    in.incidents.scope_names = {"local", "regional", "systemic"};
    return in;
  }
};

ReplicationKeys keys_of(std::uint64_t seed, std::uint64_t replication) {
  ReplicationKeys keys;
  for (int g = 0; g < kInputGroups; ++g) keys.key[g] = stream_key(seed, replication, g);
  return keys;
}

// Sets the points of the units (leaves under sums, min / weighted-mean branches) and per_point
// of leaves by id in a scheme document, re-summing the branches above the units.
double set_points(json& node, const std::map<std::string, Fixed>& points,
                  const std::map<std::string, Fixed>& per_point) {
  const std::string id = node["id"];
  if (points.count(id) != 0) {
    const Fixed before = Fixed::from_double(node["points"].get<double>());
    const Fixed after = points.at(id);
    node["points"] = after.to_double();
    // A checklist's items carry its points: scaled with them (when exactly representable).
    if (node.contains("rule") && node["rule"]["type"] == "checklist" &&
        !node["rule"].contains("per_missing")) {
      for (json& item : node["rule"]["items"]) {
        const Fixed p = Fixed::from_double(item["points"].get<double>());
        const Ratio scaled = Ratio(p) * Ratio(after) / Ratio(before);
        if (!(Ratio(scaled.round({4, RoundingMode::down})) == scaled)) throw std::domain_error("not exact");
        item["points"] = scaled.round({4, RoundingMode::down}).to_double();
      }
    }
  } else if (node.contains("children")) {
    Fixed sum;
    for (json& child : node["children"]) sum += Fixed::from_double(set_points(child, points, per_point));
    node["points"] = sum.to_double();
  }
  if (per_point.count(id) != 0) node["rule"]["per_point"] = per_point.at(id).to_double();
  return node["points"].get<double>();
}

// The scheme with a replication's numbers, written out as a document and read back.
SchemePtr scheme_with(const Analysis& analysis, const ReplicationNumbers& numbers,
                      const SchemePtr& base = cn2013()) {
  json doc = write_scheme(*base);
  std::map<std::string, Fixed> points;
  for (std::size_t u = 0; u < analysis.unit_ids().size(); ++u) {
    points[analysis.unit_ids()[u]] = Fixed::from_units(numbers.unit_points[u]);
  }
  std::map<std::string, Fixed> per_point;
  for (std::size_t i = 0; i < analysis.per_point_leaves().size(); ++i) {
    per_point[analysis.per_point_leaves()[i]] = Fixed::from_units(numbers.per_point[i]);
  }
  for (json& root : doc["nodes"]) set_points(root, points, per_point);
  for (std::size_t b = 0; b < numbers.band_min.size(); ++b) {
    doc["grading"]["bands"][b]["min"] = Fixed::from_units(numbers.band_min[b]).to_double();
  }
  return read_scheme(doc);
}

TEST(Analysis, BaselineIsTheBatchAssessment) {
  const Cohort cohort(500, 1);
  const Analysis analysis(cn2013(), cohort.inputs());
  std::vector<std::int64_t> totals(cohort.n);
  std::vector<std::int32_t> grades(cohort.n);
  std::vector<std::int32_t> ranks(cohort.n);
  analysis.evaluate(VarySpec{}, ReplicationKeys{}, totals.data(), grades.data(), ranks.data());
  const BatchResult batch = assess_columns(cn2013(), cohort.inputs());
  EXPECT_EQ(totals, batch.total);
  EXPECT_EQ(grades, batch.grade);
}

TEST(Analysis, AReplicationIsTheAssessmentUnderItsNumbers) {
  const Cohort cohort(400, 2);
  const Analysis analysis(cn2013(), cohort.inputs());
  VarySpec vary;
  vary.points = 0.3;
  vary.thresholds = 3;
  vary.per_point = 0.5;
  for (std::uint64_t k = 0; k < 8; ++k) {
    const ReplicationNumbers numbers = analysis.draw(vary, keys_of(99, k));
    Fixed sum;
    for (std::int64_t units : numbers.unit_points) sum += Fixed::from_units(units);
    EXPECT_EQ(sum, fx("100"));
    std::vector<std::int64_t> totals(cohort.n);
    std::vector<std::int32_t> grades(cohort.n);
    analysis.evaluate(vary, keys_of(99, k), totals.data(), grades.data(), nullptr);
    const BatchResult expected = assess_columns(scheme_with(analysis, numbers), cohort.inputs());
    EXPECT_EQ(totals, expected.total) << k;
    EXPECT_EQ(grades, expected.grade) << k;
  }
}

// Schemes with min and weighted-mean branches, score-rate and finding conditions take the
// region-by-region path; every rule and condition of the kitchen sink is exercised.
TEST(Analysis, ReplicationsOfOtherSchemesAreAssessmentsUnderTheirNumbers) {
  for (const SchemePtr& scheme : {fire_safety(), scheme_from(kitchen_sink_scheme(false))}) {
    Generator generator(*scheme, 21);
    const Table table = generator.table(600, false);
    const Analysis analysis(scheme, table.inputs());
    VarySpec vary;
    vary.points = 0.4;
    vary.thresholds = 4;
    vary.per_point = 0.5;
    int compared = 0;
    for (std::uint64_t k = 0; k < 12; ++k) {
      const ReplicationNumbers numbers = analysis.draw(vary, keys_of(5, k));
      std::vector<std::int64_t> totals(table.regions);
      std::vector<std::int32_t> grades(table.regions);
      analysis.evaluate(vary, keys_of(5, k), totals.data(), grades.data(), nullptr);
      SchemePtr varied;
      try {
        varied = scheme_with(analysis, numbers, scheme);
      } catch (const std::domain_error&) {
        continue;  // a checklist's items cannot be scaled exactly: no such scheme to compare with
      }
      ++compared;
      const BatchResult expected = assess_columns(varied, table.inputs());
      EXPECT_EQ(totals, expected.total) << scheme->id << " " << k;
      EXPECT_EQ(grades, expected.grade) << scheme->id << " " << k;
    }
    EXPECT_GE(compared, 6) << scheme->id;
  }
}

// The column-wise path (verification not varied) and the region-by-region one agree.
TEST(Analysis, FastPathEqualsRegionByRegion) {
  const Cohort cohort(500, 8);
  const Analysis analysis(cn2013(), cohort.inputs());
  UncertaintyOptions options;
  options.replications = 50;
  options.vary.points = 0.3;
  options.vary.per_point = 0.3;
  options.keep_matrices = true;
  const UncertaintyResult fast = analysis.uncertainty(options);
  options.vary.verification = 1;  // every verified value used, drawn region by region
  const UncertaintyResult slow = analysis.uncertainty(options);
  EXPECT_EQ(fast.totals, slow.totals);
  EXPECT_EQ(fast.ranks, slow.ranks);
  EXPECT_EQ(fast.grade_counts, slow.grade_counts);
}

TEST(Analysis, VerificationShareOneAndZero) {
  const Cohort cohort(300, 3);
  const Analysis analysis(cn2013(), cohort.inputs());
  std::vector<std::int64_t> all(cohort.n), none(cohort.n), baseline(cohort.n);
  VarySpec always;
  always.verification = 1;
  analysis.evaluate(always, keys_of(1, 0), all.data(), nullptr, nullptr);
  analysis.evaluate(VarySpec{}, ReplicationKeys{}, baseline.data(), nullptr, nullptr);
  EXPECT_EQ(all, baseline);
  VarySpec never;
  never.verification = 0;
  analysis.evaluate(never, keys_of(1, 0), none.data(), nullptr, nullptr);
  BatchInputs self_only = cohort.inputs();
  for (LeafColumns& leaf : self_only.leaves) leaf.verified = SectionColumns{};
  EXPECT_EQ(none, assess_columns(cn2013(), self_only).total);
}

TEST(Analysis, UncertaintyIsReproducibleAndThreadIndependent) {
  const Cohort cohort(300, 4);
  const Analysis analysis(cn2013(), cohort.inputs());
  UncertaintyOptions options;
  options.replications = 200;
  options.seed = 7;
  options.vary.points = 0.2;
  options.vary.verification = 0.5;
  options.keep_matrices = true;
  options.threads = 1;
  const UncertaintyResult one = analysis.uncertainty(options);
  options.threads = 3;
  std::size_t reported = 0;
  options.progress.every_seconds = 0;
  options.progress.report = [&](std::size_t done, std::size_t total) {
    EXPECT_LE(done, total);
    reported = done;
  };
  const UncertaintyResult three = analysis.uncertainty(options);
  EXPECT_EQ(reported, 200u);
  EXPECT_EQ(one.totals, three.totals);
  EXPECT_EQ(one.ranks, three.ranks);
  EXPECT_EQ(one.grade_counts, three.grade_counts);
  EXPECT_EQ(one.total_percentiles, three.total_percentiles);
  EXPECT_EQ(one.rank_percentiles, three.rank_percentiles);
  for (std::size_t r = 0; r < cohort.n; ++r) {
    std::int64_t sum = 0;
    for (std::size_t g = 0; g < one.grades.size(); ++g) sum += one.grade_counts[r * one.grades.size() + g];
    EXPECT_EQ(sum, 200);
    EXPECT_LE(one.total_percentiles[r * 3], one.total_percentiles[r * 3 + 1]);
    EXPECT_LE(one.total_percentiles[r * 3 + 1], one.total_percentiles[r * 3 + 2]);
  }
  options.seed = 8;
  EXPECT_NE(analysis.uncertainty(options).totals, one.totals);
}

TEST(Analysis, ProgressCanStopTheRun) {
  const Cohort cohort(100, 5);
  const Analysis analysis(cn2013(), cohort.inputs());
  UncertaintyOptions options;
  options.replications = 1000;
  options.vary.points = 0.1;
  options.progress.every_seconds = 0;
  options.progress.report = [](std::size_t done, std::size_t) {
    if (done >= 10) throw std::runtime_error("stopped");
  };
  EXPECT_THROW(analysis.uncertainty(options), std::runtime_error);
}

TEST(Analysis, SensitivityIsReproducibleAndThreadIndependent) {
  const Cohort cohort(200, 6);
  const Analysis analysis(cn2013(), cohort.inputs());
  SensitivityOptions options;
  options.base_samples = 64;
  options.seed = 3;
  options.vary.points = 0.2;
  options.vary.thresholds = 2;
  options.threads = 1;
  const SensitivityEvaluations one = analysis.sensitivity(options);
  options.threads = 2;
  const SensitivityEvaluations two = analysis.sensitivity(options);
  ASSERT_EQ(one.groups.size(), 2u);
  EXPECT_EQ(one.values.size(), 64u * 4u);
  EXPECT_EQ(one.values, two.values);
  // f(A_B^(j)) with every group from B is f(B): here with two groups, A_B^(points) keeps A's
  // thresholds, so it differs from both in general, but A_i and B_i are replications 2i, 2i + 1.
  std::vector<std::int64_t> totals(cohort.n);
  std::vector<std::int32_t> grades(cohort.n), ranks(cohort.n), base_ranks(cohort.n);
  analysis.evaluate(VarySpec{}, ReplicationKeys{}, totals.data(), grades.data(), base_ranks.data());
  analysis.evaluate(options.vary, keys_of(3, 2 * 5 + 1), totals.data(), grades.data(), ranks.data());
  double shift = 0;
  for (std::size_t r = 0; r < cohort.n; ++r) shift += std::abs(ranks[r] - base_ranks[r]);
  EXPECT_DOUBLE_EQ(one.values[5 * 4 + 1], shift / static_cast<double>(cohort.n));
}

TEST(Analysis, SharesOfARunSummarisedTogetherAreTheWholeRun) {
  // Replications 0-4 and 5-12 run apart (as on two cluster workers) and their matrices stacked
  // give the one run's numbers, counts and percentiles exactly; so do the base samples of a
  // sensitivity design.
  const Cohort cohort(120, 8);
  const Analysis analysis(cn2013(), cohort.inputs());
  UncertaintyOptions options;
  options.replications = 13;
  options.seed = 21;
  options.vary.points = 0.2;
  options.vary.thresholds = 1;
  options.keep_matrices = true;
  const UncertaintyResult whole = analysis.uncertainty(options);
  UncertaintyResult stacked;
  for (const auto& [first, count] : {std::pair<std::size_t, std::size_t>{0, 5}, {5, 8}}) {
    options.first_replication = first;
    options.replications = count;
    const UncertaintyResult share = analysis.uncertainty(options);
    stacked.regions = share.regions;
    stacked.grades = share.grades;
    stacked.replications += share.replications;
    stacked.totals.insert(stacked.totals.end(), share.totals.begin(), share.totals.end());
    stacked.ranks.insert(stacked.ranks.end(), share.ranks.begin(), share.ranks.end());
    stacked.grade_matrix.insert(stacked.grade_matrix.end(), share.grade_matrix.begin(),
                                share.grade_matrix.end());
    for (std::size_t k = 0; k < count; ++k) {
      EXPECT_EQ(share.numbers[k].unit_points, whole.numbers[first + k].unit_points);
      EXPECT_EQ(share.numbers[k].band_min, whole.numbers[first + k].band_min);
    }
  }
  summarise_replications(stacked);
  EXPECT_EQ(stacked.totals, whole.totals);
  EXPECT_EQ(stacked.grade_counts, whole.grade_counts);
  EXPECT_EQ(stacked.total_percentiles, whole.total_percentiles);
  EXPECT_EQ(stacked.rank_percentiles, whole.rank_percentiles);

  stacked.grade_matrix.pop_back();
  EXPECT_THROW(summarise_replications(stacked), InputError);

  SensitivityOptions design;
  design.base_samples = 6;
  design.seed = 2;
  design.vary.points = 0.2;
  const SensitivityEvaluations all = analysis.sensitivity(design);
  design.first_sample = 4;
  design.base_samples = 2;
  const SensitivityEvaluations last_two = analysis.sensitivity(design);
  EXPECT_EQ(last_two.values, std::vector<double>(all.values.begin() + 4 * 3, all.values.end()));
}

TEST(Analysis, BadVariationsAreInputErrors) {
  const Cohort cohort(10, 7);
  const Analysis analysis(cn2013(), cohort.inputs());
  UncertaintyOptions options;
  options.vary.points = 1.5;
  EXPECT_THROW(analysis.uncertainty(options), InputError);
  SensitivityOptions sensitivity;
  EXPECT_THROW(analysis.sensitivity(sensitivity), InputError);  // nothing varied
}

TEST(Analysis, SplitMix64MatchesTheReferenceSequence) {
  // Reference values of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c).
  SplitMix64 rng(1234567);
  EXPECT_EQ(rng.next(), 6457827717110365317ULL);
  EXPECT_EQ(rng.next(), 3203168211198807973ULL);
  EXPECT_EQ(rng.next(), 9817491932198370423ULL);
}

}  // namespace
}  // namespace qa::testing
