// Hostile documents (issue 6, docs/security.md): every one is refused with a SchemeError or an
// InputError naming its place, in bounded time and memory, and the error's text is valid UTF-8.
#include <chrono>
#include <string>

#include "qualityassess/campaign.hpp"
#include "qualityassess/json_document.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

std::vector<Issue> parse_issues(const std::string& text) {
  IssueList issues;
  const json document = parse_document(text, issues);
  if (issues.empty()) ADD_FAILURE() << "accepted: " << text.substr(0, 80);
  EXPECT_TRUE(document.is_null());
  return issues.items();
}

TEST(HostileDocuments, DuplicateKeysAreRefusedWithTheirPath) {
  auto issues = parse_issues(R"({"a": 1, "a": 2})");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/a");
  EXPECT_NE(issues[0].message.find("duplicate key 'a'"), std::string::npos) << issues[0].message;
  issues = parse_issues(R"({"x": [1, {"b": {"c": 1}}, {"d": 1, "e": [0, {"f": 1, "f": 1}]}]})");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/x/2/e/1/f");
  // The same key in different objects is fine.
  IssueList fine;
  EXPECT_FALSE(
      parse_document(R"({"a": {"k": 1}, "b": {"k": 1}, "k": [{"k": 1}, {"k": 2}]})", fine).is_null());
  EXPECT_TRUE(fine.empty());
}

TEST(HostileDocuments, DuplicateKeysInEveryReader) {
  EXPECT_TRUE(has_issue(issues_of<SchemeError>([] { read_scheme_text(R"({"id": "a", "id": "b"})"); }), "/id",
                        "duplicate key"));
  const std::string submission = R"({"region": {"code": "420000"}, "year": 2019,
      "self_evaluation": {"development_plan": "poor", "development_plan": "excellent"}})";
  EXPECT_TRUE(has_issue(issues_of<InputError>([&] { read_submission_text(submission); }),
                        "/self_evaluation/development_plan", "duplicate key"));
  EXPECT_TRUE(
      has_issue(issues_of<InputError>([] { read_action_text(R"({"type": "assess", "type": "approve"})"); }),
                "/type", "duplicate key"));
}

TEST(HostileDocuments, DeepNestingStopsEarly) {
  const auto start = std::chrono::steady_clock::now();
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto issues = parse_issues(deep);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].message.find("nested more than 64 levels"), std::string::npos) << issues[0].message;
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(100000, '}');
  EXPECT_THROW(read_scheme_text(objects), SchemeError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // 64 levels are read.
  IssueList fine;
  parse_document(std::string(64, '[') + std::string(64, ']'), fine);
  EXPECT_TRUE(fine.empty());
}

