// redflag parser: the driver. Parses one statement at a time so that a syntax error costs only
// its own statement: every broken statement in a file is reported.
#include "parser/parse.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "parser/grammar.hpp"
#include "utf8.hpp"

namespace redflag::parser {
namespace {

constexpr std::array<std::string_view, 14> statement_keywords = {
    "ruleset", "version", "use", "levels", "default", "param",    "question",
    "let",     "rule",    "on",  "scope",  "advice",  "baseline", "test"};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string_view word_at(const char* p, const char* last) {
  const char* e = p;
  while (e != last && is_word_char(*e))
    ++e;
  return {p, std::size_t(e - p)};
}

/// The start of the next line, after `p`, that begins with a statement keyword; or `last`.
const char* next_statement(const char* p, const char* last) {
  bool line_start = false;
  for (; p != last; ++p) {
    if (*p == '\n') {
      line_start = true;
      continue;
    }
    if (line_start && (*p == ' ' || *p == '\t' || *p == '\r')) continue;
    if (line_start && is_statement_keyword(word_at(p, last))) return p;
    line_start = false;
  }
  return last;
}

/// Where [p, last) first goes over a limit (nesting: brackets plus a run of prefix operators
/// `not`, `-`; or the length of a string), ignoring comments; nullptr when within the limits.
const char* over_limit(const char* p, const char* last, const Limits& limits, std::string& why) {
  std::size_t depth = 0;
  std::size_t prefix_run = 0;
  const auto too_deep = [&] {
    why = "nesting deeper than the limit of " + std::to_string(limits.max_depth) +
          " (LoadOptions::max_nesting_depth)";
  };
  for (; p != last; ++p) {
    const char c = *p;
    if (c == '"') {
      const char* open = p;
      for (++p; p != last && *p != '"' && *p != '\n'; ++p)
        if (*p == '\\' && p + 1 != last) ++p;
      if (std::size_t(p - open - 1) > limits.max_string_bytes) {
        why = "a string of " + std::to_string(p - open - 1) + " bytes; the limit is " +
              std::to_string(limits.max_string_bytes) + " (LoadOptions::max_string_bytes)";
        return open;
      }
      if (p == last) break;
      prefix_run = 0;
      continue;
    }
    if (c == '#') {
      while (p != last && *p != '\n')
        ++p;
      if (p == last) break;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '(' || c == '{') {
      ++depth;
    } else if (c == ')' || c == '}') {
      if (depth) --depth;
      prefix_run = 0;
    } else if (c == '-' || c == '!') {
      ++prefix_run;
    } else if (word_at(p, last) == "not") {
      if (depth + ++prefix_run > limits.max_depth) return too_deep(), p;
      p += 2;
    } else if (is_word_char(c)) {
      p += word_at(p, last).size() - 1;
      prefix_run = 0;
    } else {
      prefix_run = 0;
    }
    if (depth + prefix_run > limits.max_depth) return too_deep(), p;
  }
  return nullptr;
}

/// Just past the last token in [p, where): spaces, newlines and comments do not count.
const char* end_of_last_token(const char* p, const char* where) {
  const char* end = p;
  while (p < where) {
    if (*p == '#') {
      while (p < where && *p != '\n')
        ++p;
    } else if (*p == '"') {
      for (++p; p < where && *p != '"' && *p != '\n'; ++p)
        if (*p == '\\' && p + 1 < where) ++p;
      if (p < where && *p == '"') ++p;
      end = p;
    } else if (std::isspace(static_cast<unsigned char>(*p))) {
      ++p;
    } else {
      end = ++p;
    }
  }
  return end;
}

/// For a word that cannot start a statement but belongs inside one, where it belongs.
std::string_view misplaced(std::string_view word) {
  if (word == "required" || word == "unit")
    return "; it belongs before the prompt: question ID: TYPE [unit \"...\"] [required] "
           "\"prompt\"";
  if (word == "when" || word == "because" || word == "tags")
    return "; it continues a rule: rule ID \"title\" -> LEVEL when CONDITION because \"...\" "
           "[source \"...\"] [tags a, b]";
  if (word == "source")
    return "; it follows the text it cites, once: a rule's `because \"...\"` (before `tags`), "
           "`on missing`, an `advice` or a `scope`";
  if (word == "excludes") return "; it continues a scope: scope \"...\" excludes \"...\"";
  if (word == "for") return "; it follows an advice's text: advice ID \"text\" for LEVEL, ...";
  if (word == "indicator")
    return "; it follows a level's advice inside levels { ID \"advice\" indicator info ... }";
  if (word == "given" || word == "expect") return "; it belongs inside test \"name\" { ... }";
  return {};
}

/// " but found 'xyz'" describing the text at `p`.
std::string found(const char* p, const char* last) {
  if (p == last) return " but reached the end of the file";
  if (*p == '\n' || *p == '\r') return " but the line ended";
  std::string_view w = word_at(p, last);
  if (w.empty()) w = {p, 1};
  return " but found '" + std::string(w) + "'";
}

}  // namespace

bool is_statement_keyword(std::string_view word) noexcept {
  for (auto k : statement_keywords)
    if (k == word) return true;
  return false;
}

std::vector<ast::Statement> parse(std::string_view text, const Limits& limits,
                                  std::vector<SyntaxError>& errors) {
  std::vector<ast::Statement> statements;
  if (const std::size_t bad = detail::invalid_utf8(text); bad != std::string_view::npos) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", unsigned(static_cast<unsigned char>(text[bad])));
    errors.push_back({text.data() + bad,
                      std::string("the file is not UTF-8: byte ") + byte +
                          " does not start or continue a UTF-8 character here",
                      "invalid-utf8", "", ""});
    return statements;
  }
  const char* first = text.data();
  const char* const last = first + text.size();
  if (text.starts_with("\xEF\xBB\xBF")) first += 3;  // a byte order mark
  for (;;) {
    x3::parse(first, last, *skipper);
    if (first == last) break;
    const char* end = next_statement(first, last);
    // What the statement would have declared, should it fail: its keyword and the word after it
    // (when the text starts with something else, the first statement keyword in it).
    const std::string_view first_word = word_at(first, last);
    std::string_view keyword = first_word;
    const char* start = first;
    for (const char* p = first; !is_statement_keyword(keyword) && p != end; ++p) {
      if (is_word_char(*p) && (p == first || !is_word_char(p[-1])) &&
          is_statement_keyword(word_at(p, end)))
        keyword = word_at(p, end), start = p;
    }
    const char* after = start + keyword.size();
    while (after != last && (*after == ' ' || *after == '\t'))
      ++after;
    const std::string_view declares = is_statement_keyword(keyword) && keyword != "on"
                                          ? word_at(after, last)
                                          : std::string_view();
    const auto failed = [&](const char* at, std::string message) {
      errors.push_back(
          {at, std::move(message), "syntax", std::string(keyword), std::string(declares)});
    };
    std::string why;
    if (const char* over = over_limit(first, end, limits, why)) {
      errors.push_back(
          {over, std::move(why), "limit-exceeded", std::string(keyword), std::string(declares)});
      first = end;
      continue;
    }
    ast::Statement statement;
    const char* it = first;
    try {
      if (x3::phrase_parse(it, last, parser::statement(), skipper, statement)) {
        statements.push_back(std::move(statement));
        first = it;
        continue;
      }
      failed(first,
             "expected a statement (ruleset, version, use, levels, default, "
             "param, question, let, rule, on missing, scope, advice, baseline, test)" +
                 found(first, last) + std::string(misplaced(first_word)));
    } catch (const x3::expectation_failure<iterator_type>& failure) {
      // X3 reports the place after skipping space and comments. When what was expected is
      // missing at the end of a line, point there (just after the last token).
      const char* where = failure.where();
      const char* token_end = end_of_last_token(first, where);
      if (std::find(token_end, where, '\n') != where) where = token_end;
      std::string message = "expected " + failure.which() + found(where, last);
      const char next = where != last && where + 1 != last ? where[1] : '\0';
      if (where != last && *where == '=' && next == '>') {
        message += "; did you mean '->'?";
      } else if (where != last && *where == '=' && next != '=') {
        message += "; did you mean '=='? (a single '=' only declares a param or a let)";
      }
      failed(where, std::move(message));
    }
    first = end;
  }
  return statements;
}

}  // namespace redflag::parser
