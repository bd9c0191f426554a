// Uncertainty and sensitivity analysis on a prepared batch (analysis.hpp): each replication draws
// its numbers from its own SplitMix64 streams, re-scores every region from its features with the
// plan's exact arithmetic, then grades and ranks the cohort.
#include "qualityassess/analysis.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>
#include <system_error>
#include <thread>
#include <tuple>

#include "json_reader.hpp"
#include "plan.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/grading.hpp"
#include "qualityassess/next_grade.hpp"

namespace qa {

namespace detail {

// Which nodes' points an analysis varies, and how the branches above them are re-summed.
struct Units {
  std::vector<int> nodes;              // unit node indexes, pre-order
  std::vector<int> leaf_slot;          // per node: its slot in scheme.leaves, or -1
  std::vector<std::uint8_t> weighted;  // per node: its points add up into the total
  std::vector<std::string> ids;
  std::vector<int> per_point_slots;  // target-deduction leaves
  std::vector<std::string> per_point_ids;
  std::vector<int> threshold_bands;  // bands with a minimum
};

}  // namespace detail

namespace {

using detail::Feature;
using detail::Int128;
using detail::kScale;
using detail::Params;
using detail::PlanData;
using detail::RegionOutcome;

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

detail::Units find_units(const PlanData& plan) {
  const Scheme& scheme = *plan.scheme;
  detail::Units units;
  units.leaf_slot.assign(scheme.nodes.size(), -1);
  units.weighted.assign(scheme.nodes.size(), 0);
  for (std::size_t slot = 0; slot < plan.leaves.size(); ++slot) {
    units.leaf_slot[static_cast<std::size_t>(plan.leaves[slot].node)] = static_cast<int>(slot);
  }
  // The scoring units (next_grade.hpp), and the sum branches above them, re-summed.
  units.nodes = scoring_units(scheme);
  for (int unit : units.nodes) {
    units.ids.push_back(scheme.nodes[static_cast<std::size_t>(unit)].id);
    for (int i = unit; i >= 0 && units.weighted[static_cast<std::size_t>(i)] == 0;
         i = scheme.nodes[static_cast<std::size_t>(i)].parent) {
      units.weighted[static_cast<std::size_t>(i)] = 1;
    }
  }
  for (std::size_t slot = 0; slot < plan.leaves.size(); ++slot) {
    if (plan.leaves[slot].kind == detail::RuleKind::target_deduction) {
      units.per_point_slots.push_back(static_cast<int>(slot));
      units.per_point_ids.push_back(plan.leaves[slot].id);
    }
  }
  for (std::size_t b = 0; b < plan.bands.size(); ++b) {
    if (plan.bands[b].has_min) units.threshold_bands.push_back(static_cast<int>(b));
  }
  return units;
}

double uniform_in(SplitMix64& rng, double half_width) { return half_width * (2.0 * rng.uniform() - 1.0); }

// Points of the units re-drawn and re-scaled to their sum, on the scheme's grid (largest remainders).
std::vector<std::int64_t> draw_points(const PlanData& plan, const detail::Units& units, double x,
                                      std::uint64_t key) {
  const std::size_t n = units.nodes.size();
  std::vector<std::int64_t> base(n);
  std::int64_t total = 0;
  for (std::size_t u = 0; u < n; ++u) {
    base[u] = plan.defaults.node_max[static_cast<std::size_t>(units.nodes[u])];
    total += base[u];
  }
  if (x <= 0 || n == 0) return base;
  SplitMix64 rng(key);
  std::vector<double> raw(n);
  double raw_sum = 0;
  for (std::size_t u = 0; u < n; ++u) {
    raw[u] = static_cast<double>(base[u]) * (1.0 + uniform_in(rng, x));
    raw_sum += raw[u];
  }
  const std::int64_t grid = total % plan.step == 0 ? plan.step : 1;
  const std::int64_t steps = total / grid;
  std::vector<std::int64_t> out(n);
  std::vector<std::pair<double, std::size_t>> remainders(n);
  std::int64_t given = 0;
  for (std::size_t u = 0; u < n; ++u) {
    const double quota = raw[u] / raw_sum * static_cast<double>(steps);
    const double floor = std::floor(quota);
    out[u] = static_cast<std::int64_t>(floor);
    given += out[u];
    remainders[u] = {quota - floor, u};
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::int64_t k = 0; k < steps - given && k < static_cast<std::int64_t>(n); ++k) {
    ++out[remainders[static_cast<std::size_t>(k)].second];
  }
  for (std::int64_t& value : out) value *= grid;
  return out;
}

std::vector<std::int64_t> draw_thresholds(const PlanData& plan, const detail::Units& units, double t,
                                          std::uint64_t key) {
  std::vector<std::int64_t> out;
  for (int band : units.threshold_bands)
    out.push_back(plan.defaults.band_min[static_cast<std::size_t>(band)]);
  if (t <= 0) return out;
  SplitMix64 rng(key);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double shift_steps =
        uniform_in(rng, t) * static_cast<double>(kScale) / static_cast<double>(plan.step);
    out[i] += std::llround(shift_steps) * plan.step;
    if (i > 0 && out[i] >= out[i - 1]) out[i] = out[i - 1] - plan.step;
  }
  return out;
}

std::vector<std::int64_t> draw_per_point(const PlanData& plan, const detail::Units& units, double p,
                                         std::uint64_t key) {
  std::vector<std::int64_t> out;
  for (int slot : units.per_point_slots) out.push_back(plan.leaves[static_cast<std::size_t>(slot)].per_point);
  if (p <= 0) return out;
  SplitMix64 rng(key);
  for (std::int64_t& value : out) {
    value = std::max<std::int64_t>(1, std::llround(static_cast<double>(value) * (1.0 + uniform_in(rng, p))));
  }
  return out;
}

// Params for the drawn numbers: unit points, the branches above them re-summed, per_point, bands.
Params params_for(const PlanData& plan, const detail::Units& units, const ReplicationNumbers& numbers) {
  Params params = plan.defaults;
  for (std::size_t u = 0; u < units.nodes.size(); ++u) {
    const auto node = static_cast<std::size_t>(units.nodes[u]);
    params.node_max[node] = numbers.unit_points[u];
    if (units.leaf_slot[node] >= 0)
      params.leaves[static_cast<std::size_t>(units.leaf_slot[node])].max = numbers.unit_points[u];
  }
  for (const PlanData::InnerNode& inner : plan.inner) {
    const auto index = static_cast<std::size_t>(inner.index);
    if (units.weighted[index] == 0 || inner.aggregation != Aggregation::sum) continue;
    std::int64_t sum = 0;
    plan.for_each_child(inner, [&](int child) { sum += params.node_max[static_cast<std::size_t>(child)]; });
    params.node_max[index] = sum;
  }
  for (std::size_t i = 0; i < units.per_point_slots.size(); ++i) {
    params.leaves[static_cast<std::size_t>(units.per_point_slots[i])].per_point = numbers.per_point[i];
  }
  for (std::size_t i = 0; i < units.threshold_bands.size(); ++i) {
    params.band_min[static_cast<std::size_t>(units.threshold_bands[i])] = numbers.band_min[i];
  }
  plan.fill_leaf_params(params);
  return params;
}

// Competition ranks (1, 2, 2, 4) in the one ranking order (rank_order, ranking.hpp): the better
// grade first, then the higher total; equal grade and total share a rank. `grades` null: every
// grade equal, by total alone (rank grading, whose grade comes from the rank). An LSD radix sort
// of one key per region, grade x span + (best total - total), where span is the spread of the
// totals plus one: 11 bits a pass, only as many passes as the largest key needs (two for 100
// points at four decimals and four grades).
struct RankScratch {
  std::vector<std::uint64_t> keys64, keys64b;
  std::vector<std::uint32_t> keys32, keys32b;
  std::vector<std::uint32_t> order, order2;
};

// Sorts `keys` (and `order` with them) ascending by their low `width` bits, 11 bits a pass.
template <class Key>
void radix_by_key(std::vector<Key>& keys, std::vector<Key>& keys2, std::vector<std::uint32_t>& order,
                  std::vector<std::uint32_t>& order2, std::uint64_t largest) {
  const std::size_t n = keys.size();
  constexpr int kBits = 11;
  constexpr Key kMask = (Key{1} << kBits) - 1;
  std::uint32_t count[1u << kBits];
  for (int shift = 0; shift < 64 && (largest >> shift) != 0; shift += kBits) {
    std::fill(std::begin(count), std::end(count), 0u);
    for (std::size_t i = 0; i < n; ++i) ++count[(keys[i] >> shift) & kMask];
    std::uint32_t sum = 0;
    for (std::uint32_t& c : count) {
      const std::uint32_t here = c;
      c = sum;
      sum += here;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t at = count[(keys[i] >> shift) & kMask]++;
      keys2[at] = keys[i];
      order2[at] = order[i];
    }
    keys.swap(keys2);
    order.swap(order2);
  }
}

template <class Key>
void rank_by_key(const std::int64_t* totals, const std::int32_t* grades, std::size_t n, std::int32_t* ranks,
                 std::int64_t best, std::uint64_t span, std::uint64_t largest, std::vector<Key>& keys,
                 std::vector<Key>& keys2, RankScratch& s) {
  keys.resize(n);
  keys2.resize(n);
  s.order.resize(n);
  s.order2.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint64_t grade = grades != nullptr ? static_cast<std::uint64_t>(grades[r]) : 0;
    keys[r] = static_cast<Key>(grade * span + static_cast<std::uint64_t>(best - totals[r]));
    s.order[r] = static_cast<std::uint32_t>(r);
  }
  radix_by_key(keys, keys2, s.order, s.order2, largest);
  std::int32_t rank = 0;
  for (std::size_t position = 0; position < n; ++position) {
    if (position == 0 || keys[position] != keys[position - 1]) rank = static_cast<std::int32_t>(position) + 1;
    ranks[s.order[position]] = rank;
  }
}

