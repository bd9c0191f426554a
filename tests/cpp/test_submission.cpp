// Submissions (docs/contracts.md): one region, one assessment year (Art. 3), with the targets
// filed (Art. 6.1), the self-evaluation (Art. 6.2), the verification (Art. 6.3) and incidents.
// Every problem is reported at once with its JSON path.
#include <algorithm>

#include "test_helpers.hpp"

namespace qa::testing {
namespace {

std::vector<Issue> read_issues(const json& document) {
  return issues_of<InputError>([&] { read_submission(document); });
}

TEST(ReadSubmission, ReadsEveryField) {
  json doc = full_cn2013_submission();
  doc["verification"] = {{"development_plan", "fair"}};
  doc["previous"] = {{"manufacturing_pass_rate", 92.0}};
  doc["incidents"] = json::array({{{"id", "i-1"},
                                   {"date", "2020-03-02"},
                                   {"scope", "regional"},
                                   {"severity", "major"},
                                   {"deaths", 2},
                                   {"reported_in_self_evaluation", false},
                                   {"summary", "..."}}});
  doc["meta"] = {{"source", "workbook.xlsx"}};
  const Submission s = read_submission(doc);
  EXPECT_EQ(s.region.code, "420000");
  EXPECT_EQ(s.region.name, "湖北省");
  EXPECT_EQ(s.year, 2019);
  EXPECT_EQ(s.scheme, "cn-2013");
  EXPECT_EQ(s.targets.size(), 3u);
  EXPECT_EQ(s.self_evaluation.size(), 21u);
  EXPECT_EQ(s.verification.at("development_plan"), "fair");
  EXPECT_EQ(s.previous.at("manufacturing_pass_rate"), 92.0);
  ASSERT_EQ(s.incidents.size(), 1u);
  const Incident& incident = s.incidents[0];
  EXPECT_EQ(incident.id, "i-1");
  EXPECT_EQ(incident.date.to_string(), "2020-03-02");
  EXPECT_EQ(incident.scope, "regional");
  EXPECT_EQ(incident.severity, "major");
  EXPECT_EQ(incident.deaths, 2);
  EXPECT_FALSE(incident.reported_in_self_evaluation);
  EXPECT_EQ(incident.summary, "...");
}

TEST(ReadSubmission, IncidentDefaults) {
  json doc = submission(json::object());
  doc["incidents"] = json::array({incident("i-1", "2020-03-02", "local")});
  doc["incidents"][0].erase("reported_in_self_evaluation");
  const Submission s = read_submission(doc);
  ASSERT_EQ(s.incidents.size(), 1u);
  EXPECT_TRUE(s.incidents[0].reported_in_self_evaluation);
  EXPECT_EQ(s.incidents[0].deaths, 0);
  EXPECT_TRUE(s.incidents[0].severity.empty());
}

TEST(ReadSubmission, WriteAndReadBack) {
  json doc = full_cn2013_submission();
  doc["incidents"] = json::array({incident("i-1", "2020-03-02", "regional", false)});
  doc["verification"] = {{"development_plan", "fair"}};
  json written = write_submission(read_submission(doc));
  EXPECT_EQ(written["region"]["code"], "420000");
  EXPECT_EQ(written["incidents"][0]["date"], "2020-03-02");
  EXPECT_EQ(written["incidents"][0]["reported_in_self_evaluation"], false);
  EXPECT_EQ(written["self_evaluation"], doc["self_evaluation"]);
  EXPECT_EQ(write_submission(read_submission(written)), written);
}

// Free-form "meta" is kept as given, on the submission and on each incident.
TEST(ReadSubmission, MetaIsKept) {
  json doc = submission(json::object());
  doc["meta"] = {{"source", "workbook.xlsx"}, {"row", 7}};
  doc["incidents"] = json::array({incident("i-1", "2020-03-02", "local")});
  doc["incidents"][0]["meta"] = {{"reporter", "SAMR"}};
  const Submission s = read_submission(doc);
  EXPECT_EQ(s.meta, doc["meta"]);
  ASSERT_EQ(s.incidents.size(), 1u);
  EXPECT_EQ(s.incidents[0].meta, doc["incidents"][0]["meta"]);
  json written = write_submission(s);
  EXPECT_EQ(written["meta"], doc["meta"]);
  EXPECT_EQ(written["incidents"][0]["meta"]["reporter"], "SAMR");
  EXPECT_FALSE(write_submission(read_submission(submission(json::object()))).contains("meta"));
}

// Art. 3: the assessment year is required and must be a supported year.
TEST(ReadSubmission, Year) {
  json doc = submission(json::object());
  doc.erase("year");
  EXPECT_TRUE(has_issue(read_issues(doc), "/year", "is required"));
  doc["year"] = 1999;
  EXPECT_TRUE(has_issue(read_issues(doc), "/year", "must be between 2000 and 2200, not 1999"));
  doc["year"] = 2201;
  EXPECT_TRUE(has_issue(read_issues(doc), "/year", "must be between 2000 and 2200, not 2201"));
  doc["year"] = "2019";
  EXPECT_TRUE(has_issue(read_issues(doc), "/year", "must be a whole number, not a string"));
  doc["year"] = 2019.5;
  EXPECT_TRUE(has_issue(read_issues(doc), "/year", "must be a whole number"));
  doc["year"] = 2019.0;
  EXPECT_EQ(read_submission(doc).year, 2019);
}

TEST(ReadSubmission, Region) {
  json doc = submission(json::object());
  doc["region"] = {{"name", "湖北省"}};
  EXPECT_TRUE(has_issue(read_issues(doc), "/region/code", "is required"));
  doc["region"] = {{"code", 420000}};
  EXPECT_TRUE(has_issue(read_issues(doc), "/region/code", "must be a string, not a number"));
  doc["region"] = {{"code", "420000"}, {"nmae", "湖北省"}};
  EXPECT_TRUE(has_issue(read_issues(doc), "/region/nmae", "unknown key 'nmae'"));
  doc.erase("region");
  EXPECT_TRUE(has_issue(read_issues(doc), "/region", "is required"));
}

TEST(ReadSubmission, IncidentDates) {
  json doc = submission(json::object());
  doc["incidents"] =
      json::array({incident("i-1", "2019-02-30", "regional"), incident("i-2", "2019-7-1", "local"),
                   incident("i-3", "2020-02-29", "local")});
  const auto issues = read_issues(doc);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].path, "/incidents/0/date");
  EXPECT_EQ(issues[0].message, "'2019-02-30' is not a date (YYYY-MM-DD)");
  EXPECT_EQ(issues[1].path, "/incidents/1/date");
}

