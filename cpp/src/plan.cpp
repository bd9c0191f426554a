// Compiling a scheme into an evaluation plan, and the parts of a region's evaluation that do not
// depend on how its inputs are held (roll-up, conditions). See plan.hpp.
#include "plan.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>

#include "qualityassess/errors.hpp"

namespace qa::detail {
namespace {

std::int64_t checked_units(Fixed value, const std::string& what) {
  if (value.units() > kMaxPlanUnits || value.units() < -kMaxPlanUnits) {
    throw SchemeError("scheme too large",
                      {{what, "is " + value.to_string() + "; the engine takes numbers up to 100000000 (1e8)",
                        "为 " + value.to_string() + "；本系统可处理的数值最大为 100000000（1e8）"}});
  }
  return value.units();
}

LeafPlan compile_leaf(const Scheme& scheme, int node_index) {
  const Node& node = scheme.nodes[static_cast<std::size_t>(node_index)];
  LeafPlan leaf;
  leaf.node = node_index;
  leaf.id = node.id;
  leaf.base_max = checked_units(node.points, node.id);
  const Rule& rule = *node.rule;
  if (const auto* target = std::get_if<TargetRule>(&rule)) {
    switch (target->method) {
      case TargetMethod::deduction:
        leaf.kind = RuleKind::target_deduction;
        break;
      case TargetMethod::proportional:
        leaf.kind = RuleKind::target_proportional;
        break;
      case TargetMethod::table:
        leaf.kind = RuleKind::target_table;
        break;
    }
    leaf.higher = target->direction == Direction::higher_is_better;
    leaf.has_fixed_target = target->fixed_target.has_value();
    if (target->fixed_target) leaf.fixed_target = checked_units(*target->fixed_target, node.id);
    leaf.zero_if_worse = target->zero_if_worse_than_previous;
    leaf.has_min = target->min_value.has_value();
    leaf.has_max = target->max_value.has_value();
    if (leaf.has_min) leaf.min_value = target->min_value->units();
    if (leaf.has_max) leaf.max_value = target->max_value->units();
    leaf.per_point = checked_units(target->per_point, node.id);
    for (const AttainmentStep& step : target->table) {
      leaf.step_attainment.push_back(checked_units(step.attainment, node.id));
      leaf.step_fraction.push_back(step.fraction.units());
    }
  } else if (const auto* levels = std::get_if<LevelsRule>(&rule)) {
    leaf.kind = RuleKind::levels;
    leaf.level_set = scheme.level_set(levels->level_set);
    for (const Level& level : leaf.level_set->levels) {
      leaf.level_fraction.push_back(level.fraction.units());
      leaf.level_ids.push_back(level.id);
    }
  } else if (const auto* checklist = std::get_if<ChecklistRule>(&rule)) {
    leaf.kind = RuleKind::checklist;
    leaf.width = static_cast<int>(checklist->items.size());
    for (const ChecklistItem& item : checklist->items)
      leaf.item_points.push_back(checked_units(item.points, node.id));
    leaf.partly_fraction = checklist->partly_fraction.units();
    leaf.has_per_missing = checklist->per_missing.has_value();
    if (checklist->per_missing) leaf.per_missing = checked_units(*checklist->per_missing, node.id);
  } else if (const auto* deduction = std::get_if<DeductionRule>(&rule)) {
    leaf.kind = RuleKind::deduction;
    leaf.width = static_cast<int>(deduction->kinds.size());
    for (const DeductionKind& kind : deduction->kinds) {
      leaf.per_occurrence.push_back(checked_units(kind.per_occurrence, node.id));
    }
    leaf.not_filed_is_nothing = deduction->not_filed == NotFiled::nothing_to_deduct;
  } else if (std::holds_alternative<DirectRule>(rule)) {
    leaf.kind = RuleKind::direct;
  } else if (const auto* value = std::get_if<ValueRule>(&rule)) {
    leaf.kind = RuleKind::value;
    leaf.has_min = value->min_value.has_value();
    leaf.has_max = value->max_value.has_value();
    if (leaf.has_min) leaf.min_value = value->min_value->units();
    if (leaf.has_max) leaf.max_value = value->max_value->units();
  } else {
    leaf.kind = RuleKind::boolean;
  }
  return leaf;
}

RequirementPlan compile_requirement(const Scheme& scheme, const Requirement& requirement,
                                    const std::vector<LeafPlan>& leaves) {
  RequirementPlan plan;
  plan.kind = requirement.kind;
  plan.parts = requirement.parts;
  if (requirement.kind == Requirement::Kind::total) plan.threshold = requirement.total.units();
  if (requirement.kind != Requirement::Kind::node_rate) return plan;
  plan.node = scheme.node_index(requirement.node);
  plan.threshold = requirement.rate.units();
  if (scheme.nodes[static_cast<std::size_t>(plan.node)].informational) {
    for (std::size_t slot = 0; slot < leaves.size(); ++slot) {
      if (leaves[slot].node == plan.node) plan.slot = static_cast<int>(slot);
    }
  }
  return plan;
}

ConditionPlan compile_condition(const Scheme& scheme, const Condition& condition,
                                const std::vector<LeafPlan>& leaves) {
  ConditionPlan plan;
  plan.condition = &condition;
  if (const auto* incident = std::get_if<IncidentTrigger>(&condition.trigger)) {
    plan.type = ConditionPlan::Type::incident;
    plan.incident = incident;
  } else if (const auto* rate = std::get_if<ScoreRateTrigger>(&condition.trigger)) {
    plan.type = ConditionPlan::Type::score_rate;
    for (const std::string& id : rate->nodes) plan.nodes.push_back(scheme.node_index(id));
    plan.below = rate->below.units();
  } else if (const auto* not_met = std::get_if<NotMetTrigger>(&condition.trigger)) {
    plan.type = ConditionPlan::Type::not_met;
    for (const Requirement& requirement : not_met->requirements) {
      plan.requirements.push_back(compile_requirement(scheme, requirement, leaves));
    }
  } else {
    const auto& finding = std::get<FindingTrigger>(condition.trigger);
    plan.type = ConditionPlan::Type::finding;
    for (FindingKind kind : finding.kinds) plan.kinds |= 1u << static_cast<int>(kind);
    plan.min_count = finding.min_count;
  }
  plan.effect = condition.effect.type;
  plan.levels = condition.effect.levels;
  if (condition.effect.type == EffectType::cap_grade || condition.effect.type == EffectType::force_grade) {
    plan.grade = scheme.grading.grade_index(condition.effect.grade);
  }
  plan.veto = condition.veto;
  return plan;
}

void add_intake(const Scheme& scheme, PlanData& plan) {
  std::size_t length = 0;
  for (const LeafPlan& leaf : plan.leaves)
    length += scheme.nodes[static_cast<std::size_t>(leaf.node)].id.size();
  plan.intake_ids.reserve(length);  // never grown again: the views below point into it
  for (const LeafPlan& leaf : plan.leaves) {
    const Node& node = scheme.nodes[static_cast<std::size_t>(leaf.node)];
    LeafIntake intake;
    intake.id = std::string_view(plan.intake_ids.data() + plan.intake_ids.size(), node.id.size());
    plan.intake_ids.insert(plan.intake_ids.end(), node.id.begin(), node.id.end());
    intake.rule = &*node.rule;
    intake.levels = leaf.level_set;
    NumberRange range;
    intake.number = true;
    if (const auto* target = std::get_if<TargetRule>(intake.rule)) {
      range.min = target->min_value;
      range.max = target->max_value;
    } else if (const auto* value = std::get_if<ValueRule>(intake.rule)) {
      range.min = value->min_value;
      range.max = value->max_value;
    } else if (std::holds_alternative<DirectRule>(*intake.rule)) {
      range = NumberRange::closed(Fixed(), node.points);  // the assessor's points
    } else {
      intake.number = false;
    }
    plan.intake_ranges.push_back(range);
    intake.derived = node.derived.has_value();
    plan.intake.push_back(intake);
    plan.any_from_lower_level = plan.any_from_lower_level || node.from_lower_level.has_value();
  }
}

}  // namespace

void PlanData::fill_leaf_params(Params& params) const {
  params.table.clear();
  for (std::size_t slot = 0; slot < leaves.size(); ++slot) {
    const LeafPlan& leaf = leaves[slot];
    LeafParams& lp = params.leaves[slot];
    lp.rounded_max = round_units(lp.max, 1, step, mode);
    lp.tolerance = tolerance * lp.max;
    lp.table_offset = static_cast<std::int32_t>(params.table.size());
    const std::vector<std::int64_t>& fractions =
        leaf.kind == RuleKind::levels ? leaf.level_fraction : leaf.step_fraction;
    for (std::int64_t fraction : fractions) {
      params.table.push_back(clamp_round(static_cast<Int128>(lp.max) * fraction, kScale, lp, *this));
    }
  }
}

PlanData compile_plan(const Scheme& scheme) {
  PlanData plan;
  plan.scheme = &scheme;
  plan.year_days.reserve(kMaxAssessmentYear - kMinAssessmentYear + 1);
  for (int year = kMinAssessmentYear; year <= kMaxAssessmentYear; ++year) {
    const AssessmentCalendar calendar = scheme.calendar(year);
    plan.year_days.push_back({static_cast<std::int32_t>(calendar.first_day),
                              static_cast<std::int32_t>(calendar.last_day),
                              static_cast<std::int32_t>(calendar.targets_due.days_since_epoch()),
                              static_cast<std::int32_t>(calendar.self_evaluation_due.days_since_epoch())});
  }
  const int digits = std::clamp(scheme.rounding.digits, 0, Fixed::kDigits);
  plan.step = 1;
  for (int i = digits; i < Fixed::kDigits; ++i) plan.step *= 10;
  plan.mode = scheme.rounding.mode;
  plan.max_total = checked_units(scheme.max_total, "total/max");
  plan.min_total = scheme.min_total.units();
  plan.may_exceed_max = scheme.may_exceed_max;
  plan.tolerance = scheme.overstatement_tolerance.units();
  for (int index : scheme.leaves) plan.leaves.push_back(compile_leaf(scheme, index));
  add_intake(scheme, plan);
  for (LeafPlan& leaf : plan.leaves) {
    const auto& derived = scheme.nodes[static_cast<std::size_t>(leaf.node)].derived;
    if (!derived) continue;
    plan.derived_slots.push_back(static_cast<int>(&leaf - plan.leaves.data()));
    leaf.derived_a = scheme.leaf_slot(derived->a);
    leaf.derived_b = scheme.leaf_slot(derived->b);
    leaf.derived_op = derived->op;
    leaf.derived_n = derived->n.units();
  }
  for (std::size_t i = scheme.nodes.size(); i-- > 0;) {
    const Node& node = scheme.nodes[i];
    checked_units(node.points, node.id);
    if (node.is_leaf()) continue;
    plan.inner.push_back({static_cast<int>(i), node.aggregation,
                          static_cast<std::uint32_t>(plan.inner_children.size()),
                          static_cast<std::uint32_t>(node.children.size())});
    plan.inner_children.insert(plan.inner_children.end(), node.children.begin(), node.children.end());
    if (node.aggregation != Aggregation::sum) plan.all_sum = false;
  }
  for (const Adjustment& item : scheme.adjustments) {
    AdjustmentPlan adjustment;
    adjustment.kind = item.kind;
    adjustment.input = item.input;
    adjustment.per_occurrence = checked_units(item.per_occurrence, item.id);
    adjustment.cap = checked_units(item.cap, item.id);
    adjustment.id = item.id;
    plan.adjustments.push_back(adjustment);
  }
  const Grading& grading = scheme.grading;
  plan.rank_grading = grading.method == GradingMethod::rank;
  plan.gate_grading = grading.method == GradingMethod::gate;
  for (const Requirement& requirement : grading.requirements) {
    plan.requirements.push_back(compile_requirement(scheme, requirement, plan.leaves));
  }
  // A gate tests node points: the evaluation must roll them up, as for a score-rate trigger.
  if (plan.gate_grading) plan.uses_score_rate = true;
  plan.worst_grade = grading.worst_index();
  for (const Band& band : grading.bands) {
    BandPlan out;
    out.grade = grading.grade_index(band.grade);
    out.has_min = band.min.has_value();
    out.inclusive = band.inclusive;
    plan.bands.push_back(out);
    plan.defaults.band_min.push_back(band.min ? band.min->units() : 0);
  }
  for (const Condition& condition : scheme.conditions) {
    plan.all_conditions.push_back(compile_condition(scheme, condition, plan.leaves));
    if (plan.all_conditions.back().type == ConditionPlan::Type::finding)
      plan.all_finding_kinds |= plan.all_conditions.back().kinds;
    // A requirement is tested on node points, like a score-rate trigger (even a notice's, for a trace).
    if (plan.all_conditions.back().type == ConditionPlan::Type::not_met)
      plan.uses_score_rate = plan.uses_not_met = true;
    // A notice that is no veto changes neither total, grade nor `vetoed`: nothing to evaluate.
    if (condition.effect.type == EffectType::notice && !condition.veto) continue;
    plan.conditions.push_back(compile_condition(scheme, condition, plan.leaves));
    const ConditionPlan& compiled = plan.conditions.back();
    if (compiled.type == ConditionPlan::Type::finding) plan.finding_kinds_used |= compiled.kinds;
    if (compiled.type == ConditionPlan::Type::score_rate) plan.uses_score_rate = true;
  }
  plan.defaults.leaves.resize(plan.leaves.size());
  for (std::size_t slot = 0; slot < plan.leaves.size(); ++slot) {
    plan.defaults.leaves[slot].max = plan.leaves[slot].base_max;
    plan.defaults.leaves[slot].per_point = plan.leaves[slot].per_point;
  }
  for (const Node& node : scheme.nodes) plan.defaults.node_max.push_back(node.points.units());
  plan.fill_leaf_params(plan.defaults);
  return plan;
}

const PlanData& plan_of(const Scheme& scheme) {
  return scheme.compiled.get([&] { return std::make_shared<const PlanData>(compile_plan(scheme)); });
}

void roll_up(const PlanData& plan, const Params& params, std::int64_t* points) {
  const Scheme& scheme = *plan.scheme;
  for (const PlanData::InnerNode& inner : plan.inner) {
    const int index = inner.index;
    switch (inner.aggregation) {
      case Aggregation::sum: {
        std::int64_t sum = 0;
        plan.for_each_child(inner, [&](int child) { sum += points[child]; });
        points[index] = sum;
        break;
      }
      case Aggregation::min: {
        // The lowest rate points/max among the children, on the node's scale.
        int lowest = plan.inner_children[inner.first_child];
        plan.for_each_child(inner, [&](int child) {
          const Int128 left =
              static_cast<Int128>(points[child]) * params.node_max[static_cast<std::size_t>(lowest)];
          const Int128 right =
              static_cast<Int128>(points[lowest]) * params.node_max[static_cast<std::size_t>(child)];
          if (left < right) lowest = child;
        });
        const Int128 num =
            static_cast<Int128>(params.node_max[static_cast<std::size_t>(index)]) * points[lowest];
        points[index] =
            round_units(num, params.node_max[static_cast<std::size_t>(lowest)], plan.step, plan.mode);
        break;
      }
      case Aggregation::weighted_mean: {
        // Rare and small: exact rational arithmetic.
        Ratio weighted;
        Ratio weights;
        plan.for_each_child(inner, [&](int child) {
          const Node& c = scheme.nodes[static_cast<std::size_t>(child)];
          const Ratio rate = Ratio(Fixed::from_units(points[child])) /
                             Ratio(Fixed::from_units(params.node_max[static_cast<std::size_t>(child)]));
          weighted = weighted + Ratio(c.weight) * rate;
          weights = weights + Ratio(c.weight);
        });
        const Ratio value =
            Ratio(Fixed::from_units(params.node_max[static_cast<std::size_t>(index)])) * weighted / weights;
        points[index] = value.round(scheme.rounding).units();
        break;
      }
    }
  }
}

void apply_conditions(const std::vector<ConditionPlan>& conditions, const Params& params,
                      const std::int64_t* node_points, const int* findings, const RegionFacts& facts,
                      RegionOutcome& outcome, std::uint8_t* fired_out, const std::uint8_t* unmet) {
  for (std::size_t c = 0; c < conditions.size(); ++c) {
    const ConditionPlan& condition = conditions[c];
    bool fired = false;
    switch (condition.type) {
      case ConditionPlan::Type::incident:
        fired = facts.incident_fired != nullptr && facts.incident_fired[c] != 0;
        break;
      case ConditionPlan::Type::score_rate:
        for (int node : condition.nodes) {
          if (below_rate(node_points[node], params.node_max[static_cast<std::size_t>(node)], condition.below))
            fired = true;
        }
        break;
      case ConditionPlan::Type::not_met:
        fired = unmet != nullptr && unmet[c] != 0;
        break;
      case ConditionPlan::Type::finding: {
        int count = 0;
        for (int kind = 0; kind < kFindingKinds; ++kind) {
          if ((condition.kinds & (1u << kind)) != 0) count += findings[kind];
        }
        fired = count >= condition.min_count;
        break;
      }
    }
    if (fired_out != nullptr) fired_out[c] = fired ? 1 : 0;
    if (!fired) continue;
    outcome.vetoed = outcome.vetoed || condition.veto;
    switch (condition.effect) {
      case EffectType::zero_total:
        outcome.total = 0;
        break;
      case EffectType::downgrade:
        outcome.downgrade += condition.levels;
        break;
      case EffectType::cap_grade:
        outcome.cap = std::max(outcome.cap, condition.grade);
        break;
      case EffectType::force_grade:
        outcome.forced = std::max(outcome.forced, condition.grade);
        break;
      case EffectType::notice:
        break;
    }
  }
}

void parallel_for(std::size_t count, int workers, const std::function<void(std::size_t)>& task,
                  const std::function<void(std::size_t)>& after_own_item) {
  if (count == 0) return;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&](bool calling_thread) {
    for (;;) {
      if (failed.load(std::memory_order_relaxed)) return;
      const std::size_t item = next.fetch_add(1, std::memory_order_relaxed);
      if (item >= count) return;
      try {
        task(item);
        const std::size_t finished = done.fetch_add(1, std::memory_order_relaxed) + 1;
        if (calling_thread && after_own_item) after_own_item(finished);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
        return;
      }
    }
  };
  const std::size_t extra =
      workers <= 1 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(workers), count) - 1;
  std::vector<std::thread> threads;
  threads.reserve(extra);
  for (std::size_t i = 0; i < extra; ++i) {
    try {
      threads.emplace_back(work, false);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running (and this one) do the work
    }
  }
  work(true);
  for (std::thread& thread : threads) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace qa::detail
