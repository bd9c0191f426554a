// The region hierarchy and roll-ups (region_tree.hpp, rollup.hpp; Art. 10). Rows come in as
// dicts of str (the Python facade reads the files and formats codes); every value that is not of
// the type wanted is reported at once with its place. The GIL is released only once the
// arguments are converted.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "qualityassess/errors.hpp"
#include "qualityassess/region_tree.hpp"
#include "qualityassess/rollup.hpp"
#include "registration.hpp"
#include "wording.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

const char* const kRowKeys[] = {"code", "name", "level", "parent", "location"};

std::string type_name(py::handle value) { return py::str(py::type::handle_of(value).attr("__name__")); }

// "must be a dict, not int" (应为 dict，而不是 int): the type given by its Python name.
Issue not_of_type(const std::string& path, const std::string& wanted_en, const std::string& wanted_zh,
                  py::handle value) {
  const std::string given = type_name(value);
  return {path, "must be " + wanted_en + ", not " + given, "应为" + wanted_zh + "，而不是 " + given};
}

// A str as UTF-8; an issue at `path` otherwise (None allowed when `optional`).
std::string text_at(py::handle value, const std::string& path, bool optional, std::vector<Issue>& issues) {
  if (optional && value.is_none()) return "";
  if (!py::isinstance<py::str>(value)) {
    issues.push_back(not_of_type(path, optional ? "a string or None" : "a string",
                                 optional ? "文字（str）或 None" : "文字（str）", value));
    return "";
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();
    issues.push_back(
        {path, "is not valid text (unpaired surrogate)", "不是有效的文字（含未配对的代理字符）"});
    return "";
  }
  return std::string(data, static_cast<std::size_t>(size));
}

std::vector<RegionRow> rows_from(const py::handle& rows) {
  if (!py::isinstance<py::list>(rows) && !py::isinstance<py::tuple>(rows)) {
    throw InputError("invalid region file",
                     {not_of_type("rows", "a list of dicts", "由 dict 组成的列表", rows)});
  }
  const auto sequence = py::reinterpret_borrow<py::sequence>(rows);
  if (sequence.size() > RegionTree::kMaxRegions) {
    const std::string count = std::to_string(sequence.size());
    const std::string limit = std::to_string(RegionTree::kMaxRegions);
    throw InputError("invalid region file", {{"", count + " regions; a region file holds at most " + limit,
                                              count + " 个地区；地区文件最多 " + limit + " 个地区"}});
  }
  std::vector<RegionRow> out;
  out.reserve(sequence.size());
  std::vector<Issue> issues;
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    const py::object item = sequence[i];
    const std::string place = "rows[" + std::to_string(i) + "]";
    if (!py::isinstance<py::dict>(item)) {
      issues.push_back(not_of_type(place, "a dict", " dict", item));
      continue;
    }
    const auto row = py::reinterpret_borrow<py::dict>(item);
    for (const auto& [key, value] : row) {
      (void)value;
      bool known = false;
      if (py::isinstance<py::str>(key)) {
        const std::string name = py::cast<std::string>(key);
        for (const char* wanted : kRowKeys) known = known || name == wanted;
      }
      if (!known) {
        const std::string shown = py::repr(key).cast<std::string>();
        issues.push_back({place, "unknown key " + shown, "未知的键 " + shown});
      }
    }
    const auto field = [&](const char* key, bool optional) {
      if (!row.contains(key)) {
        if (!optional)
          issues.push_back({place, std::string("no '") + key + "'", std::string("缺少 '") + key + "'"});
        return std::string();
      }
      return text_at(row[key], place + "/" + key, optional, issues);
    };
    out.push_back({field("code", false), field("name", false), field("level", true), field("parent", true),
                   field("location", true)});
    if (out.back().location.empty()) out.back().location = place;
  }
  if (!issues.empty()) throw InputError("invalid region file", issues);
  return out;
}

AdminLevel level_from(py::handle value, const std::string& place) {
  std::vector<Issue> issues;
  const std::string text = text_at(value, place, false, issues);
  if (!issues.empty()) throw InputError("invalid level", issues);
  return level_named(text, place, "invalid level");
}

std::optional<AdminLevel> optional_level(py::handle value, const std::string& place) {
  if (value.is_none()) return std::nullopt;
  return level_from(value, place);
}

std::string code_from(py::handle value) {
  std::vector<Issue> issues;
  std::string code = text_at(value, "code", false, issues);
  if (!issues.empty()) throw InputError("invalid region code", issues);
  return code;
}

py::object text_or_none(const std::string& text) {
  return text.empty() ? py::object(py::none()) : py::object(py::str(text));
}

py::dict entry_dict(const RegionEntry& entry) {
  py::dict out;
  out["code"] = entry.code;
  out["name"] = entry.name;
  out["level"] = admin_level_name(entry.level);
  out["parent"] = text_or_none(entry.parent);
  out["location"] = entry.location;
  return out;
}

py::object points_or_none(const std::optional<Fixed>& value) {
  return value ? py::object(py::float_(value->to_double())) : py::object(py::none());
}

