#include "qualityassess/errors.hpp"

#include "qualityassess/json_document.hpp"
#include "qualityassess/text.hpp"

namespace qa {
namespace {

// Messages quote what a document held: they must be valid UTF-8 (Python decodes them) and of
// a readable size whatever the document was.
constexpr std::size_t kMaxIssueText = 2000;
constexpr std::size_t kMaxListedIssues = 100;

std::string clean(const std::string& text) { return truncate_utf8(to_valid_utf8(text), kMaxIssueText); }

std::vector<Issue> cleaned(std::vector<Issue> issues) {
  for (Issue& issue : issues) {
    if (issue.path.size() > kMaxIssueText || !is_valid_utf8(issue.path)) issue.path = clean(issue.path);
    if (issue.message.size() > kMaxIssueText || !is_valid_utf8(issue.message))
      issue.message = clean(issue.message);
    if (issue.message_zh.size() > kMaxIssueText || !is_valid_utf8(issue.message_zh))
      issue.message_zh = clean(issue.message_zh);
  }
  return issues;
}

}  // namespace

std::string format_issues(const std::string& heading, const std::vector<Issue>& issues) {
  const auto line = [](const Issue& issue) {
    return clean(issue.path.empty() ? issue.message : issue.path + ": " + issue.message);
  };
  if (issues.size() == 1) return clean(heading) + ": " + line(issues.front());
  std::string text = clean(heading) + " (" + std::to_string(issues.size()) + " problems)";
  for (std::size_t i = 0; i < issues.size() && i < kMaxListedIssues; ++i) text += "\n  " + line(issues[i]);
  if (issues.size() > kMaxListedIssues) {
    text += "\n  ... and " + std::to_string(issues.size() - kMaxListedIssues) + " more";
  }
  return text;
}

Error::Error(const std::string& heading, std::vector<Issue> issues)
    : std::runtime_error(format_issues(heading, issues)), issues_(cleaned(std::move(issues))) {}

Lang parse_lang(const std::string& code) {
  if (code == "zh") return Lang::zh;
  if (code == "en") return Lang::en;
  throw InputError("bad language", {{"lang", "'" + code + "' is not a language; use zh or en"}});
}

}  // namespace qa