TEST(ReadSubmission, IncidentFields) {
  json doc = submission(json::object());
  doc["incidents"] = json::array({{{"id", "i-1"}, {"date", "2019-09-01"}},
                                  {{"id", "i-1"},
                                   {"date", "2019-09-01"},
                                   {"scope", "local"},
                                   {"deaths", -1},
                                   {"reported_in_self_evaluation", "no"},
                                   {"where", "Wuhan"}},
                                  "not an incident"});
  const auto issues = read_issues(doc);
  // A scope is the scheme's to require (bind_submission): reading alone does not.
  EXPECT_FALSE(has_issue(issues, "/incidents/0/scope", ""));
  EXPECT_TRUE(has_issue(issues, "/incidents/1/id", "duplicate incident id 'i-1'"));
  EXPECT_TRUE(has_issue(issues, "/incidents/1/deaths", "must be between 0 and"));
  EXPECT_TRUE(
      has_issue(issues, "/incidents/1/reported_in_self_evaluation", "must be true or false, not a string"));
  EXPECT_TRUE(has_issue(issues, "/incidents/1/where", "unknown key 'where'"));
  EXPECT_TRUE(has_issue(issues, "/incidents/2", "must be an object, not a string"));
  EXPECT_EQ(issues.size(), 5u);
}

TEST(ReadSubmission, WrongTypes) {
  json doc = submission(json::object());
  doc["targets"] = json::array({93.0});
  doc["self_evaluation"] = "good";
  doc["incidents"] = {{"id", "i-1"}};
  doc["scheme"] = 2013;
  const auto issues = read_issues(doc);
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_TRUE(has_issue(issues, "/targets", "must be an object, not an array"));
  EXPECT_TRUE(has_issue(issues, "/self_evaluation", "must be an object, not a string"));
  EXPECT_TRUE(has_issue(issues, "/incidents", "must be an array, not an object"));
  EXPECT_TRUE(has_issue(issues, "/scheme", "must be a string, not a number"));
  const auto top = read_issues(json::array());
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].path, "/");
}

