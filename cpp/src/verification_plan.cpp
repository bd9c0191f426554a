#include "qualityassess/verification_plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "json_reader.hpp"
#include "qualityassess/errors.hpp"

namespace qa {
namespace {

using detail::json;
using detail::NumberRange;
using detail::ObjectReader;

// SplitMix64 (Steele, Lea, Flood 2014): small, fast and fully specified, so a plan drawn from a
// seed is the same on every machine and with every standard library.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in (0, 1].
  double unit() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// One stream per (seed, purpose, region): a region's draws do not depend on the others.
SplitMix64 stream(std::uint64_t seed, const std::string& purpose, const std::string& code) {
  return SplitMix64(seed ^ fnv1a(purpose + "/" + code));
}

// Weighted sampling without replacement by exponential races: the `count` smallest keys
// -ln(u)/w win. Ties (never in practice) go to the earlier index.
std::vector<std::size_t> smallest_keys(const std::vector<double>& keys, std::size_t count) {
  std::vector<std::size_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  order.resize(std::min(count, order.size()));
  std::sort(order.begin(), order.end());
  return order;
}

double risk_weight(const PlanSettings& settings, const PlanCandidate& candidate) {
  double weight = 1.0;
  auto previous = settings.previous_totals.find(candidate.code);
  if (previous != settings.previous_totals.end() && candidate.self_total > previous->second) {
    weight += (candidate.self_total - previous->second).to_double();
  }
  for (Fixed boundary : candidate.grade_boundaries) {
    if (candidate.self_total >= boundary && candidate.self_total - boundary < settings.margin) {
      weight += settings.boundary_weight.to_double();
      break;
    }
  }
  return weight;
}

std::vector<std::string> draw_points(const PlanSettings& settings, const PlanCandidate& candidate) {
  if (settings.points <= 0 || static_cast<std::size_t>(settings.points) >= candidate.leaves.size()) {
    return candidate.leaves;
  }
  SplitMix64 random = stream(settings.seed, "points", candidate.code);
  std::vector<double> keys;
  for (Fixed points : candidate.leaf_points) keys.push_back(-std::log(random.unit()) / points.to_double());
  std::vector<std::string> chosen;
  for (std::size_t index : smallest_keys(keys, static_cast<std::size_t>(settings.points))) {
    chosen.push_back(candidate.leaves[index]);
  }
  return chosen;
}

std::size_t share_count(Fixed share, std::size_t regions) {
  const auto scaled = static_cast<std::int64_t>(regions) * share.units();
  return static_cast<std::size_t>((scaled + Fixed::kScale - 1) / Fixed::kScale);
}

const char* rule_name(PlanRule rule) {
  switch (rule) {
    case PlanRule::all:
      return "all";
    case PlanRule::share:
      return "share";
    case PlanRule::risk:
      return "risk";
    case PlanRule::manual:
      return "manual";
  }
  return "risk";
}

}  // namespace

bool VerificationPlan::selects(const std::string& code) const {
  return std::any_of(selected.begin(), selected.end(),
                     [&](const PlannedRegion& r) { return r.code == code; });
}

PlanSettings read_plan_settings(const json& document) {
  IssueList issues;
  PlanSettings settings;
  ObjectReader reader(document, "/plan", issues);
  if (auto rule = reader.string("rule", false)) {
    if (*rule == "all") {
      settings.rule = PlanRule::all;
    } else if (*rule == "share") {
      settings.rule = PlanRule::share;
    } else if (*rule == "risk") {
      settings.rule = PlanRule::risk;
    } else if (*rule == "manual") {
      settings.rule = PlanRule::manual;
    } else {
      issues.add(reader.path_of("rule"), "'" + *rule + "' is not a rule (all, share, risk, manual)",
                 "'" + *rule + "' 不是抽取规则（all、share、risk、manual）");
    }
  }
  settings.share =
      reader.number("share", false, {Fixed(), false, Fixed::from_int(1), true}).value_or(settings.share);
  settings.points = static_cast<int>(reader.integer("points", false, 0, 10000).value_or(0));
  if (auto seed = reader.integer("seed", false, 0, std::numeric_limits<std::int64_t>::max())) {
    settings.seed = static_cast<std::uint64_t>(*seed);
  }
  settings.margin = reader.number("margin", false, NumberRange::non_negative()).value_or(settings.margin);
  settings.boundary_weight =
      reader.number("boundary_weight", false, NumberRange::non_negative()).value_or(settings.boundary_weight);
  if (const json* regions = reader.array("regions", settings.rule == PlanRule::manual)) {
    for (std::size_t i = 0; i < regions->size(); ++i) {
      if (!(*regions)[i].is_string()) {
        issues.add(detail::pointer_child(reader.path_of("regions"), i), "must be a region code",
                   "应为地区代码");
        continue;
      }
      settings.regions.push_back((*regions)[i].get<std::string>());
    }
  }
  if (const json* previous = reader.object("previous_totals", false)) {
    for (auto it = previous->begin(); it != previous->end(); ++it) {
      const std::string path = detail::pointer_child(reader.path_of("previous_totals"), it.key());
      if (auto total = detail::read_fixed(it.value(), path, issues, NumberRange::non_negative())) {
        settings.previous_totals.emplace(it.key(), *total);
      }
    }
  }
  reader.reject_unknown_keys();
  issues.throw_if_any<InputError>("bad verification plan");
  return settings;
}

json write_plan_settings(const PlanSettings& settings) {
  json out = {{"rule", rule_name(settings.rule)},
              {"share", settings.share.to_double()},
              {"points", settings.points},
              {"seed", settings.seed},
              {"margin", settings.margin.to_double()},
              {"boundary_weight", settings.boundary_weight.to_double()}};
  if (!settings.regions.empty()) out["regions"] = settings.regions;
  if (!settings.previous_totals.empty()) {
    out["previous_totals"] = json::object();
    for (const auto& [code, total] : settings.previous_totals)
      out["previous_totals"][code] = total.to_double();
  }
  return out;
}

json write_plan(const VerificationPlan& plan) {
  json selected = json::array();
  for (const PlannedRegion& region : plan.selected) {
    selected.push_back(
        {{"region", region.code}, {"risk_weight", region.risk_weight}, {"points", region.points}});
  }
  return {{"settings", write_plan_settings(plan.settings)}, {"selected", selected}};
}

VerificationPlan make_verification_plan(const PlanSettings& settings,
                                        const std::vector<PlanCandidate>& candidates) {
  VerificationPlan plan;
  plan.settings = settings;
  std::vector<double> weights(candidates.size(), 1.0);
  std::vector<std::size_t> chosen;
  switch (settings.rule) {
    case PlanRule::all:
      chosen.resize(candidates.size());
      std::iota(chosen.begin(), chosen.end(), 0);
      break;
    case PlanRule::manual:
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (std::find(settings.regions.begin(), settings.regions.end(), candidates[i].code) !=
            settings.regions.end()) {
          chosen.push_back(i);
        }
      }
      break;
    case PlanRule::share:
    case PlanRule::risk: {
      std::vector<double> keys;
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (settings.rule == PlanRule::risk) weights[i] = risk_weight(settings, candidates[i]);
        SplitMix64 random = stream(settings.seed, "regions", candidates[i].code);
        keys.push_back(-std::log(random.unit()) / weights[i]);
      }
      chosen = smallest_keys(keys, share_count(settings.share, candidates.size()));
      break;
    }
  }
  for (std::size_t index : chosen) {
    plan.selected.push_back(
        {candidates[index].code, weights[index], draw_points(settings, candidates[index])});
  }
  return plan;
}

}  // namespace qa
