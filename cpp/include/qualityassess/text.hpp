// Bilingual text: names, reasons and explanations exist in Chinese and English.
#pragma once

#include <string>

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

}  // namespace qa