// Competition ranks (1, 2, 2, 4) in the one ranking order (rank_order, ranking.hpp): the better
// grade first, then the higher total; equal grade and total share a rank. `grades` null: every
// grade equal, by total alone (rank grading, whose grade comes from the rank). An LSD radix sort
// of one key per region, grade x span + (best total - total), span being the spread of the
// totals plus one: 11 bits a pass, only as many passes as the largest key needs (two for totals
// within 100 points at four decimals and four grades), in 32 bits whenever the keys fit.
void rank_in_order(const std::int64_t* totals, const std::int32_t* grades, std::size_t n, std::int32_t* ranks,
                   RankScratch& s) {
  if (n == 0) return;
  std::int64_t best = totals[0];
  std::int64_t worst = totals[0];
  std::int32_t last_grade = 0;
  for (std::size_t r = 0; r < n; ++r) {
    best = std::max(best, totals[r]);
    worst = std::min(worst, totals[r]);
    if (grades != nullptr) last_grade = std::max(last_grade, grades[r]);
  }
  // Totals fit in 32 bits (see Analysis) and grade indexes are small: the keys fit in 64.
  const auto span = static_cast<std::uint64_t>(best - worst) + 1;
  const std::uint64_t largest = static_cast<std::uint64_t>(last_grade) * span + (span - 1);
  if (largest <= UINT32_MAX) {
    rank_by_key(totals, grades, n, ranks, best, span, largest, s.keys32, s.keys32b, s);
  } else {
    rank_by_key(totals, grades, n, ranks, best, span, largest, s.keys64, s.keys64b, s);
  }
}

