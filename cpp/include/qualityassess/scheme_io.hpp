// Reading a scheme document (checking everything, reporting every problem with its JSON path)
// and writing it back in canonical form.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "qualityassess/scheme.hpp"

namespace qa {

inline constexpr const char* kSchemeFormat = "qualityassess-scheme/1";

// Throws SchemeError listing every problem, each with its JSON path.
SchemePtr read_scheme(const nlohmann::json& document);
SchemePtr read_scheme_text(const std::string& json_text);

// Canonical document: read_scheme(write_scheme(s)) describes the same scheme as s.
nlohmann::json write_scheme(const Scheme& scheme);

}  // namespace qa
