// The region hierarchy (Art. 10: provinces assess their prefectures, prefectures their counties):
// GB/T 2260 codes, parents given or inferred, every problem of a region file at once with its
// row's location and code, and the queries. Codes under 990000 are invented (示例, synthetic).
#include <string>
#include <vector>

#include "qualityassess/region_tree.hpp"
#include "qualityassess/text.hpp"
#include "test_helpers.hpp"

namespace qa::testing {
namespace {

using Codes = std::vector<std::string>;

// Rows of "regions.csv": the header is line 1, so the n-th row (0-based) is line n + 2.
std::vector<RegionRow> csv_rows(std::vector<RegionRow> rows) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].location.empty()) rows[i].location = "regions.csv line " + std::to_string(i + 2);
  }
  return rows;
}

// A synthetic province with two prefectures, three counties under them and one county-level unit
// directly under the province (省直辖县级, like 429004), parents left to be inferred.
std::vector<RegionRow> sample_rows() {
  return csv_rows({
      {"990000", "示例省 (synthetic)", "", "", ""},
      {"990100", "示例市一", "", "", ""},
      {"990101", "示例县甲", "", "", ""},
      {"990102", "示例县乙", "", "", ""},
      {"990200", "示例市二", "", "", ""},
      {"990201", "示例县丙", "", "", ""},
      {"999004", "示例直辖县", "", "", ""},
  });
}

std::vector<Issue> tree_issues(const std::vector<RegionRow>& rows) {
  return issues_of<InputError>([&] { RegionTree tree(rows); });
}

