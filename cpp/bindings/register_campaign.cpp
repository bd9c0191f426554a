// The campaign state machine (Art. 3, 6, 7, 9): the Python package keeps the journal in SQLite
// and replays it through these functions.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "py_json.hpp"
#include "qualityassess/announcement.hpp"
#include "qualityassess/campaign.hpp"
#include "qualityassess/errors.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

Action action_from(py::handle document) { return read_action(document_from(document, DocumentKind::other)); }

CivilDate date_from(const std::string& text) {
  if (auto date = CivilDate::parse(text)) return *date;
  throw InputError("bad date", {{"as_of", "'" + text + "' is not a date (YYYY-MM-DD)"}});
}

py::dict status_dict(const RegionStatus& status) {
  py::dict out;
  out["region"] = status.code;
  out["name"] = status.name;
  out["stage"] = stage_name(status.stage);
  out["grade"] = status.grade ? py::object(py::str(*status.grade)) : py::object(py::none());
  out["rectification_due"] = status.rectification_due
                                 ? py::object(py::str(status.rectification_due->to_string()))
                                 : py::object(py::none());
  out["rectification_overdue"] = status.rectification_overdue;
  out["days_overdue"] = status.days_overdue;
  return out;
}

}  // namespace

void register_campaign(py::module_& m) {
  py::class_<CampaignState>(m, "CampaignState", "A campaign's state, derived from its journal.")
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

  m.def(
      "campaign_normalize_action",
      [](py::handle document) { return from_json(write_action(action_from(document))); }, py::arg("action"),
      "Check an action's shape; returns it in canonical form.");
  m.def(
      "campaign_start", [](py::handle document) { return start_campaign(action_from(document)); },
      py::arg("create"));
  m.def(
      "campaign_apply",
      [](const CampaignState& state, py::handle document) {
        const Action action = action_from(document);
        py::gil_scoped_release release;
        CampaignState next = state;
        apply_action(next, action);
        return next;
      },
      py::arg("state"), py::arg("action"),
      "The state after `action`, or InputError saying why it is refused.");
  m.def(
      "campaign_replay",
      [](const std::vector<py::object>& documents) {
        std::vector<Action> journal;
        for (const py::object& document : documents) journal.push_back(action_from(document));
        py::gil_scoped_release release;
        return replay(journal);
      },
      py::arg("journal"));
  m.def(
      "campaign_results",
      [](const CampaignState& state) {
        py::gil_scoped_release release;
        return campaign_results(state);
      },
      py::arg("state"));
  m.def(
      "campaign_status",
      [](const CampaignState& state, const std::string& as_of) {
        std::vector<py::dict> out;
        for (const RegionStatus& status : campaign_status(state, date_from(as_of)))
          out.push_back(status_dict(status));
        return out;
      },
      py::arg("state"), py::arg("as_of"));
  m.def(
      "campaign_region_snapshot",
      [](const CampaignState& state, const std::string& code) {
        return from_json(region_snapshot(state, code));
      },
      py::arg("state"), py::arg("region"));
  m.def(
      "campaign_snapshot", [](const CampaignState& state) { return from_json(campaign_snapshot(state)); },
      py::arg("state"));
  m.def(
      "campaign_submission",
      [](const CampaignState& state, const std::string& code) {
        return from_json(write_submission(submission_of(state, state.region(code))));
      },
      py::arg("state"), py::arg("region"));
  m.def(
      "campaign_announcement",
      [](const CampaignState& state) { return from_json(build_announcement(state).to_json()); },
      py::arg("state"));
}

}  // namespace qa::bindings
