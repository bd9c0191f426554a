#include "test_helpers.hpp"

#include <algorithm>
#include <stdexcept>

namespace qa::testing {

Fixed fx(const std::string& text) {
  std::size_t at = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++at;
  std::int64_t whole = 0;
  while (at < text.size() && text[at] != '.') {
    if (text[at] < '0' || text[at] > '9') throw std::invalid_argument("fx: bad number " + text);
    whole = whole * 10 + (text[at++] - '0');
  }
  std::int64_t fraction = 0;
  int digits = 0;
  if (at < text.size()) ++at;  // the '.'
  while (at < text.size()) {
    if (text[at] < '0' || text[at] > '9' || digits == Fixed::kDigits) {
      throw std::invalid_argument("fx: bad number " + text);
    }
    fraction = fraction * 10 + (text[at++] - '0');
    ++digits;
  }
  for (; digits < Fixed::kDigits; ++digits) fraction *= 10;
  const std::int64_t units = whole * Fixed::kScale + fraction;
  return Fixed::from_units(negative ? -units : units);
}

json base_scheme() {
  return json::parse(R"({
    "format": "qualityassess-scheme/1",
    "id": "test",
    "name": {"zh": "测试方案", "en": "Test scheme"},
    "total": {"max": 100},
    "level_sets": [{"id": "standard", "levels": [
      {"id": "excellent", "label": {"zh": "优秀", "en": "excellent"}, "fraction": 1},
      {"id": "good", "label": {"zh": "良好", "en": "good"}, "fraction": 0.8},
      {"id": "fair", "label": {"zh": "一般", "en": "fair"}, "fraction": 0.6},
      {"id": "poor", "label": {"zh": "较差", "en": "poor"}, "fraction": 0.3},
      {"id": "none", "label": {"zh": "未开展", "en": "not done"}, "fraction": 0}]}],
    "nodes": [{"id": "score", "name": "Score", "points": 100, "rule": {"type": "direct"}}],
    "grading": {"method": "bands", "bands": [
      {"grade": "A", "min": 90}, {"grade": "B", "min": 80}, {"grade": "C", "min": 60},
      {"grade": "D"}]},
    "incident_scopes": [{"id": "local"}, {"id": "regional"}, {"id": "systemic"}],
    "incident_severities": ["minor", "major"],
    "conditions": [],
    "consequences": []
  })");
}

json one_leaf_scheme(const json& rule, double points) {
  json doc = base_scheme();
  doc["total"]["max"] = points;
  doc["nodes"] = json::array({{{"id", "leaf"}, {"name", "Leaf"}, {"points", points}, {"rule", rule}}});
  doc["grading"] = {{"bands", json::array({{{"grade", "pass"}, {"min", points}}, {{"grade", "fail"}}})}};
  return doc;
}

json two_leaf_scheme() {
  json doc = base_scheme();
  doc["nodes"] = json::parse(R"([{"id": "root", "name": "Root", "points": 100, "children": [
      {"id": "a", "name": "A", "points": 10, "rule": {"type": "direct"}},
      {"id": "b", "name": "B", "points": 90, "rule": {"type": "direct"}}]}])");
  return doc;
}

json condition(const std::string& id, const json& trigger, const json& effect, bool veto) {
  return {{"id", id},
          {"name", {{"zh", id}, {"en", id}}},
          {"veto", veto},
          {"trigger", trigger},
          {"effect", effect}};
}

SchemePtr scheme_from(const json& document) { return read_scheme(document); }

SchemePtr cn2013() { return builtin_scheme("cn-2013"); }

const std::vector<std::string>& cn2013_leaf_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out = {"manufacturing_pass_rate", "agri_monitoring_pass_rate",
                                    "construction_acceptance_rate"};
    for (const auto& id : cn2013_level_leaf_ids()) out.push_back(id);
    return out;
  }();
  return ids;
}

const std::vector<std::string>& cn2013_level_leaf_ids() {
  static const std::vector<std::string> ids = {
      "development_plan",        "coordination_mechanism", "brand_strategy",
      "quality_statistics",      "quality_investment",     "industry_access",
      "supervision_capacity",    "anti_counterfeiting",    "quality_integrity",
      "risk_management",         "consumer_protection",    "product_supervision",
      "engineering_supervision", "service_supervision",    "standards_metrology_certification",
      "inspection_testing",      "port_inspection",        "quality_workforce"};
  return ids;
}

json full_cn2013_submission() {
  json targets = {{"manufacturing_pass_rate", 93.0},
                  {"agri_monitoring_pass_rate", 96.0},
                  {"construction_acceptance_rate", 98.0}};
  json self = targets;
  for (const auto& id : cn2013_level_leaf_ids()) self[id] = "excellent";
  json doc = submission(self, targets);
  doc["scheme"] = "cn-2013";
  return doc;
}

json submission(const json& self_evaluation, const json& targets) {
  json doc = {{"region", {{"code", "420000"}, {"name", "湖北省"}}}, {"year", 2019}};
  if (!targets.empty()) doc["targets"] = targets;
  if (!self_evaluation.empty()) doc["self_evaluation"] = self_evaluation;
  return doc;
}

