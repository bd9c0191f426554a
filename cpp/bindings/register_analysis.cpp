// Uncertainty and sensitivity analysis (analysis.hpp) on NumPy columns: the batch is prepared once
// (class Analysis), each run releases the GIL and takes it back only to report progress. And what
// a region needs for the next grade (next_grade.hpp), for qa.whatif.next_grade.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columns.hpp"
#include "qualityassess/analysis.hpp"
#include "qualityassess/errors.hpp"
#include "qualityassess/fixed.hpp"
#include "qualityassess/next_grade.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

VarySpec vary_from(const py::dict& vary) {
  VarySpec spec;
  std::vector<Issue> issues;
  for (const auto& [key, value] : vary) {
    const auto name = py::cast<std::string>(key);
    if (value.is_none()) continue;
    double number = 0;
    try {
      number = py::cast<double>(value);
    } catch (const py::cast_error&) {
      issues.push_back({"vary/" + name, "must be a number", "应为数字"});
      continue;
    }
    if (name == "points") {
      spec.points = number;
    } else if (name == "thresholds") {
      spec.thresholds = number;
    } else if (name == "per_point") {
      spec.per_point = number;
    } else if (name == "verification") {
      spec.verification = number;
    } else {
      issues.push_back(
          {"vary/" + name, "is not something to vary (points, thresholds, per_point, verification)",
           "不是可变动的输入组，可选：分值 (points)、等级分数线 (thresholds)、扣分标准 (per_point)、"
           "核查 (verification)"});
    }
  }
  if (!issues.empty()) throw InputError("invalid analysis", issues);
  return spec;
}

ProgressCallback progress_from(const py::object& callback) {
  ProgressCallback progress;
  if (callback.is_none()) {
    progress.report = [](std::size_t, std::size_t) {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // Ctrl-C stops the run
    };
    progress.every_seconds = 0.1;
    return progress;
  }
  auto function = std::make_shared<py::object>(callback);
  progress.report = [function](std::size_t done, std::size_t total) {
    py::gil_scoped_acquire acquire;
    (*function)(done, total);
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  };
  return progress;
}

