// Result::requirement_reason: what each requirement of a gate asks and what the region has
// (docs/scheme-language.md, "Gates"). Text only: plan.hpp's requirement_met has decided.
#include "bound_value_source.hpp"
#include "condition_reasons.hpp"
#include "leaf_explanation.hpp"
#include "plan.hpp"
#include "qualityassess/result.hpp"

namespace qa {
namespace {

// Rounded down, so that a rate just short of a requirement never reads as reaching it.
std::string rate_text(const Ratio& rate) {
  return rate.round({Fixed::kDigits, RoundingMode::down}).to_string();
}

// The rate a requirement reads of a node: an informational leaf's from its feature, any other
// node's points over its maximum.
Ratio node_rate(const Result& result, const detail::PlanData& plan,
                const detail::RequirementPlan& requirement) {
  if (requirement.slot < 0) {
    const Fixed max = result.scheme->nodes[static_cast<std::size_t>(requirement.node)].points;
    return Ratio(result.node_points[static_cast<std::size_t>(requirement.node)]) / Ratio(max);
  }
  const detail::LeafPlan& leaf = plan.leaves[static_cast<std::size_t>(requirement.slot)];
  const detail::Feature f =
      detail::used_section(leaf, result.trace->input(static_cast<std::size_t>(requirement.slot))).feature;
  switch (f.kind) {
    case detail::FeatureKind::full:
      return Ratio(Fixed::from_int(1));
    case detail::FeatureKind::rate:
      return Ratio(Fixed::from_units(f.a)) / Ratio(Fixed::from_units(f.b));
    case detail::FeatureKind::index: {
      const auto& fractions =
          leaf.kind == detail::RuleKind::levels ? leaf.level_fraction : leaf.step_fraction;
      return Ratio(Fixed::from_units(fractions[static_cast<std::size_t>(f.a)]));
    }
    default:
      return Ratio(Fixed());
  }
}

// What requirement `index` of `list` asks and what the region has (its total: `total`), and
// whether it is met.
Text requirement_text(const Result& result, const detail::PlanData& plan,
                      const std::vector<detail::RequirementPlan>& list, std::size_t index, bool met,
                      Fixed total) {
  const Scheme& scheme = *result.scheme;
  const detail::RequirementPlan& requirement = list[index];
  Text text;
  switch (requirement.kind) {
    case Requirement::Kind::all_of:
      text = {"以下各项均达到", "all of the following"};
      break;
    case Requirement::Kind::any_of:
      text = {"以下至少一项达到", "at least one of the following"};
      break;
    case Requirement::Kind::node_rate: {
      const Node& node = scheme.nodes[static_cast<std::size_t>(requirement.node)];
      const std::string label_zh = node.id + " (" + node.name.in(Lang::zh) + ")";
      const std::string label_en = node.id + " (" + node.name.in(Lang::en) + ")";
      const std::string has = rate_text(node_rate(result, plan, requirement));
      const Fixed wanted = Fixed::from_units(requirement.threshold);
      if (wanted == Fixed::from_int(1)) {
        text = {label_zh + " 全部达到（得分率 " + has + "）", label_en + " met in full (rate " + has + ")"};
      } else {
        text = {label_zh + " 得分率不低于 " + wanted.to_string() + "（实为 " + has + "）",
                label_en + " at a rate of at least " + wanted.to_string() + " (has " + has + ")"};
      }
      break;
    }
    case Requirement::Kind::total: {
      const std::string wanted = Fixed::from_units(requirement.threshold).to_string();
      const std::string has = total.to_string(scheme.rounding.digits);
      text = {"总分不低于 " + wanted + "（实得 " + has + "）",
              "total at least " + wanted + " (has " + has + ")"};
      break;
    }
  }
  text.zh += met ? "：达到" : "：未达到";
  text.en += met ? ": met" : ": not met";
  return text;
}

// The tests (node rates, totals) that decided an unmet requirement: under an all_of the unmet
// parts, under an any_of every part.
void unmet_tests(const std::vector<detail::RequirementPlan>& list, const std::vector<std::uint8_t>& met,
                 std::size_t index, std::vector<std::size_t>& out) {
  const detail::RequirementPlan& requirement = list[index];
  if (requirement.parts.empty()) {
    if (met[index] == 0) out.push_back(index);
    return;
  }
  for (int part : requirement.parts) {
    if (met[static_cast<std::size_t>(part)] == 0) unmet_tests(list, met, static_cast<std::size_t>(part), out);
  }
}

}  // namespace

namespace detail {

Text not_met_reason(const Result& result, const ConditionPlan& condition, bool fired) {
  if (!result.trace || !result.scheme) return {};
  const PlanData& plan = plan_of(*result.scheme);
  std::vector<std::int64_t> node_points;
  for (const Fixed& points : result.node_points) node_points.push_back(points.units());
  std::vector<Feature> used;
  used.reserve(plan.leaves.size());
  for (std::size_t slot = 0; slot < plan.leaves.size(); ++slot)
    used.push_back(used_section(plan.leaves[slot], result.trace->input(slot)).feature);
  std::vector<std::uint8_t> met(condition.requirements.size(), 0);
  requirement_met(
      plan, condition.requirements, 0, plan.defaults, node_points.data(),
      result.total_before_conditions.units(), [&](std::size_t slot) -> const Feature& { return used[slot]; },
      met.data());
  if (!fired) {
    return {"要求已达到", "the requirement is met"};
  }
  std::vector<std::size_t> failed;
  unmet_tests(condition.requirements, met, 0, failed);
  Text text;
  for (std::size_t index : failed) {
    const Text one =
        requirement_text(result, plan, condition.requirements, index, false, result.total_before_conditions);
    text.zh += (text.zh.empty() ? "" : "；") + one.zh;
    text.en += (text.en.empty() ? "" : "; ") + one.en;
  }
  return text;
}

}  // namespace detail

Text Result::requirement_reason(std::size_t index) const {
  if (!trace || !scheme || index >= requirements_met.size()) return {};
  const detail::PlanData& plan = detail::plan_of(*scheme);
  return requirement_text(*this, plan, plan.requirements, index, requirements_met[index] != 0, total);
}

}  // namespace qa
