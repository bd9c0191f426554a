// Shared by the libFuzzer targets. A qa::Error (SchemeError, InputError) is the expected
// answer to a bad document; anything else is a finding: another exception (an nlohmann
// exception escaping the core, std::out_of_range, ...) aborts here so that libFuzzer reports
// it with the input, and crashes, hangs and sanitizer reports are findings by themselves.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "qualityassess/errors.hpp"

namespace qa::fuzz {

[[noreturn]] inline void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "FUZZ FINDING: %s: %s\n", what, detail.c_str());
  std::abort();
}

// Runs `body`; a qa::Error is fine, any other exception is a finding.
template <class F>
bool expect_qa_errors_only(F&& body) {
  try {
    body();
    return true;
  } catch (const qa::Error&) {
    return false;
  } catch (const std::exception& error) {
    finding("unexpected exception", error.what());
  } catch (...) {
    finding("unexpected exception", "not a std::exception");
  }
}

}  // namespace qa::fuzz
