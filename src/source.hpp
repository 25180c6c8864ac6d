// redflag: a source file being loaded, and diagnostics that point into it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ast.hpp"
#include "redflag/diagnostics.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// One file of a load: the main rule file, a file it `use`s, or its companion test file.
struct SourceFile {
  enum class Role { main, used, tests };

  std::string name;
  std::string text;
  Role role = Role::main;
  std::vector<ast::Statement> statements;
  /// Statements that did not parse (or a `use` that failed), as their keyword and the id they
  /// would have declared ("" when unknown): the checker checks the rest of the file without
  /// reporting each use of those ids as an error (see check/checker.hpp).
  struct Broken {
    std::string keyword, declares;
  };
  std::vector<Broken> broken;

  bool contains(const char* p) const noexcept {
    return p >= text.data() && p <= text.data() + text.size();
  }
  /// Line and column of `p` (1-based; 0:0 when `p` is not in the text).
  SourcePosition position(const char* p) const;
  Diagnostic diagnostic(const char* at, std::string code, std::string message,
                        Severity severity = Severity::error) const;

 private:
  mutable std::vector<std::size_t> line_starts_;  // offsets, made on the first position()
};

/// The files of one load. unique_ptr keeps each text buffer in place while AST nodes point
/// into it.
using SourceFiles = std::vector<std::unique_ptr<SourceFile>>;

}  // namespace detail
}  // namespace v1
}  // namespace redflag
