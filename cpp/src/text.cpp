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

// Whether `text` has a byte that a line break or tab is, or begins with (U+0085 is C2 85, or a
// stray 85 read as itself; U+2028 and U+2029 begin with E2): most names have none, and are then
// passed over without being decoded.
bool may_have_break(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x85 || byte == 0xC2 || byte == 0xE2) return true;
  }
  return false;
}

// Where the first line break or tab in `text` is, or npos.
std::pair<std::size_t, std::uint32_t> first_break(std::string_view text) {
  if (!may_have_break(text)) return {std::string_view::npos, 0};
  for (std::size_t i = 0; i < text.size();) {
    const auto [code, length] = code_point_at(text, i);
    if (is_line_break(code) || code == '\t') return {i, code};
    i += length;
  }
  return {std::string_view::npos, 0};
}

}  // namespace

std::string single_line_problem(std::string_view text) {
  const auto [at, code] = first_break(text);
  if (at == std::string_view::npos) return {};
  return "contains " + code_name(code) + (code == '\t' ? " (a tab)" : " (a line break)") + " at byte " +
         std::to_string(at) + ": a name or code is one line";
}

std::string single_line_problem_zh(std::string_view text) {
  const auto [at, code] = first_break(text);
  if (at == std::string_view::npos) return {};
  return "第 " + std::to_string(at) + " 字节处有 " + code_name(code) +
         (code == '\t' ? "（制表符）" : "（换行符）") + "：名称或代码只能写在一行内";
}

namespace {

// Full-width digits (U+FF10..U+FF19) look like 0-9 but make another code: '４２００００' would be
// a second 湖北省.
bool has_full_width_digit(const std::string& code) {
  if (code.find('\xEF') == std::string::npos) return false;  // U+FF10..U+FF19 are EF BC 90..99
  for (std::size_t i = 0; i < code.size();) {
    const auto [point, length] = code_point_at(code, i);
    if (point >= 0xFF10 && point <= 0xFF19) return true;
    i += length;
  }
  return false;
}

}  // namespace

std::string region_code_problem(const std::string& code) {
  if (!has_full_width_digit(code)) return {};
  return "'" + code +
         "' has full-width digits (０-９): write the code in 0-9, or it names another region than the one it "
         "looks like";
}

std::string region_code_problem_zh(const std::string& code) {
  if (!has_full_width_digit(code)) return {};
  return "'" + code +
         "' 含有全角数字（０-９）：代码请用半角数字 0-9 书写，否则它指的是另一个地区，而不是看上去的那个";
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
