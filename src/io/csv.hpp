// redflag io: CSV as RFC 4180 writes it: fields separated by commas, records by LF or CRLF,
// fields that hold commas, quotes or line breaks enclosed in double quotes, a quote inside one
// doubled. Two steps, both safe on any bytes (fuzz targets): finding where a record ends (what a
// reader needs to cut input into chunks of whole records), and splitting one record into fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redflag::io {

/// For finding where a record ends while the delimiter is not known yet (a header row whose
/// delimiter is to be detected): a quote opens a field after any of ',', ';' and tab.
inline constexpr char kAnyDelimiter = 0;

/// Finds where one record ends in input that comes in pieces (feed() them in order), with memory
/// that does not grow with the record. A quote opens a quoted field only at the start of a
/// field (the start of the record, or after a delimiter); a quote anywhere else in an unquoted
/// field is an ordinary character for finding the end (csv_split() reports it), so a stray quote
/// spoils only its own record. Inside quotes, "" is a quote and line feeds belong to the field.
struct CsvRecordScan {
  explicit CsvRecordScan(char delimiter = ',') noexcept : delimiter(delimiter) {}

  char delimiter;              ///< the field delimiter, or kAnyDelimiter
  bool quoted = false;         ///< inside a quoted field
  bool quote_pending = false;  ///< inside one, the last byte was a quote (closing, or doubled)
  bool field_start = true;     ///< outside quotes, at the start of a field
  bool quotes = false;         ///< the record has a quote character somewhere
  std::size_t lines = 0;       ///< line feeds inside quoted fields so far

  /// The offset just past the line feed that ends the record in `data`, or npos when all of
  /// `data` belongs to the record (then the state carries over to the next piece).
  std::size_t feed(std::string_view data) noexcept;

 private:
  bool is_delimiter(char c) const noexcept {
    return delimiter == kAnyDelimiter ? c == ',' || c == ';' || c == '\t' : c == delimiter;
  }
};

/// Where the record starting at `data` ends: the offset just past the line feed that ends it (a
/// line feed outside quotes), or npos when `data` holds no complete record. `lines` is set to the
/// number of line feeds inside the record's quoted fields.
std::size_t csv_record_end(std::string_view data, std::size_t& lines,
                           char delimiter = ',') noexcept;

/// As above; `quoted` is set to whether the record holds a quote character at all (when it does
/// not, its fields need no unquoting: the batch reader splits such records on its fast path).
std::size_t csv_record_end(std::string_view data, std::size_t& lines, bool& quoted,
                           char delimiter = ',') noexcept;

/// The offset just past the last complete record in `data` (which starts at a record boundary),
/// or 0 when there is none. Fast when the text has no quotes.
std::size_t csv_complete_prefix(std::string_view data, char delimiter = ',') noexcept;

/// Splits one record (without its line ending; a trailing CR is removed) into fields separated
/// by `delimiter` (',' in RFC 4180; ';' and tab in some exports), undoubling the quotes of quoted
/// fields in place, so the views point into [first, last). Returns false and sets `error` for an
/// unterminated quoted field, a character after a closing quote, or a quote inside an unquoted
/// field.
bool csv_split(char* first, char* last, std::vector<std::string_view>& fields, std::string& error,
               char delimiter = ',');

/// The delimiter of a header row: whichever of ',', ';' and tab occurs most often outside
/// quotes (',' on a tie, and when there is none of them).
char csv_detect_delimiter(std::string_view header) noexcept;

/// Appends `field` to `out` as a CSV field, quoted when it holds a comma, quote, CR or LF.
void csv_append_field(std::string& out, std::string_view field);

/// The most characters csv_write_field() writes for `field`.
constexpr std::size_t csv_field_bound(std::string_view field) noexcept {
  return 2 * field.size() + 2;
}

/// Writes what csv_append_field() appends into `out`, which has room for csv_field_bound(field)
/// characters; returns the end of it.
char* csv_write_field(char* out, std::string_view field) noexcept;

/// Reads a number as written in C at the start of [first, last): an optional '-', then digits
/// with at most one '.' between two of them, 15 digits at most. Returns the end of the number
/// and sets `value`, or returns null when the text does not start that way (it may still be a
/// number: see parse_number). Exact: such a number is a whole number below 2^53 divided by a
/// power of ten that is exact in a double, so one division rounds it as std::from_chars does.
inline const char* scan_short_number(const char* first, const char* last, double& value) noexcept {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const bool negative = first != last && *first == '-';
  const char* p = first + negative;
  const char* const digits = p;
  std::uint64_t mantissa = 0;  // wraps around for long runs of digits, which are rejected
  for (; p != last && static_cast<unsigned>(*p - '0') < 10; ++p)
    mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
  const std::ptrdiff_t whole = p - digits;
  std::ptrdiff_t fraction = 0;
  if (whole > 0 && p != last && *p == '.') {
    const char* const point = p++;
    for (; p != last && static_cast<unsigned>(*p - '0') < 10; ++p)
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    fraction = p - point - 1;
    if (fraction == 0) return nullptr;
  }
  if (whole == 0 || whole + fraction > 15) return nullptr;
  const double d = fraction ? double(mantissa) / kPow10[fraction] : double(mantissa);
  value = negative ? -d : d;
  return p;
}

/// The whole of `text` as a number, exactly as std::from_chars(chars_format::general) reads it
/// (no sign '+', no spaces, "1e3" and "inf" accepted), faster for the short numbers of
/// questionnaires (scan_short_number). False when `text` is not a number.
bool parse_number(std::string_view text, double& value) noexcept;

}  // namespace redflag::io