// Runs task(item) on `workers` threads; the calling thread reports progress between its items.
void run_items(std::size_t count, int workers, const std::function<void(std::size_t)>& task,
               const ProgressCallback& progress) {
  using Clock = std::chrono::steady_clock;
  auto last = Clock::now();
  std::function<void(std::size_t)> report;
  if (progress.report) {
    report = [&](std::size_t done) {
      if (std::chrono::duration<double>(Clock::now() - last).count() < progress.every_seconds) return;
      last = Clock::now();
      progress.report(done, count);
    };
  }
  detail::parallel_for(count, workers, task, report);
  if (progress.report) progress.report(count, count);
}

// Sorts `values` ascending: an LSD radix sort, three 11-bit digits of the sign-flipped value.
void radix_sort(std::vector<std::int32_t>& values, std::vector<std::int32_t>& scratch) {
  constexpr int kBits = 11;
  constexpr std::uint32_t kMask = (1u << kBits) - 1;
  scratch.resize(values.size());
  std::uint32_t count[1u << kBits];
  for (int shift = 0; shift < 33; shift += kBits) {
    std::fill(std::begin(count), std::end(count), 0u);
    auto digit = [&](std::int32_t v) {
      return ((static_cast<std::uint32_t>(v) ^ 0x80000000u) >> shift) & kMask;
    };
    for (std::int32_t v : values) ++count[digit(v)];
    std::uint32_t sum = 0;
    for (std::uint32_t& c : count) {
      const std::uint32_t here = c;
      c = sum;
      sum += here;
    }
    for (std::int32_t v : values) scratch[count[digit(v)]++] = v;
    values.swap(scratch);
  }
}

