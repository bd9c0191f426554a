// Reading submissions: structure first (read_submission), then values against a scheme
// (bind_submission). Both report every problem at once with its JSON path.
#include "qualityassess/submission.hpp"

#include <algorithm>
#include <set>
#include <type_traits>

#include "derived_value.hpp"
#include "json_reader.hpp"
#include "leaf_input_pool.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "qualityassess/text.hpp"
#include "submission_reader.hpp"
#include "value_wording.hpp"

namespace qa {

namespace detail {

namespace {
std::vector<LeafInput>& spare_leaf_inputs() {
  thread_local std::vector<LeafInput> spare;
  return spare;
}
}  // namespace

std::vector<LeafInput> take_leaf_inputs(std::size_t count) {
  std::vector<LeafInput> leaves;
  leaves.swap(spare_leaf_inputs());
  leaves.clear();  // made again in place: cheaper than assigning each a default LeafInput
  leaves.resize(count);
  return leaves;
}

void give_back_leaf_inputs(std::vector<LeafInput>&& leaves) { spare_leaf_inputs() = std::move(leaves); }

}  // namespace detail

namespace {

using detail::json;
using detail::json_type_name;
using detail::json_type_name_zh;
using detail::NumberRange;
using detail::pointer_child;
using detail::quoted;
using detail::region_heading;

// What read_submission_document (submission_reader.hpp) keeps of a JSON document: values copied,
// or moved out when the document is consumed (read_submission(json&&); nothing reads a value
// twice, so moving one out changes nothing).
class JsonSource {
 public:
  explicit JsonSource(bool consume) : consume_(consume) {}

  // An if, not `?:`: the conditional of a json&& and a const json& is a const json, which clang
  // copy-constructs (g++ moves), so a consumed document would be copied after all.
  json take(const json& value, int /*depth*/) const {
    if (consume_) return std::move(const_cast<json&>(value));
    return value;
  }
  ValueMap value_map(ValueSection, const json& object) const {
    if (consume_) return std::move(const_cast<json&>(object).get_ref<json::object_t&>());
    return object.get_ref<const json::object_t&>();
  }

 private:
  bool consume_;
};

json incident_to_json(const Incident& incident) {
  json out = {{"id", incident.id},
              {"date", incident.date.to_string()},
              {"reported_in_self_evaluation", incident.reported_in_self_evaluation}};
  if (!incident.scope.empty()) out["scope"] = incident.scope;
  if (!incident.severity.empty()) out["severity"] = incident.severity;
  if (incident.deaths != 0) out["deaths"] = incident.deaths;
  if (!incident.summary.empty()) out["summary"] = incident.summary;
  if (!incident.evidence.empty()) out["evidence"] = incident.evidence;
  if (!incident.meta.is_null()) out["meta"] = incident.meta;
  return out;
}

// ---- binding values to a scheme -----------------------------------------------------------

const char* section_path(ValueSection section) {
  switch (section) {
    case ValueSection::targets:
      return "/targets";
    case ValueSection::self_evaluation:
      return "/self_evaluation";
    case ValueSection::verification:
      return "/verification";
    case ValueSection::previous:
      return "/previous";
    case ValueSection::adjustments:
      return "/adjustments";
  }
  return "";
}

class Binder {
 public:
  // `incidents_to_take`, when given, is the submission's own incidents, moved into the bound
  // submission rather than copied.
  Binder(const Scheme& scheme, const Submission& submission, const SectionSource& values, IssueList& issues,
         std::vector<Incident>* incidents_to_take = nullptr)
      : scheme_(scheme),
        plan_(detail::plan_of(scheme)),
        submission_(submission),
        values_(values),
        issues_(issues),
        incidents_to_take_(incidents_to_take) {}

