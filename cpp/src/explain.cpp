// Result::explain: the lines a reviewer reads to follow a grade ("why is Hubei a B?").
#include <functional>

#include "qualityassess/result.hpp"
#include "qualityassess/text.hpp"

namespace qa {
namespace {

const char* source_label(InputSource source, Lang lang) {
  const bool zh = lang == Lang::zh;
  switch (source) {
    case InputSource::verified:
      return zh ? "核查值" : "verified";
    case InputSource::self_evaluated:
      return zh ? "自评值" : "self-evaluated";
    case InputSource::missing:
      return zh ? "缺失" : "missing";
  }
  return "";
}

std::string grade_label(const Grading& grading, const std::string& grade, Lang lang) {
  const int index = grading.grade_index(grade);
  if (index < 0) return grade;
  const Text& label = grading.grades[static_cast<std::size_t>(index)].label;
  return label.empty() ? grade : label.in(lang);
}

std::string bands_summary(const Scheme& scheme, Lang lang) {
  const Grading& grading = scheme.grading;
  if (grading.method == GradingMethod::rank) return lang == Lang::zh ? "按名次评定" : "graded by rank";
  if (grading.method == GradingMethod::gate) return lang == Lang::zh ? "按门槛评定" : "graded by a gate";
  std::string text;
  for (const Band& band : grading.bands) {
    if (!text.empty()) text += lang == Lang::zh ? "，" : ", ";
    if (band.min) {
      text += band.grade + (band.inclusive ? " ≥ " : " > ") + band.min->to_string();
    } else {
      text += (lang == Lang::zh ? "其余 " : "otherwise ") + band.grade;
    }
  }
  return text;
}

class Explainer {
 public:
  Explainer(const Result& result, Lang lang) : r_(result), s_(*result.scheme), lang_(lang) {}

  std::vector<std::string> lines() {
    header();
    tree();
    adjustments();
    grade();
    conditions();
    findings();
    consequences();
    return std::move(lines_);
  }

 private:
  const Result& r_;
  const Scheme& s_;
  Lang lang_;
  std::vector<std::string> lines_;

  bool zh() const { return lang_ == Lang::zh; }
  std::string pts(Fixed value) const { return value.to_string(s_.rounding.digits); }
  void add(std::string line) { lines_.push_back(std::move(line)); }
  // A gate over informational points only: there is no total to show.
  bool without_points() const { return s_.max_total == Fixed() && r_.adjustments.empty(); }

  void header() {
    const std::string region =
        r_.region.name.empty() ? r_.region.code : r_.region.name + " (" + r_.region.code + ")";
    const AssessmentCalendar span = s_.calendar(r_.year);  // the scheme's period
    if (zh()) {
      add(region + "，" + std::to_string(r_.year) + " 考核年度（" + span.year_start.to_string() + " 至 " +
          span.year_end.to_string() + "），方案 " + s_.id + "（" + s_.name.in(lang_) + "）");
      if (without_points()) {
        add("等级：" + grade_label(s_.grading, r_.grade, lang_));
      } else {
        add("总分 " + pts(r_.total) + " / " + s_.max_total.to_string() + "，" +
            grade_label(s_.grading, r_.grade, lang_));
      }
    } else {
      add(region + ", assessment year " + std::to_string(r_.year) + " (" + span.year_start.to_string() +
          " to " + span.year_end.to_string() + "), scheme " + s_.id + " (" + s_.name.in(lang_) + ")");
      if (without_points()) {
        add("Grade: " + grade_label(s_.grading, r_.grade, lang_));
      } else {
        add("Total " + pts(r_.total) + " of " + s_.max_total.to_string() + ": " +
            grade_label(s_.grading, r_.grade, lang_));
      }
    }
  }

  void tree() {
    std::vector<int> slot_of(s_.nodes.size(), -1);
    for (std::size_t slot = 0; slot < s_.leaves.size(); ++slot) {
      slot_of[static_cast<std::size_t>(s_.leaves[slot])] = static_cast<int>(slot);
    }
    for (std::size_t i = 0; i < s_.nodes.size(); ++i) {
      const Node& node = s_.nodes[i];
      std::string line(static_cast<std::size_t>(2 * (node.depth + 1)), ' ');
      if (!node.number.empty()) line += node.number + " ";
      line += node.name.in(lang_) + " [" + node.id + "]";
      if (!node.informational) line += " " + pts(r_.node_points[i]) + " / " + node.points.to_string();
      if (node.is_leaf()) {
        const auto slot = static_cast<std::size_t>(slot_of[i]);
        const LeafOutcome& leaf = r_.leaves[slot];
        line += std::string(zh() ? "（" : " (") + source_label(leaf.source, lang_) + (zh() ? "）" : ")");
        const Text how = r_.leaf_how(slot);
        if (!how.empty()) line += (zh() ? "：" : ": ") + how.in(lang_);
      } else if (node.aggregation != Aggregation::sum) {
        line += node.aggregation == Aggregation::min
                    ? (zh() ? "（取最低得分率）" : " (lowest score rate)")
                    : (zh() ? "（加权平均得分率）" : " (weighted mean of score rates)");
      }
      add(line);
    }
  }