TEST(ReadSubmission, UnknownKeysRejectedMetaAllowed) {
  json doc = submission(json::object());
  doc["verificaton"] = {{"development_plan", "good"}};
  doc["meta"] = {{"anything", true}};
  doc["comment"] = "fine";
  const auto issues = read_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/verificaton");
  EXPECT_EQ(issues[0].message, "unknown key 'verificaton'");
}

TEST(ReadSubmission, ErrorTextNamesTheRegion) {
  json doc = submission(json::object());
  doc["year"] = 1999;
  try {
    read_submission(doc);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "submission 420000 湖北省: /year: must be between 2000 and 2200, not 1999");
  }
}

// ---- bound to cn-2013 -----------------------------------------------------------------------

std::vector<Issue> cn2013_issues(const json& document) { return submission_issues(cn2013(), document); }

TEST(BindSubmission, UnknownIncidentScope) {
  json doc = full_cn2013_submission();
  doc["incidents"] = json::array({incident("i-1", "2019-09-01", "national")});
  const auto issues = cn2013_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/incidents/0/scope");
  EXPECT_EQ(issues[0].message, "'national' is not an incident scope (local, regional, systemic)");
}

// Issue 16: a scope is required by a scheme that lists scopes, and only by such a scheme.
TEST(BindSubmission, AScopeIsRequiredOnlyWhenTheSchemeListsScopes) {
  json doc = full_cn2013_submission();
  doc["incidents"] = json::array({{{"id", "i-1"}, {"date", "2019-09-01"}}});
  const auto issues = cn2013_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/incidents/0/scope");
  EXPECT_EQ(issues[0].message, "is required: the scheme's incident scopes are local, regional, systemic");

  // A work-safety style scheme: no scopes; a fatal accident in the year caps the grade at C.
  json scheme = base_scheme();
  scheme.erase("incident_scopes");
  scheme.erase("incident_severities");
  scheme["conditions"] =
      json::array({condition("fatal", {{"type", "incident"}, {"min_deaths", 1}, {"within_year", true}},
                             {{"type", "cap_grade"}, {"grade", "C"}})});
  json filing = submission(json::object());
  filing["self_evaluation"] = {{"score", 95}};
  filing["incidents"] = json::array({{{"id", "a-1"}, {"date", "2019-09-01"}, {"deaths", 2}}});
  const Result result = assess_json(scheme_from(scheme), filing);
  EXPECT_EQ(result.grade, "C");  // 95 is an A by points, capped by the fatal accident
  EXPECT_TRUE(has_condition(result, "fatal"));
  const json written = write_submission(read_submission(filing));
  EXPECT_FALSE(written["incidents"][0].contains("scope"));  // written back as given: without one
}

TEST(BindSubmission, UnknownSeverityWhenTheSchemeListsThem) {
  json sub = submission({{"score", 90}});
  sub["incidents"] = json::array({incident("i-1", "2019-09-01", "local")});
  sub["incidents"][0]["severity"] = "catastrophic";
  EXPECT_TRUE(has_issue(submission_issues(scheme_from(base_scheme()), sub), "/incidents/0/severity",
                        "'catastrophic' is not an incident severity of scheme test"));
  // cn-2013 lists no severities: any is accepted (a local incident: full marks stand).
  json doc = full_cn2013_submission();
  doc["incidents"] = sub["incidents"];
  const Result result = assess_json(cn2013(), doc);
  EXPECT_EQ(result.total, fx("100"));
  EXPECT_EQ(result.grade, "A");
  EXPECT_FALSE(result.vetoed);
}

TEST(BindSubmission, UnknownPointId) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["quality_culture"] = "good";
  doc["targets"]["manufacturing_rate"] = 93;
  const auto issues = cn2013_issues(doc);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_TRUE(has_issue(issues, "/self_evaluation/quality_culture",
                        "'quality_culture' is not a point of scheme cn-2013"));
  EXPECT_TRUE(has_issue(issues, "/targets/manufacturing_rate", "is not a point of scheme cn-2013"));
}

