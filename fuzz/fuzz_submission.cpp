// Fuzzes the submission parser (read_submission_text) and its binding to the built-in cn-2013
// and to the example schemes (fire safety and the sister schemes of examples/schemes/: calendar
// -year periods, their own legal basis, incidents without scopes, vetoes by counts, rank tiers),
// through to the result and its explanation: everything a region's file reaches.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "qualityassess/assess.hpp"
#include "qualityassess/builtin_schemes.hpp"
#include "qualityassess/scheme_io.hpp"
#include "qualityassess/submission.hpp"

namespace {

std::vector<qa::SchemePtr> load_schemes() {
  std::vector<qa::SchemePtr> schemes{qa::builtin_scheme("cn-2013")};
  for (const char* name :
       {"fire-safety", "work-safety", "food-safety", "air-quality-key-regions", "air-quality-other-regions",
        "food-safety-demonstration-city", "farmland-protection"}) {
    // A file, so that a derived scheme's base (extends) resolves.
    schemes.push_back(qa::read_scheme_file(QA_EXAMPLES_DIR "/schemes/" + std::string(name) + ".json"));
  }
  return schemes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<qa::SchemePtr> schemes = load_schemes();
  const std::string text(reinterpret_cast<const char*>(data), size);
  qa::Submission submission;
  if (!qa::fuzz::expect_qa_errors_only([&] { submission = qa::read_submission_text(text); })) return 0;
  (void)qa::write_submission(submission).dump();
  for (const qa::SchemePtr& scheme : schemes) {
    qa::Submission for_scheme = submission;
    for_scheme.scheme.clear();  // try it against every scheme
    qa::fuzz::expect_qa_errors_only([&] {
      (void)qa::bind_submission(*scheme, for_scheme);
      // Rank grading needs a cohort: a cohort of one.
      const qa::Result result = scheme->grading.method == qa::GradingMethod::rank
                                    ? qa::assess_cohort(scheme, std::vector<qa::Submission>{for_scheme}).at(0)
                                    : qa::assess(scheme, for_scheme);
      if (result.grade.empty()) qa::fuzz::finding("a result without a grade", text);
      (void)result.to_json().dump();
      (void)result.explain(qa::Lang::zh);
      (void)result.explain(qa::Lang::en);
    });
  }
  return 0;
}