// numpy.percentile's default ("linear") at the quantiles `q` of `values` (sorted in place).
template <std::size_t N>
void percentiles(std::vector<std::int32_t>& values, std::vector<std::int32_t>& scratch, const double (&q)[N],
                 double* out, double scale) {
  radix_sort(values, scratch);
  const std::size_t n = values.size();
  for (std::size_t i = 0; i < N; ++i) {
    const double h = (static_cast<double>(n) - 1.0) * q[i];
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const double low = values[lo];
    const double high = lo + 1 < n ? values[lo + 1] : low;
    out[i] = (low + (h - static_cast<double>(lo)) * (high - low)) / scale;
  }
}

void check_vary(const VarySpec& vary) {
  // Worded as a document's numbers are ("must be in [0, 1)", "应在 [0, 1) 之间"), so that the two
  // read alike; the checks themselves stay on the doubles given.
  const detail::NumberRange below_one{Fixed(), true, Fixed::from_int(1), false};
  std::vector<Issue> issues;
  const auto refuse = [&](const char* path, const detail::NumberRange& range) {
    issues.push_back({path, range.describe(), range.describe_zh()});
  };
  if (!(vary.points >= 0 && vary.points < 1)) refuse("vary/points", below_one);
  if (!(vary.thresholds >= 0 && vary.thresholds <= 1e6))
    refuse("vary/thresholds", detail::NumberRange::non_negative());
  if (!(vary.per_point >= 0 && vary.per_point < 1)) refuse("vary/per_point", below_one);
  if (!(vary.verification < 0 || vary.verification <= 1))
    refuse("vary/verification", detail::NumberRange::fraction());
  if (!issues.empty()) throw InputError("invalid analysis", issues);
}

}  // namespace

// ---- public helpers -------------------------------------------------------------------------

const char* input_group_name(InputGroup group) {
  switch (group) {
    case InputGroup::points:
      return "points";
    case InputGroup::thresholds:
      return "thresholds";
    case InputGroup::per_point:
      return "per_point";
    case InputGroup::verification:
      return "verification";
  }
  return "";
}

bool VarySpec::varies(InputGroup group) const {
  switch (group) {
    case InputGroup::points:
      return points > 0;
    case InputGroup::thresholds:
      return thresholds > 0;
    case InputGroup::per_point:
      return per_point > 0;
    case InputGroup::verification:
      return verification >= 0;
  }
  return false;
}

std::uint64_t SplitMix64::next() {
  state_ += kGolden;
  return mix64(state_);
}

double SplitMix64::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint64_t stream_key(std::uint64_t seed, std::uint64_t replication, int group) {
  return mix64(seed + kGolden * (1 + 4 * replication + static_cast<std::uint64_t>(group)));
}

// ---- Analysis -------------------------------------------------------------------------------

namespace detail {
struct AnalysisState {
  Prepared prepared;
  Units units;
  std::size_t verified_values = 0;
  bool need_nodes = false;
  std::vector<std::int64_t> capacity;  // rank grading: cumulative tier capacities
  std::vector<int> tier_grade;
  // Column-wise fast path, for plans whose grade depends on the leaves only through the sum of
  // their points (all sums, no score-rate or finding condition) when verification is not
  // varied: per leaf the distinct effective features, and per region the index of its own.
  bool fast = false;
  std::vector<std::vector<Feature>> distinct;     // per slot
  std::vector<std::vector<std::uint32_t>> index;  // per slot, per region
  std::vector<RegionOutcome> fixed_effects;       // per region: what its conditions do
  std::vector<std::uint8_t> zero_total;           // per region
};
}  // namespace detail

