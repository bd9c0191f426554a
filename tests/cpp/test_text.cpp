// Names on one line and the plain-text sanitiser (text.hpp; docs/security.md, "Text in
// outputs"): a region name with a line break forged a row in the plain-text ranking and a line
// in the announcement (issue 12).
#include <string>

#include "qualityassess/errors.hpp"
#include "qualityassess/json_document.hpp"
#include "qualityassess/scheme_io.hpp"
#include "qualityassess/text.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

TEST(SingleLine, LineBreaksAndTabsAreNamedWithTheirCodePoint) {
  EXPECT_EQ(single_line_problem("湖北省"), "");
  EXPECT_EQ(single_line_problem(""), "");
  EXPECT_NE(single_line_problem("湖北省\n1 999999").find("U+000A"), std::string::npos);
  EXPECT_NE(single_line_problem("a\rb").find("U+000D"), std::string::npos);
  EXPECT_NE(single_line_problem("a\tb").find("U+0009 (a tab)"), std::string::npos);
  EXPECT_NE(single_line_problem("a\u2028b").find("U+2028"), std::string::npos);
  EXPECT_NE(single_line_problem("a\u2029b").find("U+2029"), std::string::npos);
  EXPECT_NE(single_line_problem("a\u0085b").find("U+0085"), std::string::npos);
  // The byte offset of the first one, for a long name.
  EXPECT_NE(single_line_problem("湖\nx").find("at byte 3"), std::string::npos);
}

TEST(AsOneLine, ControlsAndSeparatorsBecomeSpacesAndTextStays) {
  EXPECT_EQ(as_one_line("湖北省（420000）"), "湖北省（420000）");
  EXPECT_EQ(as_one_line("a\nb\r\nc"), "a b  c");
  EXPECT_EQ(as_one_line("x\u0085y\u009b31mz"), "x y 31mz");
  EXPECT_EQ(as_one_line("\x1b[31mred"), " [31mred");
  EXPECT_EQ(as_one_line("p\u2028q\u2029r\x7fs\tt"), "p q r s t");
  EXPECT_EQ(as_one_line(""), "");
}

TEST(SingleLine, ARegionNameOrCodeWithALineBreakIsRefusedWhereItIsRead) {
  json document = full_cn2013_submission();
  document["region"]["name"] = "湖北省\n  1  999999  伪造省  100.00  A";
  EXPECT_TRUE(has_issue(issues_of<InputError>([&] { read_submission(document); }), "/region/name", "U+000A"));
  document = full_cn2013_submission();
  document["region"]["code"] = "420000\r";
  EXPECT_TRUE(has_issue(issues_of<InputError>([&] { read_submission(document); }), "/region/code", "U+000D"));
}

TEST(SingleLine, SchemeNamesAreOneLineInBothLanguages) {
  json document = two_leaf_scheme();
  document["name"] = json{{"zh", "方案\n第二行"}, {"en", "scheme"}};
  EXPECT_TRUE(has_issue(scheme_issues(document), "/name/zh", "a line break"));
  document = two_leaf_scheme();
  document["name"] = "one\u2028two";
  EXPECT_TRUE(has_issue(scheme_issues(document), "/name", "U+2028"));
}

TEST(HostileDocuments, C1ControlCharactersAreRefusedLikeC0) {
  // U+009B is CSI (an escape sequence's start on 8-bit terminals); U+0085 a line break to some.
  IssueList issues;
  parse_document("{\"name\": \"a\\u009b31mb\"}", issues);
  EXPECT_TRUE(has_issue(issues.items(), "/name", "U+009B"));
  IssueList raw;
  parse_document(
      "{\"name\": \"a\xC2\x85"
      "b\"}",
      raw);
  EXPECT_TRUE(has_issue(raw.items(), "/name", "U+0085"));
  IssueList fine;  // U+00A0 (no-break space) and above are text
  parse_document(
      "{\"name\": \"a\xC2\xA0"
      "b\u00e9\"}",
      fine);
  EXPECT_TRUE(fine.empty());
}

TEST(Explain, EveryLineStaysOneLineWhateverTheResultHolds) {
  // Documents can no longer bring a line break into a name; a Result built in code still can.
  Result result = assess_json(cn2013(), full_cn2013_submission());
  const std::size_t lines = result.explain(Lang::zh).size();
  result.region.name = "湖北省\n  1  999999  伪造省  100.00  A";
  const std::vector<std::string> explained = result.explain(Lang::zh);
  EXPECT_EQ(explained.size(), lines);
  bool named = false;
  for (const std::string& line : explained) {
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
    named = named || line.find("湖北省   1  999999") != std::string::npos;
  }
  EXPECT_TRUE(named);
}

TEST(SingleLine, AnIncidentIdIsOneLine) {
  json document = full_cn2013_submission();
  document["incidents"] = json::array({incident("i1\nA", "2018-09-01", "regional")});
  EXPECT_TRUE(
      has_issue(issues_of<InputError>([&] { read_submission(document); }), "/incidents/0/id", "U+000A"));
}

}  // namespace
}  // namespace qa::testing

// An error's heading in Chinese (errors.cpp; docs/contracts.md, "Errors"): what() stays English,
// what_zh() has the heading's and each problem's Chinese.
namespace qa::testing {
namespace {

TEST(ErrorHeading, WhatZhWordsTheHeadingAndTheProblemsInChinese) {
  const InputError one("submission 420000 湖北省", {{"/year", "must be a number", "应为数字"}});
  EXPECT_STREQ(one.what(), "submission 420000 湖北省: /year: must be a number");
  EXPECT_EQ(one.what_zh(), "报送数据有误（420000 湖北省）: /year: 应为数字");
  const InputError two("invalid table", {{"row 3", "bad", "有误"}, {"row 4", "worse"}});
  EXPECT_EQ(two.what_zh(), "表格有误（共 2 个问题）\n  row 3: 有误\n  row 4: worse");
}

TEST(ErrorHeading, EveryKindOfHeadingHasItsChinese) {
  EXPECT_EQ(heading_zh("invalid scheme 'x'"), "考核方案 'x' 有误");
  EXPECT_EQ(heading_zh("refused: verify"), "已拒绝：verify");
  EXPECT_EQ(heading_zh("cannot grade the counties"), "无法评定县级地区");
  EXPECT_EQ(heading_zh("invalid batch of 31 regions"), "31 个地区的数据有误");
  EXPECT_EQ(heading_zh("book.xlsx: damaged workbook"), "book.xlsx: 工作簿已损坏");
  EXPECT_EQ(heading_zh("something new"), "something new");  // the English when not known
}

}  // namespace
}  // namespace qa::testing