TEST(BindSubmission, InnerNodeTakesNoValue) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["macro"] = "good";
  EXPECT_TRUE(
      has_issue(cn2013_issues(doc), "/self_evaluation/macro", "is an indicator made of other points"));
}

TEST(BindSubmission, NotALevel) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["development_plan"] = "superb";
  doc["verification"] = {{"brand_strategy", 4}};
  const auto issues = cn2013_issues(doc);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(message_at(issues, "/self_evaluation/development_plan"),
            "'superb' is not a level of development_plan (excellent, good, fair, poor, none)");
  EXPECT_EQ(message_at(issues, "/verification/brand_strategy"), "must be a level (a string), not a number");
}

// Messages are written once, in the core, in English and Chinese: a clerk sees the levels as the
// form shows them.
TEST(BindSubmission, ProblemsAreWordedInChineseToo) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["development_plan"] = "superb";
  doc["self_evaluation"]["manufacturing_pass_rate"] = 101;
  doc["verification"] = {{"no_such_point", "good"}};
  const auto issues = cn2013_issues(doc);
  ASSERT_EQ(issues.size(), 3u);
  const auto zh_at = [&](const std::string& path) {
    for (const Issue& issue : issues)
      if (issue.path == path) return issue.message_zh;
    return std::string("(none)");
  };
  EXPECT_EQ(zh_at("/self_evaluation/development_plan"),
            "'superb' 不是 质量发展规划制定与实施 (development_plan) 的等级，可选：优秀 (excellent)、良好 "
            "(good)、一般 (fair)、较差 "
            "(poor)、未开展 (none)");
  EXPECT_EQ(zh_at("/self_evaluation/manufacturing_pass_rate"), "应在 [0, 100] 之间，而不是 101");
  EXPECT_EQ(zh_at("/verification/no_such_point"), "'no_such_point' 不是考核方案 cn-2013 的指标");
}

// docs/scheme-language.md, "How cn-2013 is built": rates outside [0, 100] are input errors.
TEST(BindSubmission, RatesOutsideZeroToHundred) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["manufacturing_pass_rate"] = 101;
  doc["targets"]["agri_monitoring_pass_rate"] = -1;
  doc["verification"] = {{"construction_acceptance_rate", 100.5}};
  const auto issues = cn2013_issues(doc);
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(message_at(issues, "/self_evaluation/manufacturing_pass_rate"), "must be in [0, 100], not 101");
  EXPECT_EQ(message_at(issues, "/targets/agri_monitoring_pass_rate"), "must be in [0, 100], not -1");
  EXPECT_EQ(message_at(issues, "/verification/construction_acceptance_rate"),
            "must be in [0, 100], not 100.5");
  // The edges are fine: 100 meets manufacturing's target 93 → 15; 0 is 96 short of agri's target
  // 96, 96 × 3 = 288 off 15 → 0 (not below 0); total 100 − 15 = 85 → B.
  doc = full_cn2013_submission();
  doc["self_evaluation"]["manufacturing_pass_rate"] = 100;
  doc["self_evaluation"]["agri_monitoring_pass_rate"] = 0;
  const Result edges = assess_json(cn2013(), doc);
  EXPECT_EQ(node_points(edges, "manufacturing_pass_rate"), fx("15"));
  EXPECT_EQ(node_points(edges, "agri_monitoring_pass_rate"), fx("0"));
  EXPECT_EQ(edges.total, fx("85"));
  EXPECT_EQ(edges.grade, "B");
}

TEST(BindSubmission, WrongValueTypes) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["manufacturing_pass_rate"] = "93%";
  doc["targets"]["agri_monitoring_pass_rate"] = 95.12345;
  const auto issues = cn2013_issues(doc);
  EXPECT_EQ(message_at(issues, "/self_evaluation/manufacturing_pass_rate"), "must be a number, not a string");
  EXPECT_TRUE(has_issue(issues, "/targets/agri_monitoring_pass_rate", "has more than 4 decimal places"));
}

