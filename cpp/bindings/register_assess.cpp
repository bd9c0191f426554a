#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <vector>

#include "py_json.hpp"
#include "qualityassess/assess.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/misreporting.hpp"
#include "qualityassess/submission.hpp"
#include "registration.hpp"
#include "submission_dict.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

Submission submission_from(py::handle document) {
  return read_submission(document_from(document, DocumentKind::submission));  // moves out of the document
}

}  // namespace

void register_assess(py::module_& m) {
  py::class_<Submission>(m, "Submission", "One region's submission, checked for structure.")
      .def_static("from_document", &submission_from, py::arg("document"))
      .def_property_readonly("region_code", [](const Submission& s) { return s.region.code; })
      .def_property_readonly("region_name", [](const Submission& s) { return s.region.name; })
      .def_property_readonly("year", [](const Submission& s) { return s.year; })
      .def("to_document", [](const Submission& s) { return from_json(write_submission(s)); });

  py::class_<Result>(m, "Result", "The outcome of assessing one region.")
      .def_property_readonly("total", [](const Result& r) { return r.total.to_double(); })
      .def_property_readonly("grade", [](const Result& r) { return r.grade; })
      .def_property_readonly("grade_before_conditions",
                             [](const Result& r) { return r.grade_before_conditions; })
      .def_property_readonly("vetoed", [](const Result& r) { return r.vetoed; })
      .def_property_readonly("rank", [](const Result& r) { return r.rank; })
      .def_property_readonly("region_code", [](const Result& r) { return r.region.code; })
      .def_property_readonly("region_name", [](const Result& r) { return r.region.name; })
      .def_property_readonly("year", [](const Result& r) { return r.year; })
      .def_property_readonly("scheme",
                             [](const Result& r) { return std::const_pointer_cast<Scheme>(r.scheme); })
      // Points per node id and the number of findings without building the whole Result
      // document: a report or ranking of 100,000 regions reads these for every region.
      .def_property_readonly("node_points",
                             [](const Result& r) {
                               py::dict out;
                               for (std::size_t i = 0; i < r.node_points.size(); ++i)
                                 out[py::str(r.scheme->nodes[i].id)] = r.node_points[i].to_double();
                               return out;
                             })
      .def_property_readonly("finding_count", [](const Result& r) { return r.findings.size(); })
      .def("to_document", [](const Result& r) { return from_json(r.to_json()); })
      .def(
          "to_json_text", [](const Result& r, int indent) { return r.to_json().dump(indent, ' ', false); },
          py::arg("indent") = 2)
      .def(
          "explain", [](const Result& r, const std::string& lang) { return r.explain(parse_lang(lang)); },
          py::arg("lang") = "zh");

  m.def(
      "is_misreporting",
      [](const std::string& kind) {
        const std::optional<FindingKind> parsed = parse_finding_kind(kind);
        if (!parsed)
          throw InputError("unknown finding kind",
                           {{"kind", "'" + kind + "' is not a finding kind", "'" + kind + "' 不是问题类型"}});
        return is_misreporting(*parsed);
      },
      py::arg("kind"), "Art. 9: is a finding of this kind misreporting (overstated or concealed)?");

  // Arguments are converted first, then the GIL is released for the assessment itself.
  m.def(
      "assess",
      [](const std::shared_ptr<Scheme>& scheme, const Submission& submission) {
        py::gil_scoped_release release;
        return assess(scheme, submission);
      },
      py::arg("scheme"), py::arg("submission"));
  m.def(
      "assess_document",
      // A dict is bound in place, with the GIL held as it is read; anything else, or a dict with
      // a problem, is read whole first (submission_dict.hpp). The assessment runs without the GIL.
      // The Result is made where pybind keeps it (a new-expression of assess's prvalue), not
      // moved there: a Result is ten vectors and strings.
      [](const std::shared_ptr<Scheme>& scheme, py::handle document) {
        if (std::optional<BoundSubmission> bound = bind_dict_in_place(*scheme, document)) {
          py::gil_scoped_release release;
          return std::unique_ptr<Result>(new Result(assess(scheme, std::move(*bound))));
        }
        const Submission submission = submission_from(document);
        py::gil_scoped_release release;
        return std::unique_ptr<Result>(new Result(assess(scheme, submission)));
      },
      py::arg("scheme"), py::arg("document"),
      "Assess one submission document (a dict, or JSON text); the same as assess(scheme, "
      "Submission.from_document(document)).");
  m.def(
      "assess_documents",
      // Each dict bound in place, as assess_document binds one; at the first that is not a dict
      // or has a problem, every document is read the general way (Submission.from_document, then
      // assess_cohort), which names every problem as it always has.
      [](const std::shared_ptr<Scheme>& scheme, const py::list& documents) {
        std::vector<BoundSubmission> bound;
        bound.reserve(documents.size());
        for (py::handle document : documents) {
          std::optional<BoundSubmission> one = bind_dict_in_place(*scheme, document);
          if (!one) break;
          bound.push_back(std::move(*one));
        }
        if (bound.size() == documents.size()) {
          py::gil_scoped_release release;
          return assess_cohort(scheme, std::move(bound));
        }
        bound.clear();
        std::vector<Submission> submissions;
        submissions.reserve(documents.size());
        for (py::handle document : documents) submissions.push_back(submission_from(document));
        py::gil_scoped_release release;
        return assess_cohort(scheme, submissions);
      },
      py::arg("scheme"), py::arg("documents"),
      "Assess submission documents (dicts or JSON texts) together; the same as assess_cohort of "
      "each read with Submission.from_document.");
  m.def(
      "check_submissions",
      [](const std::shared_ptr<Scheme>& scheme, const SubmissionRefs& submissions) {
        py::gil_scoped_release release;
        check_submissions(*scheme, submissions);
      },
      py::arg("scheme"), py::arg("submissions"),
      "Check submissions against a scheme as assess_cohort does, without assessing; raises InputError.");
  m.def(
      "assess_cohort",
      // By reference: the list's Submissions are read in place (a copy each cost as much as
      // assessing it).
      [](const std::shared_ptr<Scheme>& scheme, const SubmissionRefs& submissions) {
        py::gil_scoped_release release;
        return assess_cohort(scheme, submissions);
      },
      py::arg("scheme"), py::arg("submissions"));
}

}  // namespace qa::bindings
