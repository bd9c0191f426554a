#include "qualityassess/errors.hpp"

#include <string_view>

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

// Every heading's Chinese, the English as thrown (docs/contracts.md, "Errors").
struct HeadingWords {
  std::string_view en;
  std::string_view zh;
};

constexpr HeadingWords kHeadings[] = {
    // The core's
    {"bad action", "考核步骤有误"},
    {"bad assessment year", "考核年度有误"},
    {"bad date", "日期有误"},
    {"bad language", "语言有误"},
    {"bad verification plan", "核查计划有误"},
    {"cannot analyse", "无法分析"},
    {"cannot compare grades", "无法比较等级"},
    {"cannot compute a value from the level below", "无法由下一级计算数值"},
    {"cannot compute the next grade", "无法计算距上一等级的差距"},
    {"cannot compute the values from the level below", "无法由下一级计算数值"},
    {"cannot grade alone", "无法单独评定等级"},
    {"cannot rank", "无法排名"},
    {"damaged campaign state", "考核状态已损坏"},
    {"empty journal", "考核日志为空"},
    {"invalid Arrow column", "Arrow 列有误"},
    {"invalid analysis", "分析参数有误"},
    {"invalid argument", "参数有误"},
    {"invalid columns", "数据列有误"},
    {"invalid document", "文档有误"},
    {"invalid level", "层级有误"},
    {"invalid region code", "地区代码有误"},
    {"invalid region file", "地区文件有误"},
    {"invalid roll-up", "汇总有误"},
    {"invalid scheme", "考核方案有误"},
    {"invalid submission", "报送数据有误"},
    {"invalid submissions", "报送数据有误"},
    {"no grade bands", "没有等级分数线"},
    {"no results yet", "尚无考核结果"},
    {"refused", "已拒绝"},
    {"scheme too large", "考核方案过大"},
    {"submission", "报送数据有误"},
    {"unknown finding kind", "未知的问题类型"},
    {"unknown level", "未知的层级"},
    {"unknown region", "未知的地区"},
    {"unknown scheme", "未知的考核方案"},
    // The package's (python/qualityassess: its readers, the report, the workbooks)
    {"bad argument", "参数有误"},
    {"cannot compare", "无法比较"},
    {"cannot write template", "无法生成模板"},
    {"invalid table", "表格有误"},
    {"nothing to report", "没有可生成报告的结果"},
    {"nothing to write", "没有可写入的结果"},
    {"not read", "未读取"},
    {"not an Excel workbook", "不是 Excel 工作簿"},
    {"not a qualityassess template", "不是 qualityassess 模板"},
    {"damaged workbook", "工作簿已损坏"},
    {"damaged template", "模板已损坏"},
    {"altered template", "模板已被改动"},
    {"unknown template format", "未知的模板格式"},
};

// Headings that name what they are about after fixed words: the words' Chinese, with `{}`
// where the rest goes ("submission 420000 湖北省", "invalid scheme 'x'", "refused: verify").
constexpr HeadingWords kHeadingPrefixes[] = {
    {"submission ", "报送数据有误（{}）"},
    {"invalid scheme ", "考核方案 {} 有误"},
    {"invalid region file ", "地区文件 {} 有误"},
    {"refused: ", "已拒绝：{}"},
};

// "cannot grade the provinces", "invalid batch of 31 regions": the rest is translated too.
std::string counted_heading_zh(const std::string& heading) {
  constexpr std::string_view kGrade = "cannot grade the ";
  constexpr std::string_view kBatch = "invalid batch of ";
  constexpr std::string_view kRegions = " regions";
  if (heading.rfind(kGrade, 0) == 0) {
    const std::string plural = heading.substr(kGrade.size());
    if (plural == "provinces") return "无法评定省级地区";
    if (plural == "prefectures") return "无法评定市级地区";
    if (plural == "counties") return "无法评定县级地区";
  }
  if (heading.rfind(kBatch, 0) == 0 && heading.size() > kBatch.size() + kRegions.size() &&
      heading.compare(heading.size() - kRegions.size(), kRegions.size(), kRegions) == 0) {
    const std::string count = heading.substr(kBatch.size(), heading.size() - kBatch.size() - kRegions.size());
    return count + " 个地区的数据有误";
  }
  return {};
}

std::string known_heading_zh(const std::string& heading) {
  for (const HeadingWords& words : kHeadings) {
    if (heading == words.en) return std::string(words.zh);
  }
  for (const HeadingWords& words : kHeadingPrefixes) {
    if (heading.size() > words.en.size() && heading.compare(0, words.en.size(), words.en) == 0) {
      std::string zh(words.zh);
      return zh.replace(zh.find("{}"), 2, heading.substr(words.en.size()));
    }
  }
  return counted_heading_zh(heading);
}

std::string problem_line(const Issue& issue, Lang lang) {
  const std::string& message =
      lang == Lang::zh && !issue.message_zh.empty() ? issue.message_zh : issue.message;
  return clean(issue.path.empty() ? message : issue.path + ": " + message);
}

}  // namespace

std::string heading_zh(const std::string& heading) {
  if (std::string zh = known_heading_zh(heading); !zh.empty()) return zh;
  // "FILE: damaged workbook": a place, then a heading.
  if (const std::size_t colon = heading.rfind(": "); colon != std::string::npos) {
    if (std::string zh = known_heading_zh(heading.substr(colon + 2)); !zh.empty()) {
      return heading.substr(0, colon + 2) + zh;
    }
  }
  return heading;
}

std::string format_issues(const std::string& heading, const std::vector<Issue>& issues) {
  return format_issues(heading, issues, Lang::en);
}

std::string format_issues(const std::string& heading, const std::vector<Issue>& issues, Lang lang) {
  const bool zh = lang == Lang::zh;
  const std::string head = clean(zh ? heading_zh(heading) : heading);
  if (issues.size() == 1) return head + ": " + problem_line(issues.front(), lang);
  const std::string count = std::to_string(issues.size());
  std::string text = head + (zh ? "（共 " + count + " 个问题）" : " (" + count + " problems)");
  for (std::size_t i = 0; i < issues.size() && i < kMaxListedIssues; ++i) {
    text += "\n  " + problem_line(issues[i], lang);
  }
  if (issues.size() > kMaxListedIssues) {
    const std::string more = std::to_string(issues.size() - kMaxListedIssues);
    text += zh ? "\n  ……另有 " + more + " 个问题" : "\n  ... and " + more + " more";
  }
  return text;
}

Error::Error(const std::string& heading, std::vector<Issue> issues)
    : std::runtime_error(format_issues(heading, issues)),
      heading_(heading),
      issues_(cleaned(std::move(issues))) {}

std::string Error::what_zh() const { return format_issues(heading_, issues_, Lang::zh); }

Lang parse_lang(const std::string& code) {
  if (code == "zh") return Lang::zh;
  if (code == "en") return Lang::en;
  throw InputError("bad language", {{"lang", "'" + code + "' is not a language; use zh or en",
                                     "'" + code + "' 不是语言；请用 zh 或 en"}});
}

}  // namespace qa
