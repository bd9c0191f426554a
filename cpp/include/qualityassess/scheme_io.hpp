// Reading a scheme document (checking everything, reporting every problem with its JSON path)
// and writing it back in canonical form.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "qualityassess/scheme.hpp"

namespace qa {

inline constexpr const char* kSchemeFormat = "qualityassess-scheme/1";

// Throws SchemeError listing every problem, each with its JSON path.
//
// A document with "extends" is a derived scheme (Art. 10, docs/scheme-language.md): it names a
// base (a built-in id, or a file ending in ".json" relative to `origin_file`'s folder) and
// states only its changes. Problems are reported at their place in the derived document; what
// was inherited unchanged is reported where a change would go, marked "(inherited from …)".
SchemePtr read_scheme(const nlohmann::json& document, const std::string& origin_file = "");
SchemePtr read_scheme_text(const std::string& json_text, const std::string& origin_file = "");
// Reads the file under the document limits (json_document.hpp); `extends` chains are followed
// up to kMaxDerivationDepth files and must not loop.
SchemePtr read_scheme_file(const std::string& path);

inline constexpr int kMaxDerivationDepth = 8;

// Canonical document: read_scheme(write_scheme(s)) describes the same scheme as s.
nlohmann::json write_scheme(const Scheme& scheme);

}  // namespace qa
