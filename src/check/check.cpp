// redflag checker: name resolution, type checking and lowering to the evaluation Program.
//
// The checker never stops at the first problem: each error is recorded with its position and
// checking goes on, with the offending expression typed as `invalid` so that one mistake does
// not cascade into many.
#include "check/check.hpp"
#include "eval/walk.hpp"

#include "io/json_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

namespace x3 = boost::spirit::x3;

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

Typed invalid() {
  Typed t;
  t.valid = false;
  return t;
}

std::string describe(QuestionType t) {
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

bool numeric(QuestionType t) {
  return t == QuestionType::integer || t == QuestionType::number;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

/// " (did you mean 'x'?)" when a candidate is close enough, else "".
template <typename Names>
std::string suggest(std::string_view name, const Names& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::string_view cand = c;
    const auto d = edit_distance(name, cand);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(cand);
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string join(const std::vector<Option>& options) {
  std::string s;
  for (const auto& o : options)
    s += (s.empty() ? "" : ", ") + o.id;
  return s;
}

/// The source text between two pointers, with comments dropped and runs of space collapsed.
std::string excerpt(const char* begin, const char* end) {
  std::string out;
  bool space = false;
  for (const char* p = begin; p < end; ++p) {
    if (*p == '#') {
      while (p < end && *p != '\n')
        ++p;
      space = true;
      continue;
    }
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += *p;
  }
  return out;
}

class Checker {
 public:
  Checker(const SourceFiles& files, const LoadOptions& options, std::vector<Diagnostic>& out)
      : files_(files), options_(options), out_(out), program_(std::make_shared<Program>()) {}

  std::shared_ptr<Program> run();

 private:
  // ---- declarations ----
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
  void declare_value(const ast::Name& name, ValueDecl decl);
  void add_levels(const ast::LevelsDecl& decl);
  void add_question(const ast::QuestionDecl& decl);
  void add_parameter(const ast::ParamDecl& decl);
  void add_rule(const ast::RuleDecl& decl);
  void add_missing_policy();
  void add_test(const ast::TestDecl& decl);
  std::optional<std::size_t> level_of(const ast::Name& name);
  std::optional<Value> literal_value(const ast::Literal& literal, const Question& q,
                                     const char* pos, const char* noun = "question");
  void finalize();

  // ---- expressions ----
  Typed lower(const ast::Expression& e);
  Typed lower(const ast::Operand& o);
  Typed lower_name(const ast::Name& name);
  Typed lower_let(std::size_t index);
  Typed lower_call(const ast::Call& call);
  Typed lower_comparison(const ast::Expression& e);
  Typed resolve_option(const ast::Name& name, const Question& domain);
  /// A constant's value slot; `shared`: the slot of an equal constant, when there is one.
  Typed constant(double value, QuestionType type, const Question* domain = nullptr,
                 bool shared = true);
  Typed node(Op op, const std::vector<std::uint32_t>& operands, QuestionType type,
             std::uint64_t mask = 0);
  bool expect_type(const Typed& t, QuestionType want, const char* pos, std::string_view what);
  bool expect_numeric(const Typed& t, const char* pos, std::string_view what);

  // ---- diagnostics ----
  const SourceFile& file_of(const char* p) const;
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
  std::vector<const ast::RuleDecl*> rules_;
  std::vector<const ast::TestDecl*> tests_;
};

const SourceFile& Checker::file_of(const char* p) const {
  for (const auto& f : files_)
    if (f->contains(p)) return *f;
  return *files_.front();
}

// ---------------------------------------------------------------------------------------------
// Declarations

const char* literal_pos(const ast::Literal& literal) {
  return boost::apply_visitor([](const auto& l) { return l.pos; }, literal);
}

std::shared_ptr<Program> Checker::run() {
  collect();
  Program& p = *program_;
  const SourceFile& main = *files_.front();
  const char* top = main.text.data();

  if (!ruleset_) error(top, "missing-declaration", "the file has no `ruleset ID \"title\"`");
  if (!levels_) error(top, "missing-declaration", "the file has no `levels { ... }` block");
  if (!default_ && levels_) error(top, "missing-declaration", "the file has no `default LEVEL`");
  if (ruleset_) {
    p.id = ruleset_->id;
    p.title = ruleset_->title ? std::string(*ruleset_->title) : p.id;
  }
  if (version_) p.version = version_->version;
  p.source_name = main.name;
  if (levels_) add_levels(*levels_);
  if (default_) {
    if (auto l = level_of(default_->level)) p.default_level = *l;
  }

  // Parameters: apply overrides, reject unknown ones.
  for (const auto& [id, value] : options_.parameters) {
    auto it = values_.find(id);
    if (it == values_.end() || it->second.kind != ValueDecl::Kind::parameter) {
      Diagnostic d;
      d.code = "unknown-name";
      d.file = main.name;
      d.message = "LoadOptions::parameters sets '" + id + "', which is not a `param` of the file";
      out_.push_back(std::move(d));
      ++errors_;
    } else {
      p.parameters[it->second.index].value = value;
    }
  }
  // One slot per parameter, even when two have the same value: the program's layout then does
  // not depend on parameter values (so they keep a rule set's kernel, see eval/kernel.hpp).
  for (const auto& param : p.parameters)
    param_ref_.push_back(constant(param.value, QuestionType::number, nullptr, false).ref);

  p.derived.resize(lets_.size());
  p.derived_value.resize(lets_.size());
  for (std::size_t i = 0; i < lets_.size(); ++i)
    lower_let(i);
  for (const auto* decl : rules_)
    add_rule(*decl);
  if (missing_) add_missing_policy();
  if (p.rules.size() > options_.max_rules)
    error(top, "limit-exceeded",
          "the rule set has " + std::to_string(p.rules.size()) + " rules; the limit is " +
              std::to_string(options_.max_rules) + " (LoadOptions::max_rules)");
  if (p.questions.size() > options_.max_questions)
    error(top, "limit-exceeded",
          "the rule set has " + std::to_string(p.questions.size()) + " questions; the limit is " +
              std::to_string(options_.max_questions) + " (LoadOptions::max_questions)");
  for (const auto* t : tests_)
    add_test(*t);

  // Evaluation walks keep two flag bits above each value index (src/eval/evaluate.cpp).
  if (constants_.size() + p.questions.size() + p.nodes.size() >= (std::size_t(1) << 30))
    error(top, "limit-exceeded", "the rule set is too large to evaluate (2^30 values)");
  if (errors_) return nullptr;
  finalize();
  return program_;
}

/// Sorts every statement of every file into the declaration tables. A statement's source text
/// ends where the next statement of its file starts.
void Checker::collect() {
  for (const auto& file : files_) {
    const auto& statements = file->statements;
    for (std::size_t i = 0; i < statements.size(); ++i) {
      const char* end = file->text.data() + file->text.size();
      if (i + 1 < statements.size()) {
        end = boost::apply_visitor([](const auto& s) { return s.pos; }, statements[i + 1]);
      }
      const auto& s = statements[i];
      const char* pos = boost::apply_visitor([](const auto& d) { return d.pos; }, s);
      const bool main = file->role == SourceFile::Role::main;
      const bool used = file->role == SourceFile::Role::used;

      if (file->role == SourceFile::Role::tests && s.get().type() != typeid(ast::TestDecl)) {
        error(pos, "syntax", "only `test` blocks may appear in a test file");
        continue;
      }
      // Statements that belong to the file itself, not to the files that use it.
      auto once = [&](auto*& slot, const auto& decl, const char* what) {
        if (!main) return;
        if (slot) {
          error(decl.pos, "duplicate-id",
                std::string("a second `") + what + "` (the first is at " + where(slot->pos) + ")");
          return;
        }
        slot = &decl;
      };
      if (auto* d = boost::get<ast::RulesetDecl>(&s)) {
        once(ruleset_, *d, "ruleset");
      } else if (auto* d = boost::get<ast::VersionDecl>(&s)) {
        once(version_, *d, "version");
      } else if (auto* d = boost::get<ast::LevelsDecl>(&s)) {
        once(levels_, *d, "levels");
      } else if (auto* d = boost::get<ast::DefaultDecl>(&s)) {
        once(default_, *d, "default");
      } else if (auto* d = boost::get<ast::MissingDecl>(&s)) {
        once(missing_, *d, "on missing");
      } else if (boost::get<ast::UseDecl>(&s)) {
        // resolved by the loader
      } else if (auto* d = boost::get<ast::QuestionDecl>(&s)) {
        add_question(*d);
      } else if (auto* d = boost::get<ast::ParamDecl>(&s)) {
        add_parameter(*d);
      } else if (auto* d = boost::get<ast::LetDecl>(&s)) {
        declare_value(d->id, {ValueDecl::Kind::derived, lets_.size(), d->pos});
        lets_.push_back({d, end, LetInfo::State::pending, Typed{}});
      } else if (auto* d = boost::get<ast::RuleDecl>(&s)) {
        if (!used) rules_.push_back(d);
      } else if (auto* d = boost::get<ast::TestDecl>(&s)) {
        if (!used) tests_.push_back(d);
      }
    }
  }
}

void Checker::declare_value(const ast::Name& name, ValueDecl decl) {
  auto [it, inserted] = values_.emplace(name, decl);
  if (!inserted) {
    error(name.pos, "duplicate-id",
          "'" + name + "' is already declared at " + where(it->second.pos));
  }
}

void Checker::add_levels(const ast::LevelsDecl& decl) {
  Program& p = *program_;
  for (const auto& l : decl) {
    Level level;
    level.id = l.id;
    level.advice = l.advice;
    level.rank = p.levels.size();
    level.location = {file_of(l.pos).name, file_of(l.pos).position(l.id.pos)};
    if (l.indicator) {
      const std::string& ind = *l.indicator;
      if (ind == "info") {
        level.indicator = Indicator::info;
      } else if (ind == "warning") {
        level.indicator = Indicator::warning;
      } else if (ind == "critical") {
        level.indicator = Indicator::critical;
      } else {
        error(l.indicator->pos, "unknown-name",
              "unknown indicator '" + ind + "'; use info, warning or critical");
      }
    }
    if (!p.level_index.emplace(level.id, p.levels.size()).second) {
      error(l.id.pos, "duplicate-id", "level '" + l.id + "' is declared twice");
      continue;
    }
    p.levels.push_back(std::move(level));
  }
}

std::optional<std::size_t> Checker::level_of(const ast::Name& name) {
  auto it = program_->level_index.find(std::string_view(name));
  if (it != program_->level_index.end()) return it->second;
  if (levels_) {
    std::vector<std::string> ids;
    for (const auto& l : program_->levels)
      ids.push_back(l.id);
    error(
        name.pos, "unknown-level",
        "unknown level '" + name + "'" + suggest(name, ids) + "; levels are " + [&] {
          std::string s;
          for (const auto& id : ids)
            s += (s.empty() ? "" : ", ") + id;
          return s;
        }());
  }
  return std::nullopt;
}

void Checker::add_question(const ast::QuestionDecl& decl) {
  Program& p = *program_;
  Question q;
  q.id = decl.id;
  q.prompt = decl.prompt;
  q.location = {file_of(decl.pos).name, file_of(decl.pos).position(decl.id.pos)};
  const std::string& kind = decl.type.kind;
  const bool has_options = decl.type.options.has_value();
  if (kind == "boolean") {
    q.type = QuestionType::boolean;
  } else if (kind == "choice") {
    q.type = QuestionType::choice;
  } else if (kind == "integer") {
    q.type = QuestionType::integer;
  } else if (kind == "number") {
    q.type = QuestionType::number;
  } else if (kind == "text") {
    q.type = QuestionType::text;
  } else {
    error(decl.type.kind.pos, "unknown-name",
          "unknown question type '" + kind +
              "'; use boolean, choice {...}, integer, number or text" +
              suggest(kind,
                      std::vector<std::string>{"boolean", "choice", "integer", "number", "text"}));
  }
  if (q.type == QuestionType::choice && !has_options) {
    error(decl.type.kind.pos, "syntax", "a choice needs its options: choice { a, b, ... }");
  }
  if (q.type != QuestionType::choice && has_options && kind != "") {
    error(decl.type.kind.pos, "type-mismatch", "only a choice question has options");
  }
  if (has_options) {
    std::set<std::string, std::less<>> seen;
    for (const auto& o : *decl.type.options) {
      if (!seen.insert(o.id).second) {
        error(o.id.pos, "duplicate-id", "option '" + o.id + "' is listed twice");
        continue;
      }
      q.options.push_back({o.id, o.label ? std::string(*o.label) : std::string()});
    }
    if (q.options.size() > 64)
      error(decl.type.kind.pos, "limit-exceeded", "a choice may have at most 64 options");
  }
  if (decl.type.range) {
    const auto& r = *decl.type.range;
    if (!numeric(q.type)) {
      error(r.pos, "type-mismatch", "only integer and number questions have a range");
    } else if (r.min.value > r.max.value) {
      error(r.pos, "bad-range", "the range's low end is above its high end");
    } else if (q.type == QuestionType::integer &&
               (r.min.value != std::floor(r.min.value) || r.max.value != std::floor(r.max.value))) {
      error(r.pos, "bad-range", "an integer question's range must have whole-number ends");
    } else {
      q.min = r.min.value;
      q.max = r.max.value;
    }
  }
  for (const auto& m : decl.modifiers) {
    if (m.keyword == "unit") {
      if (!q.unit.empty()) error(m.pos, "duplicate-id", "the unit is given twice");
      if (!numeric(q.type)) error(m.pos, "type-mismatch", "only numbers have a unit");
      q.unit = m.value ? std::string(*m.value) : std::string();
    } else if (m.keyword == "required") {
      if (q.required) error(m.pos, "duplicate-id", "`required` is given twice");
      q.required = true;
    }
  }
  declare_value(decl.id, {ValueDecl::Kind::question, p.questions.size(), decl.id.pos});
  p.question_index.emplace(q.id, p.questions.size());
  p.questions.push_back(std::move(q));
}

void Checker::add_parameter(const ast::ParamDecl& decl) {
  Program& p = *program_;
  Parameter param;
  param.id = decl.id;
  param.value = decl.value.value;
  param.description = decl.description ? std::string(*decl.description) : std::string();
  param.location = {file_of(decl.pos).name, file_of(decl.pos).position(decl.id.pos)};
  declare_value(decl.id, {ValueDecl::Kind::parameter, p.parameters.size(), decl.id.pos});
  p.parameters.push_back(std::move(param));
}

void Checker::add_rule(const ast::RuleDecl& decl) {
  Program& p = *program_;
  Rule rule;
  rule.id = decl.id;
  rule.title = decl.title;
  rule.because = decl.because;
  rule.source = decl.source ? std::string(*decl.source) : std::string();
  for (const auto& t : decl.tags)
    rule.tags.push_back(t);
  rule.location = {file_of(decl.pos).name, file_of(decl.pos).position(decl.id.pos)};
  // The condition's text runs from its start to the `because` keyword before the rationale.
  std::string cond = excerpt(decl.condition.pos, decl.because.pos);
  if (cond.size() >= 7 && cond.compare(cond.size() - 7, 7, "because") == 0)
    cond.resize(cond.size() - 7);
  while (!cond.empty() && cond.back() == ' ')
    cond.pop_back();
  rule.condition = std::move(cond);

  auto [it, inserted] = rule_pos_.emplace(rule.id, decl.id.pos);
  if (!inserted) {
    error(decl.id.pos, "duplicate-id",
          "rule '" + rule.id + "' is already declared at " + where(it->second));
  }
  auto level = level_of(decl.level);
  if (!decl.source) {
    warning(decl.id.pos, "missing-source",
            "rule '" + rule.id + "' does not cite a source (add `source \"...\"`)");
  }
  Typed cond_value = lower(decl.condition);
  if (cond_value.valid && cond_value.type != QuestionType::boolean) {
    error(decl.condition.pos, "type-mismatch",
          "the condition of rule '" + rule.id + "' is " + describe(cond_value.type) +
              "; it must be true or false");
  }
  rule.level = level.value_or(0);
  p.rule_index.emplace(rule.id, p.rules.size());
  p.rules.push_back(std::move(rule));
  p.rule_condition.push_back(cond_value.ref);
}

void Checker::add_missing_policy() {
  Program& p = *program_;
  const ast::MissingDecl& decl = *missing_;
  if (decl.selector != "required") {
    error(decl.selector.pos, "syntax", "expected `on missing required`");
    return;
  }
  std::vector<std::uint32_t> required;
  std::string names;
  for (std::size_t i = 0; i < p.questions.size(); ++i) {
    if (!p.questions[i].required) continue;
    required.push_back(make_ref(RefKind::answer, i));
    names += (names.empty() ? "" : ", ") + p.questions[i].id;
  }
  if (required.empty()) {
    error(decl.selector.pos, "unknown-name",
          "`on missing required` but no question is marked `required`");
    return;
  }
  Rule rule;
  rule.id = "missing_required";
  rule.title = "Required questions unanswered";
  rule.because = decl.because;
  rule.source = decl.source ? std::string(*decl.source) : std::string();
  rule.condition = "not answered(" + names + ")";
  rule.missing_policy = true;
  rule.location = {file_of(decl.pos).name, file_of(decl.pos).position(decl.pos)};
  if (!decl.source) {
    warning(decl.pos, "missing-source", "`on missing` does not cite a source");
  }
  auto level = level_of(decl.level);
  if (!rule_pos_.emplace(rule.id, decl.pos).second) {
    error(decl.pos, "duplicate-id", "a rule is already named 'missing_required'");
  }
  Typed all = node(Op::answered, required, QuestionType::boolean);
  Typed cond = node(Op::not_, {all.ref}, QuestionType::boolean);
  rule.level = level.value_or(0);
  p.rule_index.emplace(rule.id, p.rules.size());
  p.rules.push_back(std::move(rule));
  p.rule_condition.push_back(cond.ref);
}

std::optional<Value> Checker::literal_value(const ast::Literal& literal, const Question& q,
                                            const char* pos, const char* noun) {
  const auto mismatch = [&](std::string_view got) {
    error(pos, "type-mismatch",
          "'" + q.id + "' is " + describe(q.type) + " " + noun + "; got " + std::string(got));
    return std::nullopt;
  };
  if (auto* b = boost::get<ast::Boolean>(&literal)) {
    if (q.type != QuestionType::boolean) return mismatch(b->value ? "true" : "false");
    return Value::of(b->value);
  }
  if (auto* n = boost::get<ast::Number>(&literal)) {
    if (!numeric(q.type)) return mismatch("a number");
    if (q.type == QuestionType::integer && n->value != std::floor(n->value)) {
      error(pos, "type-mismatch", "'" + q.id + "' is an integer question; got a fraction");
      return std::nullopt;
    }
    if ((q.min && n->value < *q.min) || (q.max && n->value > *q.max)) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g is outside %g..%g", n->value, q.min.value_or(-inf),
                    q.max.value_or(inf));
      error(pos, "bad-range", "'" + q.id + "': " + buf);
      return std::nullopt;
    }
    return Value::of(n->value);
  }
  if (auto* name = boost::get<ast::Name>(&literal)) {
    if (q.type != QuestionType::choice) return mismatch("'" + *name + "'");
    for (const auto& o : q.options)
      if (o.id == *name) return Value::choice(o.id);
    std::vector<std::string> ids;
    for (const auto& o : q.options)
      ids.push_back(o.id);
    error(name->pos, "unknown-option",
          "'" + q.id + "' has no option '" + *name + "'" + suggest(*name, ids) + "; options are " +
              join(q.options));
    return std::nullopt;
  }
  const auto& text = boost::get<ast::Text>(literal);
  if (q.type != QuestionType::text) return mismatch("a string");
  return Value::text_value(text);  // re-pointed at owned storage by add_test
}

void Checker::add_test(const ast::TestDecl& decl) {
  Program& p = *program_;
  RuleTest test;
  test.name = decl.name;
  test.file = file_of(decl.pos).name;
  test.where = file_of(decl.pos).position(decl.pos);
  std::set<std::string, std::less<>> given;
  for (const auto& g : decl.given) {
    auto qi = p.question_index.find(std::string_view(g.question));
    if (qi == p.question_index.end()) {
      std::vector<std::string> ids;
      for (const auto& q : p.questions)
        ids.push_back(q.id);
      error(g.question.pos, "unknown-name",
            "unknown question '" + g.question + "'" + suggest(g.question, ids));
      continue;
    }
    if (!given.insert(g.question).second) {
      error(g.question.pos, "duplicate-id", "'" + g.question + "' is given twice");
      continue;
    }
    const Question& q = p.questions[qi->second];
    auto value = literal_value(g.value, q, g.question.pos);
    if (!value) continue;
    if (value->kind == Value::Kind::text) {
      // Test texts live as long as the program; string_views into a std::string member would
      // not survive copies.
      p.owned_text.push_back(std::make_unique<std::string>(value->text));
      value->text = *p.owned_text.back();
    }
    test.given.push_back({q.id, *value});
  }
  auto check_rules = [&](const ast::Expectation& e, std::vector<std::string>& into) {
    for (const auto& n : e.names) {
      if (!p.rule_index.count(std::string_view(n))) {
        std::vector<std::string> ids;
        for (const auto& r : p.rules)
          ids.push_back(r.id);
        error(n.pos, "unknown-name", "unknown rule '" + n + "'" + suggest(n, ids));
        continue;
      }
      into.push_back(n);
    }
  };
  for (const auto& e : decl.expectations) {
    if (e.kind == "level") {
      if (level_of(e.names.front())) test.level = e.names.front();
    } else if (e.kind == "fired") {
      check_rules(e, test.fired);
    } else if (e.kind == "not fired") {
      check_rules(e, test.not_fired);
    } else if (e.kind == "unresolved") {
      check_rules(e, test.unresolved);
    } else if (e.kind == "complete" || e.kind == "incomplete") {
      test.complete = e.kind == "complete";
    } else if (e.kind == "value") {
      const ast::Name& n = e.names.front();
      auto d = std::find_if(p.derived.begin(), p.derived.end(),
                            [&](const Derived& x) { return x.id == n; });
      if (d == p.derived.end()) {
        std::vector<std::string> ids;
        for (const auto& x : p.derived)
          ids.push_back(x.id);
        error(n.pos, "unknown-name", "unknown derived value '" + n + "'" + suggest(n, ids));
        continue;
      }
      ExpectedValue expected;
      expected.name = n;
      const ast::Literal& lit = *e.value;
      const auto* lit_name = boost::get<ast::Name>(&lit);
      if (lit_name && *lit_name == "unknown") {
        test.values.push_back(std::move(expected));
        continue;
      }
      // Check the literal as if it answered a question of the derived value's type.
      Question as;
      as.id = d->id;
      as.type = d->type == QuestionType::integer ? QuestionType::number : d->type;
      const std::uint32_t v = p.derived_value[std::size_t(d - p.derived.begin())];
      if (as.type == QuestionType::choice) {
        const Question* domain =
            (v & ~ref_mask) == std::uint32_t(RefKind::constant) ? constant_domain_[v & ref_mask]
            : (v & ~ref_mask) == std::uint32_t(RefKind::answer) ? &p.questions[v & ref_mask]
                                                                : node_domain_[v & ref_mask];
        if (domain) as.options = domain->options;
        if (auto val = literal_value(lit, as, literal_pos(lit), "derived value")) {
          for (const auto& o : domain->options)
            if (o.id == val->text) val->text = o.id;
          expected.value = *val;
        }
      } else if (auto val = literal_value(lit, as, literal_pos(lit), "derived value")) {
        expected.value = *val;
      } else {
        continue;
      }
      test.values.push_back(std::move(expected));
    }
  }
  p.tests.push_back(std::move(test));
}

// ---------------------------------------------------------------------------------------------
// Expressions

Typed Checker::constant(double value, QuestionType type, const Question* domain, bool shared) {
  const auto slot = std::uint32_t(constants_.size());
  std::uint32_t index = slot;
  if (shared) {
    const int key = int(type) * 1000003 + (domain ? int(domain - program_->questions.data()) : -1);
    index = constant_index_.emplace(std::pair{key, value}, slot).first->second;
  }
  if (index == slot) {
    constants_.push_back(value);
    constant_type_.push_back(type);
    constant_domain_.push_back(domain);
  }
  Typed t;
  t.ref = make_ref(RefKind::constant, index);
  t.type = type;
  t.domain = domain;
  return t;
}

Typed Checker::node(Op op, const std::vector<std::uint32_t>& operands, QuestionType type,
                    std::uint64_t mask) {
  Program& p = *program_;
  Typed t;
  t.type = type;
  auto [it, inserted] =
      node_index_.emplace(std::tuple{op, mask, operands}, std::uint32_t(p.nodes.size()));
  t.ref = make_ref(RefKind::node, it->second);
  if (!inserted) return t;
  Node n;
  n.op = op;
  n.first = std::uint32_t(p.args.size());
  n.count = std::uint32_t(operands.size());
  n.mask = mask;
  p.args.insert(p.args.end(), operands.begin(), operands.end());
  p.nodes.push_back(n);
  node_type_.push_back(type);
  node_domain_.push_back(nullptr);
  return t;
}

bool Checker::expect_type(const Typed& t, QuestionType want, const char* pos,
                          std::string_view what) {
  if (!t.valid) return false;
  if (t.type == want) return true;
  error(pos, "type-mismatch",
        std::string(what) + " needs " + describe(want) + ", not " + describe(t.type));
  return false;
}

bool Checker::expect_numeric(const Typed& t, const char* pos, std::string_view what) {
  if (!t.valid) return false;
  if (numeric(t.type)) return true;
  error(pos, "type-mismatch", std::string(what) + " needs a number, not " + describe(t.type));
  return false;
}

const char* operand_pos(const ast::Operand& o) {
  struct {
    const char* operator()(const ast::Nil&) const { return nullptr; }
    const char* operator()(const ast::Number& n) const { return n.pos; }
    const char* operator()(const ast::Boolean& b) const { return b.pos; }
    const char* operator()(const ast::Name& n) const { return n.pos; }
    const char* operator()(const x3::forward_ast<ast::Unary>& u) const { return u.get().pos; }
    const char* operator()(const x3::forward_ast<ast::Call>& c) const { return c.get().pos; }
    const char* operator()(const x3::forward_ast<ast::Set>& s) const { return s.get().pos; }
    const char* operator()(const x3::forward_ast<ast::Expression>& e) const { return e.get().pos; }
  } visitor;
  return boost::apply_visitor(visitor, o);
}

/// The name an operand consists of, seeing through the single-operand expressions that each
/// precedence level of the grammar wraps around it; nullptr when it is anything else.
const ast::Name* bare_name(const ast::Operand& o) {
  if (auto* n = boost::get<ast::Name>(&o)) return n;
  if (auto* e = boost::get<x3::forward_ast<ast::Expression>>(&o)) {
    if (e->get().rest.empty()) return bare_name(e->get().first);
  }
  return nullptr;
}

const ast::Name* bare_name(const ast::Expression& e) {
  return e.rest.empty() ? bare_name(e.first) : nullptr;
}

const char* op_text(ast::Op op) {
  switch (op) {
    case ast::Op::or_:
      return "`or`";
    case ast::Op::and_:
      return "`and`";
    case ast::Op::not_:
      return "`not`";
    case ast::Op::eq:
      return "`==`";
    case ast::Op::ne:
      return "`!=`";
    case ast::Op::lt:
      return "`<`";
    case ast::Op::le:
      return "`<=`";
    case ast::Op::gt:
      return "`>`";
    case ast::Op::ge:
      return "`>=`";
    case ast::Op::in:
      return "`in`";
    case ast::Op::add:
      return "`+`";
    case ast::Op::sub:
      return "`-`";
    case ast::Op::mul:
      return "`*`";
    case ast::Op::div:
      return "`/`";
    case ast::Op::neg:
      return "unary `-`";
  }
  return "?";
}

Typed Checker::lower(const ast::Expression& e) {
  if (e.rest.empty()) return lower(e.first);
  const ast::Op group = e.rest.front().op;

  if (group == ast::Op::or_ || group == ast::Op::and_) {
    std::vector<std::uint32_t> operands;
    bool ok = true;
    auto add = [&](const ast::Operand& o) {
      Typed t = lower(o);
      ok = expect_type(t, QuestionType::boolean, operand_pos(o), op_text(group)) && ok;
      operands.push_back(t.ref);
    };
    add(e.first);
    for (const auto& r : e.rest)
      add(r.operand);
    if (!ok) return invalid();
    return node(group == ast::Op::or_ ? Op::or_ : Op::and_, operands, QuestionType::boolean);
  }

  switch (group) {
    case ast::Op::eq:
    case ast::Op::ne:
    case ast::Op::lt:
    case ast::Op::le:
    case ast::Op::gt:
    case ast::Op::ge:
    case ast::Op::in:
      return lower_comparison(e);  // the grammar allows one comparison per level
    default:
      break;
  }
  // + - * /: left-associative binary nodes.
  Typed left = lower(e.first);
  bool ok = left.valid;
  for (const auto& r : e.rest) {
    Typed right = lower(r.operand);
    ok = expect_numeric(left, operand_pos(e.first), op_text(r.op)) &&
         expect_numeric(right, operand_pos(r.operand), op_text(r.op)) && ok;
    if (!ok) continue;
    const Op op = r.op == ast::Op::add   ? Op::add
                  : r.op == ast::Op::sub ? Op::sub
                  : r.op == ast::Op::mul ? Op::mul
                                         : Op::div;
    left = node(op, {left.ref, right.ref}, QuestionType::number);
  }
  return ok ? left : invalid();
}

Typed Checker::resolve_option(const ast::Name& name, const Question& domain) {
  for (std::size_t i = 0; i < domain.options.size(); ++i) {
    if (domain.options[i].id == name) return constant(double(i), QuestionType::choice, &domain);
  }
  std::vector<std::string> ids;
  for (const auto& o : domain.options)
    ids.push_back(o.id);
  error(name.pos, "unknown-option",
        "'" + domain.id + "' has no option '" + name + "'" + suggest(name, ids) + "; options are " +
            join(domain.options));
  return invalid();
}

Typed Checker::lower_comparison(const ast::Expression& e) {
  const ast::Operation& op = e.rest.front();
  const char* pos = op.pos;
  if (op.op == ast::Op::in) {
    const Typed left = lower(e.first);
    if (!left.valid) return invalid();
    if (left.type != QuestionType::choice || !left.domain) {
      error(pos, "type-mismatch",
            "`in {...}` needs a choice on its left, not " + describe(left.type));
      return invalid();
    }
    const auto& set = boost::get<x3::forward_ast<ast::Set>>(op.operand).get();
    std::uint64_t mask = 0;
    bool ok = true;
    for (const auto& item : set) {
      Typed o = resolve_option(item, *left.domain);
      if (!o.valid) {
        ok = false;
        continue;
      }
      mask |= std::uint64_t(1) << std::size_t(constants_[o.ref & ref_mask]);
    }
    if (!ok) return invalid();
    return node(Op::in, {left.ref}, QuestionType::boolean, mask);
  }

  // A bare name compared with a choice is first looked up among that choice's options:
  // `leg_pain == both_legs` and `both_legs == leg_pain` both work.
  const ast::Name* left_name = bare_name(e.first);
  const ast::Name* right_name = bare_name(op.operand);
  auto is_value = [&](const ast::Name* n) { return n && values_.count(std::string_view(*n)); };
  auto option_side = [&](const ast::Name* n, const Typed& other) {
    if (!n || !other.valid || other.type != QuestionType::choice || !other.domain) return false;
    for (const auto& o : other.domain->options)
      if (o.id == *n) return true;
    return !is_value(n);
  };
  Typed left, right;
  if (left_name && !is_value(left_name) && !(right_name && !is_value(right_name))) {
    right = lower(op.operand);
    left =
        option_side(left_name, right) ? resolve_option(*left_name, *right.domain) : lower(e.first);
  } else {
    left = lower(e.first);
    right = option_side(right_name, left) ? resolve_option(*right_name, *left.domain)
                                          : lower(op.operand);
  }
  if (!left.valid || !right.valid) return invalid();

  const Op code = op.op == ast::Op::eq   ? Op::eq
                  : op.op == ast::Op::ne ? Op::ne
                  : op.op == ast::Op::lt ? Op::lt
                  : op.op == ast::Op::le ? Op::le
                  : op.op == ast::Op::gt ? Op::gt
                                         : Op::ge;
  const bool equality = code == Op::eq || code == Op::ne;
  bool ok = false;
  if (numeric(left.type) && numeric(right.type)) {
    ok = true;
  } else if (equality && left.type == right.type && left.type == QuestionType::boolean) {
    ok = true;
  } else if (equality && left.type == QuestionType::choice && right.type == QuestionType::choice) {
    ok = left.domain && right.domain &&
         (left.domain == right.domain ||
          (left.domain->options.size() == right.domain->options.size() &&
           std::equal(left.domain->options.begin(), left.domain->options.end(),
                      right.domain->options.begin(),
                      [](const Option& a, const Option& b) { return a.id == b.id; })));
    if (!ok) {
      error(pos, "type-mismatch",
            "cannot compare choices with different options ('" +
                (left.domain ? left.domain->id : std::string("?")) + "' and '" +
                (right.domain ? right.domain->id : std::string("?")) + "')");
      return invalid();
    }
  }
  if (!ok) {
    error(pos, "type-mismatch",
          std::string("cannot apply ") + op_text(op.op) + " to " + describe(left.type) + " and " +
              describe(right.type));
    return invalid();
  }
  return node(code, {left.ref, right.ref}, QuestionType::boolean);
}

Typed Checker::lower(const ast::Operand& o) {
  if (auto* n = boost::get<ast::Number>(&o)) return constant(n->value, QuestionType::number);
  if (auto* b = boost::get<ast::Boolean>(&o)) {
    return constant(b->value ? 1 : 0, QuestionType::boolean);
  }
  if (auto* name = boost::get<ast::Name>(&o)) {
    Typed t = lower_name(*name);
    if (t.valid && t.type == QuestionType::text) {
      error(name->pos, "type-mismatch",
            "'" + *name + "' is a text question; only answered(" + *name + ") can read it");
      return invalid();
    }
    return t;
  }
  if (auto* u = boost::get<x3::forward_ast<ast::Unary>>(&o)) {
    const ast::Unary& unary = u->get();
    Typed t = lower(unary.operand);
    if (unary.op == ast::Op::not_) {
      if (!expect_type(t, QuestionType::boolean, unary.pos, "`not`")) return invalid();
      return node(Op::not_, {t.ref}, QuestionType::boolean);
    }
    if (!expect_numeric(t, unary.pos, "unary `-`")) return invalid();
    return node(Op::neg, {t.ref}, QuestionType::number);
  }
  if (auto* c = boost::get<x3::forward_ast<ast::Call>>(&o)) return lower_call(c->get());
  if (auto* e = boost::get<x3::forward_ast<ast::Expression>>(&o)) return lower(e->get());
  if (auto* s = boost::get<x3::forward_ast<ast::Set>>(&o)) {
    error(s->get().pos, "syntax", "a set {...} can only follow `in`");
    return invalid();
  }
  return invalid();
}

Typed Checker::lower_name(const ast::Name& name) {
  Program& p = *program_;
  auto it = values_.find(std::string_view(name));
  if (it == values_.end()) {
    std::vector<std::string> names;
    for (const auto& [n, _] : values_)
      names.push_back(n);
    // A bare option id outside a comparison is a common slip: say how to write it.
    std::string hint;
    for (const auto& q : p.questions) {
      for (const auto& opt : q.options) {
        if (opt.id == name && hint.empty()) {
          hint = " ('" + name + "' is an option of '" + q.id + "': write " + q.id + " == " + name +
                 ")";
        }
      }
    }
    if (hint.empty()) hint = suggest(name, names);
    error(name.pos, "unknown-name", "unknown name '" + name + "'" + hint);
    return invalid();
  }
  const ValueDecl& d = it->second;
  switch (d.kind) {
    case ValueDecl::Kind::question: {
      const Question& q = p.questions[d.index];
      Typed t;
      t.ref = make_ref(RefKind::answer, d.index);
      t.type = q.type;
      t.domain = q.type == QuestionType::choice ? &q : nullptr;
      return t;
    }
    case ValueDecl::Kind::parameter: {
      Typed t;
      t.ref = param_ref_[d.index];
      t.type = QuestionType::number;
      return t;
    }
    case ValueDecl::Kind::derived:
      return lower_let(d.index);
  }
  return invalid();
}

Typed Checker::lower_let(std::size_t index) {
  LetInfo& let = lets_[index];
  if (let.state == LetInfo::State::done) return let.value;
  if (let.state == LetInfo::State::visiting) {
    error(let.decl->id.pos, "circular-let",
          "'" + let.decl->id + "' is defined in terms of itself (through other `let`s)");
    let.state = LetInfo::State::done;
    let.value = invalid();
    return let.value;
  }
  let.state = LetInfo::State::visiting;
  Typed value = lower(let.decl->value);
  if (let.state == LetInfo::State::done) return let.value;  // a cycle was reported
  if (value.valid && value.type == QuestionType::text) {
    error(let.decl->value.pos, "type-mismatch", "a derived value cannot be text");
    value = invalid();
  }
  let.value = value;
  let.state = LetInfo::State::done;
  if (value.valid) {
    Derived& d = program_->derived[index];
    d.id = let.decl->id;
    d.type = value.type == QuestionType::integer ? QuestionType::number : value.type;
    d.expression = excerpt(let.decl->value.pos, let.end);
    d.location = {file_of(let.decl->pos).name, file_of(let.decl->pos).position(let.decl->id.pos)};
    program_->derived_value[index] = value.ref;
  }
  return let.value;
}

Typed Checker::lower_call(const ast::Call& call) {
  const std::string& fn = call.function;
  if (fn == "answered") {
    std::vector<std::uint32_t> slots;
    bool ok = true;
    for (const auto& arg : call.arguments) {
      const ast::Name* n = bare_name(arg);
      auto it = n ? values_.find(std::string_view(*n)) : values_.end();
      if (!n || it == values_.end() || it->second.kind != ValueDecl::Kind::question) {
        error(arg.pos, n && it == values_.end() ? "unknown-name" : "type-mismatch",
              "answered(...) takes question ids" +
                  (n ? std::string(" ('") + *n + "' is not a question)" : std::string()));
        ok = false;
        continue;
      }
      slots.push_back(make_ref(RefKind::answer, it->second.index));
    }
    if (!ok) return invalid();
    return node(Op::answered, slots, QuestionType::boolean);
  }
  if (fn == "count" || fn == "min" || fn == "max") {
    const bool count = fn == "count";
    std::vector<std::uint32_t> operands;
    bool ok = true;
    for (const auto& arg : call.arguments) {
      Typed t = lower(arg);
      ok = (count ? expect_type(t, QuestionType::boolean, arg.pos, "count(...)")
                  : expect_numeric(t, arg.pos, fn + "(...)")) &&
           ok;
      operands.push_back(t.ref);
    }
    if (!ok) return invalid();
    return node(count ? Op::add : fn == "min" ? Op::min : Op::max, operands, QuestionType::number);
  }
  error(call.function.pos, "unknown-name",
        "unknown function '" + fn + "'" + suggest(fn, function_names_) +
            "; functions are count, answered, min and max");
  return invalid();
}

// ---------------------------------------------------------------------------------------------
// JSON text of the result that depends only on the rule set, escaped once here.

void lower_json_text(Program& p) {
  using io::append_string;
  auto field = [](std::string& o, std::string_view key, std::string_view value) {
    append_string(o, key);
    o += ':';
    append_string(o, value);
  };
  for (const auto& l : p.levels) {
    std::string& o = p.level_json.emplace_back();
    field(o, "level", l.id), o += ',';
    field(o, "advice", l.advice), o += ',';
    field(o, "indicator", to_string(l.indicator));
  }
  for (const auto& r : p.rules) {
    std::string& o = p.rule_json.emplace_back("{");
    field(o, "id", r.id), o += ',';
    field(o, "title", r.title), o += ',';
    field(o, "level", p.levels[r.level].id), o += ',';
    field(o, "because", r.because), o += ',';
    field(o, "source", r.source), o += ',';
    std::string& s = p.rule_short_json.emplace_back("{");
    field(s, "id", r.id), s += ',';
    field(s, "level", p.levels[r.level].id), s += ',';
  }
  p.ruleset_json = "\"ruleset\":{";
  field(p.ruleset_json, "id", p.id), p.ruleset_json += ',';
  field(p.ruleset_json, "version", p.version), p.ruleset_json += '}';
}

// ---------------------------------------------------------------------------------------------
// Renumbering: constants first, then answers, then nodes.

void Checker::finalize() {
  Program& p = *program_;
  p.constant_count = std::uint32_t(constants_.size());
  p.answer_base = p.constant_count;
  p.node_base = p.answer_base + std::uint32_t(p.questions.size());
  auto index = [&](std::uint32_t ref) {
    const std::uint32_t i = ref & ref_mask;
    switch (RefKind(ref & ~ref_mask)) {
      case RefKind::constant:
        return i;
      case RefKind::answer:
        return p.answer_base + i;
      case RefKind::node:
        return p.node_base + i;
    }
    return i;
  };
  for (auto& a : p.args)
    a = index(a);
  for (auto& n : p.nodes) {
    n.a = n.count > 0 ? p.args[n.first] : 0;
    n.b = n.count > 1 ? p.args[n.first + 1] : 0;
    if (n.count == 2 && n.op == Op::and_) n.op = Op::and2;
    if (n.count == 2 && n.op == Op::or_) n.op = Op::or2;
  }
  for (auto& v : p.derived_value)
    v = index(v);
  for (const auto ref : param_ref_)
    p.parameter_value.push_back(index(ref));
  for (auto& v : p.rule_condition)
    v = index(v);

  const std::size_t n = p.value_count();
  p.initial.assign(n, Interval{});
  p.value_type.assign(n, QuestionType::number);
  p.choice_domain.assign(n, nullptr);
  for (std::uint32_t i = 0; i < p.constant_count; ++i) {
    p.initial[i] = {constants_[i], constants_[i]};
    p.value_type[i] = constant_type_[i];
    p.choice_domain[i] = constant_domain_[i];
  }
  for (std::size_t q = 0; q < p.questions.size(); ++q) {
    const std::size_t v = p.answer_base + q;
    const QuestionType t = p.questions[q].type;
    const bool logical = t == QuestionType::boolean || t == QuestionType::text;
    p.initial[v] = logical ? Interval{0, 1} : Interval{-inf, inf};
    p.value_type[v] = t;
    p.choice_domain[v] = t == QuestionType::choice ? &p.questions[q] : nullptr;
    const std::string_view id = p.questions[q].id;
    const Evidence no{id, Value::of(false)}, unknown{id, Value::unknown_value()};
    p.answer_evidence.insert(p.answer_evidence.end(),
                             {no, no, unknown, Evidence{id, Value::of(true)}});
  }
  for (std::size_t i = 0; i < p.nodes.size(); ++i) {
    p.value_type[p.node_base + i] = node_type_[i];
  }
  for (const auto& rule : p.rules)
    p.rule_level.push_back(rule.level);
  lower_json_text(p);
  for (std::size_t q = 0; q < p.questions.size(); ++q) {
    if (p.questions[q].type == QuestionType::text) p.text_questions.push_back(std::uint32_t(q));
  }
  p.walk_capacity = walk_capacity(p);
}

}  // namespace

std::shared_ptr<Program> check(const SourceFiles& files, const LoadOptions& options,
                               std::vector<Diagnostic>& diagnostics) {
  return Checker(files, options, diagnostics).run();
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