namespace {

// The distinct effective features of each leaf, and which one each region has.
void index_features(const detail::Prepared& prepared, detail::AnalysisState& state) {
  const std::size_t n = prepared.regions;
  const std::size_t slots = prepared.slots;
  state.distinct.assign(slots, {});
  state.index.assign(slots, std::vector<std::uint32_t>(n));
  struct Key {
    int kind;
    std::int64_t a;
    std::int64_t b;
    bool operator<(const Key& o) const { return std::tie(kind, a, b) < std::tie(o.kind, o.a, o.b); }
  };
  for (std::size_t slot = 0; slot < slots; ++slot) {
    std::map<Key, std::uint32_t> seen;
    for (std::size_t r = 0; r < n; ++r) {
      const Feature& verified = prepared.verified[r * slots + slot];
      const Feature& f = verified.present ? verified : prepared.self[r * slots + slot];
      const Key key{static_cast<int>(f.kind), f.a, f.b};
      auto found = seen.find(key);
      if (found == seen.end()) {
        found = seen.emplace(key, static_cast<std::uint32_t>(state.distinct[slot].size())).first;
        state.distinct[slot].push_back(f);
      }
      state.index[slot][r] = found->second;
    }
  }
}

}  // namespace

Analysis::Analysis(SchemePtr scheme, const BatchInputs& inputs, int threads)
    : plan_(std::make_unique<EvaluationPlan>(std::move(scheme))),
      state_(std::make_unique<detail::AnalysisState>()) {
  const PlanData& plan = plan_->data();
  state_->prepared = detail::prepare_regions(*plan_, inputs, threads);
  state_->units = find_units(plan);
  for (const Feature& f : state_->prepared.verified) state_->verified_values += f.present ? 1 : 0;
  state_->need_nodes = !plan.all_sum || plan.uses_score_rate;
  if (plan.rank_grading) {
    const Grading& grading = plan_->scheme().grading;
    state_->capacity = rank_tier_capacity(grading, inputs.regions);
    for (const RankTier& tier : grading.tiers) state_->tier_grade.push_back(grading.grade_index(tier.grade));
  }
  state_->fast = plan.all_sum && !plan.uses_score_rate && plan.finding_kinds_used == 0;
  if (state_->fast) {
    index_features(state_->prepared, *state_);
    // Only incident conditions remain, and they do not depend on the numbers varied.
    const std::vector<std::int64_t> no_nodes;
    const int no_findings[detail::kFindingKinds] = {};
    for (const detail::RegionFacts& facts : state_->prepared.facts) {
      RegionOutcome outcome;
      outcome.total = 1;
      detail::apply_conditions(plan.conditions, plan.defaults, nullptr, no_findings, facts, outcome);
      state_->zero_total.push_back(outcome.total == 0 ? 1 : 0);
      state_->fixed_effects.push_back(outcome);
    }
  }
  // Totals are kept as 32-bit units in the analyses' matrices.
  std::int64_t bound = plan.max_total;
  for (const detail::AdjustmentPlan& item : plan.adjustments) {
    if (item.kind == AdjustmentKind::bonus) bound += item.cap;
  }
  if (bound > INT32_MAX || plan.min_total < -INT32_MAX) {
    throw InputError("cannot analyse",
                     {{"scheme", "totals beyond 200000 points are not supported by the analyses",
                       "分析不支持超过 200000 分的总分"}});
  }
}

Analysis::~Analysis() = default;

std::size_t Analysis::regions() const { return state_->prepared.regions; }
const std::vector<std::string>& Analysis::unit_ids() const { return state_->units.ids; }
const std::vector<std::string>& Analysis::per_point_leaves() const { return state_->units.per_point_ids; }
std::size_t Analysis::verified_values() const { return state_->verified_values; }

std::vector<std::string> Analysis::threshold_grades() const {
  std::vector<std::string> out;
  const Grading& grading = plan_->scheme().grading;
  for (int band : state_->units.threshold_bands)
    out.push_back(grading.bands[static_cast<std::size_t>(band)].grade);
  return out;
}

ReplicationNumbers Analysis::draw(const VarySpec& vary, const ReplicationKeys& keys) const {
  check_vary(vary);
  const PlanData& plan = plan_->data();
  if (vary.thresholds > 0 && (plan.rank_grading || plan.gate_grading)) {
    const bool rank = plan.rank_grading;
    throw InputError(
        "invalid analysis",
        {{"vary/thresholds",
          std::string("the scheme grades by ") + (rank ? "rank" : "a gate") + ": it has no thresholds",
          std::string("该方案按") + (rank ? "名次" : "门槛") + "评定等级，没有分数线可变动"}});
  }
  ReplicationNumbers numbers;
  numbers.unit_points = draw_points(plan, state_->units, vary.points, keys.key[0]);
  numbers.band_min = draw_thresholds(plan, state_->units, vary.thresholds, keys.key[1]);
  numbers.per_point = draw_per_point(plan, state_->units, vary.per_point, keys.key[2]);
  return numbers;
}

