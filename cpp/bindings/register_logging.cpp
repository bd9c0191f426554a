// Forwards the core's spdlog records to Python's logging logger "qualityassess".
//
// The GIL is the sink's only lock (as in Drake's spdlog -> logging sink): records from any
// thread queue on it. The level is checked in C++ first (set by the facade from the Python
// logger's effective level) so that assessments do not take the GIL for records nobody keeps.
// The core's distributor calls its sinks without holding its own lock (src/logging.cpp), so a
// thread waiting here for the GIL blocks no thread that holds the GIL and logs. Adding and
// removing the sink still release the GIL first, as they take the distributor's lock.
#include <pybind11/pybind11.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "qualityassess/logging.hpp"
#include "registration.hpp"

namespace py = pybind11;

namespace qa::bindings {
namespace {

bool interpreter_running() {
#if PY_VERSION_HEX >= 0x030D0000
  return Py_IsInitialized() && !Py_IsFinalizing();
#else
  return Py_IsInitialized() && !_Py_IsFinalizing();
#endif
}

int python_level(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return 5;
    case spdlog::level::debug:
      return 10;
    case spdlog::level::info:
      return 20;
    case spdlog::level::warn:
      return 30;
    case spdlog::level::err:
      return 40;
    case spdlog::level::critical:
      return 50;
    default:
      return 0;
  }
}

spdlog::level::level_enum spdlog_level(int python) {
  if (python <= 5) return spdlog::level::trace;
  if (python <= 10) return spdlog::level::debug;
  if (python <= 20) return spdlog::level::info;
  if (python <= 30) return spdlog::level::warn;
  if (python <= 40) return spdlog::level::err;
  if (python <= 50) return spdlog::level::critical;
  return spdlog::level::off;
}

class PythonLoggingSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    if (!interpreter_running()) return;
    py::gil_scoped_acquire gil;
    try {
      static py::object* logger =
          new py::object(py::module_::import("logging").attr("getLogger")("qualityassess"));
      const int level = python_level(message.level);
      if (!(*logger).attr("isEnabledFor")(level).cast<bool>()) return;
      (*logger).attr("log")(level, std::string(message.payload.data(), message.payload.size()));
    } catch (py::error_already_set& error) {
      // A broken handler must not take an assessment down with it.
      error.discard_as_unraisable("qualityassess log bridge");
    }
  }
  void flush_() override {}
};

std::shared_ptr<PythonLoggingSink>& bridge() {
  static std::shared_ptr<PythonLoggingSink> sink;
  return sink;
}

}  // namespace

void register_logging(py::module_& m) {
  logger()->set_level(spdlog::level::warn);
  m.def(
      "_install_log_bridge",
      [] {
        if (bridge()) return;
        bridge() = std::make_shared<PythonLoggingSink>();
        auto sink = bridge();
        py::gil_scoped_release release;
        add_log_sink(sink);
      },
      "Forward core log records to logging.getLogger('qualityassess').");
  m.def(
      "_remove_log_bridge",
      [] {
        auto sink = bridge();
        if (!sink) return;
        bridge().reset();
        py::gil_scoped_release release;
        remove_log_sink(sink);
      },
      "Stop forwarding (called at interpreter exit).");
  m.def(
      "_set_log_level", [](int python) { logger()->set_level(spdlog_level(python)); }, py::arg("level"),
      "Pass on records at this Python logging level and above.");
}

}  // namespace qa::bindings