TEST(HostileDocuments, DeepDocumentsBuiltInCodeAreRefusedToo) {
  json deep = 1;
  for (int i = 0; i < 100000; ++i) deep = json::array({std::move(deep)});
  json document = base_scheme();
  document["meta"] = std::move(deep);
  const auto issues = issues_of<SchemeError>([&] { read_scheme(document); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path.rfind("/meta/0/0/0", 0), 0u) << issues[0].path;
  EXPECT_NE(issues[0].message.find("nested more than 64 levels"), std::string::npos);
}

TEST(HostileDocuments, NumbersOutOfRangeNaNAndInfinity) {
  for (const char* text : {R"({"year": 1e999})", R"({"year": -1e999})", R"({"year": NaN})",
                           R"({"year": Infinity})", R"({"year": -Infinity})", R"({"year": 1e400})"}) {
    const auto issues = parse_issues(text);
    ASSERT_EQ(issues.size(), 1u) << text;
    EXPECT_EQ(issues[0].path, "/year") << text;
    EXPECT_EQ(issues[0].message.rfind("not valid JSON", 0), 0u) << issues[0].message;
  }
  // Huge integers are numbers; the readers bound them.
  EXPECT_TRUE(has_issue(issues_of<InputError>([] {
                          read_submission_text(
                              R"({"region": {"code": "1"}, "year": 99999999999999999999999})");
                        }),
                        "/year", ""));
  json built = base_scheme();
  built["nodes"][0]["points"] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(has_issue(issues_of<SchemeError>([&] { read_scheme(built); }), "/nodes/0/points", "finite"));
}

TEST(HostileDocuments, InvalidUtf8IsRefusedAndMessagesStayValid) {
  for (const std::string& text : {std::string("{\"id\": \"a\xff\"}"), std::string("{\"a\xc0\xaf\": 1}"),
                                  std::string("{\"id\": \"\xed\xa0\x80\"}"), std::string("\xfe\xff{}")}) {
    const auto issues = parse_issues(text);
    ASSERT_FALSE(issues.empty());
    for (const Issue& issue : issues) {
      EXPECT_TRUE(is_valid_utf8(issue.path)) << issue.path;
      EXPECT_TRUE(is_valid_utf8(issue.message)) << issue.message;
    }
    try {
      read_scheme_text(text);
      ADD_FAILURE() << "accepted";
    } catch (const SchemeError& error) {
      EXPECT_TRUE(is_valid_utf8(error.what())) << error.what();
    }
  }
  // A document built in code with invalid UTF-8 is refused before anything dumps it.
  json document = base_scheme();
  document["name"] = "bad \xff name";
  EXPECT_TRUE(has_issue(issues_of<SchemeError>([&] { read_scheme(document); }), "/name", "not valid UTF-8"));
  document = base_scheme();
  document["meta"] = {{"k\xfe", 1}};
  EXPECT_FALSE(issues_of<SchemeError>([&] { read_scheme(document); }).empty());
}

TEST(HostileDocuments, UnpairedSurrogateEscapes) {
  EXPECT_FALSE(parse_issues(R"({"id": "\ud800"})").empty());
  EXPECT_FALSE(parse_issues(R"({"id": "\udc00x"})").empty());
  IssueList fine;
  EXPECT_EQ(parse_document(R"({"id": "\ud83d\ude00"})", fine)["id"], "\xf0\x9f\x98\x80");
}

TEST(HostileDocuments, NulAndControlCharactersAreRefused) {
  auto issues = parse_issues(R"({"region": {"code": "42\u00000000"}})");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/region/code");
  EXPECT_NE(issues[0].message.find("U+0000"), std::string::npos) << issues[0].message;
  // nlohmann reads a NUL byte as the end of the input: what follows would be dropped.
  auto nul = parse_issues(std::string("{\"year\": 2019}\0{\"year\": 2020}", 29));
  ASSERT_EQ(nul.size(), 1u);
  EXPECT_EQ(nul[0].message, "not valid JSON: a NUL byte at byte 14");
  EXPECT_FALSE(parse_issues(R"({"a\u0007": 1})").empty());
  EXPECT_FALSE(parse_issues(R"({"a": "\u001b[31m"})").empty());
  IssueList fine;  // tab, line feed and carriage return are text
  parse_document(R"({"summary": "a\tb\nc\r\n"})", fine);
  EXPECT_TRUE(fine.empty());
  const std::string with_nul = std::string("x\0y", 3);
  json built = full_cn2013_submission();
  built["region"]["name"] = with_nul;
  EXPECT_TRUE(has_issue(issues_of<InputError>([&] { read_submission(built); }), "/region/name", "U+0000"));
}

TEST(HostileDocuments, LongStringsAndKeys) {
  const std::string huge(10 * 1000 * 1000, 'x');
  auto issues = parse_issues("{\"name\": \"" + huge + "\"}");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/name");
  EXPECT_NE(issues[0].message.find("at most 65536"), std::string::npos);
  issues = parse_issues("{\"" + huge + "\": 1}");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_LT(issues[0].path.size(), 300u);  // the path does not repeat the key whole
  IssueList fine;
  parse_document("{\"name\": \"" + std::string(65536, 'x') + "\"}", fine);
  EXPECT_TRUE(fine.empty());
}

TEST(HostileDocuments, ManyEntriesAndLargeDocuments) {
  std::string many = "{\"incidents\": [";
  for (int i = 0; i < 100001; ++i) many += i ? ",0" : "0";
  many += "]}";
  auto issues = parse_issues(many);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "/incidents");
  EXPECT_NE(issues[0].message.find("more than 100000 elements"), std::string::npos) << issues[0].message;
  const std::string large = "[\"" + std::string(40 << 20, ' ') + "\"]";
  issues = parse_issues(large);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].message.find("at most 33554432"), std::string::npos);
}

