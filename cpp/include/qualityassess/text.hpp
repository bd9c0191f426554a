// Bilingual text: names, reasons and explanations exist in Chinese and English.
#pragma once

#include <string>
#include <string_view>

namespace qa {

enum class Lang { zh, en };

struct Text {
  std::string zh;
  std::string en;

  // The text in `lang`, falling back to the other language when that one is empty.
  const std::string& in(Lang lang) const {
    const std::string& wanted = lang == Lang::zh ? zh : en;
    return wanted.empty() ? (lang == Lang::zh ? en : zh) : wanted;
  }
  bool empty() const { return zh.empty() && en.empty(); }
};

// "zh" or "en"; throws InputError otherwise.
Lang parse_lang(const std::string& code);

// What makes `text` unfit for a name or a code, or "" when nothing does. Names and codes are
// printed one per line in rankings, notices and explanations: a line break (CR, LF, U+0085,
// U+2028, U+2029) or a tab in one would forge a line or a column there
// (docs/security.md, "Text in outputs").
std::string single_line_problem(std::string_view text);
// The same problem worded in Chinese ("" when there is none).
std::string single_line_problem_zh(std::string_view text);

// What is wrong with a region code as a submission or a campaign gives it: full-width digits
// (０-９) that look like another region's code. "" when there is none.
std::string region_code_problem(const std::string& code);
// The same problem worded in Chinese.
std::string region_code_problem_zh(const std::string& code);

// `text` made safe for one line of a plain-text output: every control character (C0, DEL, C1)
// and line or paragraph separator becomes a space, so that no value can start a line of its
// own or send a terminal escape. Valid UTF-8 is assumed (documents are checked on reading);
// invalid bytes are kept as they are. The one sanitiser of every plain-text output.
std::string as_one_line(std::string_view text);

}  // namespace qa
