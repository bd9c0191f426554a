#include "leaf_explanation.hpp"

#include <optional>
#include <variant>

#include "bound_value_source.hpp"
#include "derived_value.hpp"
#include "qualityassess/result.hpp"

namespace qa::detail {
namespace {

std::string num(Fixed value) { return value.to_string(); }

// A level or a deduction kind as a Chinese reader sees it: its label, the id where it has none.
std::string label_zh(const Text& label, const std::string& id) {
  const std::string& text = label.in(Lang::zh);
  return text.empty() ? id : text;
}

struct Explainer {
  const Scheme& scheme;
  const Node& node;
  const LeafPlan& leaf;
  const LeafValue& value;
  const LeafInput& input;
  const Feature& feature;
  Fixed points;

  std::string full() const { return num(node.points); }
  std::string got() const { return num(points); }

  Text operator()(const TargetRule& rule) const {
    if (!value.present) return {"未填报，得 0 分", "no value given: 0 points"};
    if (feature.gap == LeafGap::missing_target) return {"目标未备案，得 0 分", "no target filed: 0 points"};
    const Fixed target = rule.fixed_target ? *rule.fixed_target : *input.target;
    const Fixed actual = value.number;
    if (feature.worse_than_previous) {
      return {"实际 " + num(actual) + " 差于上年 " + num(*input.previous) + "，得 0 分",
              num(actual) + " is worse than last year's " + num(*input.previous) + ": 0 points"};
    }
    if (rule.method == TargetMethod::deduction) return deduction(rule, actual, target);
    return attainment(actual, target);
  }

  Text deduction(const TargetRule& rule, Fixed actual, Fixed target) const {
    if (feature.kind == FeatureKind::full) {
      return {"实际 " + num(actual) + "，目标 " + num(target) + "，达标，得满分 " + full(),
              num(actual) + " against target " + num(target) + ": met, full " + full() + " points"};
    }
    const Fixed shortfall = Fixed::from_units(feature.a);
    const std::string lost =
        (Ratio(rule.per_point) * Ratio(shortfall)).round({Fixed::kDigits, RoundingMode::half_up}).to_string();
    return {"实际 " + num(actual) + "，目标 " + num(target) + "，差 " + num(shortfall) + " × " +
                num(rule.per_point) + " = 扣 " + lost + "，得 " + got() + "（满分 " + full() + "，扣完为止）",
            num(actual) + " against target " + num(target) + ": " + num(shortfall) + " short x " +
                num(rule.per_point) + " = -" + lost + ", " + got() + " of " + full() + " (not below 0)"};
  }

  // The attainment shown: actual/target (target/actual when lower is better), "1" when there is
  // nothing to attain (a zero target to beat).
  Text attainment(Fixed actual, Fixed target) const {
    const Fixed numerator = leaf.higher ? actual : target;
    const Fixed denominator = leaf.higher ? target : actual;
    const std::string share = denominator.units() <= 0 ? "1"
                                                       : (Ratio(numerator) / Ratio(denominator))
                                                             .round({Fixed::kDigits, RoundingMode::half_up})
                                                             .to_string();
    return {"实际 " + num(actual) + "，目标 " + num(target) + "，完成率 " + share + "，得 " + got() +
                "（满分 " + full() + "）",
            num(actual) + " against target " + num(target) + ": attainment " + share + ", " + got() + " of " +
                full()};
  }

  Text operator()(const LevelsRule& rule) const {
    if (!value.present) return {"未填报，得 0 分", "no level given: 0 points"};
    const Level& level = scheme.level_set(rule.level_set)->levels[static_cast<std::size_t>(value.level)];
    return {label_zh(level.label, level.id) + "（" + num(level.fraction) + "）× " + full() + " = " + got(),
            level.id + " (" + num(level.fraction) + ") x " + full() + " = " + got()};
  }

