#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/typing.h>

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "py_json.hpp"
#include "qualityassess/builtin_schemes.hpp"
#include "qualityassess/scheme_io.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

// Typed containers so that the generated _core.pyi says what they hold.
using TextDict = py::typing::Dict<py::str, py::str>;
using NodeList = py::typing::List<py::typing::Dict<py::str, py::object>>;

TextDict text_dict(const Text& text) {
  TextDict out;
  out["zh"] = text.zh;
  out["en"] = text.en;
  return out;
}

NodeList node_list(const Scheme& scheme) {
  NodeList nodes;
  for (const Node& node : scheme.nodes) {
    py::dict entry;
    entry["id"] = node.id;
    entry["name"] = text_dict(node.name);
    entry["number"] = node.number;
    entry["points"] = node.points.to_double();
    entry["depth"] = node.depth;
    entry["parent"] = node.parent < 0
                          ? py::object(py::none())
                          : py::object(py::str(scheme.nodes[static_cast<std::size_t>(node.parent)].id));
    entry["is_leaf"] = node.is_leaf();
    entry["informational"] = node.informational;
    entry["rule"] = node.rule ? py::object(py::str(rule_type_name(*node.rule))) : py::object(py::none());
    nodes.append(entry);
  }
  return nodes;
}

}  // namespace

void register_scheme(py::module_& m) {
  py::class_<Scheme, std::shared_ptr<Scheme>>(m, "Scheme", "An immutable, validated scheme.")
      .def_static(
          "builtin",
          [](const std::string& id) { return std::const_pointer_cast<Scheme>(builtin_scheme(id)); },
          py::arg("id"))
      .def_static(
          "from_document",
          [](py::handle document, const std::string& origin_file) {
            const nlohmann::json parsed = document_from(document, DocumentKind::scheme);
            py::gil_scoped_release release;
            return std::const_pointer_cast<Scheme>(read_scheme(parsed, origin_file));
          },
          py::arg("document"), py::arg("origin_file") = "",
          "Read a scheme from a JSON string or a dict; raises SchemeError. `origin_file` is the file "
          "the document came from: a derived scheme's `extends` finds base files beside it.")
      .def_property_readonly("id", [](const Scheme& s) { return s.id; })
      .def_property_readonly("name", [](const Scheme& s) { return text_dict(s.name); })
      .def_property_readonly("version", [](const Scheme& s) { return s.version; })
      .def_property_readonly("derived_from",
                             [](const Scheme& s) -> std::optional<std::pair<std::string, std::string>> {
                               if (s.derived_from_id.empty()) return std::nullopt;
                               return std::make_pair(s.derived_from_id, s.derived_from_version);
                             })
      .def_property_readonly("max_total", [](const Scheme& s) { return s.max_total.to_double(); })
      .def_property_readonly("grades",
                             [](const Scheme& s) {
                               std::vector<std::string> grades;
                               for (const GradeInfo& g : s.grading.grades) grades.push_back(g.id);
                               return grades;
                             })
      .def_property_readonly("leaf_ids",
                             [](const Scheme& s) {
                               std::vector<std::string> ids;
                               for (int leaf : s.leaves)
                                 ids.push_back(s.nodes[static_cast<std::size_t>(leaf)].id);
                               return ids;
                             })
      .def("nodes", [](const Scheme& s) { return node_list(s); })
      .def("to_document", [](const Scheme& s) { return from_json(write_scheme(s)); })
      .def(
          "to_json_text",
          [](const Scheme& s, int indent) { return write_scheme(s).dump(indent, ' ', false); },
          py::arg("indent") = 2);

  m.def("builtin_scheme_ids", &builtin_scheme_ids);
  m.def("not_a_level_message", &not_a_level_message, py::arg("shown"), py::arg("leaf_id"),
        py::arg("level_ids"),
        "The refusal of a value that is not one of a leaf's levels, as every reader words it.");
  m.def(
      "not_a_level_message_zh",
      [](std::string_view shown, const std::string& leaf_id, const std::string& leaf_name_zh,
         const std::vector<std::tuple<std::string, std::string, std::string>>& levels) {
        std::vector<Level> given;
        for (const auto& [id, zh, en] : levels) given.push_back({id, {zh, en}, Fixed()});
        return not_a_level_message_zh(shown, leaf_id, leaf_name_zh, given);
      },
      py::arg("shown"), py::arg("leaf_id"), py::arg("leaf_name_zh"), py::arg("levels"),
      "not_a_level_message in Chinese, the point by its Chinese name (its id when that is empty) "
      "and each level given as (id, zh label, en label) and shown as the form shows it: \"'superb' "
      "不是 质量发展规划 (development_plan) 的等级，可选：优秀 (excellent)、…\".");
  m.def("builtin_scheme_document", &builtin_scheme_document, py::arg("id"));
}

}  // namespace qa::bindings
