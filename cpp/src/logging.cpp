#include "qualityassess/logging.hpp"

#include <spdlog/sinks/dist_sink.h>
#include <spdlog/spdlog.h>

namespace qa {
namespace {

// One distributing sink that sinks can be added to and removed from while other threads log.
std::shared_ptr<spdlog::sinks::dist_sink_mt> distributor() {
  static auto sink = std::make_shared<spdlog::sinks::dist_sink_mt>();
  return sink;
}

}  // namespace

std::shared_ptr<spdlog::logger> logger() {
  // Not registered in spdlog's global registry: the core must not clash with a host
  // application's own "qualityassess" logger.
  static auto instance = [] {
    auto created = std::make_shared<spdlog::logger>("qualityassess", distributor());
    created->set_level(spdlog::level::trace);  // the sinks decide what they keep
    return created;
  }();
  return instance;
}

void add_log_sink(const std::shared_ptr<spdlog::sinks::sink>& sink) { distributor()->add_sink(sink); }

void remove_log_sink(const std::shared_ptr<spdlog::sinks::sink>& sink) { distributor()->remove_sink(sink); }

}  // namespace qa
