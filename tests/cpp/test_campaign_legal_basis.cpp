// A campaign cites the scheme's own legal basis (issue 16; docs/scheme-language.md, "Legal
// basis"): its lateness warnings, its refusals and its status take each article from the
// scheme's legal_basis.articles, with its defaults (targets and self_evaluation from filing,
// report and rectification none), and cite none where the scheme declares none. cn-2013's texts
// are the campaign tests' (test_campaign_year.cpp), unchanged.
#include <gtest/gtest.h>

#include "campaign_fixtures.hpp"
#include "campaign_rules.hpp"
#include "qualityassess/scheme_io.hpp"

namespace qa::testing {
namespace {

// The campaign of the fixtures with cn-2013's legal basis replaced by `legal_basis` (none when
// null): everything else, dates and grades included, as in test_campaign_year.cpp.
Year year_with(const json& legal_basis) {
  Year year;
  json data = create_data(region_list(year.specs));
  if (legal_basis.is_null()) {
    data["scheme"].erase("legal_basis");
  } else {
    data["scheme"]["legal_basis"] = legal_basis;
  }
  year.journal = {create_action(data)};
  year.state = start_campaign(year.journal.front());
  return year;
}

std::vector<std::string> status_articles(const CampaignState& state, const std::string& as_of) {
  std::vector<std::string> out;
  for (const DeadlineStatus& deadline : campaign_status(state, day(as_of)).deadlines)
    out.push_back(deadline.id + " " + deadline.article);
  return out;
}

const json kOwnArticles = {{"articles",
                            {{"filing", {{"zh", "第十二条"}, {"en", "Art. 12"}}},
                             {"report", {{"zh", "第十五条"}, {"en", "Art. 15"}}},
                             {"rectification", "第十六条"}}}};

TEST(CampaignLegalBasis, Cn2013CitesTheMeasuresArticlesForEachDeadline) {
  const Scheme& scheme = *cn2013();
  const auto article = [&](detail::Deadline deadline) {
    const Text text = detail::deadline_article(scheme, deadline);
    return text.zh + " / " + text.en;
  };
  EXPECT_EQ(article(detail::Deadline::targets), "第六条 / Art. 6.1");
  EXPECT_EQ(article(detail::Deadline::self_evaluation), "第六条 / Art. 6.2");
  EXPECT_EQ(article(detail::Deadline::targets_not_submitted), "第六条第一款 / Art. 6.1");
  EXPECT_EQ(article(detail::Deadline::self_evaluation_not_submitted), "第六条第二款 / Art. 6.2");
  EXPECT_EQ(article(detail::Deadline::report), "第六条 / Art. 6.5");
  EXPECT_EQ(article(detail::Deadline::rectification), "第七条 / Art. 7");
  // The findings' filing article stays Art. 6.
  EXPECT_EQ(scheme.legal_basis.filing.en, "Art. 6");
  const detail::Wording cited = detail::deadline_citation(scheme, detail::Deadline::rectification);
  EXPECT_EQ(cited.en, " (Art. 7)");
  EXPECT_EQ(cited.zh, "（第七条）");
}

TEST(CampaignLegalBasis, WithoutALegalBasisTheWarningsCiteNoArticle) {
  Year year = year_with(nullptr);
  auto warnings = year.step(act("file_targets", "110000", "2019-07-01", {{"targets", cn_targets()}}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message, "targets dated 2019-07-01, 1 day(s) after it was due on 2019-06-30");
  EXPECT_EQ(warnings[0].message_zh, "质量目标备案日期为 2019-07-01，比截止日期 2019-06-30 晚 1 天");
  for (const Spec& spec : year.specs) {
    if (spec.code != "110000")
      year.step(act("file_targets", spec.code, "2019-06-28", {{"targets", cn_targets()}}));
  }
  warnings = year.step(act("self_evaluate", "110000", "2020-07-16", {{"values", cn_values("good")}}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message, "self-evaluation dated 2020-07-16, 1 day(s) after it was due on 2020-07-15");
  EXPECT_EQ(warnings[0].message_zh, "自评报告日期为 2020-07-16，比截止日期 2020-07-15 晚 1 天");
  for (const Spec& spec : year.specs) {
    if (spec.code != "110000")
      year.step(act("self_evaluate", spec.code, "2020-07-14", {{"values", cn_values(spec.level)}}));
  }
  year.plan_manual({kOverstating}, "2020-07-20");
  year.verify_overstating("2020-08-05");
  for (const char* type : {"assess", "approve", "announce"}) {
    warnings = year.step(act(type, "", "2020-10-01"));
    ASSERT_EQ(warnings.size(), 1u) << type;
    EXPECT_TRUE(contains(warnings[0].message, "after it was due on 2020-09-30")) << type;
    EXPECT_EQ(warnings[0].message.substr(warnings[0].message.size() - 10), "2020-09-30") << type;
    EXPECT_TRUE(contains(warnings[0].message_zh, "比截止日期 2020-09-30 晚 1 天")) << type;
    EXPECT_EQ(warnings[0].message_zh.find("条"), std::string::npos) << warnings[0].message_zh;
  }
  // Announced 2020-10-01: the rectification report is due 2020-11-01.
  EXPECT_TRUE(contains(refusal(year.state, act("interview", kGradeD, "2020-11-01")),
                       "the rectification report is not overdue until after 2020-11-01\n"));
  EXPECT_TRUE(contains(refusal(year.state, act("receive_rectification", "110000", "2020-10-20")),
                       "only a region graded D owes a rectification report\n"));
  warnings = year.step(act("receive_rectification", kGradeD, "2020-11-02"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "rectification report dated 2020-11-02, 1 day(s) after it was due on 2020-11-01");
  EXPECT_EQ(warnings[0].message_zh, "整改报告日期为 2020-11-02，比截止日期 2020-11-01 晚 1 天");
  EXPECT_EQ(status_articles(year.state, "2020-12-01"),
            (std::vector<std::string>{"targets ", "self_evaluation ", "report ", "approval ", "announcement ",
                                      "rectification "}));
}

TEST(CampaignLegalBasis, WithoutALegalBasisTheRefusalsCiteNoArticle) {
  Year year = year_with(nullptr);
  const std::string targets =
      refusal(year.state, act("not_submitted", "420000", "2019-06-30", {{"step", "targets"}}));
  EXPECT_EQ(targets, "420000 not_submitted: targets are due until 2019-06-30\n");
  year.file_all("2019-06-28");
  const std::string self_evaluation =
      refusal(year.state, act("not_submitted", "420000", "2020-07-15", {{"step", "self_evaluation"}}));
  EXPECT_EQ(self_evaluation, "420000 not_submitted: the self-evaluation is due until 2020-07-15\n");
  try {
    apply_action(year.state, act("not_submitted", "420000", "2020-07-15", {{"step", "self_evaluation"}}));
    ADD_FAILURE() << "accepted";
  } catch (const InputError& error) {
    ASSERT_EQ(error.issues().size(), 1u);
    EXPECT_EQ(error.issues()[0].message_zh, "自评报告的报送截止日期为 2020-07-15，尚未逾期");
  }
}

TEST(CampaignLegalBasis, ASchemeCitesItsOwnArticles) {
  Year year = year_with(kOwnArticles);
  // Targets and the self-evaluation cite `filing` when the scheme gives no article of their own.
  auto warnings = year.step(act("file_targets", "110000", "2019-07-01", {{"targets", cn_targets()}}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "targets dated 2019-07-01, 1 day(s) after it was due on 2019-06-30 (Art. 12)");
  EXPECT_EQ(warnings[0].message_zh,
            "质量目标备案日期为 2019-07-01，比截止日期 2019-06-30 晚 1 天（第十二条）");
  EXPECT_TRUE(
      contains(refusal(year.state, act("not_submitted", "420000", "2019-06-30", {{"step", "targets"}})),
               "targets are due until 2019-06-30 (Art. 12)\n"));
  for (const Spec& spec : year.specs) {
    if (spec.code != "110000")
      year.step(act("file_targets", spec.code, "2019-06-28", {{"targets", cn_targets()}}));
  }
  year.self_evaluate_all("2020-07-14");
  year.plan_manual({kOverstating}, "2020-07-20");
  year.verify_overstating("2020-08-05");
  warnings = year.step(act("assess", "", "2020-10-01"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(contains(warnings[0].message, "due on 2020-09-30 (Art. 15)")) << warnings[0].message;
  EXPECT_TRUE(contains(warnings[0].message_zh, "晚 1 天（第十五条）")) << warnings[0].message_zh;
  EXPECT_TRUE(contains(year.step(act("approve", "", "2020-10-01"))[0].message, "(Art. 15)"));
  EXPECT_TRUE(contains(year.step(act("announce", "", "2020-10-01"))[0].message_zh, "（第十五条）"));
  // A text given as one string serves both languages.
  warnings = year.step(act("receive_rectification", kGradeD, "2020-11-02"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "rectification report dated 2020-11-02, 1 day(s) after it was due on 2020-11-01 (第十六条)");
  EXPECT_EQ(status_articles(year.state, "2020-12-01"),
            (std::vector<std::string>{"targets Art. 12", "self_evaluation Art. 12", "report Art. 15",
                                      "approval Art. 15", "announcement Art. 15", "rectification 第十六条"}));
}

TEST(CampaignLegalBasis, TheArticlesAreReadAndWrittenAsDeclared) {
  json document = write_scheme(*cn2013());
  // cn-2013 declares every key; the writer gives them back.
  EXPECT_EQ(document["legal_basis"]["articles"]["report"], json({{"zh", "第六条"}, {"en", "Art. 6.5"}}));
  EXPECT_EQ(document["legal_basis"]["articles"]["targets_not_submitted"],
            json({{"zh", "第六条第一款"}, {"en", "Art. 6.1"}}));
  // A scheme that declares only `filing` is written with only `filing`: the defaults are not
  // written out.
  document["legal_basis"] = {{"articles", {{"filing", "第十二条"}}}};
  const SchemePtr only_filing = read_scheme(document);
  EXPECT_EQ(write_scheme(*only_filing)["legal_basis"],
            json({{"articles", {{"filing", {{"zh", "第十二条"}, {"en", "第十二条"}}}}}}));
  EXPECT_EQ(detail::deadline_article(*only_filing, detail::Deadline::self_evaluation_not_submitted).zh,
            "第十二条");
  EXPECT_TRUE(detail::deadline_article(*only_filing, detail::Deadline::report).empty());
  // A bad article is named at its path.
  document["legal_basis"] = {{"articles", {{"report", 5}, {"reports", "第五条"}}}};
  try {
    read_scheme(document);
    ADD_FAILURE() << "accepted";
  } catch (const SchemeError& error) {
    const std::string issues = joined(error.issues());
    EXPECT_TRUE(contains(issues, "/legal_basis/articles/report: must be an object, not a number"));
    EXPECT_TRUE(contains(issues, "/legal_basis/articles/reports: unknown key 'reports'"));
  }
}

}  // namespace
}  // namespace qa::testing
