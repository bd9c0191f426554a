#include "qualityassess/json_document.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_reader.hpp"
#include "value_wording.hpp"

namespace qa {
namespace {

using detail::pointer_child;
using nlohmann::json;

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not one.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint32_t code = 0;
  std::uint32_t smallest = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, code = lead & 0x1Fu, smallest = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, code = lead & 0x0Fu, smallest = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, code = lead & 0x07u, smallest = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

bool is_refused_control(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

// U+0080..U+009F (UTF-8 C2 80..C2 9F): no text uses them, and terminals obey some (U+009B is
// CSI, an escape sequence's start; U+0085 is a line break to some readers).
bool is_c1_control(std::string_view text, std::size_t i, std::size_t length) {
  return length == 2 && static_cast<unsigned char>(text[i]) == 0xC2 &&
         static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

std::string hex_code(unsigned char c) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out = "U+00";
  out += digits[c >> 4];
  out += digits[c & 0x0F];
  return out;
}

// How many bytes at the start of `text` are printable ASCII (0x20..0x7F), eight at a time.
std::size_t printable_ascii_prefix(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kHighBits = 0x8080808080808080u;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    // A byte of 0x80 or more, or one below 0x20 (the test for a byte below n has no false
    // negatives): the byte-wise loop below finds which.
    if ((word & kHighBits) != 0 || ((word - kOnes * 0x20) & ~word & kHighBits) != 0) break;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) >= 0x20 &&
         static_cast<unsigned char>(text[i]) < 0x80)
    ++i;
  return i;
}

using detail::Wording;

// "contains the control character U+0007 (byte 3)".
Wording control_character(unsigned char code, std::size_t at) {
  const std::string byte = std::to_string(at);
  return {"contains the control character " + hex_code(code) + " (byte " + byte + ")",
          "含有控制字符 " + hex_code(code) + "（第 " + byte + " 字节）"};
}

// What is wrong with a string (or key), in English and Chinese, or empty texts when nothing is.
Wording string_problem(std::string_view text) {
  const DocumentLimits& limits = kDocumentLimits;
  if (text.size() > limits.max_string_bytes) {
    const std::string size = std::to_string(text.size());
    const std::string most = std::to_string(limits.max_string_bytes);
    return {"a text of " + size + " bytes; at most " + most + " are allowed",
            "文本长 " + size + " 字节；最多允许 " + most + " 字节"};
  }
  // Printable ASCII (most of every document) is never refused: skip it, then look at the rest
  // character by character.
  std::size_t i = printable_ascii_prefix(text);
  while (i < text.size()) {
    const std::size_t length = utf8_sequence(text, i);
    if (length == 0) {
      return {"not valid UTF-8 (byte " + std::to_string(i) + ")",
              "不是有效的 UTF-8 编码（第 " + std::to_string(i) + " 字节）"};
    }
    if (length == 1 && is_refused_control(static_cast<unsigned char>(text[i])))
      return control_character(static_cast<unsigned char>(text[i]), i);
    if (is_c1_control(text, i, length)) return control_character(static_cast<unsigned char>(text[i + 1]), i);
    i += length;
  }
  return {};
}

std::string key_for_path(const std::string& key) { return truncate_utf8(to_valid_utf8(key), 200); }

// A problem of a key: "key contains the control character U+0007 (byte 3)".
Wording key_problem(const Wording& problem) { return {"key " + problem.en, "键名" + problem.zh}; }

Wording nested_message() {
  const std::string depth = std::to_string(kDocumentLimits.max_depth);
  return {"nested more than " + depth + " levels deep", "嵌套超过 " + depth + " 层"};
}

Wording items_message(bool object) {
  const std::string most = std::to_string(kDocumentLimits.max_items);
  return {std::string("has more than ") + most + (object ? " members" : " elements"),
          std::string(object ? "成员" : "元素") + "超过 " + most + " 个"};
}

Wording not_valid_json(const std::string& detail, const std::string& detail_zh) {
  return {"not valid JSON: " + detail, "不是有效的 JSON：" + detail_zh};
}

// ---- checking a built document -------------------------------------------------------------

// Where a value lies, made into a JSON pointer only when a problem is reported there (building
// every path eagerly made checking a large document several times slower than parsing it).
struct Place {
  const Place* parent = nullptr;
  const std::string* key = nullptr;  // a member of an object
  std::size_t index = 0;             // an element of an array (when key is null)