template <class T>
py::array_t<T> array_of(const std::vector<T>& values, std::vector<py::ssize_t> shape) {
  py::array_t<T> out(shape);
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

py::array_t<double> points_of(const std::vector<std::int64_t>& units, std::vector<py::ssize_t> shape) {
  py::array_t<double> out(shape);
  double* data = out.mutable_data();
  for (std::size_t i = 0; i < units.size(); ++i) data[i] = static_cast<double>(units[i]) / Fixed::kScale;
  return out;
}

py::array_t<double> points_of(const std::vector<std::int32_t>& units, std::vector<py::ssize_t> shape) {
  py::array_t<double> out(shape);
  double* data = out.mutable_data();
  for (std::size_t i = 0; i < units.size(); ++i) data[i] = static_cast<double>(units[i]) / Fixed::kScale;
  return out;
}

// The numbers of each replication as matrices, one column per unit / band / leaf.
void add_numbers(py::dict& out, const std::vector<ReplicationNumbers>& numbers, const Analysis& analysis) {
  const auto reps = static_cast<py::ssize_t>(numbers.size());
  auto matrix = [&](auto field, std::size_t width) {
    std::vector<std::int64_t> flat;
    flat.reserve(numbers.size() * width);
    for (const ReplicationNumbers& n : numbers) {
      const std::vector<std::int64_t>& row = n.*field;
      flat.insert(flat.end(), row.begin(), row.end());
    }
    return points_of(flat, {reps, static_cast<py::ssize_t>(width)});
  };
  out["unit_points"] = matrix(&ReplicationNumbers::unit_points, analysis.unit_ids().size());
  out["band_min"] = matrix(&ReplicationNumbers::band_min, analysis.threshold_grades().size());
  out["per_point"] = matrix(&ReplicationNumbers::per_point, analysis.per_point_leaves().size());
  std::vector<std::int64_t> used;
  for (const ReplicationNumbers& n : numbers) used.push_back(n.verified_used);
  out["verified_used"] = array_of(used, {reps});
}

std::unique_ptr<Analysis> make_analysis(const std::shared_ptr<Scheme>& scheme, std::size_t regions,
                                        const py::object& year, const py::dict& numbers,
                                        const py::dict& codes, const py::dict& counts,
                                        const py::object& incidents, int threads) {
  Converted converted;
  convert_columns(*scheme, regions, year, numbers, codes, counts, incidents, converted);
  py::gil_scoped_release release;
  return std::make_unique<Analysis>(scheme, converted.inputs, threads);
}

void add_summary(py::dict& out, const UncertaintyResult& result) {
  const auto n = static_cast<py::ssize_t>(result.regions);
  out["grade_counts"] = array_of(result.grade_counts, {n, static_cast<py::ssize_t>(result.grades.size())});
  out["total_percentiles"] = array_of(result.total_percentiles, {n, 3});
  out["rank_percentiles"] = array_of(result.rank_percentiles, {n, 3});
}

py::dict uncertainty(const Analysis& analysis, std::size_t replications, std::uint64_t seed,
                     const py::dict& vary, int threads, bool keep_matrices, const py::object& progress,
                     std::size_t first) {
  UncertaintyOptions options;
  options.replications = replications;
  options.first_replication = first;
  options.seed = seed;
  options.vary = vary_from(vary);
  options.threads = threads;
  options.keep_matrices = keep_matrices;
  options.progress = progress_from(progress);
  UncertaintyResult result;
  {
    py::gil_scoped_release release;
    result = analysis.uncertainty(options);
  }
  const auto n = static_cast<py::ssize_t>(result.regions);
  const auto reps = static_cast<py::ssize_t>(result.replications);
  py::dict out;
  out["grades"] = result.grades;
  add_summary(out, result);
  out["baseline_total"] = points_of(result.baseline_total, {n});
  out["baseline_grade"] = array_of(result.baseline_grade, {n});
  out["baseline_rank"] = array_of(result.baseline_rank, {n});
  add_numbers(out, result.numbers, analysis);
  if (keep_matrices) {
    out["totals"] = points_of(result.totals, {reps, n});
    out["ranks"] = array_of(result.ranks, {reps, n});
    out["grade_matrix"] = array_of(result.grade_matrix, {reps, n});
  }
  return out;
}

// The summary of shares of one run (Analysis.uncertainty with first= and keep_matrices=True),
// their matrices stacked in replication order: grade counts and percentiles per region, the
// same numbers as one run of all the replications.
py::dict summarise(const std::vector<std::string>& grades,
                   const py::array_t<double, py::array::c_style>& totals,
                   const py::array_t<std::int32_t, py::array::c_style>& ranks,
                   const py::array_t<std::int8_t, py::array::c_style>& grade_matrix, int threads) {
  if (totals.ndim() != 2 || ranks.ndim() != 2 || grade_matrix.ndim() != 2) {
    throw InputError("invalid analysis", {{"replications", "the matrices must be replications x regions",
                                           "矩阵应为 重复次数 × 地区数"}});
  }
  UncertaintyResult result;
  result.grades = grades;
  result.replications = static_cast<std::size_t>(totals.shape(0));
  result.regions = static_cast<std::size_t>(totals.shape(1));
  result.totals.resize(static_cast<std::size_t>(totals.size()));
  const double* points = totals.data();
  for (std::size_t i = 0; i < result.totals.size(); ++i) {
    // Totals were handed out as points (units / 10^4): the units are recovered exactly.
    result.totals[i] =
        static_cast<std::int32_t>(std::llround(points[i] * static_cast<double>(Fixed::kScale)));
  }
  result.ranks.assign(ranks.data(), ranks.data() + ranks.size());
  result.grade_matrix.assign(grade_matrix.data(), grade_matrix.data() + grade_matrix.size());
  {
    py::gil_scoped_release release;
    summarise_replications(result, threads);
  }
  py::dict out;
  add_summary(out, result);
  return out;
}

py::dict sensitivity(const Analysis& analysis, std::size_t base_samples, std::uint64_t seed,
                     const py::dict& vary, const std::string& output, int threads, const py::object& progress,
                     std::size_t first) {
  SensitivityOptions options;
  options.base_samples = base_samples;
  options.first_sample = first;
  options.seed = seed;
  options.vary = vary_from(vary);
  options.threads = threads;
  options.progress = progress_from(progress);
  if (output == "rank_shift") {
    options.output = SensitivityOutput::mean_rank_shift;
  } else if (output == "grade_changes") {
    options.output = SensitivityOutput::grade_changes;
  } else {
    throw InputError("invalid analysis", {{"output", "'" + output + "' is not rank_shift or grade_changes",
                                           "'" + output +
                                               "' 不是可分析的输出，可选：名次平均变动 (rank_shift)、"
                                               "等级变化的地区数 (grade_changes)"}});
  }
  SensitivityEvaluations result;
  {
    py::gil_scoped_release release;
    result = analysis.sensitivity(options);
  }
  std::vector<std::string> groups;
  for (InputGroup group : result.groups) groups.emplace_back(input_group_name(group));
  py::dict out;
  out["groups"] = groups;
  out["values"] = array_of(result.values, {static_cast<py::ssize_t>(result.base_samples),
                                           static_cast<py::ssize_t>(result.groups.size() + 2)});
  return out;
}

// One replication's numbers and outcome: for checking against a scheme with those numbers.
py::dict replication(const Analysis& analysis, const py::dict& vary, std::uint64_t seed,
                     std::uint64_t index) {
  const VarySpec spec = vary_from(vary);
  ReplicationKeys keys;
  for (int g = 0; g < kInputGroups; ++g) keys.key[g] = stream_key(seed, index, g);
  const std::size_t n = analysis.regions();
  std::vector<std::int64_t> totals(n);
  std::vector<std::int32_t> grades(n);
  std::vector<std::int32_t> ranks(n);
  ReplicationNumbers numbers;
  {
    py::gil_scoped_release release;
    numbers = analysis.draw(spec, keys);
    analysis.evaluate(spec, keys, totals.data(), grades.data(), ranks.data());
  }
  py::dict out;
  add_numbers(out, {numbers}, analysis);
  out["total"] = points_of(totals, {static_cast<py::ssize_t>(n)});
  out["grade"] = array_of(grades, {static_cast<py::ssize_t>(n)});
  out["rank"] = array_of(ranks, {static_cast<py::ssize_t>(n)});
  return out;
}

std::vector<std::string> scoring_unit_ids(const Scheme& scheme) {
  std::vector<std::string> out;
  for (int unit : scoring_units(scheme)) out.push_back(scheme.nodes[static_cast<std::size_t>(unit)].id);
  return out;
}

// Totals and points arrive as floats holding Fixed values (the batch's columns) and are taken back
// exactly (Fixed::from_double); grades by name.
py::dict next_grade_table(const Scheme& scheme, const std::vector<double>& totals,
                          const std::vector<std::string>& grades, const std::vector<bool>& vetoed,
                          const py::array_t<double, py::array::c_style | py::array::forcecast>& points) {
  const std::size_t n = totals.size();
  const std::size_t width = scoring_units(scheme).size();
  if (points.ndim() != 2 || static_cast<std::size_t>(points.shape(0)) != n ||
      static_cast<std::size_t>(points.shape(1)) != width) {
    const std::string regions = std::to_string(n);
    const std::string units = std::to_string(width);
    throw InputError("cannot compute the next grade",
                     {{"points", "must be regions x scoring units (" + regions + " x " + units + ")",
                       "应为 地区数 × 计分单元数（" + regions + " × " + units + "）"}});
  }
  NextGradeInputs inputs;
  inputs.totals.reserve(n);
  for (const double total : totals) inputs.totals.push_back(Fixed::from_double(total));
  for (const std::string& grade : grades) inputs.grades.push_back(scheme.grading.grade_index(grade));
  inputs.vetoed.assign(vetoed.begin(), vetoed.end());
  const double* data = points.data();
  inputs.unit_points.reserve(n * width);
  for (std::size_t i = 0; i < n * width; ++i) inputs.unit_points.push_back(Fixed::from_double(data[i]));
  std::vector<NextGrade> result;
  {
    py::gil_scoped_release release;
    result = next_grades(scheme, inputs);
  }
  const std::vector<int> units = scoring_units(scheme);
  std::vector<std::optional<std::string>> next(n);
  std::vector<std::optional<std::string>> blocked(n);
  std::vector<std::string> plans(n);
  py::array_t<double> gap(static_cast<py::ssize_t>(n));
  py::array_t<double> headroom(static_cast<py::ssize_t>(n));
  py::array_t<bool> reachable(static_cast<py::ssize_t>(n));
  py::array_t<std::int64_t> points_to_raise(static_cast<py::ssize_t>(n));
  double* gap_out = gap.mutable_data();
  double* headroom_out = headroom.mutable_data();
  bool* reachable_out = reachable.mutable_data();
  std::int64_t* points_to_raise_out = points_to_raise.mutable_data();
  for (std::size_t r = 0; r < n; ++r) {
    const NextGrade& region = result[r];
    if (region.next) next[r] = scheme.grading.grades[static_cast<std::size_t>(*region.next)].id;
    if (region.blocked != Blocked::none) blocked[r] = blocked_name(region.blocked);
    gap_out[r] = region.gap ? region.gap->to_double() : std::numeric_limits<double>::quiet_NaN();
    headroom_out[r] = region.headroom.to_double();
    reachable_out[r] = region.reachable;
    points_to_raise_out[r] = region.points_to_raise;
    for (const RaiseStep& step : region.plan) {  // "leaf +x; ...", x in its shortest exact text
      if (!plans[r].empty()) plans[r] += "; ";
      plans[r] +=
          scheme.nodes[static_cast<std::size_t>(units[step.unit])].id + " +" + step.points.to_string();
    }
  }
  py::dict out;
  out["next_grade"] = next;
  out["gap"] = gap;
  out["headroom"] = headroom;
  out["reachable"] = reachable;
  out["blocked"] = blocked;
  out["points_to_raise"] = points_to_raise;
  out["plan"] = plans;
  return out;
}

}  // namespace

