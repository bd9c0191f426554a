// Fuzzes the scheme loader (read_scheme_text) and, for every document it accepts, the
// canonical writer (a scheme's document must reload to the same document) and an assessment
// of an empty submission under it (aggregation, grading and conditions of odd schemes).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "qualityassess/assess.hpp"
#include "qualityassess/scheme_io.hpp"
#include "qualityassess/submission.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  qa::SchemePtr scheme;
  if (!qa::fuzz::expect_qa_errors_only([&] { scheme = qa::read_scheme_text(text); })) return 0;

  const nlohmann::json document = qa::write_scheme(*scheme);
  qa::SchemePtr again;
  try {
    again = qa::read_scheme(document);
  } catch (const std::exception& error) {
    qa::fuzz::finding("an accepted scheme's canonical document does not reload", error.what());
  }
  if (qa::write_scheme(*again) != document) {
    qa::fuzz::finding("the canonical document changes on reload", document.dump());
  }
  (void)document.dump();  // every string in it is valid UTF-8

  qa::Submission submission;
  submission.region = {"000000", "fuzz"};
  submission.year = 2019;
  qa::fuzz::expect_qa_errors_only([&] {
    const qa::Result result = qa::assess(scheme, submission);
    (void)result.to_json().dump();
    (void)result.explain(qa::Lang::en);
  });
  return 0;
}