std::int64_t Analysis::run_one(const ReplicationNumbers& numbers, const VarySpec& vary,
                               std::uint64_t verification_key, std::int64_t* totals, std::int32_t* grades,
                               std::int32_t* ranks) const {
  const PlanData& plan = plan_->data();
  const detail::Prepared& prepared = state_->prepared;
  const Params params = params_for(plan, state_->units, numbers);
  const std::size_t n = prepared.regions;
  const std::size_t slots = prepared.slots;
  std::vector<std::int64_t> nodes(state_->need_nodes ? plan.scheme->nodes.size() : 0);
  std::vector<std::int64_t> leaf_points(slots);
  std::int64_t* node_points = state_->need_nodes ? nodes.data() : nullptr;
  std::vector<RegionOutcome> outcomes(plan.rank_grading ? n : 0);
  std::vector<std::int32_t> own_grades;
  if (ranks != nullptr && grades == nullptr && !plan.rank_grading) {  // ranks need the grades
    own_grades.resize(n);
    grades = own_grades.data();
  }
  SplitMix64 rng(verification_key);
  const bool vary_verification = vary.verification >= 0;
  const double q = vary.verification;
  std::int64_t used = 0;
  const bool fast = state_->fast && !vary_verification;
  if (fast) {
    // Column by column: each leaf's distinct features scored once, then gathered per region.
    std::fill(totals, totals + n, 0);
    std::vector<std::int64_t> scores;
    for (std::size_t slot = 0; slot < slots; ++slot) {
      const std::vector<Feature>& distinct = state_->distinct[slot];
      scores.resize(distinct.size());
      for (std::size_t k = 0; k < distinct.size(); ++k) {
        scores[k] = detail::score_feature(distinct[k], params.leaves[slot], params.table, plan);
      }
      const std::uint32_t* index = state_->index[slot].data();
      const std::int64_t* score = scores.data();
      for (std::size_t r = 0; r < n; ++r) totals[r] += score[index[r]];
    }
  }
  for (std::size_t r = 0; r < n; ++r) {
    if (fast) {
      const detail::RegionFacts& facts = prepared.facts[r];
      std::int64_t total = totals[r] + facts.bonus;
      if (!plan.may_exceed_max && total > plan.max_total) total = plan.max_total;
      total -= facts.penalty;
      if (total < plan.min_total) total = plan.min_total;
      if (state_->zero_total[r] != 0) total = 0;
      totals[r] = total;
      if (plan.rank_grading) {
        outcomes[r] = state_->fixed_effects[r];
      } else if (grades != nullptr) {
        grades[r] =
            detail::apply_effects(plan, detail::band_grade(plan, params, total), state_->fixed_effects[r]);
      }
      continue;
    }
    const Feature* verified = prepared.verified.data() + r * slots;
    RegionOutcome outcome;
    if (vary_verification) {
      outcome = detail::evaluate_region(plan, params, prepared.self.data() + r * slots, verified,
                                        prepared.facts[r], node_points, leaf_points.data(), [&](std::size_t) {
                                          const bool use = rng.uniform() < q;
                                          used += use ? 1 : 0;
                                          return use;
                                        });
    } else {
      outcome =
          detail::evaluate_region(plan, params, prepared.self.data() + r * slots, verified, prepared.facts[r],
                                  node_points, leaf_points.data(), [](std::size_t) { return true; });
    }
    totals[r] = outcome.total;
    if (plan.rank_grading) {
      outcomes[r] = outcome;
    } else if (grades != nullptr) {
      grades[r] = detail::apply_effects(
          plan, detail::grade_of_total(plan, params, outcome.total, outcome.gate_met), outcome);
    }
  }
  if (!vary_verification) used = static_cast<std::int64_t>(state_->verified_values);
  std::vector<std::int32_t> own_ranks;
  if (ranks == nullptr && plan.rank_grading) {
    own_ranks.resize(n);
    ranks = own_ranks.data();
  }
  if (ranks != nullptr) {
    // Under bands, the one ranking order (grade, then total); rank grading ranks by total alone.
    RankScratch scratch;
    rank_in_order(totals, plan.rank_grading ? nullptr : grades, n, ranks, scratch);
  }
  if (plan.rank_grading && grades != nullptr) {
    for (std::size_t r = 0; r < n; ++r) {
      std::size_t tier = 0;
      while (tier + 1 < state_->capacity.size() && ranks[r] > state_->capacity[tier]) ++tier;
      grades[r] = detail::apply_effects(plan, state_->tier_grade[tier], outcomes[r]);
    }
  }
  return used;
}

