// redflag parser: parse a whole rule file, collecting every syntax error.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ast.hpp"

namespace redflag::parser {

/// A syntax problem at a place in the text (the caller turns it into a Diagnostic).
struct SyntaxError {
  const char* at;
  std::string message;
  std::string code = "syntax";  // or "limit-exceeded", "invalid-utf8"
  /// The statement that did not parse: its keyword and the id it declares, when the text shows
  /// them (`question fever: boolen ...` gives "question" and "fever"), so that the checker can
  /// check the rest without reporting every use of that id as unknown.
  std::string keyword;
  std::string declares;
};

/// What parse() refuses before parsing a statement (see LoadOptions).
struct Limits {
  std::size_t max_depth = 64;           ///< brackets plus runs of `not` / unary minus
  std::size_t max_string_bytes = 4096;  ///< bytes between the quotes of one string literal
};

/// Parses `text` statement by statement. After an error, parsing resumes at the next line that
/// starts with a statement keyword, so every broken statement is reported. A statement nested
/// deeper than `limits.max_depth` (parentheses, `not`, unary minus) or holding a string longer
/// than `limits.max_string_bytes` is reported and skipped rather than parsed, so hostile input
/// cannot exhaust the stack. Text that is not UTF-8 is refused whole (code "invalid-utf8", at
/// the first bad byte); a UTF-8 byte order mark at the start is skipped.
std::vector<ast::Statement> parse(std::string_view text, const Limits& limits,
                                  std::vector<SyntaxError>& errors);

}  // namespace redflag::parser
