// NumPy columns -> qa::BatchInputs (columns.hpp).
#include "columns.hpp"

#include <algorithm>

namespace py = pybind11;

namespace qa::bindings {
namespace {

constexpr auto kFlags = py::array::c_style | py::array::forcecast;
using DoubleArray = py::array_t<double, kFlags>;
using Int8Array = py::array_t<std::int8_t, kFlags>;
using Int32Array = py::array_t<std::int32_t, kFlags>;
using Int64Array = py::array_t<std::int64_t, kFlags>;
using UInt8Array = py::array_t<std::uint8_t, kFlags>;

// Arrays converted from the arguments, kept alive while the core reads them.
struct Held {
  Converted& out;

  template <class Array>
  const typename Array::value_type* take(py::handle value, const std::string& name, std::size_t rows,
                                         std::size_t width, bool matrix) {
    Array array;
    try {
      array = Array::ensure(value);
    } catch (const py::error_already_set&) {
      array = Array();
    }
    if (!array) {
      PyErr_Clear();
      out.issues.push_back(
          {"column '" + name + "'", "cannot be read as an array of numbers", "无法读作数字数组"});
      return nullptr;
    }
    const bool shape_ok = matrix ? (array.ndim() == 2 && static_cast<std::size_t>(array.shape(0)) == rows &&
                                    static_cast<std::size_t>(array.shape(1)) == width)
                                 : (array.ndim() == 1 && static_cast<std::size_t>(array.shape(0)) == rows);
    if (!shape_ok) {
      std::string want = matrix ? "(" + std::to_string(rows) + ", " + std::to_string(width) + ")"
                                : "(" + std::to_string(rows) + ",)";
      out.issues.push_back(
          {"column '" + name + "'", "has the wrong shape: want " + want, "形状不对：应为 " + want});
      return nullptr;
    }
    out.arrays.push_back(array);
    return array.data();
  }
};

enum class Section { self, verified, target, previous };

struct ColumnName {
  std::string stem;
  std::string suffix;
};

ColumnName split(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return {name, ""};
  return {name.substr(0, dot), name.substr(dot + 1)};
}

int leaf_slot(const Scheme& scheme, const std::string& id) {
  const int node = scheme.node_index(id);
  if (node < 0 || !scheme.nodes[static_cast<std::size_t>(node)].is_leaf()) return -1;
  return static_cast<int>(std::lower_bound(scheme.leaves.begin(), scheme.leaves.end(), node) -
                          scheme.leaves.begin());
}

std::size_t width_of(const Node& leaf) {
  if (const auto* checklist = std::get_if<ChecklistRule>(&*leaf.rule)) return checklist->items.size();
  if (const auto* deduction = std::get_if<DeductionRule>(&*leaf.rule)) return deduction->kinds.size();
  return 1;
}

void convert_leaves(const Scheme& scheme, std::size_t regions, const py::dict& numbers, const py::dict& codes,
                    const py::dict& counts, Converted& out) {
  Held held{out};
  BatchInputs& inputs = out.inputs;
  inputs.leaves.resize(scheme.leaves.size());
  inputs.adjustments.assign(scheme.adjustments.size(), nullptr);
  auto unknown = [&](const std::string& name, const std::string& why, const std::string& why_zh) {
    out.issues.push_back({"column '" + name + "'", why, why_zh});
  };
  for (const auto& [key, value] : numbers) {
    const auto name = py::cast<std::string>(key);
    const ColumnName column = split(name);
    const int adjustment = scheme.adjustment_index(column.stem);
    if (adjustment >= 0 && column.suffix == "value") {
      inputs.adjustments[static_cast<std::size_t>(adjustment)] =
          held.take<DoubleArray>(value, name, regions, 1, false);
      continue;
    }
    const int slot = leaf_slot(scheme, column.stem);
    if (slot < 0) {
      unknown(name, "'" + column.stem + "' is not a point or adjustment of scheme " + scheme.id,
              "'" + column.stem + "' 不是考核方案 " + scheme.id + " 的指标或加分、扣分项");
      continue;
    }
    LeafColumns& leaf = inputs.leaves[static_cast<std::size_t>(slot)];
    const double* data = nullptr;
    if (column.suffix == "self" || column.suffix == "verified" || column.suffix == "target" ||
        column.suffix == "previous") {
      data = held.take<DoubleArray>(value, name, regions, 1, false);
    } else {
      unknown(name, "'." + column.suffix + "' is not a column suffix (.target, .self, .verified, .previous)",
              "'." + column.suffix + "' 不是列名后缀（.target、.self、.verified、.previous）");
      continue;
    }
    if (column.suffix == "self") leaf.self.number = data;
    if (column.suffix == "verified") leaf.verified.number = data;
    if (column.suffix == "target") leaf.target = data;
    if (column.suffix == "previous") leaf.previous = data;
  }
  auto coded = [&](const py::dict& columns, bool counted) {
    for (const auto& [key, value] : columns) {
      const auto name = py::cast<std::string>(key);
      const ColumnName column = split(name);
      const int slot = leaf_slot(scheme, column.stem);
      if (slot < 0 || (column.suffix != "self" && column.suffix != "verified")) {
        unknown(name, "not a '<point>.self' or '<point>.verified' column of scheme " + scheme.id,
                "不是考核方案 " + scheme.id + " 的 '<指标>.self' 或 '<指标>.verified' 列");
        continue;
      }
      const Node& node =
          scheme.nodes[static_cast<std::size_t>(scheme.leaves[static_cast<std::size_t>(slot)])];
      const std::size_t width = width_of(node);
      const bool matrix = std::holds_alternative<ChecklistRule>(*node.rule) ||
                          std::holds_alternative<DeductionRule>(*node.rule);
      SectionColumns& section = column.suffix == "self"
                                    ? inputs.leaves[static_cast<std::size_t>(slot)].self
                                    : inputs.leaves[static_cast<std::size_t>(slot)].verified;
      if (counted) {
        section.counts = held.take<Int64Array>(value, name, regions, width, matrix);
      } else {
        section.code = held.take<Int8Array>(value, name, regions, width, matrix);
      }
    }
  };
  coded(codes, false);
  coded(counts, true);
}

void convert_incidents(const py::handle& incidents, Converted& out) {
  Held held{out};
  if (incidents.is_none()) return;
  const auto table = py::reinterpret_borrow<py::dict>(incidents);
  IncidentColumns& columns = out.inputs.incidents;
  if (!table.contains("region")) return;
  const Int32Array region = Int32Array::ensure(table["region"]);
  if (!region || region.ndim() != 1) {
    PyErr_Clear();
    out.issues.push_back({"incidents", "'region' must be an array of row numbers", "'region' 应为行号数组"});
    return;
  }
  const auto count = static_cast<std::size_t>(region.shape(0));
  columns.count = count;
  out.arrays.push_back(region);
  columns.region = region.data();
  auto column = [&](const char* key) -> py::object {
    return table.contains(key) ? py::object(table[key]) : py::object(py::none());
  };
  if (column("day").is_none() || column("scope").is_none()) {
    out.issues.push_back(
        {"incidents", "incidents need 'day' and 'scope' arrays", "事件须有 'day' 和 'scope' 数组"});
    return;
  }
  columns.day = held.take<Int32Array>(column("day"), "incidents.day", count, 1, false);
  columns.scope = held.take<Int32Array>(column("scope"), "incidents.scope", count, 1, false);
  if (!column("severity").is_none()) {
    columns.severity = held.take<Int32Array>(column("severity"), "incidents.severity", count, 1, false);
  }
  if (!column("deaths").is_none()) {
    columns.deaths = held.take<Int64Array>(column("deaths"), "incidents.deaths", count, 1, false);
  }
  if (!column("reported").is_none()) {
    columns.reported = held.take<UInt8Array>(column("reported"), "incidents.reported", count, 1, false);
  }
  if (!column("scope_names").is_none())
    columns.scope_names = py::cast<std::vector<std::string>>(column("scope_names"));
  if (!column("severity_names").is_none()) {
    columns.severity_names = py::cast<std::vector<std::string>>(column("severity_names"));
  }
}

void convert_years(const py::handle& year, std::size_t regions, Converted& out) {
  Held held{out};
  if (py::isinstance<py::int_>(year)) {
    out.inputs.year = py::cast<int>(year);
    return;
  }
  out.inputs.years = held.take<Int32Array>(year, "year", regions, 1, false);
}

}  // namespace

void convert_columns(const Scheme& scheme, std::size_t regions, const py::handle& year,
                     const py::dict& numbers, const py::dict& codes, const py::dict& counts,
                     const py::handle& incidents, Converted& out) {
  out.inputs.regions = regions;
  convert_years(year, regions, out);
  convert_leaves(scheme, regions, numbers, codes, counts, out);
  convert_incidents(incidents, out);
  if (!out.issues.empty()) throw InputError("invalid columns", out.issues);
}

}  // namespace qa::bindings