std::string tree_error(const std::vector<RegionRow>& rows) {
  try {
    RegionTree tree(rows);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

// ---- codes and levels ------------------------------------------------------------------------

TEST(RegionCode, LevelFromCode) {
  EXPECT_EQ(level_of_code("420000"), AdminLevel::province);
  EXPECT_EQ(level_of_code("420100"), AdminLevel::prefecture);
  EXPECT_EQ(level_of_code("420102"), AdminLevel::county);
  EXPECT_EQ(level_of_code("429004"), AdminLevel::county);
  EXPECT_FALSE(level_of_code("42010"));
  EXPECT_FALSE(level_of_code("4201020"));
  EXPECT_FALSE(level_of_code("42010a"));
  EXPECT_FALSE(level_of_code("000100"));
  EXPECT_FALSE(level_of_code("４２００００"));  // full-width digits are not ASCII
  EXPECT_EQ(province_of_code("420102"), "420000");
  EXPECT_EQ(prefecture_of_code("420102"), "420100");
  EXPECT_EQ(prefecture_of_code("420100"), "");
}

TEST(RegionCode, LevelNamesInEnglishAndChinese) {
  EXPECT_STREQ(admin_level_name(AdminLevel::prefecture), "prefecture");
  EXPECT_STREQ(admin_level_name_zh(AdminLevel::county), "县");
  EXPECT_EQ(parse_admin_level("province"), AdminLevel::province);
  EXPECT_EQ(parse_admin_level("省"), AdminLevel::province);
  EXPECT_EQ(parse_admin_level("市"), AdminLevel::prefecture);
  EXPECT_EQ(parse_admin_level("县"), AdminLevel::county);
  EXPECT_FALSE(parse_admin_level("Province"));
  EXPECT_FALSE(parse_admin_level("city"));
  EXPECT_EQ(level_above(AdminLevel::county), AdminLevel::prefecture);
  EXPECT_FALSE(level_above(AdminLevel::province));
  EXPECT_EQ(level_below(AdminLevel::prefecture), AdminLevel::county);
  EXPECT_FALSE(level_below(AdminLevel::county));
}

// ---- building ------------------------------------------------------------------------------

TEST(RegionTree, ParentsInferredFromCodes) {
  const RegionTree tree(sample_rows());
  ASSERT_EQ(tree.size(), 7u);
  EXPECT_EQ(tree.at("990000").parent, "");
  EXPECT_EQ(tree.at("990100").parent, "990000");
  EXPECT_EQ(tree.at("990101").parent, "990100");
  EXPECT_EQ(tree.at("990201").parent, "990200");
  EXPECT_EQ(tree.at("990101").level, AdminLevel::county);
  EXPECT_EQ(tree.at("990200").level, AdminLevel::prefecture);
  EXPECT_EQ(tree.at("990102").location, "regions.csv line 5");
  EXPECT_EQ(tree.at("990102").name, "示例县乙");
}

TEST(RegionTree, CountyDirectlyUnderProvince) {
  // 省直辖县级: 999004's prefecture code 999000 is not in the file, so its parent is 990000.
  const RegionTree tree(sample_rows());
  EXPECT_EQ(tree.at("999004").parent, "990000");
  EXPECT_EQ(tree.at("999004").level, AdminLevel::county);
  EXPECT_EQ(tree.children("990000"), (Codes{"990100", "990200", "999004"}));
  EXPECT_FALSE(tree.ancestor_at("999004", AdminLevel::prefecture));
  EXPECT_EQ(tree.ancestor_at("999004", AdminLevel::province), "990000");
}

TEST(RegionTree, GivenParentsAndLevelsAccepted) {
  const RegionTree tree(csv_rows({
      {"990000", "示例省", "省", "", ""},
      {"990100", "示例市", "prefecture", "990000", ""},
      {"990101", "示例县", "县", "990100", ""},
      // A county may be given its province although its prefecture code is in the file.
      {"990150", "示例直辖县", "county", "990000", ""},
  }));
  EXPECT_EQ(tree.at("990101").parent, "990100");
  EXPECT_EQ(tree.at("990150").parent, "990000");
  EXPECT_EQ(tree.children("990100"), (Codes{"990101"}));
}

TEST(RegionTree, EntriesInCodeOrderWhateverTheRowOrder) {
  const RegionTree tree(csv_rows({
      {"990101", "示例县甲", "", "", ""},
      {"990000", "示例省", "", "", ""},
      {"990100", "示例市一", "", "", ""},
  }));
  Codes codes;
  for (const RegionEntry& entry : tree.entries()) codes.push_back(entry.code);
  EXPECT_EQ(codes, (Codes{"990000", "990100", "990101"}));
  EXPECT_EQ(tree.at("990101").parent, "990100");  // inferred though the prefecture comes later
}

TEST(RegionTree, EmptyFileIsAnEmptyTree) {
  const RegionTree tree(std::vector<RegionRow>{});
  EXPECT_EQ(tree.size(), 0u);
  EXPECT_FALSE(tree.contains("990000"));
}

// ---- queries --------------------------------------------------------------------------------

TEST(RegionTree, Queries) {
  const RegionTree tree(sample_rows());
  EXPECT_TRUE(tree.contains("990101"));
  EXPECT_FALSE(tree.contains("990103"));
  ASSERT_NE(tree.find("990200"), nullptr);
  EXPECT_EQ(tree.find("990200")->name, "示例市二");
  EXPECT_EQ(tree.find("990103"), nullptr);
  EXPECT_EQ(tree.children("990100"), (Codes{"990101", "990102"}));
  EXPECT_TRUE(tree.children("990101").empty());
  EXPECT_EQ(tree.descendants("990000"), (Codes{"990100", "990101", "990102", "990200", "990201", "999004"}));
  EXPECT_EQ(tree.descendants("990000", AdminLevel::county), (Codes{"990101", "990102", "990201", "999004"}));
  EXPECT_EQ(tree.descendants("990000", AdminLevel::prefecture), (Codes{"990100", "990200"}));
  EXPECT_TRUE(tree.descendants("990100", AdminLevel::province).empty());
  EXPECT_EQ(tree.ancestors("990102"), (Codes{"990100", "990000"}));  // nearest first
  EXPECT_TRUE(tree.ancestors("990000").empty());
  EXPECT_EQ(tree.ancestor_at("990201", AdminLevel::prefecture), "990200");
  EXPECT_EQ(tree.ancestor_at("990201", AdminLevel::province), "990000");
  EXPECT_FALSE(tree.ancestor_at("990201", AdminLevel::county));
  EXPECT_FALSE(tree.ancestor_at("990000", AdminLevel::province));
  EXPECT_EQ(tree.at_level(AdminLevel::province), (Codes{"990000"}));
  EXPECT_EQ(tree.at_level(AdminLevel::county), (Codes{"990101", "990102", "990201", "999004"}));
  EXPECT_EQ(tree.at_level(AdminLevel::county, std::string("990200")), (Codes{"990201"}));
  EXPECT_EQ(tree.at_level(AdminLevel::prefecture, std::string("990200")), (Codes{"990200"}));
  EXPECT_TRUE(tree.at_level(AdminLevel::province, std::string("990200")).empty());
}

TEST(RegionTree, QueryOfAnUnknownCodeIsRefused) {
  const RegionTree tree(sample_rows());
  EXPECT_THROW(tree.at("990103"), InputError);
  EXPECT_THROW(tree.children("990103"), InputError);
  EXPECT_THROW(tree.descendants("990103"), InputError);
  EXPECT_THROW(tree.ancestors("990103"), InputError);
  EXPECT_THROW(tree.ancestor_at("990103", AdminLevel::province), InputError);
  EXPECT_THROW(tree.at_level(AdminLevel::county, std::string("990103")), InputError);
  const auto issues = issues_of<InputError>([&] { tree.children("880000"); });
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].message.find("'880000' is not in the region file"), std::string::npos);
}

