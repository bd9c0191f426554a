#include "qualityassess/logging.hpp"

#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <vector>

namespace qa {
namespace {

// Forwards each record to the sinks added at that moment. The list is copied under its lock and
// the sinks are called after the lock is released: a sink may block (the Python bridge waits for
// the GIL), and a thread that holds the GIL may itself be logging through here. (spdlog's
// dist_sink calls its sinks with its lock held, which deadlocks those two threads.)
class Distributor final : public spdlog::sinks::sink {
 public:
  void log(const spdlog::details::log_msg& message) override {
    for (const auto& sink : sinks()) {
      if (sink->should_log(message.level)) sink->log(message);
    }
  }
  void flush() override {
    for (const auto& sink : sinks()) sink->flush();
  }
  void set_pattern(const std::string& /*pattern*/) override {}
  void set_formatter(std::unique_ptr<spdlog::formatter> /*formatter*/) override {}

  void add(const std::shared_ptr<spdlog::sinks::sink>& sink) {
    std::lock_guard<std::mutex> lock(mutex_);
    sinks_.push_back(sink);
  }
  void remove(const std::shared_ptr<spdlog::sinks::sink>& sink) {
    std::lock_guard<std::mutex> lock(mutex_);
    sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), sink), sinks_.end());
  }

 private:
  std::vector<std::shared_ptr<spdlog::sinks::sink>> sinks() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sinks_;
  }

  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<spdlog::sinks::sink>> sinks_;
};

std::shared_ptr<Distributor> distributor() {
  static auto sink = std::make_shared<Distributor>();
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

void add_log_sink(const std::shared_ptr<spdlog::sinks::sink>& sink) { distributor()->add(sink); }

void remove_log_sink(const std::shared_ptr<spdlog::sinks::sink>& sink) { distributor()->remove(sink); }

}  // namespace qa
