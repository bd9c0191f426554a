// Schemes compiled into the core library (cpp/schemes/*.json), e.g. "cn-2013".
#pragma once

#include <string>
#include <vector>

#include "qualityassess/scheme.hpp"

namespace qa {

std::vector<std::string> builtin_scheme_ids();
// Parsed once and shared; throws InputError for an unknown id.
SchemePtr builtin_scheme(const std::string& id);
std::string builtin_scheme_document(const std::string& id);

}  // namespace qa
