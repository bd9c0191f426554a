// Names on one line, and the sanitiser of plain-text outputs (text.hpp).
#include "qualityassess/text.hpp"

#include <cstdint>
#include <utility>

namespace qa {
namespace {

// The code point of the UTF-8 sequence at `text[i]` and its length in bytes; an invalid lead or
// continuation byte reads as itself, one byte long (documents are valid UTF-8 by the time they
// get here; this only has to make progress).
std::pair<std::uint32_t, std::size_t> code_point_at(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(text[k]));
  };
  const std::uint32_t lead = byte(i);
  std::size_t length = 1;
  std::uint32_t code = lead;
  if ((lead & 0xE0u) == 0xC0u) {
    length = 2;
    code = lead & 0x1Fu;
  } else if ((lead & 0xF0u) == 0xE0u) {
    length = 3;
    code = lead & 0x0Fu;
  } else if ((lead & 0xF8u) == 0xF0u) {
    length = 4;
    code = lead & 0x07u;
  }
  if (length == 1 || i + length > text.size()) return {lead, 1};
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return {lead, 1};
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  return {code, length};
}

bool is_line_break(std::uint32_t code) {
  return code == '\n' || code == '\r' || code == 0x85 || code == 0x2028 || code == 0x2029;
}

bool is_control(std::uint32_t code) { return code < 0x20 || (code >= 0x7F && code <= 0x9F); }

std::string code_name(std::uint32_t code) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out = "U+";
  for (int shift = 12; shift >= 0; shift -= 4) out += digits[(code >> shift) & 0xFu];
  return out;
}

}  // namespace

std::string single_line_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto [code, length] = code_point_at(text, i);
    if (is_line_break(code) || code == '\t') {
      return "contains " + code_name(code) + (code == '\t' ? " (a tab)" : " (a line break)") + " at byte " +
             std::to_string(i) + ": a name or code is one line";
    }
    i += length;
  }
  return {};
}

std::string as_one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto [code, length] = code_point_at(text, i);
    if (is_control(code) || is_line_break(code)) {
      out += ' ';
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

}  // namespace qa
