// Reading a submission document's structure (read_submission), written once over a view of the
// document (json_reader.hpp): submission.cpp instantiates it for JSON, the bindings for a Python
// dict read in place (submission_dict.cpp), so both doors check the same things in the same words
// (docs/architecture.md, "One input door").
//
// `Source` says what becomes of the values kept as given (meta) and of the value sections:
//   json take(const Node& value, int depth)  // a value kept as given, at its depth in the document
//   ValueMap value_map(ValueSection section, const Node& object)
#pragma once

#include <set>
#include <string>

#include "json_reader.hpp"
#include "json_reader_impl.hpp"
#include "qualityassess/civil_date.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "qualityassess/submission.hpp"
#include "qualityassess/text.hpp"

namespace qa::detail {

inline std::string region_heading(const Region& region) {
  std::string heading = "submission";
  if (!region.code.empty()) heading += " " + region.code;
  if (!region.name.empty()) heading += " " + region.name;
  return heading;
}

template <class View>
std::optional<CivilDate> read_date(BasicObjectReader<View>& reader, const std::string& key) {
  auto text = reader.string(key, false);
  if (!text) return std::nullopt;
  auto date = CivilDate::parse(*text);
  if (!date) {
    reader.issues().add(reader.path_of(key), "'" + *text + "' is not a date (YYYY-MM-DD)",
                        "'" + *text + "' 不是日期（应为 YYYY-MM-DD）");
  }
  return date;
}

template <class View>
FilingDates read_filing_dates(BasicObjectReader<View>& top) {
  FilingDates filed;
  const auto* value = top.object("filed", false);
  if (value == nullptr) return filed;
  BasicObjectReader<View> reader(*value, top.path_of("filed"), top.issues());
  filed.targets = read_date(reader, "targets");
  filed.self_evaluation = read_date(reader, "self_evaluation");
  if (const auto* missing = reader.array("not_submitted", false)) {
    for (std::size_t i = 0; i < View::size(*missing); ++i) {
      const auto& step = View::at(*missing, i);
      const auto path = [&] { return pointer_child(reader.path_of("not_submitted"), i); };
      std::optional<std::string_view> text;
      if (View::is_string(step)) text = View::text(step, reader.issues(), path);
      if (text && (*text == "targets" || *text == "self_evaluation")) {
        filed.not_submitted.emplace_back(*text);
      } else if (View::is_string(step) && !text) {
        continue;  // the view named the problem
      } else {
        reader.issues().add(path(), "must be 'targets' or 'self_evaluation'",
                            "应为 'targets' 或 'self_evaluation'");
      }
    }
  }
  reader.reject_unknown_keys();
  return filed;
}

template <class View>
std::map<std::string, std::string> read_evidence(BasicObjectReader<View>& top) {
  std::map<std::string, std::string> evidence;
  const auto* value = top.object("evidence", false);
  if (value == nullptr) return evidence;
  View::for_each_member(*value, top.issues(), [&](std::string_view key, const auto& text) {
    const auto path = [&] { return pointer_child(top.path_of("evidence"), key); };
    if (!View::is_string(text)) {
      top.issues().add(path(), "must be a text, not " + View::type_name(text),
                       "应为文字，而不是" + View::type_name_zh(text));
      return;
    }
    if (const std::optional<std::string_view> found = View::text(text, top.issues(), path))
      evidence.emplace(std::string(key), std::string(*found));
  });
  return evidence;
}

template <class View, class Source>
ValueMap read_value_map(BasicObjectReader<View>& top, const char* key, ValueSection section, Source& source) {
  const auto* object = top.object(key, false);
  if (object == nullptr) return {};
  return source.value_map(section, *object);
}

template <class View, class Source>
Incident read_incident(const typename View::Node& value, const std::string& path, IssueList& issues,
                       Source& source) {
  Incident incident;
  BasicObjectReader<View> reader(value, path, issues);
  if (!reader.ok()) return incident;
  incident.id = reader.single_line("id", true).value_or("");
  if (auto date = reader.string("date", true)) {
    if (auto parsed = CivilDate::parse(*date)) {
      incident.date = *parsed;
    } else {
      issues.add(reader.path_of("date"), "'" + *date + "' is not a date (YYYY-MM-DD)",
                 "'" + *date + "' 不是日期（应为 YYYY-MM-DD）");
    }
  }
  // Required only by a scheme that lists incident scopes (bind_incidents): others have none.
  incident.scope = reader.string("scope", false).value_or("");
  incident.severity = reader.string("severity", false).value_or("");
  incident.deaths = reader.integer("deaths", false, 0, 1000000000).value_or(0);
  incident.reported_in_self_evaluation = reader.boolean("reported_in_self_evaluation", false).value_or(true);
  incident.summary = reader.string("summary", false, true).value_or("");
  incident.evidence = reader.string("evidence", false, true).value_or("");
  // The root is at depth 1, /incidents at 2, an incident at 3, its meta at 4.
  if (const auto* meta = reader.get("meta", false)) incident.meta = source.take(*meta, 4);
  reader.reject_unknown_keys();
  return incident;
}

// The submission of `document`, or InputError naming every structural problem. The caller has
// checked a JSON document as a whole (check_document); a view that reads anything else checks
// what it gives as it gives it.
template <class View, class Source>
Submission read_submission_document(const typename View::Node& document, Source& source) {
  IssueList issues;
  Submission submission;
  BasicObjectReader<View> top(document, "", issues);
  if (!top.ok()) issues.throw_if_any<InputError>("invalid submission");
  if (const auto* region = top.object("region", true)) {
    BasicObjectReader<View> reader(*region, "/region", issues);
    submission.region.code = reader.single_line("code", true).value_or("");
    if (const std::string problem = region_code_problem(submission.region.code); !problem.empty())
      issues.add("/region/code", problem, region_code_problem_zh(submission.region.code));
    submission.region.name = reader.single_line("name", false, true).value_or("");
    reader.reject_unknown_keys();
  }
  submission.year =
      static_cast<int>(top.integer("year", true, kMinAssessmentYear, kMaxAssessmentYear).value_or(0));
  submission.scheme = top.string("scheme", false).value_or("");
  submission.targets = read_value_map(top, "targets", ValueSection::targets, source);
  submission.self_evaluation = read_value_map(top, "self_evaluation", ValueSection::self_evaluation, source);
  submission.verification = read_value_map(top, "verification", ValueSection::verification, source);
  submission.previous = read_value_map(top, "previous", ValueSection::previous, source);
  submission.adjustments = read_value_map(top, "adjustments", ValueSection::adjustments, source);
  submission.filed = read_filing_dates(top);
  submission.evidence = read_evidence(top);
  const auto* incidents = top.array("incidents", false);
  if (incidents != nullptr && View::size(*incidents) > kMaxIncidents) {
    const std::size_t count = View::size(*incidents);
    issues.add(
        "/incidents",
        std::to_string(count) + " incidents; at most " + std::to_string(kMaxIncidents) +
            " are read in one submission",
        "共 " + std::to_string(count) + " 个事件；一份材料最多读取 " + std::to_string(kMaxIncidents) + " 个");
  } else if (incidents != nullptr) {
    std::set<std::string> ids;  // a single incident, the most common case, needs none
    const bool several = View::size(*incidents) > 1;
    for (std::size_t i = 0; i < View::size(*incidents); ++i) {
      const std::string path = pointer_child("/incidents", i);
      Incident incident = read_incident<View>(View::at(*incidents, i), path, issues, source);
      if (several && !incident.id.empty() && !ids.insert(incident.id).second) {
        issues.add(path + "/id", "duplicate incident id '" + incident.id + "'",
                   "事件编号 '" + incident.id + "' 重复");
      }
      submission.incidents.push_back(std::move(incident));
    }
  }
  if (const auto* meta = top.get("meta", false)) submission.meta = source.take(*meta, 2);
  top.reject_unknown_keys();
  if (!issues.empty()) issues.throw_if_any<InputError>(region_heading(submission.region));
  return submission;
}

}  // namespace qa::detail
