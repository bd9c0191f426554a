// The private compiled module qualityassess._core. Users import qualityassess, whose typed
// facade wraps what is registered here.
#include <pybind11/pybind11.h>

#include "registration.hpp"

// The version comes from pyproject.toml, through cpp/CMakeLists.txt: there is no second copy here.
#ifndef QA_VERSION_INFO
#error "QA_VERSION_INFO is defined by cpp/CMakeLists.txt (from pyproject.toml)"
#endif

PYBIND11_MODULE(_core, m) {
  m.doc() = "qualityassess core: schemes, assessment, grading (C++)";
  m.attr("__version__") = QA_VERSION_INFO;
  qa::bindings::register_errors(m);
  qa::bindings::register_scheme(m);
  qa::bindings::register_assess(m);
  qa::bindings::register_grading(m);
  qa::bindings::register_calendar(m);
  qa::bindings::register_logging(m);
  qa::bindings::register_campaign(m);
  qa::bindings::register_batch(m);
  qa::bindings::register_arrow(m);
  qa::bindings::register_analysis(m);
  qa::bindings::register_regions(m);
  qa::bindings::register_cascade(m);
  qa::bindings::register_text(m);
}
