// Every JSON document the core reads comes from outside: scheme files, submissions from the
// regions, campaign journals. These are the limits and checks that keep a hostile document
// from crashing the program, exhausting its memory or changing a value silently
// (docs/security.md).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "qualityassess/errors.hpp"

namespace qa {

struct DocumentLimits {
  std::size_t max_bytes = std::size_t{32} << 20;  // JSON text of one document (32 MiB)
  int max_depth = 64;                             // arrays and objects nested in each other
  std::size_t max_string_bytes = 65536;           // one string or key, in UTF-8 bytes
  std::size_t max_items = 100000;                 // elements of one array, members of one object
};

// The limits in force (the same for schemes, submissions and campaign actions).
inline constexpr DocumentLimits kDocumentLimits{};

// Incidents in one submission (Art. 5 counts regional and systemic ones; a region with more
// than this many in one year is a data error, not an assessment).
inline constexpr std::size_t kMaxIncidents = 10000;

// Parses JSON text strictly: refuses, with the JSON path where possible, text longer than
// max_bytes, nesting deeper than max_depth, arrays or objects with more than max_items entries,
// duplicate keys in an object (other parsers keep the first or the last silently, so the same
// file could be read two ways), numbers out of double range (1e999), NaN and infinities (not
// JSON), invalid UTF-8 and unpaired surrogates, and strings that check_document refuses.
// Problems go to `issues`; the result is null when there are any.
nlohmann::json parse_document(std::string_view text, IssueList& issues);

// Checks a document however it was built (parsed text, a converted Python object, a C++
// caller): depth, entries per array and object, strings and keys valid UTF-8 of at most
// max_string_bytes without control characters other than tab, line feed and carriage return
// (NUL cuts C strings short; the others are refused by spreadsheets), numbers finite.
// Recursion is bounded by max_depth.
void check_document(const nlohmann::json& document, IssueList& issues);
// The same checks for one member of an object, `key` and `value`, the value found at `depth` (the
// document itself is at depth 1): for a document read part by part (a Python dict's value
// sections, read in place by the bindings). Paths are relative to the member.
void check_document_member(const std::string& key, const nlohmann::json& value, int depth, IssueList& issues);

// The checks of check_document for one string, or with `is_key` one key, found at `path`: for a
// reader of a document that is not JSON (a Python dict read in place by the bindings), which
// checks each string as it takes it. Returns whether it passed.
bool check_document_string(std::string_view text, bool is_key, const std::string& path, IssueList& issues);
// Whether check_document_string would pass `text`, without making a message: the common case,
// asked first so that the path is made only for a string at fault.
bool document_string_passes(std::string_view text);

// Whether `text` is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);
// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view text);
// At most `max_bytes` of `text`, cut at a character boundary, with "..." when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

// Appends "/" and `key` as one JSON pointer token (RFC 6901: "~" as "~0", "/" as "~1"). The one
// place pointers are escaped, for the readers' paths and the Python converter's alike.
void append_pointer_token(std::string& pointer, std::string_view key);

}  // namespace qa