TEST(BindSubmission, TargetsAndPreviousOnlyForTargetPoints) {
  json doc = full_cn2013_submission();
  doc["targets"]["development_plan"] = 90;
  doc["previous"] = {{"brand_strategy", "good"}};
  const auto issues = cn2013_issues(doc);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(message_at(issues, "/targets/development_plan"),
            "'development_plan' is scored by levels, so it takes no target");
  EXPECT_EQ(message_at(issues, "/previous/brand_strategy"),
            "only points scored against a target take last year's value");
}

TEST(BindSubmission, SchemeMustMatch) {
  json doc = full_cn2013_submission();
  doc["scheme"] = "cn-2020";
  const auto issues = cn2013_issues(doc);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/scheme");
  EXPECT_NE(issues[0].message.find("for scheme 'cn-2020', but it is being assessed with 'cn-2013'"),
            std::string::npos);
  doc.erase("scheme");
  const Result result = assess_json(cn2013(), doc);
  EXPECT_EQ(result.total, fx("100"));
  EXPECT_EQ(result.grade, "A");
}

TEST(BindSubmission, EveryProblemAtOnce) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["development_plan"] = "superb";
  doc["self_evaluation"]["manufacturing_pass_rate"] = 101;
  doc["self_evaluation"]["nonexistent"] = 1;
  doc["incidents"] = json::array({incident("i-1", "2019-09-01", "national")});
  const auto issues = cn2013_issues(doc);
  EXPECT_EQ(issues.size(), 4u);
  const auto found = paths(issues);
  for (const std::string path :
       {"/self_evaluation/development_plan", "/self_evaluation/manufacturing_pass_rate",
        "/self_evaluation/nonexistent", "/incidents/0/scope"}) {
    EXPECT_NE(std::find(found.begin(), found.end(), path), found.end()) << path;
  }
}

TEST(BindSubmission, BoundValues) {
  json doc = full_cn2013_submission();
  doc["self_evaluation"]["development_plan"] = "良好";
  doc["verification"] = {{"development_plan", "fair"}};
  const Scheme& scheme = *cn2013();
  const BoundSubmission bound = bind_submission(scheme, read_submission(doc));
  ASSERT_EQ(bound.leaves.size(), 21u);
  EXPECT_EQ(bound.leaves[0].target, fx("93"));
  EXPECT_TRUE(bound.leaves[0].self.present);
  EXPECT_EQ(bound.leaves[0].self.number, fx("93"));
  EXPECT_FALSE(bound.leaves[0].verified.present);
  EXPECT_EQ(bound.leaves[3].self.level, 1);      // development_plan: good
  EXPECT_EQ(bound.leaves[3].verified.level, 2);  // fair
  EXPECT_FALSE(bound.leaves[3].target.has_value());
}

// The binder reads value sections from any SectionSource (the bindings read a Python dict in
// place): values given by another source, in another order, bind to the same values, and a
// problem is reported at the same place.
class ReversedSections final : public SectionSource {
 public:
  explicit ReversedSections(const Submission& submission) : submission_(submission) {}
  void for_each(ValueSection section, IssueList& issues, const Visit& visit) const override {
    std::vector<std::pair<std::string, json>> members;
    SubmissionSections(submission_).for_each(section, issues, [&](std::string_view id, const json& value) {
      members.emplace_back(std::string(id), value);
    });
    for (auto it = members.rbegin(); it != members.rend(); ++it) visit(it->first, it->second);
  }

 private:
  const Submission& submission_;
};

