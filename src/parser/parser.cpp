// redflag parser: the one translation unit that instantiates the X3 grammar.
#include "parser/grammar_def.hpp"

namespace redflag::parser {

BOOST_SPIRIT_INSTANTIATE(statement_type, iterator_type, context_type)

const statement_type& statement() {
  return statement_rule;
}

}  // namespace redflag::parser
