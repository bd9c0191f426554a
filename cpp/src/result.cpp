#include "qualityassess/result.hpp"

namespace qa {
namespace {

using nlohmann::json;

json points(Fixed value) { return value.to_double(); }

json effect_json(const Effect& effect) {
  json out = {{"type", effect_type_name(effect.type)}};
  if (!effect.grade.empty()) out["grade"] = effect.grade;
  if (effect.type == EffectType::downgrade) out["levels"] = effect.levels;
  return out;
}

json leaves_json(const Result& result) {
  const Scheme& scheme = *result.scheme;
  json leaves = json::object();
  for (std::size_t slot = 0; slot < scheme.leaves.size(); ++slot) {
    const Node& leaf = scheme.nodes[static_cast<std::size_t>(scheme.leaves[slot])];
    const LeafOutcome& outcome = result.leaves[slot];
    json entry = {{"points", points(outcome.points)},
                  {"max", points(leaf.points)},
                  {"source", input_source_name(outcome.source)}};
    if (leaf.informational) entry["informational"] = true;
    if (outcome.compared) {
      entry["self_points"] = points(*outcome.self_points());
      entry["verified_points"] = points(*outcome.verified_points());
    }
    const Text how = result.leaf_how(slot);
    if (!how.empty()) entry["how"] = {{"zh", how.zh}, {"en", how.en}};
    leaves[leaf.id] = entry;
  }
  return leaves;
}

// A gate's requirements in the scheme's order (the root first), each with its outcome.
json requirements_json(const Result& result) {
  json list = json::array();
  for (std::size_t i = 0; i < result.requirements_met.size(); ++i) {
    const Text why = result.requirement_reason(i);
    list.push_back({{"met", result.requirements_met[i] != 0}, {"reason", why.en}, {"reason_zh", why.zh}});
  }
  return list;
}

}  // namespace

const char* input_source_name(InputSource source) {
  switch (source) {
    case InputSource::verified:
      return "verified";
    case InputSource::self_evaluated:
      return "self_evaluated";
    case InputSource::missing:
      return "missing";
  }
  return "missing";
}

json Result::to_json() const {
  json out;
  out["region"] = {{"code", region.code}, {"name", region.name}};
  out["year"] = year;
  out["scheme"] = scheme->id;
  out["scheme_version"] = scheme->version;
  out["total"] = points(total);
  out["max_total"] = points(scheme->max_total);
  out["base_total"] = points(base_total);
  out["grade"] = grade;
  out["grade_before_conditions"] = grade_before_conditions;
  out["vetoed"] = vetoed;
  if (rank) out["rank"] = *rank;
  out["nodes"] = json::object();
  for (std::size_t i = 0; i < scheme->nodes.size(); ++i)
    out["nodes"][scheme->nodes[i].id] = points(node_points[i]);
  out["leaves"] = leaves_json(*this);
  out["adjustments"] = json::object();
  for (const AdjustmentOutcome& a : adjustments) {
    out["adjustments"][a.id] = {{"kind", a.kind == AdjustmentKind::bonus ? "bonus" : "penalty"},
                                {"points", points(a.points)},
                                {"capped", a.capped}};
  }
  out["conditions"] = json::array();
  for (const AppliedCondition& c : conditions) {
    const Text why = reason(c);
    out["conditions"].push_back({{"id", c.id},
                                 {"effect", effect_json(c.effect)},
                                 {"veto", c.veto},
                                 {"reason", why.en},
                                 {"reason_zh", why.zh}});
  }
  out["conditions_not_applied"] = json::array();
  for (const ConditionNotApplied& c : conditions_not_applied) {
    const Text why = reason(c);
    out["conditions_not_applied"].push_back({{"id", c.id()}, {"reason", why.en}, {"reason_zh", why.zh}});
  }
  out["findings"] = json::array();
  for (const Finding& f : findings) {
    json entry = {{"kind", finding_kind_name(f.kind)}, {"detail", f.detail.en}, {"detail_zh", f.detail.zh}};
    if (!f.leaf.empty()) entry["leaf"] = f.leaf;
    if (!f.incident.empty()) entry["incident"] = f.incident;
    if (!f.step.empty()) entry["step"] = f.step;
    if (!f.evidence.empty()) entry["evidence"] = f.evidence;
    if (f.days_late) entry["days_late"] = *f.days_late;
    out["findings"].push_back(entry);
  }
  if (!requirements_met.empty()) out["requirements"] = requirements_json(*this);
  out["consequences"] = json::array();
  for (const ConsequenceOutcome& c : consequences) {
    json entry = {{"id", c.id()}, {"article", c.article()}, {"text", c.text().en}, {"text_zh", c.text().zh}};
    if (c.due_months_after_announcement()) {
      entry["due_months_after_announcement"] = *c.due_months_after_announcement();
    }
    out["consequences"].push_back(entry);
  }
  return out;
}

}  // namespace qa
