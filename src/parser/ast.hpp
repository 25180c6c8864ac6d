// redflag parser: the syntax tree of a rule file. Data only; private to the library.
#pragma once

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

#include <cstddef>
#include <list>
#include <string>
#include <vector>

namespace redflag::ast {

namespace x3 = boost::spirit::x3;

/// Where the node starts in the source text (after skipped space); set by the grammar.
struct Located {
  const char* pos = nullptr;
};

// Containers derive from the standard container so that X3 fills them as containers (a Fusion
// struct of one member does not propagate reliably).

/// An identifier.
struct Name : std::string, Located {
  using std::string::string;
  Name() = default;
};

/// A string literal (escapes resolved).
struct Text : std::string, Located {
  using std::string::string;
  Text() = default;
};

struct Nil {};
struct Unary;
struct Expression;
struct Call;
struct Set;

struct Number : Located {
  double value = 0;
};

struct Boolean : Located {
  bool value = false;
};

struct Operand
    : x3::variant<Nil, Number, Boolean, Name, x3::forward_ast<Unary>, x3::forward_ast<Call>,
                  x3::forward_ast<Set>, x3::forward_ast<Expression>> {
  using base_type::base_type;
  using base_type::operator=;
};

enum class Op { or_, and_, eq, ne, lt, le, gt, ge, in, add, sub, mul, div, not_, neg };

struct Operation : Located {
  Op op;
  Operand operand;
};

/// `first op1 operand1 op2 operand2 ...` at one precedence level (left-associative).
struct Expression : Located {
  Operand first;
  std::list<Operation> rest;
};

struct Unary : Located {
  Op op;
  Operand operand;
};

struct Call : Located {
  Name function;
  std::vector<Expression> arguments;
};

/// `{a, b}` after `in`.
struct Set : std::vector<Name>, Located {};

// ---- declarations ----------------------------------------------------------------------------

struct RulesetDecl : Located {
  Name id;
  boost::optional<Text> title;
};

// A statement of a keyword and one argument keeps its keyword, so that it is a Fusion struct of
// two members (one-member structs do not propagate reliably in X3).

/// `version "1.0"`.
struct VersionDecl : Located {
  Name keyword;
  Text version;
};

/// `use "file.rf"`.
struct UseDecl : Located {
  Name keyword;
  Text path;
};

struct LevelDecl : Located {
  Name id;
  Text advice;
  boost::optional<Name> indicator;
};

struct LevelsDecl : std::vector<LevelDecl>, Located {};

/// `default LEVEL`.
struct DefaultDecl : Located {
  Name keyword;
  Name level;
};

struct ParamDecl : Located {
  Name id;
  Number value;
  boost::optional<Text> description;
};

struct OptionDecl : Located {
  Name id;
  boost::optional<Text> label;
};

struct Range : Located {
  Number min;
  Number max;
};

/// `boolean`, `text`, `choice {...}`, `integer [lo..hi]`, `number [lo..hi]`.
struct TypeSpec : Located {
  Name kind;
  boost::optional<std::vector<OptionDecl>> options;
  boost::optional<Range> range;
};

/// `unit "x"` or `required`.
struct Modifier : Located {
  Name keyword;
  boost::optional<Text> value;
};

struct QuestionDecl : Located {
  Name id;
  TypeSpec type;
  std::vector<Modifier> modifiers;
  Text prompt;
};

struct LetDecl : Located {
  Name id;
  Expression value;
};

struct RuleDecl : Located {
  Name id;
  Text title;
  Name level;
  Expression condition;
  Text because;
  boost::optional<Text> source;
  std::vector<Name> tags;
};

struct MissingDecl : Located {
  Name selector;  // "required"
  Name level;
  Text because;
  boost::optional<Text> source;
};

/// A literal in a test: true/false, a number, an option id, a string, or `unknown`.
struct Literal : x3::variant<Boolean, Number, Name, Text> {
  using base_type::base_type;
  using base_type::operator=;
};

struct GivenItem : Located {
  Name question;
  Literal value;
};

/// `expect level X`, `expect fired a, b`, `expect not fired ...`, `expect unresolved ...`,
/// `expect complete`, `expect incomplete`, `expect value n = literal`.
struct Expectation : Located {
  std::string kind;  // "level", "fired", "not fired", "unresolved", "complete", "incomplete",
                     // "value"
  std::vector<Name> names;
  boost::optional<Literal> value;
};

/// `scope "population" excludes "..." ... source "..."`.
struct ScopeDecl : Located {
  Name keyword;
  Text population;
  std::vector<Text> excludes;
  boost::optional<Text> source;
};

/// `advice ID "text" for LEVEL, ... source "..."`.
struct AdviceDecl : Located {
  Name id;
  Text text;
  std::vector<Name> levels;
  boost::optional<Text> source;
};

/// `baseline ID [= BASE] { question: value, ... }`: answers a test can start from.
struct BaselineDecl : Located {
  Name id;
  boost::optional<Name> base;
  std::vector<GivenItem> given;
};

struct TestDecl : Located {
  Text name;
  boost::optional<Name> baseline;  // `given BASELINE { ... }`
  std::vector<GivenItem> given;
  std::vector<Expectation> expectations;
};

struct Statement : x3::variant<RulesetDecl, VersionDecl, UseDecl, LevelsDecl, DefaultDecl,
                               ParamDecl, QuestionDecl, LetDecl, RuleDecl, MissingDecl, ScopeDecl,
                               AdviceDecl, BaselineDecl, TestDecl> {
  using base_type::base_type;
  using base_type::operator=;
};

}  // namespace redflag::ast