  BoundSubmission bind() {
    BoundSubmission bound;
    bound.region = submission_.region;
    bound.year = submission_.year;
    bound.leaves = detail::take_leaf_inputs(scheme_.leaves.size());
    bound.adjustments.resize(scheme_.adjustments.size());
    bound.adjustment_given.resize(scheme_.adjustments.size(), false);
    if (!submission_.scheme.empty() && submission_.scheme != scheme_.id) {
      issues_.add("/scheme",
                  "the submission is for scheme '" + submission_.scheme +
                      "', but it is being assessed with '" + scheme_.id + "'",
                  "材料所属考核方案为 '" + submission_.scheme + "'，但正用 '" + scheme_.id + "' 考核");
    }
    bind_targets(bound);
    bind_values(ValueSection::self_evaluation, bound, &LeafInput::self);
    bind_values(ValueSection::verification, bound, &LeafInput::verified);
    bind_previous(bound);
    bind_adjustments(bound);
    bind_incidents(bound);
    bind_evidence(bound);
    derive_values(bound);
    return bound;
  }

 private:
  const Scheme& scheme_;
  const detail::PlanData& plan_;
  const Submission& submission_;
  const SectionSource& values_;
  IssueList& issues_;
  std::vector<Incident>* incidents_to_take_;

  // What is read of one value records its issues relative to the value (at kHere, or below it)
  // and they are given the value's own path only if there are any: a submission's values are
  // mostly fine, and making a JSON pointer for each cost more than scoring it.
  static inline const std::string kHere;

  // Reads each member of a section with `read(id, value)`, its issues placed under the member.
  template <class Read>
  void each(ValueSection section, Read read) {
    expected_slot_ = 0;
    values_.for_each(section, issues_, [&](std::string_view id, const json& value) {
      const std::size_t before = issues_.size();
      read(id, value);
      if (issues_.size() != before) issues_.prefix_paths(before, pointer_child(section_path(section), id));
    });
  }

  // A section lists its points in the scheme's order more often than not (the templates, the
  // sample and Result.to_dict write them so): the slot after the one read before is tried first,
  // and one comparison confirms it, where a lookup hashes the id.
  std::size_t expected_slot_ = 0;

  // Position of a leaf in Scheme::leaves, or -1 with an issue at kHere.
  int leaf_slot(std::string_view id) {
    if (expected_slot_ < plan_.intake.size() && plan_.intake[expected_slot_].id == id)
      return static_cast<int>(expected_slot_++);
    const int node = scheme_.node_index(id);
    if (node < 0) {
      const std::string name(id);
      issues_.add(kHere, "'" + name + "' is not a point of scheme " + scheme_.id,
                  "'" + name + "' 不是考核方案 " + scheme_.id + " 的指标");
      return -1;
    }
    if (!scheme_.nodes[static_cast<std::size_t>(node)].is_leaf()) {
      const std::string name(id);
      issues_.add(kHere, "'" + name + "' is an indicator made of other points; give values for its points",
                  "'" + name + "' 由其他指标组成，请填写其下各项指标的值");
      return -1;
    }
    auto it = std::lower_bound(scheme_.leaves.begin(), scheme_.leaves.end(), node);
    expected_slot_ = static_cast<std::size_t>(it - scheme_.leaves.begin()) + 1;
    return static_cast<int>(it - scheme_.leaves.begin());
  }

  // What the binder asks of a leaf for every value (plan.hpp's LeafIntake); the Node itself is
  // read for what a problem says, or a rule's own numbers.
  const detail::LeafIntake& intake(int slot) const { return plan_.intake[static_cast<std::size_t>(slot)]; }

  const Node& leaf_node(int slot) const {
    return scheme_.nodes[static_cast<std::size_t>(scheme_.leaves[static_cast<std::size_t>(slot)])];
  }

  std::optional<Fixed> read_rate(const json& value, const std::string& path, const TargetRule& rule) {
    NumberRange range;
    range.min = rule.min_value;
    range.max = rule.max_value;
    return detail::read_fixed(value, path, issues_, range);
  }

  void bind_targets(BoundSubmission& bound) {
    each(ValueSection::targets,
         [&](std::string_view id, const json& value) { bind_target(id, value, bound); });
  }

  void bind_target(std::string_view id, const json& value, BoundSubmission& bound) {
    const int slot = leaf_slot(id);
    if (slot < 0 || value.is_null()) return;
    const auto* rule = std::get_if<TargetRule>(intake(slot).rule);
    if (rule == nullptr) {
      detail::add(issues_, kHere,
                  detail::takes_no_target(std::string(id), rule_type_name(*leaf_node(slot).rule)));
      return;
    }
    if (rule->fixed_target) {
      detail::add(issues_, kHere, detail::target_is_fixed(std::string(id), rule->fixed_target->to_string()));
      return;
    }
    auto target = read_rate(value, kHere, *rule);
    if (target && rule->method == TargetMethod::proportional && target->units() <= 0) {
      detail::add(issues_, kHere, detail::not_positive_for_proportional());
      return;
    }
    bound.leaves[static_cast<std::size_t>(slot)].target = target;
  }

