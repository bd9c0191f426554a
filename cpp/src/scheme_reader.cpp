// Reads a scheme document into a Scheme, checking everything docs/scheme-language.md asks for and
// reporting every problem at once, each with its JSON path.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <set>

#include "json_reader.hpp"
#include "plan.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "qualityassess/logging.hpp"
#include "qualityassess/scheme_io.hpp"
#include "value_wording.hpp"

namespace qa {
namespace {

using detail::json;
using detail::NumberRange;
using detail::ObjectReader;
using detail::pointer_child;

bool is_identifier(const std::string& id) {
  if (id.empty() || !std::isalpha(static_cast<unsigned char>(id[0]))) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

template <class Enum>
std::optional<Enum> read_choice(ObjectReader& reader, const std::string& key, bool required,
                                const std::vector<std::pair<const char*, Enum>>& choices,
                                std::optional<Enum> fallback = std::nullopt) {
  auto text = reader.string(key, required);
  if (!text) return fallback;
  for (const auto& [name, value] : choices) {
    if (*text == name) return value;
  }
  std::string allowed;
  for (const auto& choice : choices) allowed += (allowed.empty() ? "" : ", ") + std::string(choice.first);
  reader.issues().add(reader.path_of(key), "'" + *text + "' is not one of " + allowed,
                      "'" + *text + "' 不是可选值之一（" + allowed + "）");
  return std::nullopt;
}

std::vector<std::string> read_string_list(ObjectReader& reader, const std::string& key, bool required) {
  std::vector<std::string> out;
  const json* list = reader.array(key, required);
  if (list == nullptr) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    if (!item.is_string() || item.get<std::string>().empty()) {
      reader.issues().add(pointer_child(reader.path_of(key), i), "must be a non-empty string",
                          "应为非空的文字");
      continue;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

class SchemeReader {
 public:
  SchemePtr read(const json& document) {
    auto scheme = std::make_shared<Scheme>();
    check_document(document, issues_);
    issues_.throw_if_any<SchemeError>("invalid scheme");
    ObjectReader top(document, "", issues_);
    if (!top.ok()) issues_.throw_if_any<SchemeError>("invalid scheme");
    read_header(top, *scheme);
    read_total(top, *scheme);
    read_level_sets(top, *scheme);
    read_nodes(top, *scheme);
    read_adjustments(top, *scheme);
    read_grading(top, *scheme);
    read_incident_vocabulary(top, *scheme);
    read_conditions(top, *scheme);
    read_consequences(top, *scheme);
    read_period(top, *scheme);
    read_legal_basis(top, *scheme);
    top.reject_unknown_keys();
    check_unique_ids(*scheme);
    issues_.throw_if_any<SchemeError>(scheme_heading(*scheme));
    // Compiled now, once (docs/architecture.md, "The pipeline"): a number too large for the
    // engine is refused when the scheme is read, not when a region is assessed.
    detail::plan_of(*scheme);
    logger()->debug("scheme '{}' loaded: {} nodes, {} leaves", scheme->id, scheme->nodes.size(),
                    scheme->leaves.size());
    return scheme;
  }

 private:
  IssueList issues_;
  // Paths kept for checks that need the whole scheme first.
  std::vector<std::string> node_paths_;
  std::vector<std::pair<std::string, std::string>> level_set_refs_;  // (set id, path)
  std::vector<std::pair<int, std::string>> derived_refs_;            // (node index, path of 'of')

  static std::string scheme_heading(const Scheme& scheme) {
    return "invalid scheme" + (scheme.id.empty() ? std::string() : " '" + scheme.id + "'");
  }

  void read_header(ObjectReader& top, Scheme& scheme) {
    if (auto format = top.string("format", false); format && *format != kSchemeFormat) {
      issues_.add(
          "/format",
          "'" + *format + "' is not a supported format; expected '" + std::string(kSchemeFormat) + "'",
          "不支持格式 '" + *format + "'，应为 '" + std::string(kSchemeFormat) + "'");
    }
    if (auto id = top.string("id", true)) {
      scheme.id = *id;
      if (id->find_first_of(" /\\") != std::string::npos) {
        issues_.add("/id", "must not contain spaces or slashes", "不能含有空格或斜杠");
      }
    }
    scheme.name = top.text("name", true);
    scheme.version = top.string("version", false).value_or("");
    scheme.description = top.text("description", false);
    if (const json* derived_from = top.object("derived_from", false)) {
      // Written by write_scheme for a derived scheme; informational (the changes are applied).
      ObjectReader reader(*derived_from, "/derived_from", issues_);
      scheme.derived_from_id = reader.string("id", true).value_or("");
      scheme.derived_from_version = reader.string("version", false).value_or("");
      reader.reject_unknown_keys();
    }
  }

  void read_total(ObjectReader& top, Scheme& scheme) {
    if (const json* total = top.object("total", false)) {
      ObjectReader reader(*total, "/total", issues_);
      // 0 is a scheme of informational points graded by a gate (checked with the grading).
      scheme.max_total =
          reader.number("max", true, NumberRange::non_negative()).value_or(Fixed::from_int(100));
      scheme.min_total = reader.number("min", false, NumberRange::non_negative()).value_or(Fixed());
      scheme.may_exceed_max = reader.boolean("may_exceed_max", false).value_or(false);
      if (scheme.min_total >= scheme.max_total &&
          !(scheme.max_total == Fixed() && scheme.min_total == Fixed())) {
        issues_.add("/total/min", "must be below /total/max", "应小于 /total/max");
      }
      reader.reject_unknown_keys();
    }
    if (const json* rounding = top.object("rounding", false)) {
      ObjectReader reader(*rounding, "/rounding", issues_);
      scheme.rounding.digits =
          static_cast<int>(reader.integer("digits", false, 0, Fixed::kDigits).value_or(2));
      scheme.rounding.mode = read_choice<RoundingMode>(reader, "mode", false,
                                                       {{"half_up", RoundingMode::half_up},
                                                        {"half_even", RoundingMode::half_even},
                                                        {"down", RoundingMode::down},
                                                        {"up", RoundingMode::up}})
                                 .value_or(RoundingMode::half_up);
      reader.reject_unknown_keys();
    }
    if (const json* misreporting = top.object("misreporting", false)) {
      ObjectReader reader(*misreporting, "/misreporting", issues_);
      scheme.overstatement_tolerance =
          reader.number("overstatement_tolerance", false, NumberRange::fraction())
              .value_or(scheme.overstatement_tolerance);
      reader.reject_unknown_keys();
    }
  }

  std::vector<Level> read_levels(const json& list, const std::string& path) {
    std::vector<Level> levels;
    std::set<std::string> seen;
    if (list.empty()) detail::add(issues_, path, detail::needs_at_least_one("level", "一个等次"));
    for (std::size_t i = 0; i < list.size(); ++i) {
      ObjectReader reader(list[i], pointer_child(path, i), issues_);
      if (!reader.ok()) continue;
      Level level;
      level.id = reader.string("id", true).value_or("");
      level.label = reader.text("label", false);
      level.fraction = reader.number("fraction", true, NumberRange::fraction()).value_or(Fixed());
      if (!level.id.empty() && !seen.insert(level.id).second) {
        detail::add(issues_, reader.path_of("id"), detail::duplicate("level", "等次", level.id));
      }
      reader.reject_unknown_keys();
      levels.push_back(std::move(level));
    }
    return levels;
  }

  void read_level_sets(ObjectReader& top, Scheme& scheme) {
    const json* sets = top.array("level_sets", false);
    if (sets == nullptr) return;
    for (std::size_t i = 0; i < sets->size(); ++i) {
      const std::string path = pointer_child("/level_sets", i);
      ObjectReader reader((*sets)[i], path, issues_);
      if (!reader.ok()) continue;
      LevelSet set;
      set.id = reader.string("id", true).value_or("");
      if (!set.id.empty() && scheme.level_set(set.id) != nullptr) {
        detail::add(issues_, reader.path_of("id"), detail::duplicate("level set", "等次组", set.id));
      }
      if (const json* levels = reader.array("levels", true)) {
        set.levels = read_levels(*levels, reader.path_of("levels"));
      }
      reader.reject_unknown_keys();
      scheme.level_sets.push_back(std::move(set));
    }
  }

  // ---- nodes ------------------------------------------------------------------------------

  void read_nodes(ObjectReader& top, Scheme& scheme) {
    const json* nodes = top.array("nodes", true);
    if (nodes == nullptr) return;
    if (nodes->empty()) detail::add(issues_, "/nodes", detail::needs_at_least_one("node", "一个指标"));
    for (std::size_t i = 0; i < nodes->size(); ++i) {
      const int index = read_node((*nodes)[i], pointer_child("/nodes", i), scheme, -1, 0);
      if (index >= 0) scheme.roots.push_back(index);
    }
    scheme.finalize();
    check_level_set_refs(scheme);
    check_derived_refs(scheme);
    Fixed roots_total;
    for (int root : scheme.roots) roots_total += scheme.nodes[static_cast<std::size_t>(root)].points;
    if (!scheme.roots.empty() && roots_total != scheme.max_total) {
      issues_.add(
          "/nodes",
          "top-level points add up to " + roots_total.to_string() + ", but the total is " +
              scheme.max_total.to_string(),
          "一级指标分值合计 " + roots_total.to_string() + "，但总分为 " + scheme.max_total.to_string());
    }
  }

  int read_node(const json& value, const std::string& path, Scheme& scheme, int parent, int depth) {
    constexpr int kMaxDepth = 32;
    ObjectReader reader(value, path, issues_);
    if (!reader.ok()) return -1;
    if (depth >= kMaxDepth) {
      issues_.add(path, "the indicator tree is nested deeper than " + std::to_string(kMaxDepth),
                  "指标体系的层级超过 " + std::to_string(kMaxDepth) + " 级");
      return -1;
    }
    const int index = static_cast<int>(scheme.nodes.size());
    scheme.nodes.emplace_back();
    node_paths_.push_back(path);
    Node node;
    node.parent = parent;
    node.depth = depth;
    node.id = reader.string("id", true).value_or("");
    if (!node.id.empty() && !is_identifier(node.id)) {
      issues_.add(reader.path_of("id"),
                  "'" + node.id + "' is not an id: use letters, digits, '_' and '-', starting with a letter",
                  "'" + node.id + "' 不是有效的 id：只能用字母、数字、'_' 和 '-'，并以字母开头");
    }
    node.name = reader.text("name", true);
    node.number = reader.string("number", false).value_or("");
    node.informational = reader.boolean("informational", false).value_or(false);
    if (node.informational) {
      check_informational(reader);
    } else {
      node.points = reader.number("points", true, NumberRange::positive()).value_or(Fixed());
    }
    node.weight = reader.number("weight", false, NumberRange::positive()).value_or(Fixed::from_int(1));

    const bool has_rule = reader.has("rule");
    const bool has_children = reader.has("children");
    if (has_rule == has_children) {
      if (has_rule) {
        issues_.add(path, "a node has either a rule (a leaf) or children, not both",
                    "一个指标要么有计分规则（末级指标），要么有下级指标，不能两者都有");
      } else {
        issues_.add(path, "needs a 'rule' (a leaf) or 'children'",
                    "应有 'rule'（末级指标）或 'children'（下级指标）");
      }
    }
    if (has_rule) {
      if (reader.has("aggregate"))
        issues_.add(reader.path_of("aggregate"), "a leaf has no aggregation", "末级指标没有汇总方式");
      reader.get("aggregate", false);
      node.rule = read_rule(reader, node, scheme);
      node.from_lower_level = read_lower_level_source(reader, node);
      node.derived = read_derived(reader, node, index);
      if (node.informational && node.rule) check_informational_rule(*node.rule, reader.path_of("rule"));
    }
    if (has_children && reader.has("derived")) {
      reader.get("derived", false);
      issues_.add(reader.path_of("derived"), "only a leaf (a point with a rule) has a derived value",
                  "只有末级指标（有计分规则的指标）才能由其他指标计算");
    }
    if (has_children && reader.has("from_lower_level")) {
      reader.get("from_lower_level", false);
      issues_.add(reader.path_of("from_lower_level"),
                  "only a leaf (a point with a rule) takes its value from the level below",
                  "只有末级指标（有计分规则的指标）才能取下一级的考核结果");
    }
    if (has_children) {
      node.aggregation = read_choice<Aggregation>(reader, "aggregate", false,
                                                  {{"sum", Aggregation::sum},
                                                   {"min", Aggregation::min},
                                                   {"weighted_mean", Aggregation::weighted_mean}})
                             .value_or(Aggregation::sum);
      if (const json* children = reader.array("children", true)) {
        if (children->empty())
          detail::add(issues_, reader.path_of("children"),
                      detail::needs_at_least_one("child", "一个下级指标"));
        for (std::size_t i = 0; i < children->size(); ++i) {
          const int child = read_node((*children)[i], pointer_child(reader.path_of("children"), i), scheme,
                                      index, depth + 1);
          if (child >= 0) node.children.push_back(child);
        }
      }
      check_children_points(node, scheme, reader.path_of("children"));
      check_informational_children(node, scheme, reader.path_of("children"));
    }
    reader.reject_unknown_keys();
    scheme.nodes[static_cast<std::size_t>(index)] = std::move(node);
    return index;
  }

  // An informational point scores nothing, so it has no points to give, and only a leaf can be
  // one: a branch's points are its children's.
  void check_informational(ObjectReader& reader) {
    if (reader.has("points")) {
      reader.get("points", false);
      issues_.add(reader.path_of("points"), "an informational point scores nothing: leave out 'points'",
                  "仅记录不计分的指标没有分值：请去掉 'points'");
    }
    if (reader.has("weight")) {
      reader.get("weight", false);
      issues_.add(reader.path_of("weight"), "an informational point scores nothing: leave out 'weight'",
                  "仅记录不计分的指标不参与加权：请去掉 'weight'");
    }
    if (reader.has("children")) {
      issues_.add(reader.path_of("informational"), "only a leaf (a point with a rule) can be informational",
                  "只有末级指标（有计分规则的指标）才能仅记录不计分");
    }
  }

  // A gate tests an informational point by the rate its rule gives without points: met or not
  // (boolean), a level's fraction, a target's attainment. Rules that count points (deductions,
  // the assessor's points, checklists, a target's points lost per unit) have none to count.
  void check_informational_rule(const Rule& rule, const std::string& path) {
    const auto* target = std::get_if<TargetRule>(&rule);
    const bool scored_by_points = target != nullptr ? target->method == TargetMethod::deduction
                                                    : !std::holds_alternative<BooleanRule>(rule) &&
                                                          !std::holds_alternative<LevelsRule>(rule) &&
                                                          !std::holds_alternative<ValueRule>(rule);
    if (!scored_by_points) return;
    const std::string what = target != nullptr ? "target with method 'deduction'" : rule_type_name(rule);
    issues_.add(path,
                "an informational point has no points to count: its rule must be boolean, levels or "
                "target (proportional or table), not " +
                    what,
                "仅记录不计分的指标没有分值可扣减：计分规则应为 boolean、levels 或 target（proportional 或 "
                "table），而不是 " +
                    what);
  }

  // 'min' and 'weighted_mean' compare their children's score rates; an informational point has
  // none.
  void check_informational_children(const Node& node, const Scheme& scheme, const std::string& path) {
    if (node.aggregation == Aggregation::sum) return;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      if (!scheme.nodes[static_cast<std::size_t>(node.children[i])].informational) continue;
      const std::string how = node.aggregation == Aggregation::min ? "min" : "weighted_mean";
      issues_.add(pointer_child(path, i),
                  "an informational point scores nothing, so it cannot be rolled up by '" + how + "'",
                  "仅记录不计分的指标没有得分，不能按 '" + how + "' 汇总");
    }
  }

  void check_children_points(const Node& node, const Scheme& scheme, const std::string& path) {
    if (node.aggregation != Aggregation::sum || node.children.empty()) return;
    Fixed sum;
    for (int child : node.children) sum += scheme.nodes[static_cast<std::size_t>(child)].points;
    if (sum != node.points) {
      issues_.add(path,
                  "children's points add up to " + sum.to_string() + ", but '" + node.id + "' has " +
                      node.points.to_string(),
                  "下级指标分值合计 " + sum.to_string() + "，但 '" + node.id + "' 的分值为 " +
                      node.points.to_string());
    }
  }

  // Art. 10: the value of this point is computed from the results of the regions one level
  // below; only a quantitative (target) rule can score such a number.
  std::optional<LowerLevelSource> read_lower_level_source(ObjectReader& node_reader, const Node& node) {
    const json* value = node_reader.object("from_lower_level", false);
    if (value == nullptr) return std::nullopt;
    ObjectReader reader(*value, node_reader.path_of("from_lower_level"), issues_);
    LowerLevelSource source;
    source.measure = read_choice<LowerLevelMeasure>(reader, "measure", true,
                                                    {{"share_graded", LowerLevelMeasure::share_graded},
                                                     {"mean_total", LowerLevelMeasure::mean_total},
                                                     {"lowest_total", LowerLevelMeasure::lowest_total}})
                         .value_or(LowerLevelMeasure::share_graded);
    const bool counts_grades = source.measure == LowerLevelMeasure::share_graded;
    if (counts_grades) {
      source.grades = read_string_list(reader, "grades", true);
      if (reader.has("grades") && source.grades.empty())
        detail::add(issues_, reader.path_of("grades"), detail::needs_at_least_one("grade", "一个等级"));
    } else if (reader.has("grades")) {
      reader.get("grades", false);
      issues_.add(reader.path_of("grades"), "only 'share_graded' counts grades",
                  "只有 'share_graded' 才按等级计数");
    }
    reader.reject_unknown_keys();
    if (node.rule && !std::holds_alternative<TargetRule>(*node.rule)) {
      const std::string rule_type(rule_type_name(*node.rule));
      issues_.add(reader.path(),
                  "a value from the level below is a number: the point's rule must be 'target', not '" +
                      rule_type + "'",
                  "取自下一级的值是数值：该指标的计分规则应为 'target'，而不是 '" + rule_type + "'");
    }
    return source;
  }

  std::optional<Rule> read_rule(ObjectReader& node_reader, const Node& node, Scheme& scheme) {
    const json* rule_value = node_reader.object("rule", true);
    if (rule_value == nullptr) return std::nullopt;
    ObjectReader reader(*rule_value, node_reader.path_of("rule"), issues_);
    auto type = reader.string("type", true);
    std::optional<Rule> rule;
    if (!type) {
      // reported as required
    } else if (*type == "target") {
      rule = read_target_rule(reader);
    } else if (*type == "levels") {
      rule = read_levels_rule(reader, node, scheme);
    } else if (*type == "checklist") {
      rule = read_checklist_rule(reader, node);
    } else if (*type == "deduction") {
      rule = read_deduction_rule(reader);
    } else if (*type == "direct") {
      rule = DirectRule{};
    } else if (*type == "boolean") {
      rule = BooleanRule{};
    } else if (*type == "value") {
      rule = read_value_rule(reader, node);
    } else {
      const std::string types = "target, levels, checklist, deduction, direct, boolean, value";
      issues_.add(reader.path_of("type"), "'" + *type + "' is not a rule type (" + types + ")",
                  "'" + *type + "' 不是计分规则类型（" + types + "）");
    }
    reader.reject_unknown_keys();
    return rule;
  }

  // A figure recorded for what it is: only an informational point, which scores nothing, can be one.
  ValueRule read_value_rule(ObjectReader& reader, const Node& node) {
    ValueRule rule;
    rule.min_value = reader.number("min_value", false);
    rule.max_value = reader.number("max_value", false);
    rule.unit = reader.string("unit", false).value_or("");
    if (rule.min_value && rule.max_value && *rule.min_value >= *rule.max_value) {
      issues_.add(reader.path_of("max_value"), "must be above min_value", "应大于 min_value");
    }
    if (!node.informational) {
      issues_.add(reader.path_of("type"),
                  "a value scores nothing: mark the point \"informational\": true (and leave out 'points')",
                  "数值不计分：请将该指标标为 \"informational\": true（并去掉 'points'）");
    }
    return rule;
  }

  // A value computed from two other points' values (derived_value.hpp); the operands are
  // checked once every node is read (check_derived_refs).
  std::optional<DerivedValue> read_derived(ObjectReader& node_reader, const Node& node, int index) {
    const json* value = node_reader.object("derived", false);
    if (value == nullptr) return std::nullopt;
    ObjectReader reader(*value, node_reader.path_of("derived"), issues_);
    DerivedValue derived;
    derived.op = read_choice<DerivedOp>(reader, "op", true,
                                        {{"difference", DerivedOp::difference},
                                         {"ratio", DerivedOp::ratio},
                                         {"share", DerivedOp::share},
                                         {"percent_change", DerivedOp::percent_change},
                                         {"percent_reduction", DerivedOp::percent_reduction},
                                         {"per_n", DerivedOp::per_n}})
                     .value_or(DerivedOp::difference);
    const std::vector<std::string> operands = read_string_list(reader, "of", true);
    if (reader.has("of") && operands.size() != 2) {
      issues_.add(reader.path_of("of"), "names exactly two points (a, b)", "应恰好列出两个指标（a, b）");
    }
    if (operands.size() == 2) {
      derived.a = operands[0];
      derived.b = operands[1];
    }
    if (derived.op == DerivedOp::per_n) {
      derived.n = reader.number("n", true, NumberRange::positive()).value_or(Fixed::from_int(1));
    }
    reader.reject_unknown_keys();
    const auto* target = node.rule ? std::get_if<TargetRule>(&*node.rule) : nullptr;
    const bool numeric = target != nullptr || (node.rule && std::holds_alternative<ValueRule>(*node.rule));
    if (node.rule && !numeric) {
      const std::string rule_type(rule_type_name(*node.rule));
      issues_.add(reader.path(),
                  "a derived value is a number: the point's rule must be 'target' or 'value', not '" +
                      rule_type + "'",
                  "计算得出的值是数值：该指标的计分规则应为 'target' 或 'value'，而不是 '" + rule_type + "'");
    }
    if (node.from_lower_level) {
      issues_.add(reader.path(), "a point takes its value from the level below or computes it, not both",
                  "一个指标的值要么取自下一级，要么由其他指标计算，不能两者都有");
    }
    if (target != nullptr && (target->min_value || target->max_value)) {
      issues_.add(node_reader.path_of("rule"),
                  "a derived value is checked through its operands: leave out min_value and max_value",
                  "计算得出的值通过其运算项检查：请去掉 min_value 和 max_value");
    }
    derived_refs_.emplace_back(index, reader.path_of("of"));
    return derived;
  }

  void check_derived_refs(const Scheme& scheme) {
    for (const auto& [index, path] : derived_refs_) {
      const Node& node = scheme.nodes[static_cast<std::size_t>(index)];
      if (!node.derived) continue;
      const std::string operands[2] = {node.derived->a, node.derived->b};
      for (std::size_t i = 0; i < 2; ++i) {
        const std::string& id = operands[i];
        if (id.empty()) continue;
        const std::string at = pointer_child(path, i);
        const int operand = scheme.node_index(id);
        const Node* found = operand < 0 ? nullptr : &scheme.nodes[static_cast<std::size_t>(operand)];
        if (found == nullptr) {
          issues_.add(at, "no node '" + id + "'", "没有指标 '" + id + "'");
        } else if (operand == index) {
          issues_.add(at, "a value cannot be computed from itself", "一个值不能由它自己计算");
        } else if (!found->rule || !(std::holds_alternative<TargetRule>(*found->rule) ||
                                     std::holds_alternative<ValueRule>(*found->rule))) {
          issues_.add(at, "'" + id + "' is not a point with a number (rule 'target' or 'value')",
                      "'" + id + "' 不是数值指标（计分规则为 'target' 或 'value'）");
        } else if (found->derived || found->from_lower_level) {
          issues_.add(at, "'" + id + "' is computed itself: compute from filed values",
                      "'" + id + "' 本身是计算得出的：请用填报的值计算");
        }
      }
    }
  }

  TargetRule read_target_rule(ObjectReader& reader) {
    TargetRule rule;
    rule.direction = read_choice<Direction>(reader, "direction", false,
                                            {{"higher_is_better", Direction::higher_is_better},
                                             {"lower_is_better", Direction::lower_is_better}})
                         .value_or(Direction::higher_is_better);
    rule.method = read_choice<TargetMethod>(reader, "method", false,
                                            {{"deduction", TargetMethod::deduction},
                                             {"proportional", TargetMethod::proportional},
                                             {"table", TargetMethod::table}})
                      .value_or(TargetMethod::deduction);
    if (rule.method == TargetMethod::deduction) {
      rule.per_point = reader.number("per_point", true, NumberRange::positive()).value_or(Fixed());
    }
    if (rule.method == TargetMethod::table) read_attainment_table(reader, rule);
    rule.fixed_target = reader.number("target", false, NumberRange::any());
    rule.min_value = reader.number("min_value", false);
    rule.max_value = reader.number("max_value", false);
    rule.unit = reader.string("unit", false).value_or("");
    if (rule.min_value && rule.max_value && *rule.min_value >= *rule.max_value) {
      issues_.add(reader.path_of("max_value"), "must be above min_value", "应大于 min_value");
    }
    if (rule.fixed_target && ((rule.min_value && *rule.fixed_target < *rule.min_value) ||
                              (rule.max_value && *rule.fixed_target > *rule.max_value))) {
      issues_.add(reader.path_of("target"), "lies outside [min_value, max_value]",
                  "不在 [min_value, max_value] 范围内");
    }
    if (rule.method == TargetMethod::proportional && rule.fixed_target && rule.fixed_target->units() <= 0) {
      detail::add(issues_, reader.path_of("target"), detail::not_positive_for_proportional());
    }
    rule.zero_if_worse_than_previous = reader.boolean("zero_if_worse_than_previous", false).value_or(false);
    return rule;
  }

  void read_attainment_table(ObjectReader& reader, TargetRule& rule) {
    const json* table = reader.array("table", true);
    if (table == nullptr) return;
    const std::string path = reader.path_of("table");
    if (table->empty()) detail::add(issues_, path, detail::needs_at_least_one("row", "一行"));
    for (std::size_t i = 0; i < table->size(); ++i) {
      ObjectReader row((*table)[i], pointer_child(path, i), issues_);
      if (!row.ok()) continue;
      AttainmentStep step;
      step.attainment = row.number("attainment", true, NumberRange::non_negative()).value_or(Fixed());
      step.fraction = row.number("fraction", true, NumberRange::fraction()).value_or(Fixed());
      row.reject_unknown_keys();
      if (!rule.table.empty()) {
        const AttainmentStep& above = rule.table.back();
        if (step.attainment >= above.attainment) {
          issues_.add(row.path_of("attainment"), "rows must be in strictly descending attainment",
                      "各行应按完成程度从高到低严格递减排列");
        }
        if (step.fraction > above.fraction) {
          issues_.add(row.path_of("fraction"), "must not exceed the fraction of the row above",
                      "不能超过上一行的得分比例");
        }
      }
      rule.table.push_back(step);
    }
  }

  LevelsRule read_levels_rule(ObjectReader& reader, const Node& node, Scheme& scheme) {
    LevelsRule rule;
    const bool named = reader.has("level_set");
    const bool inline_levels = reader.has("levels");
    if (named == inline_levels) {
      issues_.add(reader.path(), "give either 'level_set' (a set's id) or 'levels' (a list)",
                  "应给出 'level_set'（等次组的 id）或 'levels'（等次列表），二者选一");
    }
    if (named) {
      rule.level_set = reader.string("level_set", true).value_or("");
      level_set_refs_.emplace_back(rule.level_set, reader.path_of("level_set"));
    }
    if (inline_levels) {
      if (const json* levels = reader.array("levels", true)) {
        LevelSet set;
        set.id = node.id + "#levels";
        if (scheme.level_set(set.id) != nullptr) {
          issues_.add(reader.path_of("levels"), "a level set '" + set.id + "' is declared already",
                      "等次组 '" + set.id + "' 已经声明过");
        }
        set.levels = read_levels(*levels, reader.path_of("levels"));
        rule.level_set = set.id;
        scheme.level_sets.push_back(std::move(set));
      }
    }
    return rule;
  }

  void check_level_set_refs(const Scheme& scheme) {
    for (const auto& [set_id, path] : level_set_refs_) {
      if (!set_id.empty() && scheme.level_set(set_id) == nullptr) {
        detail::add(issues_, path, detail::not_declared("level set", "等次组", set_id, "/level_sets"));
      }
    }
  }

  ChecklistRule read_checklist_rule(ObjectReader& reader, const Node& node) {
    ChecklistRule rule;
    rule.partly_fraction =
        reader.number("partly_fraction", false, NumberRange::fraction()).value_or(rule.partly_fraction);
    rule.per_missing = reader.number("per_missing", false, NumberRange::positive());
    const json* items = reader.array("items", true);
    if (items == nullptr) return rule;
    const std::string path = reader.path_of("items");
    if (items->empty()) detail::add(issues_, path, detail::needs_at_least_one("item", "一个检查项"));
    std::set<std::string> seen;
    Fixed sum;
    for (std::size_t i = 0; i < items->size(); ++i) {
      ObjectReader item_reader((*items)[i], pointer_child(path, i), issues_);
      if (!item_reader.ok()) continue;
      ChecklistItem item;
      item.id = item_reader.string("id", true).value_or("");
      item.name = item_reader.text("name", false);
      if (!item.id.empty() && !seen.insert(item.id).second) {
        detail::add(issues_, item_reader.path_of("id"), detail::duplicate("item", "检查项", item.id));
      }
      if (!rule.per_missing) {
        item.points = item_reader.number("points", true, NumberRange::positive()).value_or(Fixed());
        sum += item.points;
      }
      item_reader.reject_unknown_keys();
      rule.items.push_back(std::move(item));
    }
    if (!rule.per_missing && !rule.items.empty() && sum != node.points) {
      issues_.add(path,
                  "items' points add up to " + sum.to_string() + ", but '" + node.id + "' has " +
                      node.points.to_string(),
                  "各检查项分值合计 " + sum.to_string() + "，但 '" + node.id + "' 的分值为 " +
                      node.points.to_string());
    }
    return rule;
  }

  DeductionRule read_deduction_rule(ObjectReader& reader) {
    DeductionRule rule;
    const json* kinds = reader.array("kinds", true);
    if (kinds == nullptr) return rule;
    const std::string path = reader.path_of("kinds");
    if (kinds->empty()) detail::add(issues_, path, detail::needs_at_least_one("kind", "一个扣分类别"));
    std::set<std::string> seen;
    for (std::size_t i = 0; i < kinds->size(); ++i) {
      ObjectReader kind_reader((*kinds)[i], pointer_child(path, i), issues_);
      if (!kind_reader.ok()) continue;
      DeductionKind kind;
      kind.id = kind_reader.string("id", true).value_or("");
      kind.name = kind_reader.text("name", false);
      kind.per_occurrence =
          kind_reader.number("per_occurrence", true, NumberRange::positive()).value_or(Fixed());
      if (!kind.id.empty() && !seen.insert(kind.id).second) {
        detail::add(issues_, kind_reader.path_of("id"), detail::duplicate("kind", "扣分类别", kind.id));
      }
      kind_reader.reject_unknown_keys();
      rule.kinds.push_back(std::move(kind));
    }
    if (const auto not_filed = reader.string("not_filed", false)) {
      if (*not_filed == "nothing_to_deduct") {
        rule.not_filed = NotFiled::nothing_to_deduct;
      } else if (*not_filed != "missing") {
        issues_.add(reader.path_of("not_filed"), "'" + *not_filed + "' is not missing or nothing_to_deduct",
                    "'" + *not_filed + "' 不是 missing 或 nothing_to_deduct");
      }
    }
    return rule;
  }

  // ---- bonus / penalty --------------------------------------------------------------------

  void read_adjustments(ObjectReader& top, Scheme& scheme) {
    const json* list = top.array("adjustments", false);
    if (list == nullptr) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader reader((*list)[i], pointer_child("/adjustments", i), issues_);
      if (!reader.ok()) continue;
      Adjustment item;
      item.id = reader.string("id", true).value_or("");
      if (!item.id.empty() && !is_identifier(item.id)) {
        issues_.add(reader.path_of("id"), "'" + item.id + "' is not an id",
                    "'" + item.id + "' 不是有效的 id");
      }
      item.name = reader.text("name", true);
      item.kind =
          read_choice<AdjustmentKind>(
              reader, "kind", true, {{"bonus", AdjustmentKind::bonus}, {"penalty", AdjustmentKind::penalty}})
              .value_or(AdjustmentKind::bonus);
      item.input = read_choice<AdjustmentInput>(reader, "input", false,
                                                {{"direct", AdjustmentInput::direct},
                                                 {"count", AdjustmentInput::count},
                                                 {"boolean", AdjustmentInput::boolean}})
                       .value_or(AdjustmentInput::direct);
      if (item.input == AdjustmentInput::count) {
        item.per_occurrence =
            reader.number("per_occurrence", true, NumberRange::positive()).value_or(Fixed());
      } else if (item.input == AdjustmentInput::boolean) {
        item.per_occurrence = reader.number("points", true, NumberRange::positive()).value_or(Fixed());
      }
      item.cap = reader.number("cap", true, NumberRange::positive()).value_or(Fixed());
      reader.reject_unknown_keys();
      scheme.adjustments.push_back(std::move(item));
    }
  }

  // ---- grading ----------------------------------------------------------------------------

  void read_grading(ObjectReader& top, Scheme& scheme) {
    const json* value = top.object("grading", true);
    if (value == nullptr) return;
    ObjectReader reader(*value, "/grading", issues_);
    Grading& grading = scheme.grading;
    grading.method =
        read_choice<GradingMethod>(
            reader, "method", false,
            {{"bands", GradingMethod::bands}, {"rank", GradingMethod::rank}, {"gate", GradingMethod::gate}})
            .value_or(GradingMethod::bands);
    if (grading.method == GradingMethod::bands) {
      read_bands(reader, scheme);
    } else if (grading.method == GradingMethod::rank) {
      read_tiers(reader, grading);
    } else {
      read_gate(reader, scheme);
    }
    if ((scheme.max_total == Fixed()) && grading.method != GradingMethod::gate) {
      issues_.add("/total/max",
                  "must be > 0: a scheme without points is graded by a gate (\"method\": \"gate\")",
                  "应大于 0：没有分值的方案按门槛评定（\"method\": \"gate\"）");
    }
    read_grade_labels(reader, grading);
    reader.reject_unknown_keys();
  }

  // Gates: a pass grade when the requirements are met, a fail grade otherwise.
  void read_gate(ObjectReader& reader, Scheme& scheme) {
    Grading& grading = scheme.grading;
    const std::string pass = reader.string("pass", true).value_or("");
    const std::string fail = reader.string("fail", true).value_or("");
    add_grade(grading, pass, reader.path_of("pass"));
    add_grade(grading, fail, reader.path_of("fail"));
    const json* requires_value = reader.get("requires", true);
    if (requires_value != nullptr) {
      read_requirement(*requires_value, reader.path_of("requires"), scheme, grading.requirements, 0);
    }
  }

  // Appends the requirement at `path` (and its parts) to the flat `list`; its index.
  int read_requirement(const json& value, const std::string& path, const Scheme& scheme,
                       std::vector<Requirement>& list, int depth) {
    constexpr int kMaxDepth = 16;
    const int index = static_cast<int>(list.size());
    list.emplace_back();
    ObjectReader reader(value, path, issues_);
    if (!reader.ok()) return index;
    static constexpr std::array<std::string_view, 4> kForms = {"all_of", "any_of", "node", "total"};
    const auto given =
        std::count_if(kForms.begin(), kForms.end(), [&](std::string_view key) { return reader.has(key); });
    if (given != 1) {
      issues_.add(path, "a requirement is exactly one of all_of, any_of, node (with its rate) or total",
                  "一项要求只能是 all_of、any_of、node（及其 rate）或 total 之一");
    }
    Requirement requirement;
    if (reader.has("all_of") || reader.has("any_of")) {
      const bool all = reader.has("all_of");
      requirement.kind = all ? Requirement::Kind::all_of : Requirement::Kind::any_of;
      const char* key = all ? "all_of" : "any_of";
      if (depth >= kMaxDepth) {
        issues_.add(path, "requirements are nested deeper than " + std::to_string(kMaxDepth),
                    "要求的嵌套超过 " + std::to_string(kMaxDepth) + " 层");
      } else if (const json* parts = reader.array(key, true)) {
        if (parts->empty())
          detail::add(issues_, reader.path_of(key), detail::needs_at_least_one("requirement", "一项要求"));
        for (std::size_t i = 0; i < parts->size(); ++i) {
          requirement.parts.push_back(
              read_requirement((*parts)[i], pointer_child(reader.path_of(key), i), scheme, list, depth + 1));
        }
      }
    } else if (reader.has("node")) {
      requirement.kind = Requirement::Kind::node_rate;
      requirement.node = reader.string("node", true).value_or("");
      if (!requirement.node.empty() && scheme.node_index(requirement.node) < 0) {
        issues_.add(reader.path_of("node"), "no node '" + requirement.node + "'",
                    "没有指标 '" + requirement.node + "'");
      }
      requirement.rate = reader.number("rate", false, {Fixed(), false, Fixed::from_int(1), true})
                             .value_or(Fixed::from_int(1));
      const int node = scheme.node_index(requirement.node);
      const auto& rule = node < 0 ? std::nullopt : scheme.nodes[static_cast<std::size_t>(node)].rule;
      if (rule && std::holds_alternative<ValueRule>(*rule)) {
        issues_.add(
            reader.path_of("node"),
            "'" + requirement.node +
                "' is a figure (rule 'value') with no rate to meet: test a point that "
                "scores it, e.g. a target whose value is derived from it",
            "'" + requirement.node + "' 是数值（计分规则 'value'），没有得分率：请检查以它计算的指标");
      }
    } else if (reader.has("total")) {
      requirement.kind = Requirement::Kind::total;
      requirement.total = reader.number("total", true, NumberRange::any()).value_or(Fixed());
      if (requirement.total > scheme.max_total && !scheme.may_exceed_max) {
        issues_.add(reader.path_of("total"), "lies above the maximum total, so no region can meet it",
                    "高于总分上限，任何地区都达不到");
      }
    }
    reader.reject_unknown_keys();
    list[static_cast<std::size_t>(index)] = std::move(requirement);
    return index;
  }

  void add_grade(Grading& grading, const std::string& grade, const std::string& path) {
    if (grade.empty()) return;
    if (grading.grade_index(grade) >= 0) {
      detail::add(issues_, path, detail::duplicate("grade", "等级", grade));
      return;
    }
    grading.grades.push_back({grade, Text{}});
  }

  void read_bands(ObjectReader& reader, Scheme& scheme) {
    Grading& grading = scheme.grading;
    const json* bands = reader.array("bands", true);
    if (bands == nullptr) return;
    const std::string path = reader.path_of("bands");
    if (bands->empty()) detail::add(issues_, path, detail::needs_at_least_one("band", "一个分数段"));
    // A band without 'min' listed before the last while the last has one is one mistake (the
    // order), said once at that band rather than as two unrelated complaints.
    const auto open = [](const json& band) { return band.is_object() && !band.contains("min"); };
    const bool open_band_misplaced =
        !bands->empty() && !open(bands->back()) && std::any_of(bands->begin(), bands->end() - 1, open);
    for (std::size_t i = 0; i < bands->size(); ++i) {
      ObjectReader band_reader((*bands)[i], pointer_child(path, i), issues_);
      if (!band_reader.ok()) continue;
      Band band;
      band.grade = band_reader.string("grade", true).value_or("");
      band.min = band_reader.number("min", false, NumberRange::any());
      band.inclusive = band_reader.boolean("inclusive", false).value_or(true);
      band_reader.reject_unknown_keys();
      const bool last = i + 1 == bands->size();
      if (last && band.min && *band.min > scheme.min_total && !open_band_misplaced) {
        issues_.add(band_reader.path_of("min"),
                    "the last band must take every total below the others: leave out 'min'",
                    "最后一个分数段应包含低于其他分数段的所有总分：请去掉 'min'");
      }
      if (!last && !band.min) {
        if (open_band_misplaced) {
          issues_.add(
              band_reader.path(),
              "bands must be ordered from the highest minimum down: the band without 'min' comes last",
              "分数段应按最低分从高到低排列：没有 'min' 的分数段放在最后");
        } else {
          issues_.add(band_reader.path(), "only the last band may leave out 'min'",
                      "只有最后一个分数段可以不写 'min'");
        }
      }
      if (!grading.bands.empty() && band.min && grading.bands.back().min &&
          *band.min >= *grading.bands.back().min) {
        issues_.add(band_reader.path_of("min"), "bands must be ordered from the highest minimum down",
                    "分数段应按最低分从高到低排列");
      }
      if (band.min && *band.min > scheme.max_total && !scheme.may_exceed_max) {
        issues_.add(band_reader.path_of("min"), "lies above the maximum total, so no region can reach it",
                    "高于总分上限，任何地区都达不到");
      }
      add_grade(grading, band.grade, band_reader.path_of("grade"));
      grading.bands.push_back(std::move(band));
    }
  }

  void read_tiers(ObjectReader& reader, Grading& grading) {
    const json* tiers = reader.array("tiers", true);
    if (tiers == nullptr) return;
    const std::string path = reader.path_of("tiers");
    if (tiers->size() < 2)
      issues_.add(path, "rank grading needs at least two tiers", "按名次定等级至少应有两个名次段");
    // The last ranked tier takes the rest; tiers with "ranked": false (grades reached only by a
    // condition) follow it.
    std::size_t last_ranked = 0;
    for (std::size_t i = 0; i < tiers->size(); ++i) {
      const json& entry = (*tiers)[i];
      if (!(entry.is_object() && entry.contains("ranked") && entry["ranked"] == false)) last_ranked = i;
    }
    bool unranked_seen = false;
    for (std::size_t i = 0; i < tiers->size(); ++i) {
      ObjectReader tier_reader((*tiers)[i], pointer_child(path, i), issues_);
      if (!tier_reader.ok()) continue;
      RankTier tier;
      tier.grade = tier_reader.string("grade", true).value_or("");
      if (auto count = tier_reader.integer("count", false, 1, 1000000000)) {
        tier.count = static_cast<int>(*count);
      }
      tier.share = tier_reader.number("share", false, {Fixed(), false, Fixed::from_int(1), true});
      tier.ranked = tier_reader.boolean("ranked", false).value_or(true);
      tier_reader.reject_unknown_keys();
      const bool sized = tier.count.has_value() || tier.share.has_value();
      if (!tier.ranked) {
        unranked_seen = true;
        if (sized) {
          issues_.add(tier_reader.path(),
                      "a tier reached only by conditions takes no region by rank: leave out 'count' and "
                      "'share'",
                      "只由条件确定的名次段不按名次纳入地区：请去掉 'count' 和 'share'");
        }
      } else if (unranked_seen) {
        issues_.add(tier_reader.path(), "tiers with \"ranked\": false (reached only by conditions) come last",
                    "\"ranked\": false 的名次段（只由条件确定）应放在最后");
      } else if (tier.count && tier.share) {
        issues_.add(tier_reader.path(), "give 'count' or 'share', not both",
                    "'count' 和 'share' 只能给出一个");
      } else if (i != last_ranked && !sized) {
        issues_.add(tier_reader.path(), "needs 'count' (top N) or 'share' (top share)",
                    "应给出 'count'（前 N 名）或 'share'（前百分之几）");
      } else if (i == last_ranked && sized) {
        issues_.add(tier_reader.path(), "the last tier takes the rest: leave out 'count' and 'share'",
                    "最后一个名次段包含其余所有地区：请去掉 'count' 和 'share'");
      }
      add_grade(grading, tier.grade, tier_reader.path_of("grade"));
      grading.tiers.push_back(std::move(tier));
    }
  }

  void read_grade_labels(ObjectReader& reader, Grading& grading) {
    const json* labels = reader.object("labels", false);
    if (labels == nullptr) return;
    ObjectReader labels_reader(*labels, reader.path_of("labels"), issues_);
    for (GradeInfo& grade : grading.grades) {
      if (labels_reader.has(grade.id)) grade.label = labels_reader.text(grade.id, true);
    }
    labels_reader.reject_unknown_keys();
  }

  // ---- incidents, conditions, consequences ------------------------------------------------

  void read_incident_vocabulary(ObjectReader& top, Scheme& scheme) {
    if (const json* scopes = top.array("incident_scopes", false)) {
      for (std::size_t i = 0; i < scopes->size(); ++i) {
        ObjectReader reader((*scopes)[i], pointer_child("/incident_scopes", i), issues_);
        if (!reader.ok()) continue;
        IncidentScope scope;
        scope.id = reader.string("id", true).value_or("");
        scope.name = reader.text("name", false);
        if (!scope.id.empty() && scheme.has_scope(scope.id)) {
          detail::add(issues_, reader.path_of("id"), detail::duplicate("scope", "事件范围", scope.id));
        }
        reader.reject_unknown_keys();
        scheme.incident_scopes.push_back(std::move(scope));
      }
    }
    scheme.incident_severities = read_string_list(top, "incident_severities", false);
  }

  void read_conditions(ObjectReader& top, Scheme& scheme) {
    const json* list = top.array("conditions", false);
    if (list == nullptr) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader reader((*list)[i], pointer_child("/conditions", i), issues_);
      if (!reader.ok()) continue;
      Condition condition;
      condition.id = reader.string("id", true).value_or("");
      condition.name = reader.text("name", true);
      condition.article = reader.string("article", false).value_or("");
      condition.veto = reader.boolean("veto", false).value_or(false);
      if (const json* trigger = reader.object("trigger", true)) {
        condition.trigger = read_trigger(*trigger, reader.path_of("trigger"), scheme);
      }
      if (const json* effect = reader.object("effect", true)) {
        condition.effect = read_effect(*effect, reader.path_of("effect"), scheme);
      }
      reader.reject_unknown_keys();
      scheme.conditions.push_back(std::move(condition));
    }
  }

  Trigger read_trigger(const json& value, const std::string& path, const Scheme& scheme) {
    ObjectReader reader(value, path, issues_);
    auto type = reader.string("type", true);
    Trigger trigger;
    if (type && *type == "incident") {
      trigger = read_incident_trigger(reader, scheme);
    } else if (type && *type == "score_rate_below") {
      ScoreRateTrigger rate;
      rate.nodes = read_string_list(reader, "nodes", true);
      if (rate.nodes.empty() && reader.has("nodes"))
        detail::add(issues_, reader.path_of("nodes"), detail::needs_at_least_one("node", "一个指标"));
      for (std::size_t i = 0; i < rate.nodes.size(); ++i) {
        const int node = scheme.node_index(rate.nodes[i]);
        if (node < 0) {
          issues_.add(pointer_child(reader.path_of("nodes"), i), "no node '" + rate.nodes[i] + "'",
                      "没有指标 '" + rate.nodes[i] + "'");
        } else if (scheme.nodes[static_cast<std::size_t>(node)].informational) {
          issues_.add(
              pointer_child(reader.path_of("nodes"), i),
              "'" + rate.nodes[i] +
                  "' is informational and scores nothing: test it in a gate or a not_met trigger",
              "'" + rate.nodes[i] + "' 仅记录不计分，没有得分率：请在门槛（gate）或 not_met 条件中检查");
        }
      }
      rate.below = reader.number("rate", true, {Fixed(), false, Fixed::from_int(1), true}).value_or(Fixed());
      trigger = rate;
    } else if (type && *type == "finding") {
      FindingTrigger finding;
      const auto kinds = read_string_list(reader, "kinds", true);
      if (kinds.empty() && reader.has("kinds"))
        detail::add(issues_, reader.path_of("kinds"), detail::needs_at_least_one("kind", "一个发现类型"));
      for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (auto kind = parse_finding_kind(kinds[i])) {
          finding.kinds.push_back(*kind);
        } else {
          const std::string finding_kinds =
              "missing_target, missing_value, missing_previous, overstated, concealed, late_filing, "
              "not_submitted";
          issues_.add(pointer_child(reader.path_of("kinds"), i),
                      "'" + kinds[i] + "' is not a finding kind (" + finding_kinds + ")",
                      "'" + kinds[i] + "' 不是发现类型（" + finding_kinds + "）");
        }
      }
      finding.min_count = static_cast<int>(reader.integer("min_count", false, 1, 1000000).value_or(1));
      trigger = finding;
    } else if (type && *type == "not_met") {
      NotMetTrigger not_met;
      if (const json* requires_value = reader.get("requires", true)) {
        read_requirement(*requires_value, reader.path_of("requires"), scheme, not_met.requirements, 0);
      }
      trigger = std::move(not_met);
    } else if (type) {
      const std::string types = "incident, score_rate_below, finding, not_met";
      issues_.add(reader.path_of("type"), "'" + *type + "' is not a trigger type (" + types + ")",
                  "'" + *type + "' 不是触发条件类型（" + types + "）");
    }
    reader.reject_unknown_keys();
    return trigger;
  }

