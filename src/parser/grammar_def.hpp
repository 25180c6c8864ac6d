// redflag parser: the grammar of the rule language (see docs/rule-language.md).
//
// Stateless: every rule is a const object at namespace scope. Each rule whose attribute is an
// ast::Located records where it starts (after skipping space) through the `located` base of its
// ID class. `>` marks points of no return: a failure after one throws x3::expectation_failure,
// which the driver in parser.cpp turns into a `syntax` diagnostic naming what was expected.
#pragma once

#include <type_traits>

#include "parser/ast.hpp"
#include "parser/ast_adapted.hpp"
#include "parser/grammar.hpp"

namespace redflag::parser {

namespace grammar {

using x3::alnum;
using x3::alpha;
using x3::attr;
using x3::char_;
using x3::eoi;
using x3::eol;
using x3::lexeme;
using x3::lit;

struct located {
  template <typename Iterator, typename Attribute, typename Context>
  void on_success(const Iterator& first, const Iterator&, Attribute& ast, const Context&) const {
    if constexpr (std::is_base_of_v<ast::Located, Attribute>) ast.pos = &*first;
  }
};

// Numbers: no leading or trailing dot (so `16..120` is a range), and no nan/inf (so `infection`
// is a name, not infinity followed by `ection`).
struct number_policies : x3::real_policies<double> {
  static constexpr bool allow_leading_dot = false;
  static constexpr bool allow_trailing_dot = false;
  template <typename Iterator, typename Attribute>
  static bool parse_nan(Iterator&, const Iterator&, Attribute&) {
    return false;
  }
  template <typename Iterator, typename Attribute>
  static bool parse_inf(Iterator&, const Iterator&, Attribute&) {
    return false;
  }
};
const x3::real_parser<double, number_policies> real;

struct keyword_class;
/// A whole word: KW("or") does not match the start of `order`. Named "'or'" in messages.
#define KW(word) (x3::rule<keyword_class>{"'" word "'"} = lexeme[lit(word) >> !(alnum | '_')])

// clang-format off
struct name_class : located {};
struct text_class : located {};
struct number_class : located {};
struct boolean_class : located {};
struct expression_class : located {};
struct or_expr_class : located {};
struct and_expr_class : located {};
struct not_expr_class {};
struct not_class : located {};
struct cmp_expr_class : located {};
struct cmp_tail_class : located {};
struct add_expr_class : located {};
struct mul_expr_class : located {};
struct unary_expr_class {};
struct neg_class : located {};
struct primary_class {};
struct call_class : located {};
struct arguments_class {};
struct options_class {};
struct set_class : located {};
struct add_tail_class : located {};
struct mul_tail_class : located {};
struct or_tail_class : located {};
struct and_tail_class : located {};
struct ruleset_class : located {};
struct version_class : located {};
struct use_class : located {};
struct level_class : located {};
struct levels_class : located {};
struct default_class : located {};
struct param_class : located {};
struct option_class : located {};
struct range_class : located {};
struct type_class : located {};
struct modifier_class : located {};
struct question_class : located {};
struct let_class : located {};
struct rule_class : located {};
struct missing_class : located {};
struct literal_class {};
struct given_class : located {};
struct expect_class : located {};
struct one_name_class {};
struct names_class {};
struct scope_class : located {};
struct advice_class : located {};
struct baseline_class : located {};
struct given_items_class {};
struct test_class : located {};

const x3::rule<name_class, ast::Name> name = "name";
const x3::rule<text_class, ast::Text> text = "string";
const x3::rule<number_class, ast::Number> number = "number";
const x3::rule<boolean_class, ast::Boolean> boolean = "true or false";
const x3::rule<expression_class, ast::Expression> expression = "expression";
const x3::rule<or_expr_class, ast::Expression> or_expr = "expression";
const x3::rule<or_tail_class, ast::Operation> or_tail = "expression";
const x3::rule<and_expr_class, ast::Expression> and_expr = "expression";
const x3::rule<and_tail_class, ast::Operation> and_tail = "expression";
const x3::rule<not_expr_class, ast::Operand> not_expr = "expression";
const x3::rule<not_class, ast::Unary> not_ = "expression";
const x3::rule<cmp_expr_class, ast::Expression> cmp_expr = "expression";
const x3::rule<cmp_tail_class, ast::Operation> cmp_tail = "comparison";
const x3::rule<add_expr_class, ast::Expression> add_expr = "expression";
const x3::rule<add_tail_class, ast::Operation> add_tail = "expression";
const x3::rule<mul_expr_class, ast::Expression> mul_expr = "expression";
const x3::rule<mul_tail_class, ast::Operation> mul_tail = "expression";
const x3::rule<unary_expr_class, ast::Operand> unary_expr = "expression";
const x3::rule<neg_class, ast::Unary> neg = "expression";
const x3::rule<primary_class, ast::Operand> primary = "a value, a name or '('";
const x3::rule<call_class, ast::Call> call = "function call";
// Lists get names of their own: a failed expectation reports the rule's name (an unnamed
// `a % ','` would report its C++ type).
const x3::rule<arguments_class, std::vector<ast::Expression>> arguments = "expression";
const x3::rule<set_class, ast::Set> set = "'{' option, ... '}'";

const x3::rule<ruleset_class, ast::RulesetDecl> ruleset = "ruleset";
const x3::rule<version_class, ast::VersionDecl> version = "version";
const x3::rule<use_class, ast::UseDecl> use = "use";
const x3::rule<level_class, ast::LevelDecl> level = "level";
const x3::rule<levels_class, ast::LevelsDecl> levels = "levels";
const x3::rule<default_class, ast::DefaultDecl> default_ = "default";
const x3::rule<param_class, ast::ParamDecl> param = "param";
const x3::rule<option_class, ast::OptionDecl> option = "option";
const x3::rule<options_class, std::vector<ast::OptionDecl>> options = "option";
const x3::rule<range_class, ast::Range> range = "range LOW..HIGH";
const x3::rule<type_class, ast::TypeSpec> type =
    "a type (boolean, choice {...}, integer, number, text)";
const x3::rule<modifier_class, ast::Modifier> modifier = "modifier";
const x3::rule<question_class, ast::QuestionDecl> question = "question";
const x3::rule<let_class, ast::LetDecl> let = "let";
const x3::rule<rule_class, ast::RuleDecl> rule = "rule";
const x3::rule<missing_class, ast::MissingDecl> missing = "on missing";
const x3::rule<literal_class, ast::Literal> literal = "a value (true, false, a number, an option or a string)";
const x3::rule<given_class, ast::GivenItem> given_item = "question: value";
const x3::rule<expect_class, ast::Expectation> expectation =
    "an expectation (level, fired, not fired, unresolved, complete, incomplete, value)";
const x3::rule<scope_class, ast::ScopeDecl> scope = "scope";
const x3::rule<advice_class, ast::AdviceDecl> advice = "advice";
const x3::rule<baseline_class, ast::BaselineDecl> baseline = "baseline";
const x3::rule<given_items_class, std::vector<ast::GivenItem>> given_items =
    "'{' question: value, ... '}'";
const x3::rule<test_class, ast::TestDecl> test = "test";
// Named so that a missing name after `expect level` etc. is reported in words.
const x3::rule<one_name_class, std::vector<ast::Name>> one_name = "a name";
const x3::rule<names_class, std::vector<ast::Name>> names = "a name, or names separated by ','";

const auto reserved = KW("and") | KW("or") | KW("not") | KW("in") | KW("true") | KW("false") |
                      KW("when") | KW("because");

const auto name_def = lexeme[!reserved >> (alpha | char_('_')) >> *(alnum | char_('_'))];

struct escapes : x3::symbols<char> {
  escapes() { add("\\\"", '"')("\\\\", '\\')("\\n", '\n')("\\t", '\t'); }
} const escape;
const auto text_def = lexeme['"' > *(escape | (char_ - '"' - '\\' - eol)) > '"'];
// `real` rejects "16..120" outright (a dot without digits), so whole numbers fall back to an
// integer parse that leaves the `..` for the range.
const auto number_def = real | x3::long_long;
const auto boolean_def = (KW("true") >> attr(true)) | (KW("false") >> attr(false));

struct cmp_ops : x3::symbols<ast::Op> {
  cmp_ops() {
    add("==", ast::Op::eq)("!=", ast::Op::ne)("<=", ast::Op::le)(">=", ast::Op::ge)
       ("<", ast::Op::lt)(">", ast::Op::gt);
  }
} const cmp_op;

const auto add_op = (lit('+') >> attr(ast::Op::add)) | (lit('-') >> !lit('>') >> attr(ast::Op::sub));
const auto mul_op = (lit('*') >> attr(ast::Op::mul)) | (lit('/') >> attr(ast::Op::div));

const auto expression_def = or_expr;
const auto or_expr_def = and_expr >> *or_tail;
const auto or_tail_def = (KW("or") >> attr(ast::Op::or_)) > and_expr;
const auto and_expr_def = not_expr >> *and_tail;
const auto and_tail_def = (KW("and") >> attr(ast::Op::and_)) > not_expr;
const auto not_expr_def = not_ | cmp_expr;
const auto not__def = (KW("not") >> attr(ast::Op::not_)) > not_expr;
const auto cmp_expr_def = add_expr >> x3::repeat(0, 1)[cmp_tail];
const auto cmp_tail_def = (cmp_op > add_expr) | ((KW("in") >> attr(ast::Op::in)) > set);
const auto add_expr_def = mul_expr >> *add_tail;
const auto add_tail_def = add_op > mul_expr;
const auto mul_expr_def = unary_expr >> *mul_tail;
const auto mul_tail_def = mul_op > unary_expr;
const auto unary_expr_def = neg | primary;
const auto neg_def = (lit('-') >> attr(ast::Op::neg)) > unary_expr;
const auto primary_def = number | boolean | call | name | ('(' > expression > ')');
const auto call_def = (name >> '(') > arguments > ')';
const auto arguments_def = expression % ',';
const auto set_def = '{' > name > *(',' > name) > '}';

const auto ruleset_def = KW("ruleset") > name > -text;
/// A keyword that is kept as the first member of its statement.
inline auto keyword(const char* word) { return lexeme[x3::string(word) >> !(alnum | '_')]; }
const auto version_def = keyword("version") > text;
const auto use_def = keyword("use") > text;
const auto level_def = name > text > -(KW("indicator") > name);
const auto levels_def = KW("levels") > '{' > +level > '}';
const auto default__def = keyword("default") > name;
const auto param_def = KW("param") > name > '=' > number > -text;
const auto option_def = name >> -text;
const auto range_def = (number >> "..") > number;
const auto type_def = name >> -('{' > options > '}') >> -range;
const auto options_def = option % ',';
const auto modifier_def =
    (lexeme[x3::string("unit") >> !(alnum | '_')] > text) |
    (lexeme[x3::string("required") >> !(alnum | '_')] >> attr(boost::optional<ast::Text>()));
const auto question_def = KW("question") > name > ':' > type > *modifier > text;
const auto let_def = KW("let") > name > '=' > expression;
const auto rule_def = KW("rule") > name > text > "->" > name > KW("when") > expression >
                      KW("because") > text > -(KW("source") > text) >
                      -(KW("tags") > names);
const auto missing_def = KW("on") > KW("missing") > name > "->" > name > text >
                         -(KW("source") > text);

const auto literal_def = boolean | number | name | text;
const auto given_item_def = name > ':' > literal;
const auto no_names = attr(std::vector<ast::Name>());
const auto no_value = attr(boost::optional<ast::Literal>());
const auto expectation_def =
    KW("expect") >
    ((KW("level") >> attr(std::string("level")) > one_name > no_value) |
     (KW("fired") >> attr(std::string("fired")) > names > no_value) |
     (KW("not") >> attr(std::string("not fired")) > KW("fired") > names > no_value) |
     (KW("unresolved") >> attr(std::string("unresolved")) > names > no_value) |
     (KW("complete") >> attr(std::string("complete")) >> no_names >> no_value) |
     (KW("incomplete") >> attr(std::string("incomplete")) >> no_names >> no_value) |
     (KW("value") >> attr(std::string("value")) > one_name > '=' > literal));
const auto one_name_def = x3::repeat(1)[name];
const auto names_def = name % ',';
const auto given_items_def = '{' > -(given_item % ',') > '}';
const auto scope_def = keyword("scope") > text > *(KW("excludes") > text) > -(KW("source") > text);
const auto advice_def = KW("advice") > name > text > KW("for") > names > -(KW("source") > text);
const auto baseline_def = KW("baseline") > name > -('=' > name) > given_items;
const auto test_def = KW("test") > text > '{' > KW("given") > -name > given_items > *expectation >
                      '}';
// clang-format on

BOOST_SPIRIT_DEFINE(name, text, number, boolean, expression, or_expr, or_tail, and_expr, and_tail,
                    not_expr, not_, cmp_expr, cmp_tail, add_expr, add_tail, mul_expr, mul_tail,
                    unary_expr, neg, primary, call, arguments, set)
BOOST_SPIRIT_DEFINE(ruleset, version, use, level, levels, default_, param, option, range, type,
                    modifier, question, let, rule, missing, literal, given_item, expectation, test,
                    one_name, names, options, scope, advice, baseline, given_items)

#undef KW

}  // namespace grammar

const statement_type statement_rule =
    "a statement (ruleset, version, use, levels, default, "
    "param, question, let, rule, on missing, scope, advice, baseline, test)";
const auto statement_rule_def =
    grammar::ruleset | grammar::version | grammar::use | grammar::levels | grammar::default_ |
    grammar::param | grammar::question | grammar::let | grammar::rule | grammar::missing |
    grammar::scope | grammar::advice | grammar::baseline | grammar::test;
BOOST_SPIRIT_DEFINE(statement_rule)

}  // namespace redflag::parser
