// redflag io: CSV as RFC 4180 writes it: fields separated by commas, records by LF or CRLF,
// fields that hold commas, quotes or line breaks enclosed in double quotes, a quote inside one
// doubled. Two steps, both safe on any bytes (fuzz targets): finding where a record ends (what a
// reader needs to cut input into chunks of whole records), and splitting one record into fields.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace redflag::io {

/// Where the record starting at `data` ends: the offset just past the line feed that ends it (a
/// line feed outside quotes), or npos when `data` holds no complete record. `lines` is set to the
/// number of line feeds inside the record's quoted fields.
std::size_t csv_record_end(std::string_view data, std::size_t& lines) noexcept;

/// As above; `quoted` is set to whether the record holds a quote character at all (when it does
/// not, its fields need no unquoting: the batch reader splits such records on its fast path).
std::size_t csv_record_end(std::string_view data, std::size_t& lines, bool& quoted) noexcept;

/// The offset just past the last complete record in `data` (which starts at a record boundary),
/// or 0 when there is none. Fast when the text has few quotes.
std::size_t csv_complete_prefix(std::string_view data) noexcept;

/// Splits one record (without its line ending; a trailing CR is removed) into fields, undoubling
/// the quotes of quoted fields in place, so the views point into [first, last). Returns false
/// and sets `error` for an unterminated quoted field, a character after a closing quote, or a
/// quote inside an unquoted field.
bool csv_split(char* first, char* last, std::vector<std::string_view>& fields, std::string& error);

/// Appends `field` to `out` as a CSV field, quoted when it holds a comma, quote, CR or LF.
void csv_append_field(std::string& out, std::string_view field);

}  // namespace redflag::io