  IncidentTrigger read_incident_trigger(ObjectReader& reader, const Scheme& scheme) {
    IncidentTrigger trigger;
    trigger.scopes = read_string_list(reader, "scopes", false);
    for (std::size_t i = 0; i < trigger.scopes.size(); ++i) {
      if (!scheme.has_scope(trigger.scopes[i])) {
        detail::add(issues_, pointer_child(reader.path_of("scopes"), i),
                    detail::not_declared("scope", "事件范围", trigger.scopes[i], "/incident_scopes"));
      }
    }
    trigger.severities = read_string_list(reader, "severities", false);
    for (std::size_t i = 0; i < trigger.severities.size(); ++i) {
      if (!scheme.has_severity(trigger.severities[i])) {
        detail::add(
            issues_, pointer_child(reader.path_of("severities"), i),
            detail::not_declared("severity", "事件等级", trigger.severities[i], "/incident_severities"));
      }
    }
    trigger.min_deaths = reader.integer("min_deaths", false, 1, 1000000000);
    trigger.within_year = reader.boolean("within_year", false).value_or(true);
    trigger.min_count = static_cast<int>(reader.integer("min_count", false, 1, 1000000).value_or(1));
    return trigger;
  }

  Effect read_effect(const json& value, const std::string& path, const Scheme& scheme) {
    ObjectReader reader(value, path, issues_);
    Effect effect;
    effect.type = read_choice<EffectType>(reader, "type", true,
                                          {{"zero_total", EffectType::zero_total},
                                           {"downgrade", EffectType::downgrade},
                                           {"cap_grade", EffectType::cap_grade},
                                           {"force_grade", EffectType::force_grade},
                                           {"notice", EffectType::notice}})
                      .value_or(EffectType::notice);
    if (effect.type == EffectType::cap_grade || effect.type == EffectType::force_grade) {
      effect.grade = reader.string("grade", true).value_or("");
      if (!effect.grade.empty() && scheme.grading.grade_index(effect.grade) < 0) {
        detail::add(issues_, reader.path_of("grade"),
                    detail::not_declared("grade", "等级", effect.grade, "/grading"));
      }
    }
    if (effect.type == EffectType::downgrade) {
      effect.levels = static_cast<int>(reader.integer("levels", false, 1, 100).value_or(1));
    }
    reader.reject_unknown_keys();
    return effect;
  }