// Every refusal of a document is worded in Chinese too (Issue::message_zh), paths and numbers
// as in English.
TEST(HostileDocuments, RefusalsInChineseToo) {
  const auto zh = [](const std::string& text) {
    const auto issues = parse_issues(text);
    return issues.empty() ? std::string() : issues[0].message_zh;
  };
  EXPECT_EQ(zh(R"({"a": 1, "a": 2})"),
            "键 'a' 重复（同一对象中一个键只能出现一次；其他读取程序可能取第一个，也可能取最后一个）");
  EXPECT_EQ(zh(std::string(100, '[') + std::string(100, ']')), "嵌套超过 64 层");
  EXPECT_EQ(zh(R"({"region": {"code": "42\u00000000"}})"), "含有控制字符 U+0000（第 2 字节）");
  EXPECT_EQ(zh(R"({"a\u0007": 1})"), "键名含有控制字符 U+0007（第 1 字节）");
  EXPECT_EQ(zh(std::string("{\"year\": 2019}\0{\"year\": 2020}", 29)),
            "不是有效的 JSON：第 14 字节处有 NUL 字节");
  EXPECT_EQ(zh("{\"name\": \"" + std::string(65537, 'x') + "\"}"), "文本长 65537 字节；最多允许 65536 字节");
  // The parser's own detail in Chinese too, naming the line and column as the English does.
  const std::string broken = "{\"a\": [1, 2";
  EXPECT_EQ(parse_issues(broken)[0].message,
            "not valid JSON: line 1, column 12: syntax error while parsing array - unexpected end of input; "
            "expected ']'");
  EXPECT_EQ(zh(broken), "不是有效的 JSON：第 1 行第 12 列：文本意外结束，此处应为 ']'");
  std::string many = "[";
  for (int i = 0; i < 100001; ++i) many += i ? ",0" : "0";
  EXPECT_EQ(zh(many + "]"), "元素超过 100000 个");
  // A document built in code is checked in the same words.
  IssueList built;
  check_document(json{{"k", std::string("x\x01")}, {"u", std::string("\xC3\x28")}}, built);
  ASSERT_EQ(built.items().size(), 2u);
  EXPECT_EQ(built.items()[0].path, "/k");
  EXPECT_EQ(built.items()[0].message_zh, "含有控制字符 U+0001（第 1 字节）");
  EXPECT_EQ(built.items()[1].message_zh, "不是有效的 UTF-8 编码（第 0 字节）");
}

// Every way nlohmann refuses JSON text is worded in Chinese (issue 17): where, as the English
// names it, and what, with the text read quoted; never the parser's English.
TEST(HostileDocuments, ParseErrorsInChineseToo) {
  const auto zh = [](const std::string& text) {
    const auto issues = parse_issues(text);
    return issues.empty() ? std::string() : issues[0].message_zh;
  };
  EXPECT_EQ(zh("{not json"), "不是有效的 JSON：第 1 行第 3 列：无法识别的值，读到的是 '{no'，此处应为字符串");
  EXPECT_EQ(zh("[1,,]"), "不是有效的 JSON：第 1 行第 4 列：不应出现 ','，此处应为 '['、'{' 或一个值");
  EXPECT_EQ(zh("{\"a\":1}}"), "不是有效的 JSON：第 1 行第 8 列：不应出现 '}'，文本应在此结束");
  EXPECT_EQ(zh("{\"a\" 1}"), "不是有效的 JSON：第 1 行第 6 列：不应出现数字，此处应为 ':'");
  EXPECT_EQ(zh("\n\n  \"abc"), "不是有效的 JSON：第 3 行第 7 列：字符串缺少结尾的引号，读到的是 '\"abc'");
  EXPECT_EQ(zh("\"a\tb\""),
            "不是有效的 JSON：第 1 行第 3 列：字符串中的控制字符 U+0009 (HT) 须转义为 \\u0009 或 \\t，"
            "读到的是 '\"a<U+0009>'");
  EXPECT_EQ(zh("-"), "不是有效的 JSON：第 1 行第 2 列：数字无效：'-' 后应为数字，读到的是 '-'");
  EXPECT_EQ(zh("  "), "不是有效的 JSON：第 1 行第 3 列：文本意外结束，此处应为 '['、'{' 或一个值");
  const std::string texts[] = {"tru",          "{\"a\":1,}",  "\"a\\x\"",  "\"\\u12\"", "1.",
                               "1e",           "[1 2]",       "/* c */ 1", "{1:2}",     "[1]x",
                               "\"\\ud800x\"", "\"\\udc00\"", "nul",       "[}",        "\"\xFF\""};
  for (const std::string& text : texts) {
    const std::string chinese = zh(text);
    EXPECT_EQ(chinese.rfind("不是有效的 JSON：第 1 行第 ", 0), 0u) << text << ": " << chinese;
    for (const char* english : {"syntax error", "unexpected", "expected", "invalid", "literal", "语法错误"}) {
      EXPECT_EQ(chinese.find(english), std::string::npos) << text << ": " << chinese;
    }
  }
}