json incident(const std::string& id, const std::string& date, const std::string& scope, bool reported) {
  return {{"id", id}, {"date", date}, {"scope", scope}, {"reported_in_self_evaluation", reported}};
}

Result assess_json(const SchemePtr& scheme, const json& submission_document) {
  return assess(scheme, read_submission(submission_document));
}

Result assess_direct(const SchemePtr& scheme, const std::string& points) {
  return assess_json(scheme, submission({{"score", json::parse(points)}}));
}

Fixed node_points(const Result& result, const std::string& node_id) {
  const int index = result.scheme->node_index(node_id);
  if (index < 0) throw std::invalid_argument("no node " + node_id);
  return result.node_points.at(static_cast<std::size_t>(index));
}

const LeafOutcome& leaf_outcome(const Result& result, const std::string& leaf_id) {
  const Scheme& scheme = *result.scheme;
  for (std::size_t slot = 0; slot < scheme.leaves.size(); ++slot) {
    if (scheme.nodes[static_cast<std::size_t>(scheme.leaves[slot])].id == leaf_id)
      return result.leaves.at(slot);
  }
  throw std::invalid_argument("no leaf " + leaf_id);
}

Text leaf_how(const Result& result, const std::string& leaf_id) {
  const Scheme& scheme = *result.scheme;
  for (std::size_t slot = 0; slot < scheme.leaves.size(); ++slot) {
    if (scheme.nodes[static_cast<std::size_t>(scheme.leaves[slot])].id == leaf_id)
      return result.leaf_how(slot);
  }
  throw std::invalid_argument("no leaf " + leaf_id);
}

int count_findings(const Result& result, FindingKind kind) {
  return static_cast<int>(std::count_if(result.findings.begin(), result.findings.end(),
                                        [&](const Finding& f) { return f.kind == kind; }));
}

bool has_finding(const Result& result, FindingKind kind, const std::string& leaf_or_incident) {
  return std::any_of(result.findings.begin(), result.findings.end(), [&](const Finding& f) {
    return f.kind == kind && (f.leaf == leaf_or_incident || f.incident == leaf_or_incident);
  });
}

bool has_condition(const Result& result, const std::string& id) {
  return std::any_of(result.conditions.begin(), result.conditions.end(),
                     [&](const AppliedCondition& c) { return c.id == id; });
}

const ConditionNotApplied* not_applied(const Result& result, const std::string& id) {
  for (const ConditionNotApplied& c : result.conditions_not_applied) {
    if (c.id() == id) return &c;
  }
  return nullptr;
}

std::string why_not(const Result& result, const std::string& id) {
  const ConditionNotApplied* skipped = not_applied(result, id);
  return skipped == nullptr ? "<applied or unknown>" : result.reason(*skipped).en;
}

std::vector<std::string> consequence_ids(const Result& result) {
  std::vector<std::string> ids;
  for (const ConsequenceOutcome& c : result.consequences) ids.push_back(c.id());
  return ids;
}

std::vector<Issue> scheme_issues(const json& document) {
  return issues_of<SchemeError>([&] { read_scheme(document); });
}

std::vector<Issue> submission_issues(const SchemePtr& scheme, const json& submission_document) {
  return issues_of<InputError>([&] { assess(scheme, read_submission(submission_document)); });
}

std::vector<std::string> paths(const std::vector<Issue>& issues) {
  std::vector<std::string> out;
  for (const Issue& issue : issues) out.push_back(issue.path);
  return out;
}

std::string message_at(const std::vector<Issue>& issues, const std::string& path) {
  for (const Issue& issue : issues) {
    if (issue.path == path) return issue.message;
  }
  return "";
}

bool has_issue(const std::vector<Issue>& issues, const std::string& path, const std::string& message_part) {
  return std::any_of(issues.begin(), issues.end(), [&](const Issue& issue) {
    return issue.path == path && issue.message.find(message_part) != std::string::npos;
  });
}

// ---- the helpers themselves ----------------------------------------------------------------

TEST(Helpers, FxParsesExactDecimals) {
  EXPECT_EQ(fx("89.99").units(), 899900);
  EXPECT_EQ(fx("-0.125").units(), -1250);
  EXPECT_EQ(fx("90").units(), 900000);
  EXPECT_EQ(fx("0.0001").units(), 1);
  EXPECT_THROW(fx("0.00001"), std::invalid_argument);
}

TEST(Helpers, BaseSchemesAreValid) {
  EXPECT_EQ(scheme_from(base_scheme())->leaves.size(), 1u);
  EXPECT_EQ(scheme_from(two_leaf_scheme())->leaves.size(), 2u);
  EXPECT_EQ(scheme_from(one_leaf_scheme({{"type", "boolean"}}, 5))->max_total, fx("5"));
}

// Art. 5: a region that meets every target and is excellent in every measure scores 100, grade A.
TEST(Helpers, FullCn2013SubmissionScoresFullPoints) {
  const Result result = assess_json(cn2013(), full_cn2013_submission());
  EXPECT_EQ(result.total, fx("100"));
  EXPECT_EQ(result.grade, "A");
  EXPECT_TRUE(result.findings.empty());
  for (const auto& id : cn2013_leaf_ids()) {
    EXPECT_EQ(leaf_outcome(result, id).source, InputSource::self_evaluated) << id;
  }
}

}  // namespace qa::testing