// ---- refusals, each at its row's location and code --------------------------------------------

TEST(RegionTreeRefusals, MalformedCodes) {
  const auto issues = tree_issues(csv_rows({
      {"990000", "示例省", "", "", ""},
      {"99010", "短", "", "", ""},
      {"99010x", "字母", "", "", ""},
      {"９９０１００", "全角", "", "", ""},
      {"000100", "无省", "", "", ""},
      {"", "空", "", "", ""},
  }));
  ASSERT_EQ(issues.size(), 5u);
  EXPECT_EQ(issues[0].path, "regions.csv line 3 (99010)");
  EXPECT_NE(issues[0].message.find("'99010' is not a region code: 6 ASCII digits"), std::string::npos);
  EXPECT_EQ(issues[1].path, "regions.csv line 4 (99010x)");
  EXPECT_EQ(issues[2].path, "regions.csv line 5 (９９０１００)");
  EXPECT_EQ(issues[3].path, "regions.csv line 6 (000100)");
  EXPECT_NE(issues[3].message.find("names no province"), std::string::npos);
  EXPECT_EQ(issues[4].path, "regions.csv line 7");
  EXPECT_EQ(issues[4].message, "code is empty");
}

TEST(RegionTreeRefusals, DuplicateCodeNamesTheFirstRow) {
  auto rows = sample_rows();
  rows.push_back({"990101", "又一个", "", "", "regions.csv line 9"});
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "regions.csv line 9 (990101)");
  EXPECT_EQ(issues[0].message, "duplicate code; first given at regions.csv line 4 (990101)");
}

TEST(RegionTreeRefusals, NamesAreOneLine) {
  // docs/security.md, "Text in outputs": a line break in a name forges a row of the ranking.
  auto rows = sample_rows();
  rows[1].name = "某县\n990100  伪造县";
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "regions.csv line 3 (990100)");
  EXPECT_NE(issues[0].message.find("U+000A"), std::string::npos) << issues[0].message;
}

TEST(RegionTreeRefusals, EmptyNames) {
  auto rows = sample_rows();
  rows[1].name = "";
  rows[2].name = " \t\xE3\x80\x80";  // white space only, the ideographic space included
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].path, "regions.csv line 3 (990100)");
  EXPECT_EQ(issues[0].message, "name is empty");
  EXPECT_EQ(issues[1].path, "regions.csv line 4 (990101)");
}

