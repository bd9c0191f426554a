// Arrow columns read in place (arrow_columns.hpp). Only what the table door needs: text, text
// dictionaries, booleans and all-null columns, chunk by chunk (a chunked column is never
// concatenated), with the validity bitmap and the array's offset honoured.
#include "qualityassess/arrow_columns.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "qualityassess/errors.hpp"

namespace qa {

namespace {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The structs the producer fills are released exactly once, whatever happens (the
// interface's rule: the consumer owns what it received).
struct OwnedSchema {
  ArrowSchema value{};
  OwnedSchema() = default;
  OwnedSchema(const OwnedSchema&) = delete;
  OwnedSchema& operator=(const OwnedSchema&) = delete;
  ~OwnedSchema() {
    if (value.release != nullptr) value.release(&value);
  }
};

struct OwnedArray {
  ArrowArray value{};
  OwnedArray() = default;
  OwnedArray(const OwnedArray&) = delete;
  OwnedArray& operator=(const OwnedArray&) = delete;
  ~OwnedArray() { reset(); }
  void reset() {
    if (value.release != nullptr) value.release(&value);
    value = ArrowArray{};
  }
};

struct ReleasedAtEnd {
  ArrowArrayStream& stream;
  ~ReleasedAtEnd() {
    if (stream.release != nullptr) stream.release(&stream);
  }
};

// A refusal, worded in English and Chinese (errors.hpp): the bindings name the column.
[[noreturn]] void refuse(std::string en, std::string zh) {
  throw InputError("invalid Arrow column", {{"", std::move(en), std::move(zh)}});
}

// The producer's own detail (get_last_error) is quoted as it gave it, in both languages.
[[noreturn]] void stream_failed(ArrowArrayStream& stream, int code, const char* step) {
  const char* detail = stream.get_last_error != nullptr ? stream.get_last_error(&stream) : nullptr;
  const std::string number = std::to_string(code);
  refuse(std::string("Arrow stream: ") + step + " failed (error " + number +
             (detail != nullptr ? std::string("): ") + detail : std::string(")")),
         std::string("Arrow 数据流：") + step + " 失败（错误 " + number +
             (detail != nullptr ? std::string("）：") + detail : std::string("）")));
}

// Buffers that contradict the array's type or length: `en` and `zh` say how.
[[noreturn]] void malformed(const std::string& en, const std::string& zh) {
  refuse("Arrow array: " + en, "Arrow 数组：" + zh);
}

enum class TextLayout { utf8, large_utf8, view };

std::optional<TextLayout> text_layout(std::string_view format) {
  if (format == "u") return TextLayout::utf8;
  if (format == "U") return TextLayout::large_utf8;
  if (format == "vu") return TextLayout::view;
  return std::nullopt;
}

// Dictionary indices: c C s S i I l L (signed/unsigned 8, 16, 32, 64 bits).
struct IndexType {
  int bytes = 0;
  bool is_signed = true;
};

std::optional<IndexType> index_type(std::string_view format) {
  if (format.size() != 1) return std::nullopt;
  switch (format[0]) {
    case 'c':
      return IndexType{1, true};
    case 'C':
      return IndexType{1, false};
    case 's':
      return IndexType{2, true};
    case 'S':
      return IndexType{2, false};
    case 'i':
      return IndexType{4, true};
    case 'I':
      return IndexType{4, false};
    case 'l':
      return IndexType{8, true};
    case 'L':
      return IndexType{8, false};
    default:
      return std::nullopt;
  }
}

std::int64_t index_at(const void* data, IndexType type, std::int64_t i) {
  const auto* bytes = static_cast<const unsigned char*>(data) + i * type.bytes;
  switch (type.bytes) {
    case 1:
      return type.is_signed ? *reinterpret_cast<const std::int8_t*>(bytes) : *bytes;
    case 2: {
      std::int16_t s;
      std::memcpy(&s, bytes, 2);
      return type.is_signed ? s : static_cast<std::uint16_t>(s);
    }
    case 4: {
      std::int32_t s;
      std::memcpy(&s, bytes, 4);
      return type.is_signed ? s : static_cast<std::uint32_t>(s);
    }
    default: {
      std::int64_t s;
      std::memcpy(&s, bytes, 8);
      return s;  // an unsigned index beyond 2^63 is refused below as out of range
    }
  }
}

bool bit_set(const void* bitmap, std::int64_t i) {
  return ((static_cast<const unsigned char*>(bitmap)[i >> 3] >> (i & 7)) & 1) != 0;
}

// A chunk's cells: validity and, for text, each cell's bytes.
class Chunk {
 public:
  Chunk(const ArrowArray& array, std::size_t min_buffers) : array_(array) {
    if (array.length < 0 || array.offset < 0 || array.null_count < -1)
      malformed("negative length or offset", "长度或偏移量为负数");
    if (array.n_buffers < static_cast<std::int64_t>(min_buffers) || array.buffers == nullptr) {
      malformed("fewer buffers than its type has", "缓冲区少于其类型所需的个数");
    }
    validity_ = array.null_count != 0 ? array.buffers[0] : nullptr;
  }

  std::int64_t length() const { return array_.length; }
  bool valid(std::int64_t i) const { return validity_ == nullptr || bit_set(validity_, array_.offset + i); }
  const void* buffer(std::int64_t k) const {
    const void* data = array_.buffers[k];
    if (data == nullptr) malformed("a buffer it needs is missing", "缺少所需的缓冲区");
    return data;
  }
  std::int64_t position(std::int64_t i) const { return array_.offset + i; }
  const ArrowArray& array() const { return array_; }

 private:
  const ArrowArray& array_;
  const void* validity_ = nullptr;
};

// Validity, offsets and data; or validity, views and the data buffers' sizes (with no data
// buffer when every text is inline).
constexpr std::size_t kTextBuffers = 3;

std::string_view text_at(const Chunk& chunk, TextLayout layout, std::int64_t i) {
  const std::int64_t j = chunk.position(i);
  if (layout == TextLayout::utf8 || layout == TextLayout::large_utf8) {
    std::int64_t begin = 0;
    std::int64_t end = 0;
    if (layout == TextLayout::utf8) {
      const auto* offsets = static_cast<const std::int32_t*>(chunk.buffer(1));
      begin = offsets[j];
      end = offsets[j + 1];
    } else {
      const auto* offsets = static_cast<const std::int64_t*>(chunk.buffer(1));
      begin = offsets[j];
      end = offsets[j + 1];
    }
    if (begin < 0 || end < begin) malformed("text offsets out of order", "文本偏移量顺序错乱");
    return {static_cast<const char*>(chunk.buffer(2)) + begin, static_cast<std::size_t>(end - begin)};
  }
  // A view is 16 bytes: its length, then up to 12 bytes inline, or a 4-byte prefix, the index
  // of a data buffer (after the validity and views buffers) and the offset in it.
  const char* view = static_cast<const char*>(chunk.buffer(1)) + j * 16;
  std::int32_t size = 0;
  std::memcpy(&size, view, 4);
  if (size < 0) malformed("a negative text length", "文本长度为负数");
  if (size <= 12) return {view + 4, static_cast<std::size_t>(size)};
  std::int32_t buffer_index = 0;
  std::int32_t offset = 0;
  std::memcpy(&buffer_index, view + 8, 4);
  std::memcpy(&offset, view + 12, 4);
  // n_buffers counts validity, views, the data buffers and the data buffers' sizes.
  if (buffer_index < 0 || offset < 0 ||
      2 + static_cast<std::int64_t>(buffer_index) >= chunk.array().n_buffers - 1) {
    malformed("a text view points outside its data buffers", "文本视图指向数据缓冲区之外");
  }
  return {static_cast<const char*>(chunk.buffer(2 + buffer_index)) + offset, static_cast<std::size_t>(size)};
}

// A text's length and first 8 bytes (zeros beyond its end): for texts of up to 8 bytes, equal
// heads and lengths are equal texts.
struct TextHead {
  std::uint64_t bytes = 0;
  std::size_t size = 0;
  explicit TextHead(std::string_view text) : size(text.size()) {
    if (size >= sizeof bytes) {
      std::memcpy(&bytes, text.data(), sizeof bytes);
    } else {
      for (std::size_t i = 0; i < size; ++i)
        bytes |= std::uint64_t{static_cast<unsigned char>(text[i])} << (8 * i);
    }
  }
  bool operator==(const TextHead& other) const { return bytes == other.bytes && size == other.size; }
};

// Looks up each cell, remembering the texts seen in a small open-addressed table: a column
// repeats a few distinct labels, so a cell is found by comparing its length and first bytes,
// without stripping, folding or hashing the whole text. Only the first kRemembered distinct
// texts are kept; the rest are looked up every time.
class CachedLookup {
 public:
  explicit CachedLookup(const LabelTable& table) : table_(table) {}
  std::int8_t operator()(std::string_view text) {
    const TextHead head(text);
    std::size_t slot =
        static_cast<std::size_t>(((head.bytes ^ head.size) * 0x9E3779B97F4A7C15ULL) >> (64 - kBits));
    while (seen_[slot].filled) {
      const Seen& seen = seen_[slot];
      if (seen.head == head &&
          (head.size <= 8 || std::memcmp(seen.text.data() + 8, text.data() + 8, head.size - 8) == 0)) {
        return seen.code;
      }
      slot = (slot + 1) & (kSlots - 1);
    }
    const std::int8_t code = table_.find(text);
    if (remembered_ < kRemembered) {
      seen_[slot] = Seen{true, head, std::string(text), code};
      ++remembered_;
    }
    return code;
  }

 private:
  static constexpr int kBits = 7;
  static constexpr std::size_t kSlots = std::size_t{1} << kBits;
  static constexpr std::size_t kRemembered = kSlots / 2;  // so that probing always finds a free slot
  struct Seen {
    bool filled = false;
    TextHead head{std::string_view()};
    std::string text;
    std::int8_t code = LabelTable::kBlank;
  };
  const LabelTable& table_;
  std::array<Seen, kSlots> seen_{};
  std::size_t remembered_ = 0;
};

template <class Offset>
void read_offset_texts(const Chunk& chunk, CachedLookup& lookup, std::int8_t* out) {
  const auto* offsets = static_cast<const Offset*>(chunk.buffer(1)) + chunk.position(0);
  const char* data = static_cast<const char*>(chunk.buffer(2));
  for (std::int64_t i = 0; i < chunk.length(); ++i) {
    if (!chunk.valid(i)) {
      out[i] = LabelTable::kBlank;
      continue;
    }
    const std::int64_t begin = offsets[i];
    const std::int64_t end = offsets[i + 1];
    if (begin < 0 || end < begin) malformed("text offsets out of order", "文本偏移量顺序错乱");
    out[i] = lookup(std::string_view(data + begin, static_cast<std::size_t>(end - begin)));
  }
}

void read_text_chunk(const ArrowArray& array, TextLayout layout, CachedLookup& lookup,
                     std::vector<std::int8_t>& codes) {
  const Chunk chunk(array, kTextBuffers);
  const std::size_t first = codes.size();
  codes.resize(first + static_cast<std::size_t>(chunk.length()));
  std::int8_t* out = codes.data() + first;
  if (chunk.length() == 0) return;
  if (layout == TextLayout::utf8) return read_offset_texts<std::int32_t>(chunk, lookup, out);
  if (layout == TextLayout::large_utf8) return read_offset_texts<std::int64_t>(chunk, lookup, out);
  for (std::int64_t i = 0; i < chunk.length(); ++i) {
    out[i] = chunk.valid(i) ? lookup(text_at(chunk, layout, i)) : LabelTable::kBlank;
  }
}

void read_boolean_chunk(const ArrowArray& array, std::vector<std::int8_t>& codes) {
  const Chunk chunk(array, 2);
  for (std::int64_t i = 0; i < chunk.length(); ++i) {
    codes.push_back(chunk.valid(i) ? static_cast<std::int8_t>(bit_set(chunk.buffer(1), chunk.position(i)))
                                   : LabelTable::kBlank);
  }
}

void read_dictionary_chunk(const ArrowArray& array, IndexType type, TextLayout layout,
                           const LabelTable& table, std::vector<std::int8_t>& codes) {
  if (array.dictionary == nullptr) malformed("a dictionary column without its dictionary", "字典列缺少字典");
  const Chunk words(*array.dictionary, kTextBuffers);
  std::vector<std::int8_t> word_codes(static_cast<std::size_t>(words.length()));
  for (std::int64_t k = 0; k < words.length(); ++k) {
    word_codes[static_cast<std::size_t>(k)] =
        words.valid(k) ? table.find(text_at(words, layout, k)) : LabelTable::kBlank;
  }
  const Chunk chunk(array, 2);
  const void* indices = chunk.length() > 0 ? chunk.buffer(1) : nullptr;
  for (std::int64_t i = 0; i < chunk.length(); ++i) {
    if (!chunk.valid(i)) {
      codes.push_back(LabelTable::kBlank);
      continue;
    }
    const std::int64_t index = index_at(indices, type, chunk.position(i));
    if (index < 0 || index >= words.length())
      malformed("a dictionary index out of range", "字典索引超出范围");
    codes.push_back(word_codes[static_cast<std::size_t>(index)]);
  }
}

}  // namespace

void LabelTable::add(std::string_view label, int code) {
  if (code < 0 || code > 127) throw std::invalid_argument("label codes must be in 0..127");
  codes_[fold_case_ ? lower_ascii(label) : std::string(label)] = static_cast<std::int8_t>(code);
}

std::int8_t LabelTable::find(std::string_view text) const {
  const std::string_view stripped = strip_ascii_space(text);
  if (stripped.empty()) return kBlank;
  const auto found = codes_.find(fold_case_ ? lower_ascii(stripped) : std::string(stripped));
  return found == codes_.end() ? kUnknown : found->second;
}

std::string_view strip_ascii_space(std::string_view text) {
  const char* spaces = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(spaces);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(spaces);
  return text.substr(first, last - first + 1);
}

namespace {

// Reads the stream's schema, asks `accepts` whether the column's type can be read, and if so
// hands every chunk in order to `read`; the stream, the schema and every chunk are released.
template <class Accepts, class Read>
bool read_stream(ArrowArrayStream& stream, Accepts accepts, Read read) {
  const ReleasedAtEnd released{stream};
  if (stream.release == nullptr) malformed("the stream was released already", "数据流已被释放");
  OwnedSchema schema;
  if (const int code = stream.get_schema(&stream, &schema.value); code != 0)
    stream_failed(stream, code, "get_schema");
  if (schema.value.format == nullptr) malformed("a schema without a format", "schema 缺少格式（format）");
  if (schema.value.dictionary != nullptr && schema.value.dictionary->format == nullptr) {
    malformed("a dictionary without a format", "字典缺少格式（format）");
  }
  if (!accepts(schema.value)) return false;
  OwnedArray chunk;
  while (true) {
    chunk.reset();
    if (const int code = stream.get_next(&stream, &chunk.value); code != 0)
      stream_failed(stream, code, "get_next");
    if (chunk.value.release == nullptr) return true;  // the end of the stream
    read(chunk.value);
  }
}

template <class T>
void widen_chunk(const Chunk& chunk, double* out) {
  const auto* data = static_cast<const T*>(chunk.buffer(1)) + chunk.position(0);
  for (std::int64_t i = 0; i < chunk.length(); ++i) {
    out[i] = chunk.valid(i) ? static_cast<double>(data[i]) : std::numeric_limits<double>::quiet_NaN();
  }
}

using NumberReader = void (*)(const Chunk&, double*);

NumberReader number_reader(std::string_view format) {
  if (format.size() != 1) return nullptr;
  switch (format[0]) {
    case 'g':
      return &widen_chunk<double>;
    case 'f':
      return &widen_chunk<float>;
    case 'c':
      return &widen_chunk<std::int8_t>;
    case 'C':
      return &widen_chunk<std::uint8_t>;
    case 's':
      return &widen_chunk<std::int16_t>;
    case 'S':
      return &widen_chunk<std::uint16_t>;
    case 'i':
      return &widen_chunk<std::int32_t>;
    case 'I':
      return &widen_chunk<std::uint32_t>;
    case 'l':
      return &widen_chunk<std::int64_t>;
    case 'L':
      return &widen_chunk<std::uint64_t>;
    default:
      return nullptr;
  }
}

}  // namespace

bool arrow_label_codes(ArrowArrayStream& stream, const LabelTable& table, bool booleans,
                       std::vector<std::int8_t>& codes) {
  std::optional<TextLayout> layout;
  std::optional<IndexType> indices;
  std::string_view format;
  const auto accepts = [&](const ArrowSchema& schema) {
    format = schema.format;
    if (schema.dictionary != nullptr) {
      indices = index_type(format);
      layout = text_layout(schema.dictionary->format);
      return indices.has_value() && layout.has_value();
    }
    layout = text_layout(format);
    return layout.has_value() || format == "n" || (booleans && format == "b");
  };
  CachedLookup lookup(table);
  const auto read = [&](const ArrowArray& chunk) {
    if (indices) {
      read_dictionary_chunk(chunk, *indices, *layout, table, codes);
    } else if (layout) {
      read_text_chunk(chunk, *layout, lookup, codes);
    } else if (format == "b") {
      read_boolean_chunk(chunk, codes);
    } else {  // "n": every cell null
      if (chunk.length < 0) malformed("a negative length", "长度为负数");
      codes.insert(codes.end(), static_cast<std::size_t>(chunk.length), LabelTable::kBlank);
    }
  };
  return read_stream(stream, accepts, read);
}

bool arrow_numbers(ArrowArrayStream& stream, std::vector<double>& values) {
  NumberReader reader = nullptr;
  bool all_null = false;
  const auto accepts = [&](const ArrowSchema& schema) {
    if (schema.dictionary != nullptr) return false;
    reader = number_reader(schema.format);
    all_null = std::string_view(schema.format) == "n";
    return reader != nullptr || all_null;
  };
  const auto read = [&](const ArrowArray& chunk) {
    if (chunk.length < 0) malformed("a negative length", "长度为负数");
    const std::size_t first = values.size();
    values.resize(first + static_cast<std::size_t>(chunk.length), std::numeric_limits<double>::quiet_NaN());
    if (all_null || chunk.length == 0) return;
    reader(Chunk(chunk, 2), values.data() + first);
  };
  return read_stream(stream, accepts, read);
}

}  // namespace qa
