// redflag checker, private to src/check: the Checker and what its passes share. Each pass has
// its own file:
//
//   check.cpp         the entry point, detail::check(), and the order of the passes
//   declarations.cpp  levels, questions, parameters, rules and the missing policy
//   expressions.cpp   lowering expressions: names, lets, calls, comparisons, operators
//   rule_tests.cpp    the `test` blocks of a rule file and their literal values
//   layout.cpp        renumbering the values into [ constants | answers | nodes ]
//   suggest.cpp       "did you mean" in messages
//
// (render.cpp, beside them, is not a pass: it writes a loaded rule set back as rule text.)
//
// What the evaluator and the result writer compute once from the checked program is not the
// checker's: see eval/prepare.hpp.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "check/check.hpp"
#include "check/suggest.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

/// A value index while lowering: constants, answers and nodes are numbered separately and
/// renumbered into one array at the end (constants first, then answers, then nodes).
enum class RefKind : std::uint32_t { constant = 0, answer = 1u << 30, node = 2u << 30 };
constexpr std::uint32_t ref_mask = (1u << 30) - 1;
constexpr std::uint32_t make_ref(RefKind k, std::size_t i) {
  return std::uint32_t(k) | i;
}

/// The static type of a lowered expression. `invalid` follows an error already reported.
struct Typed {
  std::uint32_t ref = 0;
  QuestionType type = QuestionType::boolean;
  const Question* domain = nullptr;  // choice values: the question whose options apply
  bool valid = true;
};

/// A type as messages name it: "a boolean", "an integer", ...
inline std::string describe(QuestionType t) {
  switch (t) {
    case QuestionType::boolean:
      return "a boolean";
    case QuestionType::choice:
      return "a choice";
    case QuestionType::integer:
      return "an integer";
    case QuestionType::number:
      return "a number";
    case QuestionType::text:
      return "text";
  }
  return "?";
}

/// Whether arithmetic and ordering apply: integers and numbers.
inline bool numeric(QuestionType t) {
  return t == QuestionType::integer || t == QuestionType::number;
}

/// The ids of `options`, separated by ", " (suggest.cpp).
std::string join(const std::vector<Option>& options);

/// The source text between two pointers, with comments dropped and runs of space collapsed
/// (declarations.cpp).
std::string excerpt(const char* begin, const char* end);

/// Checks and lowers the files of one load into a Program; run() once (see check.cpp).
class Checker {
 public:
  Checker(const SourceFiles& files, const LoadOptions& options, std::vector<Diagnostic>& out)
      : files_(files), options_(options), out_(out), program_(std::make_shared<Program>()) {}

  std::shared_ptr<Program> run();

 private:
  // ---- declarations (declarations.cpp) ----
  struct ValueDecl {
    enum class Kind { question, parameter, derived } kind;
    std::size_t index;  // into questions / parameters / lets_
    const char* pos;
  };
  struct LetInfo {
    const ast::LetDecl* decl;
    const char* end;  // where its source text ends
    enum class State { pending, visiting, done } state = State::pending;
    Typed value;
  };

  void collect();
  /// False, after reporting it, for a statement of a used file without `ruleset` that such a
  /// library cannot hold (a rule, a test, levels, ...): nothing would ever evaluate it.
  bool library_checked(const SourceFile& file, const ast::Statement& s);
  void declare_value(const ast::Name& name, ValueDecl decl);
  void add_levels(const ast::LevelsDecl& decl);
  void add_question(const ast::QuestionDecl& decl);
  void add_parameter(const ast::ParamDecl& decl);
  void add_rule(const ast::RuleDecl& decl);
  void add_missing_policy();
  void add_scope(const ast::ScopeDecl& decl);
  void add_advice(const ast::AdviceDecl& decl);
  std::optional<std::size_t> level_of(const ast::Name& name);

  // ---- the tests of a rule file (rule_tests.cpp) ----
  /// A test's answers, in order; nullopt marks a question a baseline answered and the test
  /// leaves unanswered (`q: unknown`).
  using GivenList = std::vector<std::pair<std::string, std::optional<Value>>>;
  struct BaselineInfo {
    const ast::BaselineDecl* decl;
    enum class State { pending, visiting, done } state = State::pending;
    GivenList given;
    bool valid = true;
  };
  void add_test(const ast::TestDecl& decl);
  /// Applies a `given` block to `into`: checks each answer, and replaces or removes (`unknown`)
  /// what `into` already holds. False when any answer had an error.
  bool apply_given(const std::vector<ast::GivenItem>& items, GivenList& into);
  /// The answers of a baseline, resolved through its base once; null after an error (reported
  /// once, where the baseline or its use is).
  const GivenList* baseline(const ast::Name& name);
  std::optional<Value> literal_value(const ast::Literal& literal, const Question& q,
                                     const char* pos, const char* noun = "question");