  std::string pointer() const {
    if (parent == nullptr) return "";
    return key != nullptr ? pointer_child(parent->pointer(), key_for_path(*key))
                          : pointer_child(parent->pointer(), index);
  }
};

class Checker {
 public:
  explicit Checker(IssueList& issues) : issues_(issues) {}

  void check(const json& value, const Place& place, int depth) {
    if (full()) return;
    switch (value.type()) {
      case json::value_t::string: {
        Wording problem = string_problem(value.get_ref<const std::string&>());
        if (!problem.en.empty()) add(place.pointer(), std::move(problem));
        return;
      }
      case json::value_t::number_float:
        if (!std::isfinite(value.get<double>())) add(place.pointer(), detail::not_finite());
        return;
      case json::value_t::array:
      case json::value_t::object:
        break;
      default:
        return;
    }
    if (depth > kDocumentLimits.max_depth) {
      add(place.pointer(), nested_message());
      return;
    }
    if (value.size() > kDocumentLimits.max_items) {
      add(place.pointer(), items_message(value.is_object()));
      return;
    }
    if (value.is_array()) {
      for (std::size_t i = 0; i < value.size() && !full(); ++i)
        check(value[i], Place{&place, nullptr, i}, depth + 1);
      return;
    }
    for (auto it = value.begin(); it != value.end() && !full(); ++it) {
      const Place child{&place, &it.key(), 0};
      const Wording problem = string_problem(it.key());
      if (!problem.en.empty()) {
        add(child.pointer(), key_problem(problem));
        continue;
      }
      check(it.value(), child, depth + 1);
    }
  }

 private:
  static constexpr std::size_t kMaxIssues = 20;
  IssueList& issues_;
  std::size_t added_ = 0;

