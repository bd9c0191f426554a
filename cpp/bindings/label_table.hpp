// A Python dict {label: code} as the core's LabelTable (arrow_columns.hpp), for the two readers
// of level and yes/no columns: NumPy object arrays (register_batch.cpp) and Arrow columns
// (register_arrow.cpp). A code outside 0..127 is an InputError naming `table`.
#pragma once

#include <pybind11/pybind11.h>

#include "qualityassess/arrow_columns.hpp"

namespace qa::bindings {

LabelTable label_table(const pybind11::dict& table, bool fold_case);

}  // namespace qa::bindings
