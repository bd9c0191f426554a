#include "qualityassess/leaf_scoring.hpp"

#include <optional>

namespace qa {
namespace {

std::string num(Fixed value) { return value.to_string(); }

struct Scorer {
  const Scheme& scheme;
  const Node& leaf;
  const LeafValue& value;
  const LeafInput& input;
  bool explain;

  Fixed rounded(const Ratio& points) const {
    return clamp(points, Ratio(), Ratio(leaf.points)).round(scheme.rounding);
  }

  LeafScore missing(LeafGap gap, Text how) const {
    LeafScore score;
    score.gap = gap;
    if (explain) score.how = std::move(how);
    return score;
  }

  LeafScore operator()(const TargetRule& rule) const {
    if (!value.present)
      return missing(LeafGap::missing_value, {"未填报，得 0 分", "no value given: 0 points"});
    const std::optional<Fixed> target = rule.fixed_target ? rule.fixed_target : input.target;
    if (!target) {
      return missing(LeafGap::missing_target, {"目标未备案，得 0 分", "no target filed: 0 points"});
    }
    const bool higher = rule.direction == Direction::higher_is_better;
    const Fixed actual = value.number;
    LeafScore score;
    if (rule.zero_if_worse_than_previous) {
      if (!input.previous) {
        score.gap = LeafGap::missing_previous;
      } else if (higher ? actual < *input.previous : actual > *input.previous) {
        if (explain) {
          score.how = {"实际 " + num(actual) + " 差于上年 " + num(*input.previous) + "，得 0 分",
                       num(actual) + " is worse than last year's " + num(*input.previous) + ": 0 points"};
        }
        return score;
      }
    }
    switch (rule.method) {
      case TargetMethod::deduction:
        score_deduction(rule, actual, *target, higher, score);
        break;
      case TargetMethod::proportional:
      case TargetMethod::table:
        score_attainment(rule, actual, *target, higher, score);
        break;
    }
    return score;
  }

  void score_deduction(const TargetRule& rule, Fixed actual, Fixed target, bool higher,
                       LeafScore& score) const {
    const Fixed shortfall = higher ? target - actual : actual - target;
    if (shortfall <= Fixed()) {
      score.points = leaf.points;
      if (explain) {
        score.how = {
            "实际 " + num(actual) + "，目标 " + num(target) + "，达标，得满分 " + num(leaf.points),
            num(actual) + " against target " + num(target) + ": met, full " + num(leaf.points) + " points"};
      }
      return;
    }
    const Ratio deduction = Ratio(rule.per_point) * Ratio(shortfall);
    score.points = rounded(Ratio(leaf.points) - deduction);
    if (explain) {
      const std::string lost = deduction.round({Fixed::kDigits, RoundingMode::half_up}).to_string();
      score.how = {"实际 " + num(actual) + "，目标 " + num(target) + "，差 " + num(shortfall) + " × " +
                       num(rule.per_point) + " = 扣 " + lost + "，得 " + num(score.points) + "（满分 " +
                       num(leaf.points) + "，扣完为止）",
                   num(actual) + " against target " + num(target) + ": " + num(shortfall) + " short x " +
                       num(rule.per_point) + " = -" + lost + ", " + num(score.points) + " of " +
                       num(leaf.points) + " (not below 0)"};
    }
  }

  // actual/target when higher is better, target/actual when lower is better; nullopt means
  // "perfect" (a zero target to beat, or a zero actual where lower is better).
  static std::optional<Ratio> attainment(Fixed actual, Fixed target, bool higher) {
    const Fixed numerator = higher ? actual : target;
    const Fixed denominator = higher ? target : actual;
    if (denominator.units() <= 0) return std::nullopt;
    return Ratio(numerator) / Ratio(denominator);
  }

  void score_attainment(const TargetRule& rule, Fixed actual, Fixed target, bool higher,
                        LeafScore& score) const {
    const std::optional<Ratio> reached = attainment(actual, target, higher);
    Ratio fraction(1, 1);
    if (reached) {
      if (rule.method == TargetMethod::proportional) {
        fraction = *reached < Ratio(1, 1) ? *reached : Ratio(1, 1);
      } else {
        fraction = Ratio(0, 1);
        for (const AttainmentStep& step : rule.table) {
          if (*reached >= Ratio(step.attainment)) {
            fraction = Ratio(step.fraction);
            break;
          }
        }
      }
    }
    score.points = rounded(Ratio(leaf.points) * fraction);
    if (explain) {
      const std::string share =
          reached ? reached->round({Fixed::kDigits, RoundingMode::half_up}).to_string() : "1";
      score.how = {"实际 " + num(actual) + "，目标 " + num(target) + "，完成率 " + share + "，得 " +
                       num(score.points) + "（满分 " + num(leaf.points) + "）",
                   num(actual) + " against target " + num(target) + ": attainment " + share + ", " +
                       num(score.points) + " of " + num(leaf.points)};
    }
  }

