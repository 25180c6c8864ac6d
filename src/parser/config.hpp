// redflag parser: the iterator, skipper and context types the grammar is instantiated with.
#pragma once

#include <boost/spirit/home/x3.hpp>

#include <type_traits>

namespace redflag::parser {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;

/// Spaces, newlines and `#` comments (to the end of the line).
inline const auto skipper =
    x3::space | (x3::lit('#') >> *(x3::char_ - x3::eol) >> (x3::eol | x3::eoi));
using skipper_type = std::remove_cv_t<decltype(skipper)>;

using context_type = x3::phrase_parse_context<skipper_type>::type;

}  // namespace redflag::parser
