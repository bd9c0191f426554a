#include "qualityassess/builtin_schemes.hpp"

#include <map>
#include <mutex>
#include <string_view>

#include "qualityassess/errors.hpp"
#include "qualityassess/scheme_io.hpp"

namespace qa {
namespace detail {
// Generated at build time from cpp/schemes/*.json (cmake/embed_schemes.cmake).
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_schemes();
}  // namespace detail

namespace {

std::string_view find_document(const std::string& id) {
  for (const auto& [name, document] : detail::embedded_schemes()) {
    if (name == id) return document;
  }
  std::string known;
  for (const auto& entry : detail::embedded_schemes()) {
    known += (known.empty() ? "" : ", ") + std::string(entry.first);
  }
  throw InputError("unknown scheme", {{"scheme", "no built-in scheme '" + id + "' (built-in: " + known + ")",
                                       "没有内置考核方案 '" + id + "'（内置：" + known + "）"}});
}

}  // namespace

std::vector<std::string> builtin_scheme_ids() {
  std::vector<std::string> ids;
  for (const auto& entry : detail::embedded_schemes()) ids.emplace_back(entry.first);
  return ids;
}

std::string builtin_scheme_document(const std::string& id) { return std::string(find_document(id)); }

SchemePtr builtin_scheme(const std::string& id) {
  static std::mutex mutex;
  static std::map<std::string, SchemePtr> cache;
  const std::string_view document = find_document(id);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(id);
  if (it != cache.end()) return it->second;
  SchemePtr scheme = read_scheme_text(std::string(document));
  cache.emplace(id, scheme);
  return scheme;
}

}  // namespace qa