TEST(BindSubmission, AnySectionSourceBindsTheSameValues) {
  json doc = full_cn2013_submission();
  doc["verification"] = {{"development_plan", "fair"}};
  doc["previous"] = {{"manufacturing_pass_rate", 92.0}};
  const Scheme& scheme = *cn2013();
  const Submission submission = read_submission(doc);
  Submission rest = submission;  // its own sections are not read
  rest.self_evaluation.clear();
  rest.verification.clear();
  const BoundSubmission expected = bind_for_assessment(scheme, submission);
  const BoundSubmission bound = bind_for_assessment(scheme, rest, ReversedSections(submission));
  ASSERT_EQ(bound.leaves.size(), expected.leaves.size());
  for (std::size_t slot = 0; slot < bound.leaves.size(); ++slot) {
    const LeafInput& a = bound.leaves[slot];
    const LeafInput& b = expected.leaves[slot];
    EXPECT_EQ(a.self.present, b.self.present) << slot;
    EXPECT_EQ(a.self.number, b.self.number) << slot;
    EXPECT_EQ(a.self.level, b.self.level) << slot;
    EXPECT_EQ(a.verified.present, b.verified.present) << slot;
    EXPECT_EQ(a.verified.level, b.verified.level) << slot;
    EXPECT_EQ(a.target, b.target) << slot;
    EXPECT_EQ(a.previous, b.previous) << slot;
  }
  EXPECT_EQ(assess(cn2013(), bound).to_json(), assess(cn2013(), submission).to_json());

  json bad = doc;
  bad["self_evaluation"]["development_plan"] = "superb";
  const Submission bad_submission = read_submission(bad);
  const auto issues = issues_of<InputError>(
      [&] { bind_for_assessment(scheme, bad_submission, ReversedSections(bad_submission)); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/self_evaluation/development_plan");
}

// ---- cohorts ----------------------------------------------------------------------------------

Submission region(const std::string& code, const std::string& name, const json& changes) {
  json doc = full_cn2013_submission();
  doc["region"] = {{"code", code}, {"name", name}};
  for (const auto& [key, value] : changes.items()) doc[key] = value;
  return read_submission(doc);
}

// Errors from several regions are all reported, each prefixed with its region.
TEST(Cohort, ErrorsFromSeveralRegionsAreAllReported) {
  json bad_level = full_cn2013_submission()["self_evaluation"];
  bad_level["development_plan"] = "superb";
  const std::vector<Submission> regions = {
      region("110000", "北京市", json::object()),
      region("420000", "湖北省", {{"self_evaluation", bad_level}}),
      region("440000", "广东省", {{"incidents", json::array({incident("i-1", "2019-09-01", "national")})}}),
  };
  const auto issues = issues_of<InputError>([&] { assess_cohort(cn2013(), regions); });
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].path, "420000 湖北省 /self_evaluation/development_plan");
  EXPECT_EQ(issues[1].path, "440000 广东省 /incidents/0/scope");
  try {
    assess_cohort(cn2013(), regions);
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("invalid submissions (2 problems)"), std::string::npos);
  }
}

TEST(Cohort, ValidCohortAssessesEveryRegion) {
  const std::vector<Submission> regions = {region("110000", "北京市", json::object()),
                                           region("420000", "湖北省", {{"year", 2020}})};
  const auto results = assess_cohort(cn2013(), regions);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].region.code, "110000");
  EXPECT_EQ(results[1].year, 2020);
  EXPECT_FALSE(results[0].rank.has_value());  // graded by bands
  EXPECT_TRUE(assess_cohort(cn2013(), std::vector<Submission>{}).empty());
}

TEST(Cohort, BoundSubmissionsGradeAsSubmissionsDoAndRefuseARegionGivenTwice) {
  const std::vector<Submission> regions = {region("110000", "北京市", json::object()),
                                           region("420000", "湖北省", json::object())};
  const auto bind_each = [&](const std::vector<Submission>& submissions) {
    std::vector<BoundSubmission> bound;
    for (const Submission& s : submissions) bound.push_back(bind_for_assessment(*cn2013(), s));
    return bound;
  };
  const auto read = assess_cohort(cn2013(), regions);
  const auto from_bound = assess_cohort(cn2013(), bind_each(regions));
  ASSERT_EQ(from_bound.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(from_bound[i].to_json(), read[i].to_json());

  const std::vector<Submission> twice = {regions[0], regions[1], regions[0]};
  const auto issues = issues_of<InputError>([&] { assess_cohort(cn2013(), bind_each(twice)); });
  const auto expected = issues_of<InputError>([&] { assess_cohort(cn2013(), twice); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/submissions/2/region/code");
  EXPECT_EQ(
      issues[0].message,
      "region 110000 is given again for 2019 (first at /submissions/0): each region is assessed once a year");
  EXPECT_EQ(issues[0].message, expected[0].message);
  EXPECT_EQ(issues[0].message_zh, expected[0].message_zh);
}

}  // namespace
}  // namespace qa::testing
