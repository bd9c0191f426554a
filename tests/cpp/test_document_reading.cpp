// The fast paths of reading a document (issue 13): a submission read from a document it may
// consume is the same as one read from a copy, and the byte checks that skip printable ASCII
// eight bytes at a time find every byte they must refuse, wherever it lies.
#include <string>
#include <utility>
#include <vector>

#include "qualityassess/json_document.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

std::string describe(const std::vector<Issue>& issues) {
  std::string out;
  for (const Issue& issue : issues) out += issue.path + ": " + issue.message + "\n";
  return out;
}

// Whatever read_submission(const json&) gives or throws, as text.
std::string outcome_of_copy(const json& document) {
  try {
    return write_submission(read_submission(document)).dump();
  } catch (const InputError& error) {
    return std::string(error.what()) + "\n" + describe(error.issues());
  }
}

// The same from read_submission(json&&), consuming a copy.
std::string outcome_of_move(json document) {
  try {
    return write_submission(read_submission(std::move(document))).dump();
  } catch (const InputError& error) {
    return std::string(error.what()) + "\n" + describe(error.issues());
  }
}

json rich_submission() {
  json doc = full_cn2013_submission();
  doc["verification"] = {{"development_plan", "fair"}, {"brand_strategy", nullptr}};
  doc["previous"] = {{"manufacturing_pass_rate", 92.0}};
  doc["adjustments"] = {{"some_bonus", 1}};
  doc["evidence"] = {{"development_plan", "site visit"}, {"brand_strategy", "records"}};
  doc["filed"] = {{"targets", "2019-08-01"}, {"not_submitted", {"self_evaluation"}}};
  doc["incidents"] = json::array({{{"id", "i-1"},
                                   {"date", "2020-03-02"},
                                   {"scope", "regional"},
                                   {"meta", {{"source", {1, 2, {{"x", "y"}}}}}}},
                                  {{"id", "i-2"}, {"date", "2020-03-03"}, {"scope", "local"}}});
  doc["meta"] = {{"source", "workbook.xlsx"}, {"rows", {1, 2, 3}}};
  doc["comment"] = "kept out";
  return doc;
}

TEST(ReadSubmissionMoving, GivesWhatReadingACopyGives) {
  const json doc = rich_submission();
  const std::string copied = outcome_of_copy(doc);
  EXPECT_EQ(outcome_of_move(doc), copied);
  EXPECT_NE(copied.find("workbook.xlsx"), std::string::npos);
  EXPECT_NE(copied.find("site visit"), std::string::npos);
}

TEST(ReadSubmissionMoving, ReportsTheSameIssues) {
  std::vector<json> documents;
  json doc = rich_submission();
  doc["evidence"]["x"] = 3;
  doc["incidents"][1]["id"] = "i-1";
  doc["incidents"][0]["deaths"] = -1;
  doc["region"]["extra"] = true;
  doc["typo"] = 1;
  documents.push_back(doc);
  json bad_text = rich_submission();
  bad_text["meta"]["note"] = std::string("a\x01z");
  documents.push_back(bad_text);
  documents.push_back(json::array({1, 2}));
  documents.push_back(json{{"region", "x"}, {"year", "2019"}, {"targets", json::array()}});
  for (const json& document : documents) {
    const std::string copied = outcome_of_copy(document);
    EXPECT_NE(copied.find('\n'), std::string::npos) << copied;  // it was refused
    EXPECT_EQ(outcome_of_move(document), copied);
  }
}

TEST(ReadSubmissionMoving, FromTextGivesWhatTheDocumentGives) {
  const json doc = rich_submission();
  EXPECT_EQ(write_submission(read_submission_text(doc.dump())).dump(), outcome_of_copy(doc));
}

// What check_document says of a string of 'a's with one byte changed, or "" when nothing.
std::string problem_of(std::size_t length, std::size_t at, unsigned char byte, bool as_key) {
  std::string text(length, 'a');
  text[at] = static_cast<char>(byte);
  IssueList issues;
  check_document(as_key ? json{{text, 1}} : json{{"k", text}}, issues);
  if (issues.empty()) return "";
  EXPECT_EQ(issues.size(), 1u);
  return issues.items().front().message;
}

// The rule, byte by byte: control characters other than tab, LF and CR are refused, and a byte
// of 0x80 or more cannot stand alone in UTF-8.
std::string expected_problem(std::size_t at, unsigned char byte, bool as_key) {
  static const char digits[] = "0123456789ABCDEF";
  std::string problem;
  if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') {
    problem = std::string("contains the control character U+00") + digits[byte >> 4] + digits[byte & 0x0F] +
              " (byte " + std::to_string(at) + ")";
  } else if (byte >= 0x80) {
    problem = "not valid UTF-8 (byte " + std::to_string(at) + ")";
  }
  return problem.empty() || !as_key ? problem : "key " + problem;
}

TEST(CheckDocument, FindsEveryRefusedByteWhereverItLies) {
  for (std::size_t length : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 24u, 33u}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        for (bool as_key : {false, true}) {
          ASSERT_EQ(problem_of(length, at, static_cast<unsigned char>(byte), as_key),
                    expected_problem(at, static_cast<unsigned char>(byte), as_key))
              << "length " << length << ", byte " << byte << " at " << at;
        }
      }
    }
  }
}

TEST(CheckDocument, ReadsCharactersAfterAnAsciiRun) {
  IssueList issues;
  // Valid two- to four-byte characters after eight and more ASCII bytes; then U+0085 (C1) and
  // a surrogate (ED A0 80) after a run.
  check_document(json{{"a", "abcdefghij\xC3\xA9\xE6\xB9\x96\xF0\x9F\x98\x80xyz"}}, issues);
  EXPECT_TRUE(issues.empty());
  check_document(json{{"a", "abcdefghijklmnop\xC2\x85"}}, issues);
  check_document(json{{"b", "abcdefghijklmnopq\xED\xA0\x80"}}, issues);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues.items()[0].path, "/a");
  EXPECT_EQ(issues.items()[0].message, "contains the control character U+0085 (byte 16)");
  EXPECT_EQ(issues.items()[1].path, "/b");
  EXPECT_EQ(issues.items()[1].message, "not valid UTF-8 (byte 17)");
}

TEST(ParseDocument, NamesDuplicateKeysAndTheirPathAfterTheSearchForTheirPlace) {
  IssueList issues;
  parse_document(R"({"b": {"y": 1, "x~/": [1, {"d": 1, "c": 2, "d": 3}]}})", issues);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues.items()[0].path, "/b/x~0~1/1/d");
  EXPECT_EQ(issues.items()[0].message,
            "duplicate key 'd' (a key may appear once in an object; other readers would keep the first or "
            "the last)");
  IssueList fine;
  const json parsed = parse_document(R"({"b": 1, "a": {"z": [], "y": {}}, "c": "x"})", fine);
  EXPECT_TRUE(fine.empty());
  EXPECT_EQ(parsed.dump(), R"({"a":{"y":{},"z":[]},"b":1,"c":"x"})");
}

}  // namespace
}  // namespace qa::testing