  void bind_values(ValueSection section, BoundSubmission& bound, LeafValue LeafInput::*field) {
    each(section, [&](std::string_view id, const json& value) {
      const int slot = leaf_slot(id);
      if (slot < 0 || value.is_null()) return;
      if (intake(slot).derived) {
        const DerivedValue& derived = *leaf_node(slot).derived;
        detail::add(issues_, kHere, detail::derived_not_filed(std::string(id), derived.a, derived.b));
        return;
      }
      bound.leaves[static_cast<std::size_t>(slot)].*field = read_leaf_value(slot, value, kHere);
    });
  }

  LeafValue read_leaf_value(int slot, const json& value, const std::string& path) {
    const Node& leaf = leaf_node(slot);
    const detail::LeafIntake& intake = this->intake(slot);
    LeafValue out;
    const std::size_t before = issues_.size();
    if (intake.levels != nullptr) {
      read_level(*intake.levels, leaf, value, path, out);
    } else if (intake.number) {
      const NumberRange& range = plan_.intake_ranges[static_cast<std::size_t>(slot)];
      if (auto number = detail::read_fixed(value, path, issues_, range)) out.number = *number;
    } else {
      std::visit(
          [&](const auto& rule) {
            using Kind = std::decay_t<decltype(rule)>;
            if constexpr (std::is_same_v<Kind, ChecklistRule> || std::is_same_v<Kind, DeductionRule> ||
                          std::is_same_v<Kind, BooleanRule>) {
              read_by_rule(rule, leaf, value, path, out);
            }
          },
          *intake.rule);
    }
    out.present = issues_.size() == before;
    return out;
  }

  void read_level(const LevelSet& levels, const Node& leaf, const json& value, const std::string& path,
                  LeafValue& out) {
    const LevelSet* set = &levels;
    if (!value.is_string()) {
      issues_.add(path, "must be a level (a string), not " + json_type_name(value),
                  "应为等级（文字），而不是" + json_type_name_zh(value));
      return;
    }
    out.level = set->find(value.get_ref<const std::string&>());
    if (out.level < 0) {
      std::vector<std::string> ids;
      for (const Level& level : set->levels) ids.push_back(level.id);
      issues_.add(path, not_a_level_message(quoted(value), leaf.id, ids),
                  not_a_level_message_zh(quoted(value), leaf.id, leaf.name.zh, set->levels));
    }
  }

  void read_by_rule(const ChecklistRule& rule, const Node& leaf, const json& value, const std::string& path,
                    LeafValue& out) {
    out.parts.assign(rule.items.size(), static_cast<std::int64_t>(ItemState::not_met));
    if (!value.is_object()) {
      issues_.add(path,
                  "must be an object of item -> met / partly_met / not_met, not " + json_type_name(value),
                  "应为“检查项 -> met / partly_met / not_met”的对象，而不是" + json_type_name_zh(value));
      return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string item_path = pointer_child(path, it.key());
      auto found = std::find_if(rule.items.begin(), rule.items.end(),
                                [&](const ChecklistItem& item) { return item.id == it.key(); });
      if (found == rule.items.end()) {
        issues_.add(item_path, "'" + it.key() + "' is not an item of " + leaf.id,
                    "'" + it.key() + "' 不是 " + leaf.id + " 的检查项");
        continue;
      }
      const auto index = static_cast<std::size_t>(found - rule.items.begin());
      if (auto state = read_item_state(it.value(), item_path)) out.set_item(index, *state);
    }
  }

  std::optional<ItemState> read_item_state(const json& value, const std::string& path) {
    if (value.is_boolean()) return value.get<bool>() ? ItemState::met : ItemState::not_met;
    if (value.is_string()) {
      const auto text = value.get<std::string>();
      if (text == "met") return ItemState::met;
      if (text == "partly_met") return ItemState::partly_met;
      if (text == "not_met") return ItemState::not_met;
    }
    issues_.add(
        path, quoted(value) + " is not met, partly_met, not_met, true or false",
        quoted(value) + " 应为 met（达到）、partly_met（部分达到）、not_met（未达到）、true 或 false");
    return std::nullopt;
  }

