// redflag parser: declaration of the grammar's entry point, one top-level statement.
#pragma once

#include "parser/ast.hpp"
#include "parser/config.hpp"

namespace redflag::parser {

struct statement_class;
using statement_type = x3::rule<statement_class, ast::Statement>;
BOOST_SPIRIT_DECLARE(statement_type)

/// The rule that parses one statement (`ruleset`, `question`, `rule`, `test`, ...).
const statement_type& statement();

/// True when `word` is a keyword that begins a statement; the driver resynchronises on these.
bool is_statement_keyword(std::string_view word) noexcept;

}  // namespace redflag::parser