  LeafScore operator()(const LevelsRule& rule) const {
    if (!value.present)
      return missing(LeafGap::missing_value, {"未填报，得 0 分", "no level given: 0 points"});
    const Level& level = scheme.level_set(rule.level_set)->levels[static_cast<std::size_t>(value.level)];
    LeafScore score;
    score.points = rounded(Ratio(leaf.points) * Ratio(level.fraction));
    if (explain) {
      score.how = {
          level.label.in(Lang::zh) + "（" + num(level.fraction) + "）× " + num(leaf.points) + " = " +
              num(score.points),
          level.id + " (" + num(level.fraction) + ") x " + num(leaf.points) + " = " + num(score.points)};
    }
    return score;
  }

  LeafScore operator()(const ChecklistRule& rule) const {
    if (!value.present)
      return missing(LeafGap::missing_value, {"未填报，得 0 分", "no checklist given: 0 points"});
    int met = 0;
    int partly = 0;
    int not_met = 0;
    Ratio points;
    for (std::size_t i = 0; i < rule.items.size(); ++i) {
      switch (value.items[i]) {
        case ItemState::met:
          ++met;
          points = points + Ratio(rule.items[i].points);
          break;
        case ItemState::partly_met:
          ++partly;
          points = points + Ratio(rule.items[i].points) * Ratio(rule.partly_fraction);
          break;
        case ItemState::not_met:
          ++not_met;
          break;
      }
    }
    if (rule.per_missing) {
      const Ratio missing_items =
          Ratio(Fixed::from_int(not_met)) +
          Ratio(Fixed::from_int(partly)) * (Ratio(1, 1) - Ratio(rule.partly_fraction));
      points = Ratio(leaf.points) - Ratio(*rule.per_missing) * missing_items;
    }
    LeafScore score;
    score.points = rounded(points);
    if (explain) {
      score.how = {std::to_string(met) + " 项达到，" + std::to_string(partly) + " 项部分达到，" +
                       std::to_string(not_met) + " 项未达到，得 " + num(score.points),
                   std::to_string(met) + " items met, " + std::to_string(partly) + " partly, " +
                       std::to_string(not_met) + " not met: " + num(score.points) + " of " +
                       num(leaf.points)};
    }
    return score;
  }

  LeafScore operator()(const DeductionRule& rule) const {
    if (!value.present)
      return missing(LeafGap::missing_value, {"未填报，得 0 分", "no occurrences given: 0 points"});
    Ratio lost;
    std::string detail_zh;
    std::string detail_en;
    for (std::size_t i = 0; i < rule.kinds.size(); ++i) {
      if (value.counts[i] == 0) continue;
      lost = lost + Ratio(rule.kinds[i].per_occurrence) * Ratio(static_cast<Ratio::Int>(value.counts[i]), 1);
      detail_zh += rule.kinds[i].id + " " + std::to_string(value.counts[i]) + " 次 × " +
                   num(rule.kinds[i].per_occurrence) + "；";
      detail_en += std::to_string(value.counts[i]) + " x " + rule.kinds[i].id + " (-" +
                   num(rule.kinds[i].per_occurrence) + " each); ";
    }
    LeafScore score;
    score.points = rounded(Ratio(leaf.points) - lost);
    if (explain) {
      if (detail_en.empty()) {
        score.how = {"无扣分情形，得满分 " + num(leaf.points),
                     "nothing to deduct: full " + num(leaf.points) + " points"};
      } else {
        score.how = {detail_zh + "得 " + num(score.points) + "（扣完为止）",
                     detail_en + num(score.points) + " of " + num(leaf.points) + " (stops at 0)"};
      }
    }
    return score;
  }

  LeafScore operator()(const DirectRule&) const {
    if (!value.present)
      return missing(LeafGap::missing_value, {"未评分，得 0 分", "no points given: 0 points"});
    LeafScore score;
    score.points = rounded(Ratio(value.number));
    if (explain) {
      score.how = {"评定 " + num(score.points) + " 分（满分 " + num(leaf.points) + "）",
                   "assessed at " + num(score.points) + " of " + num(leaf.points)};
    }
    return score;
  }

  LeafScore operator()(const BooleanRule&) const {
    if (!value.present)
      return missing(LeafGap::missing_value, {"未填报，得 0 分", "no answer given: 0 points"});
    LeafScore score;
    score.points = value.flag ? leaf.points : Fixed();
    if (explain) {
      score.how = value.flag
                      ? Text{"是，得满分 " + num(leaf.points), "yes: full " + num(leaf.points) + " points"}
                      : Text{"否，得 0 分", "no: 0 points"};
    }
    return score;
  }
};

}  // namespace

LeafScore score_leaf(const Scheme& scheme, const Node& leaf, const LeafValue& value, const LeafInput& input,
                     bool explain) {
  return std::visit(Scorer{scheme, leaf, value, input, explain}, *leaf.rule);
}

}  // namespace qa