void register_analysis(py::module_& m) {
  py::class_<Analysis>(m, "Analysis",
                       "A batch of regions prepared once for uncertainty and sensitivity analysis.")
      .def(py::init(&make_analysis), py::arg("scheme"), py::arg("regions"), py::arg("year"),
           py::arg("numbers"), py::arg("codes"), py::arg("counts"), py::arg("incidents"),
           py::arg("threads") = 0, "The arguments of assess_columns.")
      .def_property_readonly("regions", &Analysis::regions)
      .def_property_readonly("unit_ids", &Analysis::unit_ids, "Nodes whose points vary.")
      .def_property_readonly("per_point_leaves", &Analysis::per_point_leaves)
      .def_property_readonly("threshold_grades", &Analysis::threshold_grades)
      .def_property_readonly("verified_values", &Analysis::verified_values)
      .def("uncertainty", &uncertainty, py::arg("replications"), py::arg("seed"), py::arg("vary"),
           py::arg("threads") = 0, py::arg("keep_matrices") = false, py::arg("progress") = py::none(),
           py::arg("first") = 0,
           "Replications first .. first + replications - 1 with the varied numbers; progress(done, "
           "total) is called now and then. keep_matrices adds totals, ranks and grade_matrix.")
      .def("sensitivity", &sensitivity, py::arg("base_samples"), py::arg("seed"), py::arg("vary"),
           py::arg("output") = "rank_shift", py::arg("threads") = 0, py::arg("progress") = py::none(),
           py::arg("first") = 0,
           "The output of the Saltelli design's N x (d + 2) evaluations: f(A), f(B), f(A_B^(j)).")
      .def("replication", &replication, py::arg("vary"), py::arg("seed"), py::arg("index"),
           "The numbers drawn by one replication and the totals, grades and ranks under them.");
  m.def("summarise_replications", &summarise, py::arg("grades"), py::arg("totals"), py::arg("ranks"),
        py::arg("grade_matrix"), py::arg("threads") = 0,
        "Grade counts and percentiles per region from the replications x regions matrices of "
        "Analysis.uncertainty(keep_matrices=True) shares stacked in replication order.");
  m.def("stream_key", &stream_key, py::arg("seed"), py::arg("replication"), py::arg("group"));
  m.def("scoring_units", &scoring_unit_ids, py::arg("scheme"),
        "The ids of the nodes whose points add straight into the total (a leaf under sums, a min or "
        "weighted-mean branch), in pre-order.");
  m.def("next_grade", &next_grade_table, py::arg("scheme"), py::arg("totals"), py::arg("grades"),
        py::arg("vetoed"), py::arg("points"),
        "Per region: next_grade, gap, headroom, reachable, blocked, points_to_raise and plan, from "
        "its total, grade, veto and the points of each scoring unit (regions x scoring_units); "
        "exact. InputError under rank grading.");
}

}  // namespace qa::bindings