  void read_consequences(ObjectReader& top, Scheme& scheme) {
    const json* list = top.array("consequences", false);
    if (list == nullptr) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader reader((*list)[i], pointer_child("/consequences", i), issues_);
      if (!reader.ok()) continue;
      Consequence consequence;
      consequence.id = reader.string("id", true).value_or("");
      consequence.text = reader.text("text", true);
      consequence.article = reader.string("article", false).value_or("");
      if (auto months = reader.integer("due_months_after_announcement", false, 1, 120)) {
        consequence.due_months_after_announcement = static_cast<int>(*months);
      }
      if (const json* when = reader.object("when", true)) {
        read_when(*when, reader.path_of("when"), scheme, consequence);
      }
      reader.reject_unknown_keys();
      scheme.consequences.push_back(std::move(consequence));
    }
  }

  void read_when(const json& value, const std::string& path, const Scheme& scheme, Consequence& consequence) {
    ObjectReader reader(value, path, issues_);
    consequence.always = reader.boolean("always", false).value_or(false);
    consequence.grades = read_string_list(reader, "grades", false);
    consequence.conditions = read_string_list(reader, "conditions", false);
    for (std::size_t i = 0; i < consequence.grades.size(); ++i) {
      if (scheme.grading.grade_index(consequence.grades[i]) < 0) {
        detail::add(issues_, pointer_child(reader.path_of("grades"), i),
                    detail::not_declared("grade", "等级", consequence.grades[i], "/grading"));
      }
    }
    for (std::size_t i = 0; i < consequence.conditions.size(); ++i) {
      const auto& id = consequence.conditions[i];
      const bool known = std::any_of(scheme.conditions.begin(), scheme.conditions.end(),
                                     [&](const Condition& c) { return c.id == id; });
      if (!known) {
        issues_.add(pointer_child(reader.path_of("conditions"), i), "no condition '" + id + "'",
                    "没有条件 '" + id + "'");
      }
    }
    const int ways = (consequence.always ? 1 : 0) + (consequence.grades.empty() ? 0 : 1) +
                     (consequence.conditions.empty() ? 0 : 1);
    if (ways != 1) {
      issues_.add(path, "give exactly one of 'always': true, 'grades' or 'conditions'",
                  "'always': true、'grades' 和 'conditions' 应给出且只给出一个");
    }
    reader.reject_unknown_keys();
  }

