// Choosing which regions and which points get on-site verification (Art. 6.3, "on-site checks
// and key spot checks"), by a documented rule and reproducibly from a seed.
//
// Rules:
//   all    - every region;
//   share  - ceil(share x regions) regions drawn uniformly at random;
//   risk   - ceil(share x regions) regions drawn without replacement with probability
//            proportional to a risk weight: 1, plus the rise of the self-evaluated total over
//            last year's total (points, when given), plus `boundary_weight` when the
//            self-evaluated total lies less than `margin` points above a grade boundary;
//   manual - the regions listed.
// Points: `points` = 0 verifies every point the selected region self-evaluated; k > 0 draws k
// of those points, with probability proportional to their maximum points. Verifiers may still
// record values for other points; the plan says what must be checked.
// Draws use SplitMix64 seeded from `seed` and the region code, so the plan depends on nothing
// but its inputs.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "qualityassess/fixed.hpp"

namespace qa {

enum class PlanRule { all, share, risk, manual };

struct PlanSettings {
  PlanRule rule = PlanRule::risk;
  Fixed share = Fixed::from_units(Fixed::kScale * 3 / 10);  // 0.3
  int points = 0;                                           // 0: every point
  std::uint64_t seed = 0;
  Fixed margin = Fixed::from_int(2);
  Fixed boundary_weight = Fixed::from_int(2);
  std::vector<std::string> regions;              // manual
  std::map<std::string, Fixed> previous_totals;  // risk: last year's totals by region code
};

struct PlannedRegion {
  std::string code;
  double risk_weight = 1.0;
  std::vector<std::string> points;
};

struct VerificationPlan {
  PlanSettings settings;
  std::vector<PlannedRegion> selected;  // in the campaign's region order

  bool selects(const std::string& code) const;
};

// Throws InputError naming the setting at fault.
PlanSettings read_plan_settings(const nlohmann::json& document);
nlohmann::json write_plan_settings(const PlanSettings& settings);
nlohmann::json write_plan(const VerificationPlan& plan);

struct PlanCandidate {
  std::string code;
  Fixed self_total;                     // the self-evaluated total
  std::vector<std::string> leaves;      // points with a self-evaluated value
  std::vector<Fixed> leaf_points;       // their maximum points
  std::vector<Fixed> grade_boundaries;  // band minimums of the scheme
};

VerificationPlan make_verification_plan(const PlanSettings& settings,
                                        const std::vector<PlanCandidate>& candidates);

}  // namespace qa