py::dict rollup_dict(const Rollup& rollup) {
  py::dict out;
  out["scheme"] = std::const_pointer_cast<Scheme>(rollup.scheme);
  out["results_level"] = admin_level_name(rollup.results_level);
  out["level"] = admin_level_name(rollup.level);
  std::vector<std::string> grades;
  for (const GradeInfo& grade : rollup.scheme->grading.grades) grades.push_back(grade.id);
  out["grades"] = grades;
  py::list rows;
  for (const RollupRow& row : rollup.rows) {
    py::dict entry;
    entry["parent"] = row.parent;
    entry["name"] = row.parent_name;
    entry["expected"] = row.expected;
    entry["graded"] = row.graded;
    entry["grade_counts"] = row.grade_counts;
    entry["total_sum"] = row.total_sum.to_double();
    entry["mean_total"] = points_or_none(row.mean_total);
    entry["lowest_total"] = points_or_none(row.lowest_total);
    entry["lowest_region"] = text_or_none(row.lowest_region);
    entry["vetoed"] = row.vetoed;
    entry["misreporting"] = row.misreporting;
    entry["misreporting_findings"] = row.misreporting_findings;
    rows.append(entry);
  }
  out["rows"] = rows;
  return out;
}

py::dict roll_up_results(const RegionTree& tree, const py::handle& results, const py::handle& level) {
  if (!py::isinstance<py::list>(results) && !py::isinstance<py::tuple>(results)) {
    throw InputError("invalid roll-up",
                     {not_of_type("results", "a list of Result", "由 Result 组成的列表", results)});
  }
  const auto sequence = py::reinterpret_borrow<py::sequence>(results);
  std::vector<const Result*> pointers;
  pointers.reserve(sequence.size());
  std::vector<Issue> issues;
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    const py::object item = sequence[i];
    if (!py::isinstance<Result>(item)) {
      issues.push_back(not_of_type("results[" + std::to_string(i) + "]", "a Result", " Result", item));
      continue;
    }
    pointers.push_back(&py::cast<const Result&>(item));
  }
  if (!issues.empty()) throw InputError("invalid roll-up", issues);
  // By default the level directly above the results' (the first result in the tree decides;
  // roll_up refuses province results, and results that are not in the tree).
  std::optional<AdminLevel> to_level = optional_level(level, "level");
  if (!to_level) {
    for (const Result* result : pointers) {
      if (const RegionEntry* entry = tree.find(result->region.code)) {
        to_level = level_above(entry->level).value_or(AdminLevel::province);
        break;
      }
    }
  }
  Rollup rollup;
  {
    // `results` keeps the Result objects alive while the GIL is released.
    py::gil_scoped_release release;
    rollup = roll_up(tree, pointers, to_level.value_or(AdminLevel::province));
  }
  return rollup_dict(rollup);
}

}  // namespace

void register_regions(py::module_& m) {
  py::class_<RegionTree>(m, "RegionTree",
                         "The region hierarchy (provinces, prefectures, counties; GB/T 2260 codes), checked.")
      .def(py::init([](const py::handle& rows) {
             std::vector<RegionRow> converted = rows_from(rows);
             py::gil_scoped_release release;
             return std::make_unique<RegionTree>(converted);
           }),
           py::arg("rows"),
           "From dicts with code, name, level (or None), parent (or None) and location (or None); "
           "raises InputError listing every problem.")
      .def_property_readonly_static("max_regions", [](const py::object&) { return RegionTree::kMaxRegions; })
      .def("__len__", &RegionTree::size)
      .def("__contains__",
           [](const RegionTree& tree, const py::handle& code) {
             return py::isinstance<py::str>(code) && tree.contains(py::cast<std::string>(code));
           })
      .def(
          "find",
          [](const RegionTree& tree, const py::handle& code) -> py::object {
            const RegionEntry* entry = tree.find(code_from(code));
            return entry ? py::object(entry_dict(*entry)) : py::object(py::none());
          },
          py::arg("code"), "The entry as a dict (code, name, level, parent, location), or None.")
      .def(
          "entries",
          [](const RegionTree& tree) {
            py::list out;
            for (const RegionEntry& entry : tree.entries()) out.append(entry_dict(entry));
            return out;
          },
          "Every entry as a dict, in code order.")
      .def(
          "level",
          [](const RegionTree& tree, const py::handle& code) {
            return admin_level_name(tree.at(code_from(code)).level);
          },
          py::arg("code"))
      .def(
          "children",
          [](const RegionTree& tree, const py::handle& code) { return tree.children(code_from(code)); },
          py::arg("code"), "Codes directly under `code`, in code order.")
      .def(
          "descendants",
          [](const RegionTree& tree, const py::handle& code, const py::handle& level) {
            return tree.descendants(code_from(code), optional_level(level, "level"));
          },
          py::arg("code"), py::arg("level") = py::none(),
          "Codes below `code` (at `level` if given), in code order.")
      .def(
          "ancestors",
          [](const RegionTree& tree, const py::handle& code) { return tree.ancestors(code_from(code)); },
          py::arg("code"), "Parent, grandparent, ...: nearest first.")
      .def(
          "ancestor_at",
          [](const RegionTree& tree, const py::handle& code, const py::handle& level) {
            return tree.ancestor_at(code_from(code), level_from(level, "level"));
          },
          py::arg("code"), py::arg("level"), "The ancestor's code at `level`, or None.")
      .def(
          "at_level",
          [](const RegionTree& tree, const py::handle& level, const py::handle& under) {
            std::optional<std::string> root;
            if (!under.is_none()) root = code_from(under);
            return tree.at_level(level_from(level, "level"), root);
          },
          py::arg("level"), py::arg("under") = py::none(),
          "Codes at `level` in code order; with `under`, only in its part of the tree (itself included).");

  m.def("roll_up", &roll_up_results, py::arg("tree"), py::arg("results"), py::arg("level") = py::none(),
        "Results (a list of Result) rolled up to `level` (default: the level above theirs) as a dict: "
        "scheme, results_level, level, grades and one row dict per region at `level`.");
}

}  // namespace qa::bindings