  void adjustments() {
    if (r_.adjustments.empty()) return;
    add((zh() ? "基础得分 " : "Base score ") + pts(r_.base_total));
    for (const AdjustmentOutcome& a : r_.adjustments) {
      const Adjustment& item = s_.adjustments[static_cast<std::size_t>(s_.adjustment_index(a.id))];
      const bool bonus = a.kind == AdjustmentKind::bonus;
      std::string line =
          "  " + item.name.in(lang_) + " [" + a.id + "] " + (bonus ? "+" : "-") + pts(a.points);
      if (a.capped) line += (zh() ? "（封顶 " : " (capped at ") + item.cap.to_string() + (zh() ? "）" : ")");
      add(line);
    }
  }

  void grade() {
    const std::string before = grade_label(s_.grading, r_.grade_before_conditions, lang_);
    if (s_.grading.method == GradingMethod::gate) {
      add((zh() ? "按门槛评定：" : "Grade by the gate: ") + before);
      if (!r_.requirements_met.empty()) requirement(0, 1);
    } else {
      add((zh() ? "按分数评定：" : "Grade by score: ") + before + (zh() ? "（" : " (") +
          bands_summary(s_, lang_) + (zh() ? "）" : ")"));
    }
    if (r_.rank) add((zh() ? "名次：" : "Rank: ") + std::to_string(*r_.rank));
    if (r_.grade != r_.grade_before_conditions) {
      add((zh() ? "附加条件后等级：" : "Grade after conditions: ") +
          grade_label(s_.grading, r_.grade, lang_));
    }
  }

  // A gate's requirement and its parts, one line each, indented by depth.
  void requirement(int index, int depth) {
    add(std::string(static_cast<std::size_t>(2 * depth), ' ') +
        r_.requirement_reason(static_cast<std::size_t>(index)).in(lang_));
    for (int part : s_.grading.requirements[static_cast<std::size_t>(index)].parts)
      requirement(part, depth + 1);
  }

  std::string effect_text(const Effect& effect) const {
    switch (effect.type) {
      case EffectType::zero_total:
        return zh() ? "总分记为 0" : "total set to 0";
      case EffectType::downgrade:
        return zh() ? "降 " + std::to_string(effect.levels) + " 个等级"
                    : "down " + std::to_string(effect.levels) + " grade(s)";
      case EffectType::cap_grade:
        return zh() ? "等级不高于 " + effect.grade : "grade at best " + effect.grade;
      case EffectType::force_grade:
        return zh() ? "等级一律为 " + effect.grade : "grade is " + effect.grade + " whatever the score";
      case EffectType::notice:
        return zh() ? "予以通报" : "recorded for notice";
    }
    return "";
  }

  const Condition* condition(const std::string& id) const {
    for (const Condition& c : s_.conditions) {
      if (c.id == id) return &c;
    }
    return nullptr;
  }

  void conditions() {
    for (const AppliedCondition& applied : r_.conditions) {
      const Condition* c = condition(applied.id);
      std::string line =
          (zh() ? "适用条件 " : "Condition applied: ") + c->name.in(lang_) + " [" + c->id + "]";
      if (!c->article.empty()) line += " " + article_in(c->article, lang_);
      line += (zh() ? "：" : ": ") + r_.reason(applied).in(lang_) + " → " + effect_text(applied.effect);
      if (applied.veto) line += zh() ? "（一票否决）" : " (veto)";
      add(line);
    }
    for (const ConditionNotApplied& skipped : r_.conditions_not_applied) {
      const Condition* c = skipped.condition;
      add((zh() ? "未适用条件 " : "Condition not applied: ") + c->name.in(lang_) + " [" + c->id + "]" +
          (zh() ? "：" : ": ") + r_.reason(skipped).in(lang_));
    }
  }

  void findings() {
    for (const Finding& finding : r_.findings) {
      add((zh() ? "发现（" : "Finding (") + finding_kind_label(finding.kind).in(lang_) +
          (zh() ? "）：" : "): ") + finding.detail.in(lang_));
    }
  }

  void consequences() {
    for (const ConsequenceOutcome& c : r_.consequences) {
      const std::string article = article_in(c.article(), lang_);
      std::string line =
          (zh() ? "后果" : "Consequence") +
          (article.empty() ? std::string() : (zh() ? "（" + article + "）" : " (" + article + ")")) +
          (zh() ? "：" : ": ") + c.text().in(lang_);
      add(line);
    }
  }
};

}  // namespace

std::vector<std::string> Result::explain(Lang lang) const {
  // Each line is printed as one line: a summary or name from a document must not start another.
  std::vector<std::string> lines = Explainer(*this, lang).lines();
  for (std::string& line : lines) line = as_one_line(line);
  return lines;
}

}  // namespace qa