// 100,000 small objects in one array (the most the limits allow) parse in linear time: a
// parser that rescans the array after each object (nlohmann's callback parser) takes minutes.
TEST(HostileDocuments, ManySmallObjectsParseInLinearTime) {
  std::string many = "[";
  for (int i = 0; i < 100000; ++i) many += i ? ",{}" : "{}";
  many += "]";
  const auto start = std::chrono::steady_clock::now();
  IssueList issues;
  EXPECT_EQ(parse_document(many, issues).size(), 100000u);
  EXPECT_TRUE(issues.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(HostileDocuments, AMillionIncidentsAndTheIncidentLimit) {
  json document = full_cn2013_submission();
  document["incidents"] = json::array();
  for (int i = 0; i < 10001; ++i)
    document["incidents"].push_back({{"id", std::to_string(i)}, {"date", "2020-01-01"}, {"scope", "local"}});
  EXPECT_TRUE(
      has_issue(issues_of<InputError>([&] { read_submission(document); }), "/incidents", "at most 10000"));
  document["incidents"].erase(10000);
  EXPECT_NO_THROW(read_submission(document));
  std::string million = R"({"region": {"code": "1"}, "year": 2019, "incidents": [)";
  for (int i = 0; i < 1000000; ++i) million += i ? R"(,{"id":"x"})" : R"({"id":"x"})";
  million += "]}";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(read_submission_text(million), InputError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// The JSON kind of a value: what a reader checks first.
std::string kind_of(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "boolean";
  if (value.is_number()) return "number";
  if (value.is_string()) return "string";
  if (value.is_array()) return "array";
  return "object";
}

// Whether an issue names `path` or a place inside it.
bool names_place(const std::vector<Issue>& issues, const std::string& path) {
  for (const Issue& issue : issues) {
    if (issue.path == path || issue.path.rfind(path + "/", 0) == 0) return true;
  }
  return false;
}

// Every value of a kind the place does not take is refused, with an issue at that place.
TEST(HostileDocuments, WrongTypesEverywhere) {
  const json wrong_values = json::array({nullptr, true, 1, -1.5, "text", json::array(), json::object()});
  const json base = full_cn2013_submission();
  int refused = 0;
  for (auto it = base.begin(); it != base.end(); ++it) {
    for (const json& wrong : wrong_values) {
      if (kind_of(wrong) == kind_of(it.value()) && !(it.key() == "year" && wrong == -1.5)) continue;
      json document = base;
      document[it.key()] = wrong;
      const auto issues =
          issues_of<InputError>([&] { bind_submission(*cn2013(), read_submission(document)); });
      ASSERT_EQ(issues.size(), 1u) << it.key() << " = " << wrong.dump();
      EXPECT_EQ(issues[0].path, "/" + it.key()) << wrong.dump();
      EXPECT_EQ(issues[0].message.rfind("must be ", 0), 0u) << issues[0].message;
      ++refused;
    }
  }
  // region, targets, self_evaluation, scheme: the 6 values of another kind each; year: the 5 of
  // another kind and -1.5 (a number, not a whole one).
  EXPECT_EQ(refused, 5 * 6);
  const json scheme = base_scheme();
  refused = 0;
  for (auto it = scheme.begin(); it != scheme.end(); ++it) {
    for (const json& wrong : wrong_values) {
      if (kind_of(wrong) == kind_of(it.value())) continue;
      json document = scheme;
      document[it.key()] = wrong;
      if (it.key() == "name" && wrong.is_string()) {  // a text may be a plain string
        EXPECT_EQ(read_scheme(document)->name.en, "text");
        continue;
      }
      const auto issues = issues_of<SchemeError>([&] { read_scheme(document); });
      EXPECT_TRUE(names_place(issues, "/" + it.key())) << it.key() << " = " << wrong.dump();
      ++refused;
    }
  }
  EXPECT_EQ(refused, 11 * 6 - 1);
  const json kinds = {
      {"type", "string"}, {"region", "string"}, {"date", "string"}, {"actor", "string"}, {"data", "object"}};
  for (const json& wrong : wrong_values) {
    for (const char* key : {"type", "region", "date", "actor", "data"}) {
      if (kind_of(wrong) == kinds[key]) continue;
      json action = {{"type", "assess"}, {"date", "2020-01-01"}, {"data", json::object()}};
      action[key] = wrong;
      const auto issues = issues_of<InputError>([&] { read_action(action); });
      EXPECT_TRUE(names_place(issues, std::string("/") + key)) << key << " = " << wrong.dump();
    }
  }
}

TEST(HostileDocuments, ErrorTextIsBoundedAndValid) {
  std::vector<Issue> issues;
  for (int i = 0; i < 1000; ++i) issues.push_back({"/p", std::string(5000, 'x') + "\xe4\xb8"});
  const InputError error("invalid", issues);
  EXPECT_LT(std::string(error.what()).size(), 300000u);
  EXPECT_TRUE(is_valid_utf8(error.what()));
  EXPECT_NE(std::string(error.what()).find("... and 900 more"), std::string::npos);
  for (const Issue& issue : error.issues()) EXPECT_TRUE(is_valid_utf8(issue.message));
}

TEST(Utf8, ValidationReplacementAndTruncation) {
  EXPECT_TRUE(is_valid_utf8("湖北省 ok"));
  EXPECT_FALSE(is_valid_utf8("\xc0\x80"));          // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_EQ(to_valid_utf8("a\xffz"), "a\xef\xbf\xbdz");
  EXPECT_EQ(truncate_utf8("湖北省", 4), "湖...");
  EXPECT_EQ(truncate_utf8("abc", 3), "abc");
}

}  // namespace
}  // namespace qa::testing