void Analysis::evaluate(const VarySpec& vary, const ReplicationKeys& keys, std::int64_t* totals,
                        std::int32_t* grades, std::int32_t* ranks) const {
  const ReplicationNumbers numbers = draw(vary, keys);
  run_one(numbers, vary, keys.key[3], totals, grades, ranks);
}

UncertaintyResult Analysis::uncertainty(const UncertaintyOptions& options) const {
  check_vary(options.vary);
  const std::size_t n = regions();
  const std::size_t reps = options.replications;
  if (reps == 0) throw InputError("invalid analysis", {{"n", "must be at least 1", "至少应为 1"}});
  if (n * reps > (std::size_t{1} << 34)) {
    throw InputError("invalid analysis",
                     {{"n", "regions x replications must stay below 2^34", "地区数 × 重复次数应小于 2^34"}});
  }
  const Grading& grading = plan_->scheme().grading;
  UncertaintyResult result;
  result.regions = n;
  result.replications = reps;
  for (const GradeInfo& grade : grading.grades) result.grades.push_back(grade.id);

  // The scheme's own numbers: the baseline every replication is compared with.
  result.baseline_total.resize(n);
  result.baseline_grade.resize(n);
  result.baseline_rank.resize(n);
  evaluate(VarySpec{}, ReplicationKeys{}, result.baseline_total.data(), result.baseline_grade.data(),
           result.baseline_rank.data());

  std::vector<std::int32_t>& totals = result.totals;
  std::vector<std::int32_t>& ranks = result.ranks;
  std::vector<std::int8_t>& grades = result.grade_matrix;
  totals.assign(reps * n, 0);
  ranks.assign(reps * n, 0);
  grades.assign(reps * n, 0);
  result.numbers.resize(reps);
  const std::size_t first = options.first_replication;
  for (std::size_t k = 0; k < reps; ++k) {  // cheap: a few draws each
    ReplicationKeys keys;
    for (int g = 0; g < kInputGroups; ++g) keys.key[g] = stream_key(options.seed, first + k, g);
    result.numbers[k] = draw(options.vary, keys);
  }
  const int workers = worker_count(options.threads, reps);
  run_items(
      reps, workers,
      [&](std::size_t k) {
        std::vector<std::int64_t> row_totals(n);
        std::vector<std::int32_t> row_grades(n);
        result.numbers[k].verified_used =
            run_one(result.numbers[k], options.vary, stream_key(options.seed, first + k, 3),
                    row_totals.data(), row_grades.data(), ranks.data() + k * n);
        for (std::size_t r = 0; r < n; ++r) {
          totals[k * n + r] = static_cast<std::int32_t>(row_totals[r]);
          grades[k * n + r] = static_cast<std::int8_t>(row_grades[r]);
        }
      },
      options.progress);
  summarise_replications(result, options.threads);
  if (!options.keep_matrices) {
    result.totals = {};
    result.ranks = {};
    result.grade_matrix = {};
  }
  return result;
}

