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
  std::string code = "syntax";  // or "limit-exceeded"
};

/// Parses `text` statement by statement. After an error, parsing resumes at the next line that
/// starts with a statement keyword, so every broken statement is reported. Nesting deeper than
/// `max_depth` (parentheses, `not`, unary minus) is reported and the statement skipped rather
/// than parsed, so hostile input cannot exhaust the stack.
std::vector<ast::Statement> parse(std::string_view text, std::size_t max_depth,
                                  std::vector<SyntaxError>& errors);

}  // namespace redflag::parser