TEST(RegionTreeRefusals, UnknownOrContradictingLevel) {
  auto rows = sample_rows();
  rows[1].level = "city";
  rows[2].level = "prefecture";
  rows[3].level = "省";
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].path, "regions.csv line 3 (990100)");
  EXPECT_EQ(issues[0].message, "level 'city' is not province, prefecture or county (省, 市, 县)");
  EXPECT_EQ(issues[1].path, "regions.csv line 4 (990101)");
  EXPECT_EQ(issues[1].message, "level 'prefecture' contradicts the code: 990101 is a county");
  EXPECT_EQ(issues[2].message, "level '省' contradicts the code: 990102 is a county");
}

TEST(RegionTreeRefusals, UnknownParentInTheWholeMessage) {
  auto rows = sample_rows();
  rows.push_back({"990199", "示例县丁", "", "990900", ""});
  rows = csv_rows(rows);
  EXPECT_EQ(tree_error(rows),
            "invalid region file: regions.csv line 9 (990199): parent '990900' is not in the file");
}

TEST(RegionTreeRefusals, MalformedParent) {
  auto rows = sample_rows();
  rows[2].parent = "9901";
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "regions.csv line 4 (990101)");
  EXPECT_EQ(issues[0].message, "parent '9901' is not a region code: 6 ASCII digits (GB/T 2260)");
}

TEST(RegionTreeRefusals, ParentNotAboveTheChild) {
  auto rows = sample_rows();
  rows[2].parent = "990102";  // a county under a county
  rows[4].parent = "990100";  // a prefecture under a prefecture
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].path, "regions.csv line 4 (990101)");
  EXPECT_EQ(issues[0].message, "parent '990102' is a county, not above a county");
  EXPECT_EQ(issues[1].path, "regions.csv line 6 (990200)");
  EXPECT_EQ(issues[1].message, "parent '990100' is a prefecture, not above a prefecture");
}

TEST(RegionTreeRefusals, ParentWithAnotherPrefix) {
  auto rows = sample_rows();
  rows.push_back({"980000", "示例省二", "", "", ""});
  rows.push_back({"980100", "示例市三", "", "990000", ""});  // a prefecture under another province
  rows.push_back({"990202", "示例县戊", "", "990100", ""});  // a county under another prefecture
  rows.push_back({"990203", "示例县己", "", "980000", ""});  // a county under another province
  rows = csv_rows(rows);
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].path, "regions.csv line 10 (980100)");
  EXPECT_EQ(issues[0].message, "parent '990000' is not its province '980000' (the code's first two digits)");
  EXPECT_EQ(issues[1].path, "regions.csv line 11 (990202)");
  EXPECT_EQ(
      issues[1].message,
      "parent '990100' is not its prefecture '990200' or its province '990000' (the code's leading digits)");
  EXPECT_EQ(issues[2].path, "regions.csv line 12 (990203)");
}

TEST(RegionTreeRefusals, ProvinceWithAParent) {
  auto rows = sample_rows();
  rows.push_back({"980000", "示例省二", "", "990000", ""});
  rows = csv_rows(rows);
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "regions.csv line 9 (980000)");
  EXPECT_EQ(issues[0].message, "a province has no parent (given '990000')");
}

TEST(RegionTreeRefusals, MissingParentThatCannotBeInferred) {
  const auto issues = tree_issues(csv_rows({
      {"990100", "示例市一", "", "", ""},
      {"990101", "示例县甲", "", "", ""},  // its prefecture is there: fine
      {"980101", "示例县乙", "", "", ""},
  }));
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].path, "regions.csv line 2 (990100)");
  EXPECT_EQ(issues[0].message, "no parent given, and its province '990000' is not in the file");
  EXPECT_EQ(issues[1].path, "regions.csv line 4 (980101)");
  EXPECT_EQ(issues[1].message,
            "no parent given, and neither its prefecture '980100' nor its province '980000' is in the file");
}