void summarise_replications(UncertaintyResult& result, int threads) {
  const std::size_t n = result.regions;
  const std::size_t reps = result.replications;
  const std::size_t grade_count = result.grades.size();
  if (result.totals.size() != reps * n || result.ranks.size() != reps * n ||
      result.grade_matrix.size() != reps * n || reps == 0) {
    throw InputError("invalid analysis",
                     {{"replications",
                       "the totals, ranks and grades must each be replications x regions, with at least one "
                       "replication",
                       "总分、名次和等级都应为 重复次数 × 地区数，且至少重复一次"}});
  }
  for (std::int8_t grade : result.grade_matrix) {
    if (grade < 0 || static_cast<std::size_t>(grade) >= grade_count) {
      throw InputError("invalid analysis", {{"grades", "a grade index outside the scheme's grades",
                                             "等级序号超出考核方案的等级"}});
    }
  }
  const std::vector<std::int32_t>& totals = result.totals;
  const std::vector<std::int32_t>& ranks = result.ranks;
  const std::vector<std::int8_t>& grades = result.grade_matrix;
  // Per region: grade counts and percentiles, regions in blocks read column-wise.
  result.grade_counts.assign(n * grade_count, 0);
  result.total_percentiles.assign(n * 3, 0.0);
  result.rank_percentiles.assign(n * 3, 0.0);
  constexpr std::size_t kBlock = 32;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  static constexpr double kQuantiles[3] = {0.05, 0.5, 0.95};
  detail::parallel_for(blocks, worker_count(threads, blocks), [&](std::size_t block) {
    const std::size_t begin = block * kBlock;
    const std::size_t end = std::min(n, begin + kBlock);
    std::vector<std::vector<std::int32_t>> region_totals(end - begin, std::vector<std::int32_t>(reps));
    std::vector<std::vector<std::int32_t>> region_ranks(end - begin, std::vector<std::int32_t>(reps));
    for (std::size_t k = 0; k < reps; ++k) {
      for (std::size_t r = begin; r < end; ++r) {
        region_totals[r - begin][k] = totals[k * n + r];
        region_ranks[r - begin][k] = ranks[k * n + r];
        ++result.grade_counts[r * grade_count + static_cast<std::size_t>(grades[k * n + r])];
      }
    }
    std::vector<std::int32_t> scratch;
    for (std::size_t r = begin; r < end; ++r) {
      percentiles(region_totals[r - begin], scratch, kQuantiles, &result.total_percentiles[r * 3],
                  static_cast<double>(kScale));
      percentiles(region_ranks[r - begin], scratch, kQuantiles, &result.rank_percentiles[r * 3], 1.0);
    }
  });
}

SensitivityEvaluations Analysis::sensitivity(const SensitivityOptions& options) const {
  check_vary(options.vary);
  SensitivityEvaluations out;
  for (int g = 0; g < kInputGroups; ++g) {
    if (options.vary.varies(static_cast<InputGroup>(g))) out.groups.push_back(static_cast<InputGroup>(g));
  }
  if (out.groups.empty()) {
    throw InputError("invalid analysis",
                     {{"vary", "name at least one group of inputs to vary", "请至少指定一组要变动的输入"}});
  }
  if (options.first_sample + options.base_samples < 2 || options.base_samples == 0) {
    throw InputError("invalid analysis", {{"n", "must be at least 2", "至少应为 2"}});
  }
  const std::size_t n = regions();
  const std::size_t d = out.groups.size();
  const std::size_t per_sample = d + 2;
  out.base_samples = options.base_samples;
  out.values.assign(options.base_samples * per_sample, 0.0);
  std::vector<std::int64_t> baseline_totals(n);
  std::vector<std::int32_t> baseline_grades(n);
  std::vector<std::int32_t> baseline_ranks(n);
  evaluate(VarySpec{}, ReplicationKeys{}, baseline_totals.data(), baseline_grades.data(),
           baseline_ranks.data());
  const int workers = worker_count(options.threads, out.values.size());
  run_items(
      out.values.size(), workers,
      [&](std::size_t item) {
        const std::size_t i = item / per_sample;
        const std::size_t column = item % per_sample;
        // A_i draws from replication 2i, B_i from 2i + 1; A_B^(j) is A_i with group j from B_i.
        ReplicationKeys keys;
        for (int g = 0; g < kInputGroups; ++g) {
          const bool from_b = column == 1 || (column >= 2 && static_cast<int>(out.groups[column - 2]) == g);
          keys.key[g] = stream_key(options.seed, 2 * (options.first_sample + i) + (from_b ? 1 : 0), g);
        }
        std::vector<std::int64_t> totals(n);
        std::vector<std::int32_t> grades(n);
        std::vector<std::int32_t> ranks(n);
        evaluate(options.vary, keys, totals.data(), grades.data(), ranks.data());
        double value = 0;
        if (options.output == SensitivityOutput::mean_rank_shift) {
          std::int64_t shift = 0;
          for (std::size_t r = 0; r < n; ++r) shift += std::abs(ranks[r] - baseline_ranks[r]);
          value = n == 0 ? 0.0 : static_cast<double>(shift) / static_cast<double>(n);
        } else {
          std::int64_t changed = 0;
          for (std::size_t r = 0; r < n; ++r) changed += grades[r] != baseline_grades[r] ? 1 : 0;
          value = static_cast<double>(changed);
        }
        out.values[item] = value;
      },
      options.progress);
  return out;
}

}  // namespace qa
