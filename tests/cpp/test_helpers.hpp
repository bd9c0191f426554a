// Shared helpers for the GoogleTest suite of qa_core: small scheme documents built as JSON,
// cn-2013 submissions with every point filled in, and shortcuts for assessing and for looking
// at errors and results.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "qualityassess/assess.hpp"
#include "qualityassess/builtin_schemes.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/result.hpp"
#include "qualityassess/scheme.hpp"
#include "qualityassess/scheme_io.hpp"
#include "qualityassess/submission.hpp"

namespace qa {
// Readable values in GoogleTest failure messages.
inline void PrintTo(const Fixed& value, std::ostream* os) { *os << value.to_string(); }
}  // namespace qa

namespace qa::testing {

using nlohmann::json;

// ---- numbers --------------------------------------------------------------------------------

// An exact Fixed from decimal text ("89.99", "-0.125"): no double on the way.
Fixed fx(const std::string& text);

// ---- schemes --------------------------------------------------------------------------------

// A minimal valid scheme: one `direct` leaf "score" of 100 points, bands A >= 90, B >= 80,
// C >= 60, else D; the standard level set; incident scopes local / regional / systemic and
// severities minor / major; no conditions and no consequences. Tests change what they need.
json base_scheme();

// A scheme whose only node is the leaf "leaf" with `rule` and `points`; the total's maximum is
// `points`, graded "pass" at full points, else "fail".
json one_leaf_scheme(const json& rule, double points);

// A 100-point scheme with two `direct` leaves "a" (10 points) and "b" (90 points) under one
// root "root" (sum), graded A/B/C/D as in cn-2013.
json two_leaf_scheme();

// A condition object for a scheme document.
json condition(const std::string& id, const json& trigger, const json& effect, bool veto = false);

SchemePtr scheme_from(const json& document);
SchemePtr cn2013();

// ---- submissions ----------------------------------------------------------------------------

// The 21 leaf ids of cn-2013 in pre-order (3 targets, then 18 measures).
const std::vector<std::string>& cn2013_leaf_ids();
const std::vector<std::string>& cn2013_level_leaf_ids();

// A cn-2013 submission for Hubei (420000), assessment year 2019, with every leaf filled in and
// scoring full points: targets 93.0 / 95.0 / 98.0 met exactly, every measure "excellent".
json full_cn2013_submission();

// A submission document for region 420000, year 2019, with the given sections.
json submission(const json& self_evaluation, const json& targets = json::object());

// An incident object for a submission.
json incident(const std::string& id, const std::string& date, const std::string& scope, bool reported = true);

// ---- assessing ------------------------------------------------------------------------------

Result assess_json(const SchemePtr& scheme, const json& submission_document);
// A one-leaf `direct` scheme's result for the given points of "score" in base_scheme().
Result assess_direct(const SchemePtr& scheme, const std::string& points);

Fixed node_points(const Result& result, const std::string& node_id);
const LeafOutcome& leaf_outcome(const Result& result, const std::string& leaf_id);
// How the leaf was scored (Result::leaf_how), by the leaf's id.
Text leaf_how(const Result& result, const std::string& leaf_id);
int count_findings(const Result& result, FindingKind kind);
bool has_finding(const Result& result, FindingKind kind, const std::string& leaf_or_incident);
bool has_condition(const Result& result, const std::string& id);
const ConditionNotApplied* not_applied(const Result& result, const std::string& id);
// Why the condition `id` was not applied (English), or "<applied or unknown>".
std::string why_not(const Result& result, const std::string& id);
std::vector<std::string> consequence_ids(const Result& result);

// ---- errors ---------------------------------------------------------------------------------

// Runs `action`, which must throw E; returns the issues of the error (fails the test otherwise).
template <class E>
std::vector<Issue> issues_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const E& error) {
    return error.issues();
  }
  ADD_FAILURE() << "expected an exception, none (or another type) was thrown";
  return {};
}

std::vector<Issue> scheme_issues(const json& document);
std::vector<Issue> submission_issues(const SchemePtr& scheme, const json& submission_document);

std::vector<std::string> paths(const std::vector<Issue>& issues);
// The message at `path`, or "" when no issue has that path.
std::string message_at(const std::vector<Issue>& issues, const std::string& path);
bool has_issue(const std::vector<Issue>& issues, const std::string& path, const std::string& message_part);

}  // namespace qa::testing