TEST(RegionTreeRefusals, LoopInTheParentChains) {
  // The level rule already refuses each link; the loop is reported as well, once, naming each
  // region in it once.
  const auto issues = tree_issues(csv_rows({
      {"990000", "示例省", "", "", ""},
      {"990101", "示例县甲", "", "990100", ""},
      {"990100", "示例市一", "", "990101", ""},
  }));
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].path, "regions.csv line 4 (990100)");
  EXPECT_EQ(issues[0].message, "parent '990101' is a county, not above a prefecture");
  EXPECT_EQ(issues[1].path, "regions.csv line 4 (990100)");
  EXPECT_EQ(issues[1].message, "the parent chain loops: 990100 → 990101 → 990100");
}

// Every problem of a region file is worded in Chinese too (Issue::message_zh): the CLI shows
// its --lang, zh by default.
TEST(RegionTreeRefusals, InChineseToo) {
  const auto codes = tree_issues(csv_rows({
      {"990000", "示例省", "", "", ""},
      {"99010", "短", "", "", ""},
      {"000100", "无省", "", "", ""},
      {"", "空", "", "", ""},
  }));
  ASSERT_EQ(codes.size(), 3u);
  EXPECT_EQ(codes[0].message_zh, "代码 '99010' 不是地区代码：应为 6 位半角数字（GB/T 2260）");
  EXPECT_EQ(codes[1].message_zh, "代码 '000100' 不对应任何省份（地区代码不以 00 开头）");
  EXPECT_EQ(codes[2].message_zh, "代码为空");

  auto rows = sample_rows();
  rows[1].name = "某县\n990100  伪造县";
  rows[2].level = "prefecture";
  rows[2].parent = "990102";
  rows.push_back({"990101", "又一个", "", "", "regions.csv line 9"});
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_EQ(issues[0].message_zh, single_line_problem_zh(rows[1].name));
  EXPECT_EQ(issues[1].message_zh, "级别 'prefecture' 与代码不符：990101 是县级地区");
  EXPECT_EQ(issues[2].message_zh, "上级 '990102' 是县级地区，不在县级之上");
  EXPECT_EQ(issues[3].path, "regions.csv line 9 (990101)");
  EXPECT_EQ(issues[3].message_zh, "代码重复；首次出现于 regions.csv line 4 (990101)");

  const auto missing = tree_issues(csv_rows({{"980101", "示例县乙", "", "", ""}}));
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].message_zh, "未填写上级，且其所属的市 '980100' 和省 '980000' 均不在文件中");

  const RegionTree tree(sample_rows());
  const auto unknown = issues_of<InputError>([&] { tree.children("880000"); });
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].message_zh, "地区 '880000' 不在地区文件中");
}

TEST(RegionTreeRefusals, EveryProblemAtOnceInRowOrder) {
  const auto issues = tree_issues(csv_rows({
      {"990000", "示例省", "", "", ""},
      {"99010", "", "city", "", ""},
      {"990101", "示例县甲", "", "990900", ""},
      {"990101", "示例县甲", "", "", ""},
  }));
  EXPECT_EQ(paths(issues),
            (Codes{"regions.csv line 3 (99010)", "regions.csv line 3 (99010)", "regions.csv line 3 (99010)",
                   "regions.csv line 4 (990101)", "regions.csv line 5 (990101)"}));
}

TEST(RegionTreeRefusals, JsonPointerLocationsNameTheField) {
  std::vector<RegionRow> rows = {
      {"990000", "示例省", "", "", "/regions/0"},
      {"990101", "示例县甲", "", "990900", "/regions/1"},
      {"99010", "", "", "", "/regions/2"},
  };
  const auto issues = tree_issues(rows);
  EXPECT_EQ(paths(issues),
            (Codes{"/regions/1/parent (990101)", "/regions/2/code (99010)", "/regions/2/name (99010)"}));
}

TEST(RegionTreeRefusals, TooManyRows) {
  std::vector<RegionRow> rows(RegionTree::kMaxRegions + 1, RegionRow{"990000", "示例省", "", "", ""});
  const auto issues = tree_issues(rows);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].message, "100001 regions; a region file holds at most 100000");
}

}  // namespace
}  // namespace qa::testing
