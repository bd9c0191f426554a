// The campaign state machine (Art. 3, 6, 7, 9), bound as the submodule _core.campaign: the Python
// package keeps the journal in SQLite and replays it through these functions.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "py_json.hpp"
#include "qualityassess/announcement.hpp"
#include "qualityassess/campaign.hpp"
#include "qualityassess/campaign_state_io.hpp"
#include "qualityassess/campaign_status.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "registration.hpp"
#include "wording.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

Action action_from(py::handle document) { return read_action(document_from(document, DocumentKind::other)); }

CivilDate date_from(const std::string& text) {
  if (auto date = CivilDate::parse(text)) return *date;
  throw InputError("bad date", {not_a_date("as_of", text)});
}

// Each warning as (English line, Chinese line): "420000 file_targets: targets dated ...".
std::vector<std::pair<std::string, std::string>> issue_lines(const std::vector<Issue>& issues) {
  std::vector<std::pair<std::string, std::string>> lines;
  for (const Issue& issue : issues) {
    lines.emplace_back(issue.path + ": " + issue.message,
                       issue.path + ": " + (issue.message_zh.empty() ? issue.message : issue.message_zh));
  }
  return lines;
}

}  // namespace

void register_campaign(py::module_& m) {
  // A submodule of its own, `_core.campaign`, its names without a `campaign_` prefix.
  py::module_ campaign = m.def_submodule(
      "campaign",
      "The assessment year's state machine (Art. 3, 6, 7, 9); qualityassess.campaign keeps its journal.");
  py::class_<CampaignState>(campaign, "State", "A campaign's state, derived from its journal.")
      .def_property_readonly("year", [](const CampaignState& s) { return s.year; })
      .def_property_readonly("phase", [](const CampaignState& s) { return phase_name(s.phase); })
      .def_property_readonly("actions", [](const CampaignState& s) { return s.actions; })
      .def_property_readonly("scheme",
                             [](const CampaignState& s) { return std::const_pointer_cast<Scheme>(s.scheme); })
      .def_property_readonly("region_codes", [](const CampaignState& s) {
        std::vector<std::string> codes;
        for (const RegionRecord& record : s.regions) codes.push_back(record.region.code);
        return codes;
      });

  campaign.def(
      "normalize_action", [](py::handle document) { return from_json(write_action(action_from(document))); },
      py::arg("action"), "Check an action's shape; returns it in canonical form.");
  campaign.def(
      "start", [](py::handle document) { return start_campaign(action_from(document)); }, py::arg("create"));
  campaign.def(
      "apply",
      [](CampaignState& state, py::handle document) {
        const Action action = action_from(document);
        std::vector<Issue> warnings;
        {
          py::gil_scoped_release release;
          warnings = apply_action(state, action);
        }
        return issue_lines(warnings);
      },
      py::arg("state"), py::arg("action"),
      "Apply `action` to `state` in place and return its warnings (a deadline missed) as (English, "
      "Chinese) lines, or raise InputError saying why it is refused, leaving `state` as it was.");
  campaign.def(
      "part_text", [](const CampaignState& state) { return py::bytes(write_campaign_part(state).dump()); },
      py::arg("state"),
      "The campaign's own part (all but the regions) as compact JSON, kept current in the file.");
  campaign.def(
      "region_texts",
      [](const CampaignState& state) {
        std::vector<std::pair<std::string, std::string>> texts;
        {
          py::gil_scoped_release release;
          for (const RegionRecord& record : state.regions)
            texts.emplace_back(record.region.code, region_snapshot(state, record.region.code).dump());
        }
        std::vector<std::pair<std::string, py::bytes>> out;
        for (auto& [code, text] : texts) out.emplace_back(code, py::bytes(text));
        return out;
      },
      py::arg("state"), "Every region's record as compact JSON, in the campaign's order.");
  campaign.def(
      "state_from_parts",
      [](const std::string& campaign, const std::vector<std::string>& regions, long actions) {
        py::gil_scoped_release release;
        IssueList issues;
        nlohmann::json campaign_document = parse_document(campaign, issues);
        std::vector<nlohmann::json> region_documents;
        region_documents.reserve(regions.size());
        for (const std::string& text : regions) region_documents.push_back(parse_document(text, issues));
        issues.throw_if_any<InputError>("damaged campaign state");
        return read_campaign_parts(std::move(campaign_document), std::move(region_documents), actions);
      },
      py::arg("campaign"), py::arg("regions"), py::arg("actions"),
      "The state the file's current parts hold; InputError when they do not read back.");
  campaign.def(
      "state_text",
      [](const CampaignState& state) {
        std::string text;
        {
          py::gil_scoped_release release;
          text = write_campaign_state(state).dump();
        }
        return py::bytes(text);
      },
      py::arg("state"), "The whole state as one compact JSON document (UTF-8 bytes).");
  campaign.def(
      "state_from_text",
      [](const std::string& text) {
        py::gil_scoped_release release;
        IssueList issues;
        nlohmann::json document = parse_document(text, issues);
        issues.throw_if_any<InputError>("damaged campaign state");
        return read_campaign_state(std::move(document));
      },
      py::arg("text"), "The state a whole-state document holds; InputError when it does not read back.");
  campaign.def(
      "has_region",
      [](const CampaignState& state, const std::string& code) { return state.region_index.count(code) > 0; },
      py::arg("state"), py::arg("region"));
  campaign.def(
      "state_diff",
      [](const CampaignState& a, const CampaignState& b) {
        return from_json(nlohmann::json::diff(write_campaign_state(a), write_campaign_state(b)));
      },
      py::arg("a"), py::arg("b"), "Where two states differ, as a JSON Patch from a to b (empty when equal).");
  campaign.def(
      "replay",
      [](const std::vector<py::object>& documents) {
        std::vector<Action> journal;
        for (const py::object& document : documents) journal.push_back(action_from(document));
        py::gil_scoped_release release;
        return replay(journal);
      },
      py::arg("journal"));
  campaign.def(
      "results",
      [](const CampaignState& state) {
        py::gil_scoped_release release;
        return *campaign_results(state);
      },
      py::arg("state"));
  campaign.def(
      "status",
      [](const CampaignState& state, const std::string& as_of) {
        return from_json(status_json(campaign_status(state, date_from(as_of))));
      },
      py::arg("state"), py::arg("as_of"),
      "The campaign's deadlines and each region's position on `as_of` (Art. 6, 7).");
  campaign.def(
      "region_snapshot",
      [](const CampaignState& state, const std::string& code) {
        return from_json(region_snapshot(state, code));
      },
      py::arg("state"), py::arg("region"));
  campaign.def(
      "snapshot", [](const CampaignState& state) { return from_json(campaign_snapshot(state)); },
      py::arg("state"));
  campaign.def(
      "submission",
      [](const CampaignState& state, const std::string& code) {
        return from_json(write_submission(submission_of(state, state.region(code))));
      },
      py::arg("state"), py::arg("region"));
  campaign.def(
      "announcement",
      [](const CampaignState& state) { return from_json(build_announcement(state).to_json()); },
      py::arg("state"));
}

}  // namespace qa::bindings