  Text operator()(const ChecklistRule& rule) const {
    if (!value.present) return {"未填报，得 0 分", "no checklist given: 0 points"};
    int met = 0;
    int partly = 0;
    int not_met = 0;
    for (std::size_t i = 0; i < rule.items.size(); ++i) {
      const ItemState state = value.item(i);
      (state == ItemState::met ? met : state == ItemState::partly_met ? partly : not_met) += 1;
    }
    return {std::to_string(met) + " 项达到，" + std::to_string(partly) + " 项部分达到，" +
                std::to_string(not_met) + " 项未达到，得 " + got(),
            std::to_string(met) + " items met, " + std::to_string(partly) + " partly, " +
                std::to_string(not_met) + " not met: " + got() + " of " + full()};
  }

  Text operator()(const DeductionRule& rule) const {
    if (!value.present && rule.not_filed == NotFiled::nothing_to_deduct) {
      return {"未填报，按方案视为无扣分情形，得满分 " + full(),
              "nothing filed, which the scheme counts as nothing to deduct: full " + full() + " points"};
    }
    if (!value.present) return {"未填报，得 0 分", "no occurrences given: 0 points"};
    std::string detail_zh;
    std::string detail_en;
    for (std::size_t i = 0; i < rule.kinds.size(); ++i) {
      if (value.count(i) == 0) continue;
      detail_zh += label_zh(rule.kinds[i].name, rule.kinds[i].id) + " " + std::to_string(value.count(i)) +
                   " 次 × " + num(rule.kinds[i].per_occurrence) + "；";
      detail_en += std::to_string(value.count(i)) + " x " + rule.kinds[i].id + " (-" +
                   num(rule.kinds[i].per_occurrence) + " each); ";
    }
    if (detail_en.empty())
      return {"无扣分情形，得满分 " + full(), "nothing to deduct: full " + full() + " points"};
    return {detail_zh + "得 " + got() + "（扣完为止）",
            detail_en + got() + " of " + full() + " (stops at 0)"};
  }

  Text operator()(const DirectRule&) const {
    if (!value.present) return {"未评分，得 0 分", "no points given: 0 points"};
    return {"评定 " + got() + " 分（满分 " + full() + "）", "assessed at " + got() + " of " + full()};
  }

  Text operator()(const ValueRule&) const { return {}; }  // informational only

  Text operator()(const BooleanRule&) const {
    if (!value.present) return {"未填报，得 0 分", "no answer given: 0 points"};
    if (feature.kind == FeatureKind::full) return {"是，得满分 " + full(), "yes: full " + full() + " points"};
    return {"否，得 0 分", "no: 0 points"};
  }
};

// An informational point (docs/scheme-language.md, "Informational points"): what was filed,
// and what a gate reads of it, but no points.
struct InformationalExplainer {
  const Scheme& scheme;
  const LeafPlan& leaf;
  const LeafValue& value;
  const LeafInput& input;
  const Feature& feature;

  static Text noted(const std::string& zh, const std::string& en) {
    return {zh + "（仅记录，不计分）", en + " (informational: scores nothing)"};
  }

  Text operator()(const TargetRule& rule) const {
    if (!value.present) return noted("未填报", "no value given");
    if (feature.gap == LeafGap::missing_target) return noted("目标未备案", "no target filed");
    const Fixed target = rule.fixed_target ? *rule.fixed_target : *input.target;
    const Fixed actual = value.number;
    const Fixed numerator = leaf.higher ? actual : target;
    const Fixed denominator = leaf.higher ? target : actual;
    // Rounded down: an attainment just short of the target must not read as 1.
    const std::string share =
        denominator.units() <= 0
            ? "1"
            : (Ratio(numerator) / Ratio(denominator)).round({Fixed::kDigits, RoundingMode::down}).to_string();
    return noted("实际 " + num(actual) + "，目标 " + num(target) + "，完成率 " + share,
                 num(actual) + " against target " + num(target) + ": attainment " + share);
  }

  Text operator()(const LevelsRule& rule) const {
    if (!value.present) return noted("未填报", "no level given");
    const Level& level = scheme.level_set(rule.level_set)->levels[static_cast<std::size_t>(value.level)];
    return noted(label_zh(level.label, level.id) + "（" + num(level.fraction) + "）",
                 level.id + " (" + num(level.fraction) + ")");
  }

  Text operator()(const BooleanRule&) const {
    if (!value.present) return noted("未填报", "no answer given");
    return feature.kind == FeatureKind::full ? noted("是", "yes") : noted("否", "no");
  }