  // ---- the legal basis (docs/scheme-language.md, "Legal basis") ---------------------------

  void read_legal_basis(ObjectReader& top, Scheme& scheme) {
    const json* value = top.object("legal_basis", false);
    if (value == nullptr) return;
    ObjectReader reader(*value, "/legal_basis", issues_);
    LegalBasis& basis = scheme.legal_basis;
    basis.title = reader.text("title", false);
    if (const json* articles = reader.object("articles", false)) {
      ObjectReader cited(*articles, "/legal_basis/articles", issues_);
      basis.filing = cited.text("filing", false);
      basis.misreporting = cited.text("misreporting", false);
      basis.targets = cited.text("targets", false);
      basis.self_evaluation = cited.text("self_evaluation", false);
      basis.targets_not_submitted = cited.text("targets_not_submitted", false);
      basis.self_evaluation_not_submitted = cited.text("self_evaluation_not_submitted", false);
      basis.report = cited.text("report", false);
      basis.rectification = cited.text("rectification", false);
      cited.reject_unknown_keys();
    }
    reader.reject_unknown_keys();
    if (!basis.declared()) issues_.add("/legal_basis", "needs a title or an article", "应有标题或条款");
  }

  // ---- the assessment period (docs/scheme-language.md, "The assessment period") ------------

