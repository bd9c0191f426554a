// Fuzzes the campaign's action replay: the input is a JSON array of actions (a journal).
// A first action of type "create" starts the campaign (the create step is fuzzed too);
// otherwise a campaign of cn-2013 over three regions is started. Each action is read
// (read_action) and applied (apply_action); a refusal must leave the state exactly as it was.
// After each step the status, results and announcement are built as the tools would, and the
// state's snapshot must read back as the same state.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "qualityassess/announcement.hpp"
#include "qualityassess/builtin_schemes.hpp"
#include "qualityassess/campaign.hpp"
#include "qualityassess/campaign_state_io.hpp"
#include "qualityassess/campaign_status.hpp"
#include "qualityassess/json_document.hpp"

namespace {

using nlohmann::json;

qa::CampaignState default_campaign() {
  qa::Action create;
  create.type = "create";
  create.date = *qa::CivilDate::parse("2019-06-01");
  create.data = {{"scheme", json::parse(qa::builtin_scheme_document("cn-2013"))},
                 {"year", 2019},
                 {"regions",
                  {{{"code", "110000"}, {"name", "北京市"}},
                   {{"code", "420000"}, {"name", "湖北省"}},
                   {{"code", "540000"}, {"name", "西藏自治区"}}}}};
  return qa::start_campaign(create);
}

void exercise(const qa::CampaignState& state) {
  qa::fuzz::expect_qa_errors_only([&] {
    (void)qa::campaign_snapshot(state).dump();
    for (const qa::RegionRecord& record : state.regions)
      (void)qa::region_snapshot(state, record.region.code).dump();
    (void)qa::campaign_status(state, *qa::CivilDate::parse("2021-01-01"));
    if (state.phase >= qa::Phase::verification) {
      for (const qa::Result& result : *qa::campaign_results(state)) (void)result.to_json().dump();
      (void)qa::build_announcement(state).to_json().dump();
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const qa::CampaignState initial = default_campaign();
  const std::string text(reinterpret_cast<const char*>(data), size);
  qa::IssueList issues;
  const json journal = qa::parse_document(text, issues);
  if (!issues.empty() || !journal.is_array()) return 0;

  qa::CampaignState state = initial;
  std::size_t first = 0;
  if (!journal.empty() && journal[0].is_object() && journal[0].value("type", json()) == "create") {
    first = 1;
    bool started =
        qa::fuzz::expect_qa_errors_only([&] { state = qa::start_campaign(qa::read_action(journal[0])); });
    if (!started) return 0;
  }
  for (std::size_t i = first; i < journal.size(); ++i) {
    qa::Action action;
    if (!qa::fuzz::expect_qa_errors_only([&] { action = qa::read_action(journal[i]); })) continue;
    const std::string before = qa::write_campaign_state(state).dump();
    const bool applied = qa::fuzz::expect_qa_errors_only([&] { qa::apply_action(state, action); });
    const std::string after = qa::write_campaign_state(state).dump();
    if (!applied && after != before) {
      qa::fuzz::finding("a refused action changed the campaign", journal[i].dump());
    }
    if (applied) {
      // The snapshot a campaign file keeps must read back as the same state.
      if (qa::write_campaign_state(qa::read_campaign_state(json::parse(after))).dump() != after)
        qa::fuzz::finding("a campaign state does not survive its snapshot", journal[i].dump());
      exercise(state);
    }
  }
  return 0;
}