  // ---- the value layout of the program (layout.cpp) ----
  /// Renumbers the values into [ constants | answers | nodes ] and sets their initial intervals.
  void finalize();

  // ---- expressions (expressions.cpp) ----
  Typed lower(const ast::Expression& e);
  Typed lower(const ast::Operand& o);
  Typed lower_name(const ast::Name& name);
  Typed lower_let(std::size_t index);
  Typed lower_call(const ast::Call& call);
  Typed lower_comparison(const ast::Expression& e);
  /// A warning for a question compared with a constant outside the question's declared range
  /// (`age_years > 130` with 16..120): the comparison can never depend on the answer.
  void warn_threshold_out_of_range(const Typed& left, const Typed& right, const char* pos);
  Typed resolve_option(const ast::Name& name, const Question& domain);
  /// A constant's value slot; `shared`: the slot of an equal constant, when there is one.
  Typed constant(double value, QuestionType type, const Question* domain = nullptr,
                 bool shared = true);
  Typed node(Op op, const std::vector<std::uint32_t>& operands, QuestionType type,
             std::uint64_t mask = 0);
  bool expect_type(const Typed& t, QuestionType want, const char* pos, std::string_view what);
  bool expect_numeric(const Typed& t, const char* pos, std::string_view what);

  // ---- diagnostics (check.cpp) ----
  const SourceFile& file_of(const char* p) const;
  /// Whether a statement that did not parse (see SourceFile::broken) had one of `keywords` and
  /// declared `id` (any id when `id` is empty). An unknown id that a broken statement declared
  /// is not reported: the syntax error already was. A failed `use` counts as declaring every
  /// question, parameter and derived value.
  bool broken(std::string_view id, std::initializer_list<std::string_view> keywords) const;
  void error(const char* pos, std::string code, std::string message) {
    out_.push_back(file_of(pos).diagnostic(pos, std::move(code), std::move(message)));
    ++errors_;
  }
  void warning(const char* pos, std::string code, std::string message) {
    out_.push_back(
        file_of(pos).diagnostic(pos, std::move(code), std::move(message), Severity::warning));
  }
  std::string where(const char* pos) const {
    const auto& f = file_of(pos);
    return f.name + ":" + std::to_string(f.position(pos).line);
  }

  const SourceFiles& files_;
  const LoadOptions& options_;
  std::vector<Diagnostic>& out_;
  std::shared_ptr<Program> program_;
  std::size_t errors_ = 0;

  std::map<std::string, ValueDecl, std::less<>> values_;
  std::map<std::string, const char*, std::less<>> rule_pos_;
  std::vector<LetInfo> lets_;
  std::vector<std::string> function_names_{"count", "answered", "min", "max"};

  // lowering state
  std::vector<double> constants_;
  std::vector<QuestionType> constant_type_;
  std::vector<const Question*> constant_domain_;
  std::map<std::pair<int, double>, std::uint32_t> constant_index_;
  std::vector<QuestionType> node_type_;
  std::vector<const Question*> node_domain_;
  /// Every node made so far, by operator, mask and operands: an expression written twice (the
  /// same comparison in two rules) is computed once.
  std::map<std::tuple<Op, std::uint64_t, std::vector<std::uint32_t>>, std::uint32_t> node_index_;
  std::vector<std::uint32_t> param_ref_;

  // main-file statements of which there must be one
  const ast::RulesetDecl* ruleset_ = nullptr;
  const ast::VersionDecl* version_ = nullptr;
  const ast::LevelsDecl* levels_ = nullptr;
  const ast::DefaultDecl* default_ = nullptr;
  const ast::MissingDecl* missing_ = nullptr;
  const ast::ScopeDecl* scope_ = nullptr;
  std::vector<const ast::RuleDecl*> rules_;
  std::vector<const ast::AdviceDecl*> advice_;
  std::map<std::string, BaselineInfo, std::less<>> baselines_;
  std::vector<const ast::TestDecl*> tests_;
};

}  // namespace detail
}  // namespace v1
}  // namespace redflag