  Text operator()(const ValueRule& rule) const {
    if (!value.present) return noted("未填报", "no value given");
    const std::string unit = rule.unit.empty() ? "" : " " + rule.unit;
    return noted(num(value.number) + unit, num(value.number) + unit);
  }

  // The reader allows no other rule on an informational point.
  template <class Other>
  Text operator()(const Other&) const {
    return noted("", "");
  }
};

}  // namespace

Text explain_derivation(const DerivedValue& derived, const LeafValue& a, const LeafValue& b) {
  const std::string& x = derived.a;
  const std::string& y = derived.b;
  if (!a.present || !b.present) {
    const std::string& missing = a.present ? y : x;
    return {"由 " + x + "、" + y + " 计算：" + missing + " 未提供，无法计算",
            "computed from " + x + " and " + y + ": " + missing + " not given, so it cannot be"};
  }
  const auto units = derive_units(derived.op, a.number.units(), b.number.units(), derived.n.units());
  const std::string va = num(a.number);
  const std::string vb = num(b.number);
  std::string formula;
  switch (derived.op) {
    case DerivedOp::difference:
      formula = va + " − " + vb;
      break;
    case DerivedOp::ratio:
      formula = va + " / " + vb;
      break;
    case DerivedOp::share:
      formula = va + " / " + vb + " × 100";
      break;
    case DerivedOp::percent_change:
      formula = "(" + vb + " − " + va + ") / " + va + " × 100";
      break;
    case DerivedOp::percent_reduction:
      formula = "(" + va + " − " + vb + ") / " + va + " × 100";
      break;
    case DerivedOp::per_n:
      formula = va + " / " + vb + " × " + num(derived.n);
      break;
  }
  if (!units) {
    const bool over_a = derived.op == DerivedOp::percent_change || derived.op == DerivedOp::percent_reduction;
    const std::string& zero = over_a ? x : y;
    return {"由 " + x + "、" + y + " 计算：" + formula + "，" + zero + " 为 0，无法计算",
            "computed from " + x + " and " + y + ": " + formula + " cannot be computed (" + zero + " is 0)"};
  }
  const std::string result = num(Fixed::from_units(*units));
  return {"由 " + x + "、" + y + " 计算：" + formula + " = " + result,
          "computed from " + x + " and " + y + ": " + formula + " = " + result};
}

Text explain_leaf(const Scheme& scheme, const Node& node, const LeafPlan& leaf, const LeafValue& value,
                  const LeafInput& input, const Feature& feature, std::int64_t points) {
  if (node.informational) {
    return std::visit(InformationalExplainer{scheme, leaf, value, input, feature}, *node.rule);
  }
  return std::visit(Explainer{scheme, node, leaf, value, input, feature, Fixed::from_units(points)},
                    *node.rule);
}

}  // namespace qa::detail

namespace qa {

Text Result::leaf_how(std::size_t slot) const {
  if (!trace || !scheme || slot >= trace->size() || slot >= leaves.size()) return {};
  const detail::PlanData& plan = detail::plan_of(*scheme);
  const detail::LeafPlan& leaf = plan.leaves[slot];
  const LeafInput input = trace->input(slot);
  const Node& node = scheme->nodes[static_cast<std::size_t>(leaf.node)];
  const detail::UsedSection used = detail::used_section(leaf, input);
  const bool verified = used.verified;
  Text how = detail::explain_leaf(*scheme, node, leaf, verified ? input.verified : input.self, input,
                                  used.feature, leaves[slot].points.units());
  if (leaf.derived_a < 0) return how;
  // The operands as the binder took them (submission.cpp's derive_values).
  const auto operand = [&](int operand_slot) -> LeafValue {
    LeafInput in = trace->input(static_cast<std::size_t>(operand_slot));
    return verified && in.verified.present ? std::move(in.verified) : std::move(in.self);
  };
  const Text derivation =
      detail::explain_derivation(*node.derived, operand(leaf.derived_a), operand(leaf.derived_b));
  return {derivation.zh + "；" + how.zh, derivation.en + "; " + how.en};
}

}  // namespace qa
