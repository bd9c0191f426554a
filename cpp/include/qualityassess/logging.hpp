// The core's logger ("qualityassess"), built on spdlog. The Python bindings add a sink that
// forwards records to Python's logging module.
#pragma once

#include <memory>

namespace spdlog {
class logger;
namespace sinks {
class sink;
}
}  // namespace spdlog

namespace qa {

std::shared_ptr<spdlog::logger> logger();
void add_log_sink(const std::shared_ptr<spdlog::sinks::sink>& sink);
void remove_log_sink(const std::shared_ptr<spdlog::sinks::sink>& sink);

}  // namespace qa