  std::optional<MonthDay> read_month_day(ObjectReader& reader, const std::string& key, bool required) {
    auto text = reader.string(key, required);
    if (!text) return std::nullopt;
    auto parsed = parse_month_day(*text);
    if (!parsed)
      issues_.add(reader.path_of(key), "'" + *text + "' is not a day of the year (MM-DD, e.g. 07-01)",
                  "'" + *text + "' 不是一年中的日期（格式为 MM-DD，如 07-01）");
    return parsed;
  }

  void read_deadline(ObjectReader& period, const char* key, PeriodDate& out) {
    const json* value = period.object(key, false);
    if (value == nullptr) return;
    ObjectReader reader(*value, period.path_of(key), issues_);
    if (auto on = read_month_day(reader, "month_day", true)) out.on = *on;
    if (auto year = read_choice<int>(reader, "year", true, {{"Y-1", -1}, {"Y", 0}, {"Y+1", 1}, {"Y+2", 2}})) {
      out.year_offset = *year;
    }
    reader.reject_unknown_keys();
  }

  void read_period(ObjectReader& top, Scheme& scheme) {
    const json* value = top.object("period", false);
    if (value == nullptr) return;
    scheme.period_declared = true;
    const std::size_t before = issues_.size();
    ObjectReader reader(*value, "/period", issues_);
    AssessmentPeriod& period = scheme.period;
    if (auto start = read_month_day(reader, "start", true)) period.start = *start;
    read_deadline(reader, "targets_due", period.targets_due);
    read_deadline(reader, "self_evaluation_due", period.self_evaluation_due);
    read_deadline(reader, "report_due", period.report_due);
    if (const json* rectification = reader.object("rectification_due", false)) {
      ObjectReader r(*rectification, "/period/rectification_due", issues_);
      auto months = r.integer("months_after_announcement", false, 1, 24);
      auto days = r.integer("days_after_announcement", false, 1, 730);
      if (months.has_value() == days.has_value() && r.ok()) {
        issues_.add("/period/rectification_due",
                    "give exactly one of 'months_after_announcement' or 'days_after_announcement'",
                    "'months_after_announcement' 和 'days_after_announcement' 应给出且只给出一个");
      }
      period.rectification_months = static_cast<int>(months.value_or(0));
      period.rectification_days = static_cast<int>(days.value_or(0));
      if (!months && !days) period.rectification_months = 1;
      r.reject_unknown_keys();
    }
    reader.reject_unknown_keys();
    if (issues_.size() == before) {
      for (Issue& issue : period_problems(period, "/period"))
        issues_.add(std::move(issue.path), std::move(issue.message), std::move(issue.message_zh));
    }
  }

