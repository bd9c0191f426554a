#include "qualityassess/scheme.hpp"

#include <algorithm>
#include <cctype>

namespace qa {

const char* rule_type_name(const Rule& rule) {
  struct Name {
    const char* operator()(const TargetRule&) const { return "target"; }
    const char* operator()(const LevelsRule&) const { return "levels"; }
    const char* operator()(const ChecklistRule&) const { return "checklist"; }
    const char* operator()(const DeductionRule&) const { return "deduction"; }
    const char* operator()(const DirectRule&) const { return "direct"; }
    const char* operator()(const BooleanRule&) const { return "boolean"; }
    const char* operator()(const ValueRule&) const { return "value"; }
  };
  return std::visit(Name{}, rule);
}

const char* derived_op_name(DerivedOp op) {
  switch (op) {
    case DerivedOp::difference:
      return "difference";
    case DerivedOp::ratio:
      return "ratio";
    case DerivedOp::share:
      return "share";
    case DerivedOp::percent_change:
      return "percent_change";
    case DerivedOp::percent_reduction:
      return "percent_reduction";
    case DerivedOp::per_n:
      return "per_n";
  }
  return "difference";
}

const char* lower_level_measure_name(LowerLevelMeasure measure) {
  switch (measure) {
    case LowerLevelMeasure::share_graded:
      return "share_graded";
    case LowerLevelMeasure::mean_total:
      return "mean_total";
    case LowerLevelMeasure::lowest_total:
      return "lowest_total";
  }
  return "share_graded";
}

const char* finding_kind_name(FindingKind kind) {
  switch (kind) {
    case FindingKind::missing_target:
      return "missing_target";
    case FindingKind::missing_value:
      return "missing_value";
    case FindingKind::missing_previous:
      return "missing_previous";
    case FindingKind::overstated:
      return "overstated";
    case FindingKind::concealed:
      return "concealed";
    case FindingKind::late_filing:
      return "late_filing";
    case FindingKind::not_submitted:
      return "not_submitted";
  }
  return "unknown";
}

Text finding_kind_label(FindingKind kind) {
  switch (kind) {
    case FindingKind::missing_target:
      return {"目标未备案", "target not filed"};
    case FindingKind::missing_value:
      return {"数据缺失", "missing value"};
    case FindingKind::missing_previous:
      return {"缺少上年数据", "no previous-year value"};
    case FindingKind::overstated:
      return {"高报", "overstated"};
    case FindingKind::concealed:
      return {"瞒报", "concealed"};
    case FindingKind::late_filing:
      return {"逾期报送", "late filing"};
    case FindingKind::not_submitted:
      return {"未报送", "not submitted"};
  }
  return {};
}

std::string article_in(const std::string& article, Lang lang) {
  static const char* const kNumerals[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  const std::string prefix = "Art. ";
  if (lang != Lang::zh || article.rfind(prefix, 0) != 0) return article;
  const std::string rest = article.substr(prefix.size());
  std::size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  if (digits == 0 || digits > 2) return article;
  const int number = std::stoi(rest.substr(0, digits));
  if (number < 1 || number > 10) return article;
  return std::string("第") + kNumerals[number] + "条" + rest.substr(digits);
}

std::optional<FindingKind> parse_finding_kind(const std::string& name) {
  for (FindingKind kind : {FindingKind::missing_target, FindingKind::missing_value,
                           FindingKind::missing_previous, FindingKind::overstated, FindingKind::concealed,
                           FindingKind::late_filing, FindingKind::not_submitted}) {
    if (name == finding_kind_name(kind)) return kind;
  }
  return std::nullopt;
}

const char* effect_type_name(EffectType type) {
  switch (type) {
    case EffectType::zero_total:
      return "zero_total";
    case EffectType::downgrade:
      return "downgrade";
    case EffectType::cap_grade:
      return "cap_grade";
    case EffectType::force_grade:
      return "force_grade";
    case EffectType::notice:
      return "notice";
  }
  return "unknown";
}

int Grading::grade_index(const std::string& grade) const {
  for (std::size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].id == grade) return static_cast<int>(i);
  }
  return -1;
}

int LevelSet::find(const std::string& id_or_label) const {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const Level& level = levels[i];
    if (level.id == id_or_label || (!level.label.zh.empty() && level.label.zh == id_or_label) ||
        (!level.label.en.empty() && level.label.en == id_or_label)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::string not_a_level_message(std::string_view shown, const std::string& leaf_id,
                                const std::vector<std::string>& level_ids) {
  std::string allowed;
  for (const std::string& id : level_ids) allowed += (allowed.empty() ? "" : ", ") + id;
  return std::string(shown) + " is not a level of " + leaf_id + " (" + allowed + ")";
}

namespace {
// "优秀 (excellent)" as a form shows a choice, or the id alone when it has no other label.
std::string labelled(const std::string& label, const std::string& id) {
  return label.empty() || label == id ? id : label + " (" + id + ")";
}
}  // namespace

std::string not_a_level_message_zh(std::string_view shown, const std::string& leaf_id,
                                   const std::string& leaf_name_zh, const std::vector<Level>& levels) {
  std::string allowed;
  for (const Level& level : levels) {
    if (!allowed.empty()) allowed += "、";
    allowed += labelled(level.label.in(Lang::zh), level.id);
  }
  return std::string(shown) + " 不是 " + labelled(leaf_name_zh, leaf_id) + " 的等级，可选：" + allowed;
}

int Scheme::node_index(std::string_view node_id) const { return node_by_id.find(node_id); }

int Scheme::leaf_slot(std::string_view node_id) const {
  const auto found = std::lower_bound(leaves.begin(), leaves.end(), node_index(node_id));
  if (found == leaves.end() || *found != node_index(node_id)) return -1;
  return static_cast<int>(found - leaves.begin());
}

int Scheme::adjustment_index(const std::string& adjustment_id) const {
  for (std::size_t i = 0; i < adjustments.size(); ++i) {
    if (adjustments[i].id == adjustment_id) return static_cast<int>(i);
  }
  return -1;
}

const LevelSet* Scheme::level_set(const std::string& set_id) const {
  for (const LevelSet& set : level_sets) {
    if (set.id == set_id) return &set;
  }
  return nullptr;
}

bool Scheme::has_scope(const std::string& scope) const {
  for (const IncidentScope& s : incident_scopes) {
    if (s.id == scope) return true;
  }
  return false;
}

bool Scheme::has_severity(const std::string& severity) const {
  for (const std::string& s : incident_severities) {
    if (s == severity) return true;
  }
  return false;
}

void Scheme::finalize() {
  compiled.reset();
  node_by_id.clear();
  leaves.clear();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    node_by_id.add(nodes[i].id, static_cast<int>(i));
    if (nodes[i].is_leaf()) leaves.push_back(static_cast<int>(i));
  }
}

}  // namespace qa