  void read_by_rule(const DeductionRule& rule, const Node& leaf, const json& value, const std::string& path,
                    LeafValue& out) {
    constexpr std::int64_t kMaxCount = 1000000000;
    out.parts.assign(rule.kinds.size(), 0);
    if (value.is_number() && rule.kinds.size() == 1) {
      out.parts[0] = detail::read_integer(value, path, issues_, 0, kMaxCount).value_or(0);
      return;
    }
    if (!value.is_object()) {
      issues_.add(path, "must be an object of kind -> number of occurrences, not " + json_type_name(value),
                  "应为“扣分类别 -> 次数”的对象，而不是" + json_type_name_zh(value));
      return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string kind_path = pointer_child(path, it.key());
      auto found = std::find_if(rule.kinds.begin(), rule.kinds.end(),
                                [&](const DeductionKind& kind) { return kind.id == it.key(); });
      if (found == rule.kinds.end()) {
        issues_.add(kind_path, "'" + it.key() + "' is not a deduction kind of " + leaf.id,
                    "'" + it.key() + "' 不是 " + leaf.id + " 的扣分类别");
        continue;
      }
      out.parts[static_cast<std::size_t>(found - rule.kinds.begin())] =
          detail::read_integer(it.value(), kind_path, issues_, 0, kMaxCount).value_or(0);
    }
  }

  // Derived values (derived_value.hpp) from the operands' values as bound: the self-evaluated
  // from the self-evaluated; the verified, when an operand was verified, from each operand's
  // verified value or else its self-evaluated one.
  void derive_values(BoundSubmission& bound) const {
    const detail::PlanData& plan = plan_;
    for (const int derived : plan.derived_slots) {
      const auto slot = static_cast<std::size_t>(derived);
      const detail::LeafPlan& leaf = plan.leaves[slot];
      const LeafInput& a = bound.leaves[static_cast<std::size_t>(leaf.derived_a)];
      const LeafInput& b = bound.leaves[static_cast<std::size_t>(leaf.derived_b)];
      LeafInput& out = bound.leaves[slot];
      out.self = derived_leaf_value(leaf, a.self, b.self);
      if (a.verified.present || b.verified.present) {
        out.verified = derived_leaf_value(leaf, a.verified.present ? a.verified : a.self,
                                          b.verified.present ? b.verified : b.self);
      }
    }
  }

  static LeafValue derived_leaf_value(const detail::LeafPlan& leaf, const LeafValue& a, const LeafValue& b) {
    LeafValue out;
    if (!a.present || !b.present) return out;
    const auto units =
        detail::derive_units(leaf.derived_op, a.number.units(), b.number.units(), leaf.derived_n);
    out.present = units.has_value();
    if (units) out.number = Fixed::from_units(*units);
    return out;
  }

  void read_by_rule(const BooleanRule&, const Node&, const json& value, const std::string& path,
                    LeafValue& out) {
    if (!value.is_boolean()) {
      issues_.add(path, "must be true or false, not " + json_type_name(value),
                  "应为 true 或 false，而不是" + json_type_name_zh(value));
      return;
    }
    out.flag = value.get<bool>();
  }

  void bind_previous(BoundSubmission& bound) {
    each(ValueSection::previous, [&](std::string_view id, const json& value) {
      const int slot = leaf_slot(id);
      if (slot < 0 || value.is_null()) return;
      const auto* rule = std::get_if<TargetRule>(intake(slot).rule);
      if (rule == nullptr) {
        detail::add(issues_, kHere, detail::previous_only_for_targets());
        return;
      }
      bound.leaves[static_cast<std::size_t>(slot)].previous = read_rate(value, kHere, *rule);
    });
  }

  void bind_adjustments(BoundSubmission& bound) {
    each(ValueSection::adjustments,
         [&](std::string_view id, const json& value) { bind_adjustment(std::string(id), value, bound); });
  }