  // ---- whole-scheme checks ----------------------------------------------------------------

  void check_unique_ids(const Scheme& scheme) {
    // A point's id names its column in result and input tables beside these: a node called
    // "total" would show its points as the region's total.
    static const std::set<std::string> reserved = {
        "region", "name", "year", "scheme", "total", "grade", "grade_before_conditions", "vetoed", "rank"};
    std::map<std::string, std::string> first_path;
    for (std::size_t i = 0; i < scheme.nodes.size(); ++i) {
      const std::string& id = scheme.nodes[i].id;
      if (id.empty()) continue;
      if (reserved.count(id) > 0) {
        const std::string columns =
            "region, name, year, scheme, total, grade, grade_before_conditions, vetoed, rank";
        issues_.add(node_paths_[i] + "/id",
                    "'" + id + "' is reserved: it names a column of the results (" + columns + ")",
                    "'" + id + "' 是保留字：它是考核结果中一列的名称（" + columns + "）");
      }
      auto [it, inserted] = first_path.emplace(id, node_paths_[i]);
      if (!inserted) {
        detail::add(issues_, node_paths_[i] + "/id", detail::duplicate_id(id, it->second));
      }
    }
    for (std::size_t i = 0; i < scheme.adjustments.size(); ++i) {
      const std::string& id = scheme.adjustments[i].id;
      if (id.empty()) continue;
      const std::string path = pointer_child("/adjustments", i) + "/id";
      auto [it, inserted] = first_path.emplace(id, path);
      if (!inserted) detail::add(issues_, path, detail::duplicate_id(id, it->second));
    }
    std::set<std::string> conditions;
    for (std::size_t i = 0; i < scheme.conditions.size(); ++i) {
      const std::string& id = scheme.conditions[i].id;
      if (!id.empty() && !conditions.insert(id).second) {
        detail::add(issues_, pointer_child("/conditions", i) + "/id",
                    detail::duplicate("condition", "条件", id));
      }
    }
    std::set<std::string> consequences;
    for (std::size_t i = 0; i < scheme.consequences.size(); ++i) {
      const std::string& id = scheme.consequences[i].id;
      if (!id.empty() && !consequences.insert(id).second) {
        detail::add(issues_, pointer_child("/consequences", i) + "/id",
                    detail::duplicate("consequence", "结果运用事项", id));
      }
    }
  }
};

}  // namespace

namespace detail {
SchemePtr read_complete_scheme(const json& document) { return SchemeReader().read(document); }
}  // namespace detail

}  // namespace qa
