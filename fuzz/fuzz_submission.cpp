// Fuzzes the submission parser (read_submission_text) and its binding to two schemes, the
// built-in cn-2013 and the example fire-safety scheme, through to the result and its
// explanation: everything a region's file reaches.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "qualityassess/assess.hpp"
#include "qualityassess/builtin_schemes.hpp"
#include "qualityassess/scheme_io.hpp"
#include "qualityassess/submission.hpp"

namespace {

std::vector<qa::SchemePtr> load_schemes() {
  std::ifstream file(QA_EXAMPLES_DIR "/schemes/fire-safety.json");
  std::stringstream text;
  text << file.rdbuf();
  return {qa::builtin_scheme("cn-2013"), qa::read_scheme_text(text.str())};
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
    for_scheme.scheme.clear();  // try it against both schemes
    qa::fuzz::expect_qa_errors_only([&] {
      (void)qa::bind_submission(*scheme, for_scheme);
      const qa::Result result = qa::assess(scheme, for_scheme);
      if (result.grade.empty()) qa::fuzz::finding("a result without a grade", text);
      (void)result.to_json().dump();
      (void)result.explain(qa::Lang::zh);
      (void)result.explain(qa::Lang::en);
    });
  }
  return 0;
}