  void bind_adjustment(const std::string& id, const json& value, BoundSubmission& bound) {
    const int index = scheme_.adjustment_index(id);
    if (index < 0) {
      issues_.add(kHere, "'" + id + "' is not a bonus or penalty item of scheme " + scheme_.id,
                  "'" + id + "' 不是考核方案 " + scheme_.id + " 的加分或扣分项");
      return;
    }
    if (value.is_null()) return;
    const Adjustment& item = scheme_.adjustments[static_cast<std::size_t>(index)];
    std::optional<Fixed> amount;
    switch (item.input) {
      case AdjustmentInput::direct:
        amount = detail::read_fixed(value, kHere, issues_, NumberRange::non_negative());
        break;
      case AdjustmentInput::count:
        if (auto count = detail::read_integer(value, kHere, issues_, 0, 1000000000)) {
          amount = Fixed::from_int(*count);
        }
        break;
      case AdjustmentInput::boolean:
        if (!value.is_boolean()) {
          issues_.add(kHere, "must be true or false, not " + json_type_name(value),
                      "应为 true 或 false，而不是" + json_type_name_zh(value));
        } else {
          amount = value.get<bool>() ? Fixed::from_int(1) : Fixed();
        }
        break;
    }
    if (amount) {
      bound.adjustments[static_cast<std::size_t>(index)] = *amount;
      bound.adjustment_given[static_cast<std::size_t>(index)] = true;
    }
  }

  void bind_evidence(BoundSubmission& bound) {
    if (submission_.evidence.empty()) return;  // BoundSubmission::evidence stays empty
    bound.evidence.resize(scheme_.leaves.size());
    for (const auto& [id, text] : submission_.evidence) {
      const std::size_t before = issues_.size();
      const int slot = leaf_slot(id);
      if (slot >= 0) bound.evidence[static_cast<std::size_t>(slot)] = text;
      if (issues_.size() != before) issues_.prefix_paths(before, pointer_child("/evidence", id));
    }
  }