  bool full() const { return added_ >= kMaxIssues; }
  void add(const std::string& path, Wording wording) {
    detail::add(issues_, path.empty() ? "/" : path, std::move(wording));
    ++added_;
  }
};

// ---- parsing ---------------------------------------------------------------------------

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string parser_message(const json::exception& error) {
  std::string message = error.what();
  const std::size_t end = message.find("] ");
  if (message.rfind("[json.exception.", 0) == 0 && end != std::string::npos) message.erase(0, end + 2);
  if (message.rfind("parse error at ", 0) == 0) message.erase(0, 15);  // "line 1, column 2: ..."
  return truncate_utf8(to_valid_utf8(message), 300);
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A token as nlohmann names it ("string literal", "'['", "end of input"), in Chinese.
std::string token_zh(std::string_view token) {
  if (token == "string literal") return "字符串";
  if (token == "number literal") return "数字";
  if (token == "true literal") return "true";
  if (token == "false literal") return "false";
  if (token == "null literal") return "null";
  if (token == "end of input") return "文本结尾";
  if (token == "'[', '{', or a literal") return "'['、'{' 或一个值";
  return std::string(token);  // a punctuation mark, "'['", as it is
}

// "此处应为" and a token: a space before one written in ASCII ("此处应为 ']'", "此处应为字符串").
std::string before_token(const std::string& words, std::string_view token) {
  const std::string named = token_zh(token);
  const bool ascii = !named.empty() && static_cast<unsigned char>(named[0]) < 0x80;
  return words + (ascii ? " " : "") + named;
}

// What nlohmann's lexer refused (lexer.hpp's error_message), in Chinese; empty when unknown.
std::string lexer_problem_zh(std::string_view problem) {
  constexpr std::string_view kControl = "invalid string: control character ";
  if (starts_with(problem, kControl)) {  // "... U+0009 (HT) must be escaped to \u0009 or \t"
    std::string rest(problem.substr(kControl.size()));
    const std::size_t must = rest.find(" must be escaped to ");
    if (must == std::string::npos) return "字符串中的控制字符须转义";
    std::string forms = rest.substr(must + 20);
    if (const std::size_t alternative = forms.find(" or "); alternative != std::string::npos)
      forms.replace(alternative, 4, " 或 ");
    return "字符串中的控制字符 " + rest.substr(0, must) + " 须转义为 " + forms;
  }
  static const std::pair<std::string_view, std::string_view> kProblems[] = {
      {"invalid literal", "无法识别的值"},
      {"invalid string: missing closing quote", "字符串缺少结尾的引号"},
      {"invalid string: ill-formed UTF-8 byte", "字符串含有无效的 UTF-8 字节"},
      {"invalid string: forbidden character after backslash", "字符串中反斜杠后的字符无效"},
      {"invalid string: '\\u' must be followed by 4 hex digits", "字符串中 '\\u' 后应为 4 位十六进制数字"},
      {"invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF",
       "字符串中的代理项 U+D800..U+DBFF 后应紧跟 U+DC00..U+DFFF"},
      {"invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF",
       "字符串中的代理项 U+DC00..U+DFFF 前应紧接 U+D800..U+DBFF"},
      {"invalid number; expected digit after '-'", "数字无效：'-' 后应为数字"},
      {"invalid number; expected digit after '.'", "数字无效：'.' 后应为数字"},
      {"invalid number; expected '+', '-', or digit after exponent",
       "数字无效：指数 e 后应为 '+'、'-' 或数字"},
      {"invalid number; expected digit after exponent sign", "数字无效：指数的正负号后应为数字"},
      {"invalid BOM; must be 0xEF 0xBB 0xBF if given", "字节顺序标记（BOM）无效，应为 0xEF 0xBB 0xBF"},
  };
  for (const auto& [english, chinese] : kProblems) {
    if (problem == english) return std::string(chinese);
  }
  if (starts_with(problem, "invalid comment")) return "JSON 中不能有注释";
  return {};
}

// nlohmann's parse error in Chinese: where (line and column, as the English names them, or the
// byte) and what ("不应出现 ','，此处应为 '['、'{' 或一个值"). The message's structure is
// nlohmann's (parser.hpp's exception_message); a detail it does not know is quoted.
std::string parser_message_zh(const json::exception& error) {
  std::string message = error.what();
  const std::size_t end = message.find("] ");
  if (starts_with(message, "[json.exception.") && end != std::string::npos) message.erase(0, end + 2);
  std::string where;
  if (starts_with(message, "parse error at line ")) {  // "line 1, column 2: ..."
    const std::size_t comma = message.find(", column ");
    const std::size_t colon = message.find(": ");
    if (comma != std::string::npos && colon != std::string::npos && comma < colon) {
      where = "第 " + message.substr(20, comma - 20) + " 行第 " +
              message.substr(comma + 9, colon - comma - 9) + " 列";
      message.erase(0, colon + 2);
    }
  } else if (starts_with(message, "parse error at byte ")) {  // "byte 7: ..."
    const std::size_t colon = message.find(": ");
    if (colon != std::string::npos) {
      where = "第 " + message.substr(20, colon - 20) + " 字节处";
      message.erase(0, colon + 2);
    }
  } else if (starts_with(message, "parse error: ")) {
    message.erase(0, 13);
  }
  // "syntax error while parsing value - <detail>[; expected <token>]"
  std::string what;
  const std::size_t dash = message.find(" - ");
  if (starts_with(message, "syntax error") && dash != std::string::npos) {
    std::string detail = message.substr(dash + 3);
    std::string expected;
    static const std::string_view kTokens[] = {"'[', '{', or a literal",
                                               "end of input",
                                               "string literal",
                                               "number literal",
                                               "true literal",
                                               "false literal",
                                               "null literal",
                                               "'['",
                                               "'{'",
                                               "']'",
                                               "'}'",
                                               "':'",
                                               "','"};
    for (const std::string_view token : kTokens) {
      const std::string suffix = "; expected " + std::string(token);
      if (ends_with(detail, suffix)) {
        expected = token == "end of input" ? "文本应在此结束" : before_token("此处应为", token);
        detail.erase(detail.size() - suffix.size());
        break;
      }
    }
    constexpr std::string_view kLastRead = "; last read: '";
    if (starts_with(detail, "unexpected ")) {
      const std::string_view token = std::string_view(detail).substr(11);
      what = token == "end of input" ? "文本意外结束" : before_token("不应出现", token);
    } else if (const std::size_t read = detail.find(kLastRead);
               read != std::string::npos && ends_with(detail, "'")) {
      const std::string problem = lexer_problem_zh(std::string_view(detail).substr(0, read));
      const std::string token =
          detail.substr(read + kLastRead.size(), detail.size() - read - kLastRead.size() - 1);
      what = (problem.empty() ? "语法错误（" + detail.substr(0, read) + "）" : problem) + "，读到的是 '" +
             token + "'";
    }
    if (!what.empty() && !expected.empty()) what += "，" + expected;
  }
  if (what.empty()) what = "语法错误（" + message + "）";
  return truncate_utf8(to_valid_utf8(where.empty() ? what : where + "：" + what), 400);
}

// A document nlohmann could not parse: its message in English as it gives it, and in Chinese.
Wording not_parsed(const json::exception& error) {
  return not_valid_json(parser_message(error), parser_message_zh(error));
}

// Builds the document from the parser's events (as nlohmann's own DOM builder does) while
// knowing where it is, for paths; refuses duplicate keys, and stops early at nesting, entry
// counts and strings past the limits. (nlohmann's callback parser would do for the checks, but
// it scans the parent container after every nested value: quadratic in the entries of one
// array, a denial of service on 100,000 small objects.)
class Builder {
 public:
  using string_t = json::string_t;

  json root;
  std::string refused_path;
  Wording refused_message;
  bool refused = false;

  bool null() { return value(nullptr); }
  bool boolean(bool v) { return value(v); }
  bool number_integer(json::number_integer_t v) { return value(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value(v); }
  bool number_float(json::number_float_t v, const string_t& /*text*/) {
    if (!std::isfinite(v)) return refuse(pending_path(), detail::not_finite());
    return value(v);
  }
  bool binary(json::binary_t& /*v*/) {
    return refuse(pending_path(), {"binary values are not JSON text", "二进制值不是 JSON 文本"});
  }

  bool string(string_t& v) {
    if (Wording problem = string_problem(v); !problem.en.empty())
      return refuse(pending_path(), std::move(problem));
    return value(std::move(v));
  }

  bool start_object(std::size_t /*elements*/) { return start(json::value_t::object); }
  bool start_array(std::size_t /*elements*/) { return start(json::value_t::array); }

  bool key(string_t& k) {
    Frame& frame = frames_.back();
    const auto child = [&] { return pointer_child(container_path(), key_for_path(k)); };
    if (const Wording problem = string_problem(k); !problem.en.empty())
      return refuse(child(), key_problem(problem));
    auto& members = frame.node->get_ref<json::object_t&>();
    const auto at = members.lower_bound(k);  // one search: where the key is, or goes
    if (at != members.end() && at->first == k) {
      const std::string key = key_for_path(k);
      return refuse(
          child(),
          {"duplicate key '" + key +
               "' (a key may appear once in an object; other readers would keep the first or the last)",
           "键 '" + key +
               "' 重复（同一对象中一个键只能出现一次；其他读取程序可能取第一个，也可能取最后一个）"});
    }
    if (members.size() >= kDocumentLimits.max_items) return refuse(container_path(), items_message(true));
    const auto member = members.emplace_hint(at, std::move(k), nullptr);
    frame.key = &member->first;
    frame.awaiting = true;
    frame.slot = &member->second;
    return true;
  }

  bool end_object() { return end(); }
  bool end_array() { return end(); }

  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const json::exception& error) {
    if (!refused) refuse(pending_path(), not_parsed(error));
    return false;
  }

 private:
  struct Frame {
    json* node = nullptr;
    const std::string* key = nullptr;  // objects: the last key read (in the object, which keeps it)
    bool awaiting = false;             // objects: its value not yet complete
    json* slot = nullptr;              // objects: where that value goes
  };

  static const std::string& key_of(const Frame& frame) {
    static const std::string none;
    return frame.key != nullptr ? *frame.key : none;
  }
  std::vector<Frame> frames_;

  bool refuse(std::string path, Wording message) {
    if (!refused) {
      refused = true;
      refused_path = std::move(path);
      refused_message = std::move(message);
    }
    return false;
  }

  // The path of the innermost open container.
  std::string container_path() const {
    std::string out;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      out = frame.node->is_object() ? pointer_child(out, key_for_path(key_of(frame)))
                                    : pointer_child(out, frame.node->size() - 1);
    }
    return out;
  }

  // The path of the value being read now (or that would be read next).
  std::string pending_path() const {
    if (frames_.empty()) return "";
    const Frame& top = frames_.back();
    if (top.node->is_array()) return pointer_child(container_path(), top.node->size());
    return top.awaiting ? pointer_child(container_path(), key_for_path(key_of(top))) : container_path();
  }

  // Where a new value goes, or null (refused) when its array is full.
  json* place(json&& v) {
    if (frames_.empty()) {
      root = std::move(v);
      return &root;
    }
    Frame& top = frames_.back();
    if (top.node->is_array()) {
      if (top.node->size() >= kDocumentLimits.max_items) {
        refuse(container_path(), items_message(false));
        return nullptr;
      }
      top.node->push_back(std::move(v));
      return &top.node->back();
    }
    *top.slot = std::move(v);
    return top.slot;
  }

  template <class T>
  bool value(T&& v) {
    json* placed = place(json(std::forward<T>(v)));
    if (placed == nullptr) return false;
    if (!frames_.empty() && frames_.back().node->is_object()) frames_.back().awaiting = false;
    return true;
  }

  bool start(json::value_t type) {
    if (static_cast<int>(frames_.size()) >= kDocumentLimits.max_depth) {
      return refuse(pending_path(), nested_message());
    }
    json* placed = place(json(type));
    if (placed == nullptr) return false;
    frames_.push_back(Frame{placed, nullptr, false, nullptr});
    return true;
  }

  bool end() {
    frames_.pop_back();
    if (!frames_.empty() && frames_.back().node->is_object()) frames_.back().awaiting = false;
    return true;
  }
};

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

void append_pointer_token(std::string& pointer, std::string_view key) {
  pointer += '/';
  // (Not find_first_of: it calls memchr once per character of the key.)
  if (std::none_of(key.begin(), key.end(), [](char c) { return c == '~' || c == '/'; })) {
    pointer += key;
    return;
  }
  for (char c : key) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

json parse_document(std::string_view text, IssueList& issues) {
  if (text.size() > kDocumentLimits.max_bytes) {
    const std::string size = std::to_string(text.size());
    const std::string most = std::to_string(kDocumentLimits.max_bytes);
    issues.add("", "a document of " + size + " bytes; at most " + most + " are read",
               "文档长 " + size + " 字节；最多读取 " + most + " 字节");
    return nullptr;
  }
  // nlohmann's lexer takes a NUL byte for the end of the input: whatever follows one would be
  // dropped silently. A NUL is never valid in JSON text.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const std::string at = std::to_string(nul);
    issues.add("", "not valid JSON: a NUL byte at byte " + at,
               "不是有效的 JSON：第 " + at + " 字节处有 NUL 字节");
    return nullptr;
  }
  Builder builder;
  bool complete = false;
  try {
    complete =
        json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, /*strict=*/true,
                        /*ignore_comments=*/false);
  } catch (const json::exception& error) {  // sax_parse reports through parse_error; kept as a guard
    detail::add(issues, builder.refused ? builder.refused_path : "", not_parsed(error));
    return nullptr;
  }
  if (!complete || builder.refused) {
    detail::add(issues, builder.refused_path,
                builder.refused ? builder.refused_message : Wording{"not valid JSON", "不是有效的 JSON"});
    return nullptr;
  }
  // The builder has checked every string, key, number, nesting level and entry count as it
  // went (what check_document checks in a document built otherwise).
  return std::move(builder.root);
}

void check_document(const json& document, IssueList& issues) { Checker(issues).check(document, Place{}, 1); }

bool check_document_string(std::string_view text, bool is_key, const std::string& path, IssueList& issues) {
  Wording problem = string_problem(text);
  if (problem.en.empty()) return true;
  detail::add(issues, path.empty() ? "/" : path, is_key ? key_problem(problem) : std::move(problem));
  return false;
}

bool document_string_passes(std::string_view text) {
  if (text.size() <= kDocumentLimits.max_string_bytes && printable_ascii_prefix(text) == text.size())
    return true;
  return string_problem(text).en.empty();
}

void check_document_member(const std::string& key, const json& value, int depth, IssueList& issues) {
  if (const Wording problem = string_problem(key); !problem.en.empty()) {
    detail::add(issues, "/", key_problem(problem));
    return;
  }
  Checker(issues).check(value, Place{}, depth);
}

}  // namespace qa
