// redflag io: binding the fields of CSV records to answers, column by column. What each column's
// cells mean (Binder::bind_text() of its Field) is worked out once per header; then a record
// without quotes binds in one pass over its bytes, the common cells (blank, true, false, a short
// number) recognised from the word (8 bytes) they start with, together with the comma that ends
// them, and a column's codes of up to 15 bytes (option ids, mapped values) compared a word at a
// time. Every question column is written for every record, a blank cell as unknown, so records
// need not start from cleared answers (start()). tests/unit/records_test.cpp checks that every
// cell binds as Binder::bind_text() does, and that nothing carries over between records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eval/interval.hpp"
#include "io/binder.hpp"
#include "redflag/answers.hpp"

namespace redflag::io {

class CsvRowBinder {
 public:
  /// Bytes that must be readable after the end of a record given to bind_unquoted().
  static constexpr std::size_t kPadding = 8;

  /// The plan for a header whose columns are `columns` (Layout::columns).
  CsvRowBinder(const Binder& binder, std::span<const Field> columns);
  ~CsvRowBinder();
  CsvRowBinder(const CsvRowBinder&) = delete;
  CsvRowBinder& operator=(const CsvRowBinder&) = delete;

  /// Readies `answers` (of this binder's rule set) for bind_unquoted(), more cheaply than
  /// Answers::clear(): forgets the errors and text answers and resets the questions that no
  /// column binds, but not the others, as bind_unquoted() writes every one of those (a blank
  /// cell as unknown). Only for bind_unquoted(), and only when it then returns the number of
  /// columns: a ragged record, or one bound with bind(), needs Answers::clear() instead.
  void start(Answers& answers) const;

  /// Binds the fields of the record [first, last), which holds no quote and no line ending and
  /// is followed by at least kPadding readable bytes (of any value), into `answers` and `ids`
  /// (Binder::id_columns() order). Every question a column binds is written, as unknown when
  /// its cell is blank. Returns the number of fields: when it is not the number of columns,
  /// the record is ragged and what was bound is not to be used.
  std::size_t bind_unquoted(const char* first, const char* last, Answers& answers,
                            std::span<std::string> ids) const;

  /// Binds one field of `column` (of a record split by csv_split()).
  void bind(std::size_t column, std::string_view text, Answers& answers,
            std::span<std::string> ids) const;

 private:
  struct Coded;  // how a column's cells bind beyond the fast paths (see csv_row.cpp)
  struct Column {
    enum Kind : std::uint8_t { skip, id, booleans, number, coded };  // from booleans on: a question
    Kind kind = skip;
    std::uint32_t index = 0;  // question index, or position among the id columns
    std::uint32_t run = 0;    // booleans: this and the boolean columns right after it
  };
  void bind_coded(std::size_t column, std::string_view text, std::uint64_t key,
                  Answers& answers) const;

  std::vector<Column> columns_;  // packed: what the record loop reads for every cell
  std::vector<Coded> coded_;     // per column
  const detail::Interval* unknown_ =
      nullptr;                          // per question: its value when unanswered (the rule set's)
  std::vector<std::uint32_t> unbound_;  // the questions no column binds
  bool decimal_comma_ = false;          // numbers are written 38,5 (Binder::decimal_comma())
};

}  // namespace redflag::io
