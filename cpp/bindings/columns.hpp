// NumPy columns -> qa::BatchInputs for the batch and analysis bindings: arrays of the right
// dtype are read in place, others converted (forcecast); every problem is an InputError.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>  // every translation unit that casts std::vector must see it

#include <string>
#include <vector>

#include "qualityassess/batch.hpp"
#include "qualityassess/errors.hpp"

namespace qa::bindings {

// The inputs and the arrays they point into (kept alive as long as this is).
struct Converted {
  BatchInputs inputs;
  std::vector<pybind11::object> arrays;
  std::vector<Issue> issues;
};

// Reads the arguments of _core.assess_columns (see its docstring); throws InputError.
void convert_columns(const Scheme& scheme, std::size_t regions, const pybind11::handle& year,
                     const pybind11::dict& numbers, const pybind11::dict& codes, const pybind11::dict& counts,
                     const pybind11::handle& incidents, Converted& out);

}  // namespace qa::bindings