  void bind_incidents(BoundSubmission& bound) {
    for (std::size_t i = 0; i < submission_.incidents.size(); ++i) {
      const Incident& incident = submission_.incidents[i];
      const std::string path = pointer_child("/incidents", i);
      if (!scheme_.incident_scopes.empty() && !scheme_.has_scope(incident.scope)) {
        std::string allowed;
        for (const auto& scope : scheme_.incident_scopes) allowed += (allowed.empty() ? "" : ", ") + scope.id;
        if (incident.scope.empty()) {
          issues_.add(path + "/scope", "is required: the scheme's incident scopes are " + allowed,
                      "必须填写：考核方案的事件范围为 " + allowed);
        } else {
          detail::add(issues_, path + "/scope", detail::not_an_incident_scope(incident.scope, allowed));
        }
      }
      if (!incident.severity.empty() && !scheme_.incident_severities.empty() &&
          !scheme_.has_severity(incident.severity)) {
        detail::add(issues_, path + "/severity",
                    detail::not_an_incident_severity(incident.severity, scheme_.id));
      }
    }
    if (incidents_to_take_ != nullptr) {
      bound.incidents = std::move(*incidents_to_take_);
    } else {
      bound.incidents = submission_.incidents;
    }
    bound.filed = submission_.filed;
  }
};

}  // namespace

namespace {

// read_submission, copying the values it keeps from `document` or moving them out.
Submission read(const json& document, JsonSource source) {
  IssueList issues;
  check_document(document, issues);
  issues.throw_if_any<InputError>("invalid submission");
  return detail::read_submission_document<detail::JsonView>(document, source);
}

}  // namespace

Submission read_submission(const json& document) { return read(document, JsonSource(false)); }

Submission read_submission(json&& document) { return read(document, JsonSource(true)); }

Submission read_submission_text(std::string_view json_text) {
  IssueList issues;
  json document = parse_document(json_text, issues);
  issues.throw_if_any<InputError>("invalid submission");
  return read_submission(std::move(document));
}

json write_submission(const Submission& submission) {
  json out;
  out["region"] = {{"code", submission.region.code}};
  if (!submission.region.name.empty()) out["region"]["name"] = submission.region.name;
  out["year"] = submission.year;
  if (!submission.scheme.empty()) out["scheme"] = submission.scheme;
  auto write_map = [&](const char* key, const ValueMap& values) {
    if (values.empty()) return;
    out[key] = json::object();
    for (const auto& [id, value] : values) out[key][id] = value;
  };
  write_map("targets", submission.targets);
  write_map("self_evaluation", submission.self_evaluation);
  write_map("verification", submission.verification);
  write_map("previous", submission.previous);
  write_map("adjustments", submission.adjustments);
  if (submission.filed.targets || submission.filed.self_evaluation ||
      !submission.filed.not_submitted.empty()) {
    out["filed"] = json::object();
    if (!submission.filed.not_submitted.empty())
      out["filed"]["not_submitted"] = submission.filed.not_submitted;
    if (submission.filed.targets) out["filed"]["targets"] = submission.filed.targets->to_string();
    if (submission.filed.self_evaluation) {
      out["filed"]["self_evaluation"] = submission.filed.self_evaluation->to_string();
    }
  }
  if (!submission.evidence.empty()) out["evidence"] = submission.evidence;
  if (!submission.incidents.empty()) {
    out["incidents"] = json::array();
    for (const Incident& incident : submission.incidents)
      out["incidents"].push_back(incident_to_json(incident));
  }
  if (!submission.meta.is_null()) out["meta"] = submission.meta;
  return out;
}

void SubmissionSections::for_each(ValueSection section, IssueList&, const Visit& visit) const {
  const ValueMap* values = nullptr;
  switch (section) {
    case ValueSection::targets:
      values = &submission_.targets;
      break;
    case ValueSection::self_evaluation:
      values = &submission_.self_evaluation;
      break;
    case ValueSection::verification:
      values = &submission_.verification;
      break;
    case ValueSection::previous:
      values = &submission_.previous;
      break;
    case ValueSection::adjustments:
      values = &submission_.adjustments;
      break;
  }
  for (const auto& [id, value] : *values) visit(id, value);
}

namespace {

BoundSubmission bind_or_throw(const Scheme& scheme, const Submission& rest, const SectionSource& values,
                              std::vector<Incident>* incidents_to_take = nullptr) {
  IssueList issues;
  BoundSubmission bound = Binder(scheme, rest, values, issues, incidents_to_take).bind();
  if (!issues.empty()) issues.throw_if_any<InputError>(region_heading(rest.region));
  return bound;
}

// A point computed from the level below (Art. 10) has no value of its own: scoring it as missing
// would give a silently wrong grade, so it is refused unless the value was supplied (by
// assess_level, from the lower level's results: cascade.hpp).
void require_lower_level_values(const Scheme& scheme, const Region& region, const BoundSubmission& bound) {
  if (!detail::plan_of(scheme).any_from_lower_level) return;
  IssueList issues;
  for (std::size_t slot = 0; slot < scheme.leaves.size(); ++slot) {
    const Node& leaf = scheme.nodes[static_cast<std::size_t>(scheme.leaves[slot])];
    const LeafInput& input = bound.leaves[slot];
    if (!leaf.from_lower_level || input.self.present || input.verified.present) continue;
    detail::add(issues, detail::pointer_child("/self_evaluation", leaf.id),
                detail::computed_from_lower_level(leaf.id));
  }
  if (!issues.empty()) issues.throw_if_any<InputError>(region_heading(region));
}

}  // namespace

BoundSubmission bind_submission(const Scheme& scheme, const Submission& submission) {
  return bind_or_throw(scheme, submission, SubmissionSections(submission));
}

BoundSubmission bind_for_assessment(const Scheme& scheme, const Submission& submission) {
  return bind_for_assessment(scheme, submission, SubmissionSections(submission));
}

BoundSubmission bind_for_assessment(const Scheme& scheme, const Submission& rest,
                                    const SectionSource& values) {
  BoundSubmission bound = bind_or_throw(scheme, rest, values);
  require_lower_level_values(scheme, rest.region, bound);
  return bound;
}

BoundSubmission bind_for_assessment(const Scheme& scheme, Submission&& rest, const SectionSource& values) {
  BoundSubmission bound = bind_or_throw(scheme, rest, values, &rest.incidents);
  require_lower_level_values(scheme, bound.region, bound);
  return bound;
}

}  // namespace qa
