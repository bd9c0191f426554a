// Columns of an Arrow table read in place (docs/architecture.md, "Arrow tables"): the Arrow C
// Data Interface is a small stable ABI (https://arrow.apache.org/docs/format/CDataInterface.html)
// through which pyarrow, Polars and pandas' Arrow-backed columns hand over their buffers, so the
// core reads text and dictionary columns without a Python object per cell and without a pyarrow
// build dependency.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The interface's structs, declared exactly as the specification gives them (the guard lets
// another library's identical declaration stand instead).
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

extern "C" {
struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
}
#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
extern "C" {
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};
}
#endif  // ARROW_C_STREAM_INTERFACE

namespace qa {

// Labels -> small codes (level positions, 1/0 for yes/no), looked up as the table readers look
// up text: surrounding ASCII white space ignored, ASCII case folded when asked.
class LabelTable {
 public:
  static constexpr std::int8_t kBlank = -1;    // no value: null, or only white space
  static constexpr std::int8_t kUnknown = -3;  // text that is not in the table

  explicit LabelTable(bool fold_case = false) : fold_case_(fold_case) {}
  // Throws std::invalid_argument for a code outside 0..127.
  void add(std::string_view label, int code);
  // The code of a cell's text: kBlank, kUnknown or the label's code.
  std::int8_t find(std::string_view text) const;
  bool fold_case() const { return fold_case_; }

 private:
  bool fold_case_;
  std::unordered_map<std::string, std::int8_t> codes_;
};

// White space a cell may carry around its value (" \t\r\n\f\v"), removed.
std::string_view strip_ascii_space(std::string_view text);

// The codes of one column given as an Arrow stream (consumed and released here): text (utf8,
// large utf8, utf8 view) or a dictionary of text, each cell looked up in `table`; a boolean
// column when `booleans` (true 1, false 0); an all-null column. `codes` receives one code per
// row. Returns false, reading nothing more, when the column has another type (numbers, dates
// ...): the caller converts it another way. Throws InputError (a std::runtime_error) when the
// stream fails or its buffers are inconsistent: one issue, at no path, saying which in English
// and in Chinese.
bool arrow_label_codes(ArrowArrayStream& stream, const LabelTable& table, bool booleans,
                       std::vector<std::int8_t>& codes);

// The values of one numeric column given as an Arrow stream (consumed and released here) as
// doubles, NaN where null: floating point (16-bit halves excluded), signed and unsigned integers
// and all-null columns. Returns false, reading nothing more, for another type (text, booleans,
// decimals, dates ...): the caller converts it another way, with its own messages. Throws
// InputError as arrow_label_codes does.
bool arrow_numbers(ArrowArrayStream& stream, std::vector<double>& values);

}  // namespace qa
