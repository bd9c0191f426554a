// One register_<area> function per binding file; module.cpp calls them in order.
#pragma once

#include <pybind11/pybind11.h>

namespace qa::bindings {

void register_errors(pybind11::module_& m);
void register_scheme(pybind11::module_& m);
void register_assess(pybind11::module_& m);
void register_grading(pybind11::module_& m);
void register_calendar(pybind11::module_& m);
void register_logging(pybind11::module_& m);
void register_campaign(pybind11::module_& m);
void register_batch(pybind11::module_& m);
void register_arrow(pybind11::module_& m);
void register_analysis(pybind11::module_& m);
void register_regions(pybind11::module_& m);
void register_cascade(pybind11::module_& m);
void register_text(pybind11::module_& m);

}  // namespace qa::bindings
