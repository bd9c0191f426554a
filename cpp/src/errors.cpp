#include "qualityassess/errors.hpp"

#include "qualityassess/text.hpp"

namespace qa {

std::string format_issues(const std::string& heading, const std::vector<Issue>& issues) {
  if (issues.size() == 1) {
    const Issue& only = issues.front();
    return heading + ": " + (only.path.empty() ? only.message : only.path + ": " + only.message);
  }
  std::string text = heading + " (" + std::to_string(issues.size()) + " problems)";
  for (const Issue& issue : issues) {
    text += "\n  ";
    text += issue.path.empty() ? issue.message : issue.path + ": " + issue.message;
  }
  return text;
}

Error::Error(const std::string& heading, std::vector<Issue> issues)
    : std::runtime_error(format_issues(heading, issues)), issues_(std::move(issues)) {}

Lang parse_lang(const std::string& code) {
  if (code == "zh") return Lang::zh;
  if (code == "en") return Lang::en;
  throw InputError("bad language", {{"lang", "'" + code + "' is not a language; use zh or en"}});
}

}  // namespace qa
