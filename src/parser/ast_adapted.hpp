// redflag parser: Boost.Fusion adaptation of the syntax tree, for X3 attribute propagation.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parser/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(redflag::ast::Number, value)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::Boolean, value)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::Expression, first, rest)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::Unary, op, operand)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::Call, function, arguments)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::RulesetDecl, id, title)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::VersionDecl, keyword, version)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::UseDecl, keyword, path)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::DefaultDecl, keyword, level)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::LevelDecl, id, advice, indicator)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::ParamDecl, id, value, description)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::OptionDecl, id, label)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::Range, min, max)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::TypeSpec, kind, options, range)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::Modifier, keyword, value)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::QuestionDecl, id, type, modifiers, prompt)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::LetDecl, id, value)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::RuleDecl, id, title, level, condition, because, source,
                          tags)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::MissingDecl, selector, level, because, source)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::GivenItem, question, value)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::Expectation, kind, names, value)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::ScopeDecl, keyword, population, excludes, source)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::AdviceDecl, id, text, levels, source)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::BaselineDecl, id, base, given)
BOOST_FUSION_ADAPT_STRUCT(redflag::ast::TestDecl, name, baseline, given, expectations)
