// redflag checker: the declarations of a rule file (levels, default, questions, parameters,
// lets, rules, the missing policy), sorted into the program's tables.
#include <algorithm>
#include <cmath>
#include <set>

#include "check/checker.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

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
      // A used file without `ruleset` is a library of questions, parameters and derived values:
      // nothing else in it would ever be evaluated. (A used file with `ruleset` is a rule set of
      // its own, checked as one by the loader.)
      if (used && !library_checked(*file, s)) continue;

      if (file->role == SourceFile::Role::tests && s.get().type() != typeid(ast::TestDecl) &&
          s.get().type() != typeid(ast::BaselineDecl)) {
        error(pos, "syntax", "only `test` and `baseline` blocks may appear in a test file");
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
      } else if (auto* d = boost::get<ast::ScopeDecl>(&s)) {
        once(scope_, *d, "scope");
      } else if (auto* d = boost::get<ast::AdviceDecl>(&s)) {
        if (!used) advice_.push_back(d);
      } else if (auto* d = boost::get<ast::BaselineDecl>(&s)) {
        if (used) continue;
        auto [it, inserted] =
            baselines_.emplace(d->id, BaselineInfo{d, BaselineInfo::State::pending, {}, true});
        if (!inserted)
          error(d->id.pos, "duplicate-id",
                "baseline '" + d->id + "' is already declared at " + where(it->second.decl->pos));
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

bool Checker::library_checked(const SourceFile& file, const ast::Statement& s) {
  const bool rule_set = std::any_of(file.statements.begin(), file.statements.end(), [](auto& x) {
    return boost::get<ast::RulesetDecl>(&x) != nullptr;
  });
  if (rule_set) {
    if (boost::get<ast::RuleDecl>(&s)) {
      auto& used = program_->used_rule_sets;
      if (used.empty() || used.back().first != file.name) used.emplace_back(file.name, 0);
      ++used.back().second;
    }
    return true;
  }
  const char* what = boost::get<ast::RuleDecl>(&s)       ? "rule"
                     : boost::get<ast::TestDecl>(&s)     ? "test"
                     : boost::get<ast::LevelsDecl>(&s)   ? "levels"
                     : boost::get<ast::DefaultDecl>(&s)  ? "default"
                     : boost::get<ast::MissingDecl>(&s)  ? "on missing"
                     : boost::get<ast::ScopeDecl>(&s)    ? "scope"
                     : boost::get<ast::AdviceDecl>(&s)   ? "advice"
                     : boost::get<ast::BaselineDecl>(&s) ? "baseline"
                                                         : nullptr;
  if (!what) return true;
  error(boost::apply_visitor([](const auto& d) { return d.pos; }, s), "not-evaluated",
        std::string("this `") + what + "` is never evaluated: '" + file.name +
            "' has no `ruleset`, and a `use`d file brings in only its questions, parameters and "
            "derived values (give it a `ruleset` to check and run it on its own)");
  return false;
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

void Checker::add_scope(const ast::ScopeDecl& decl) {
  Scope& scope = program_->scope;
  scope.population = decl.population;
  if (scope.population.empty()) error(decl.population.pos, "syntax", "the scope is empty");
  for (const auto& e : decl.excludes)
    scope.excludes.push_back(e);
  scope.source = decl.source ? std::string(*decl.source) : std::string();
  scope.location = {file_of(decl.pos).name, file_of(decl.pos).position(decl.pos)};
}

void Checker::add_advice(const ast::AdviceDecl& decl) {
  Program& p = *program_;
  AdviceItem item;
  item.id = decl.id;
  item.text = decl.text;
  item.source = decl.source ? std::string(*decl.source) : std::string();
  item.location = {file_of(decl.pos).name, file_of(decl.pos).position(decl.id.pos)};
  for (const auto& other : p.advice_items)
    if (other.id == item.id)
      error(decl.id.pos, "duplicate-id",
            "advice '" + item.id + "' is already declared at " + other.location.file + ":" +
                std::to_string(other.location.where.line));
  if (!decl.source)
    warning(decl.id.pos, "missing-source",
            "advice '" + item.id + "' does not cite a source (add `source \"...\"`)");
  for (const auto& name : decl.levels) {
    auto level = level_of(name);
    if (!level) continue;
    if (std::find(item.levels.begin(), item.levels.end(), *level) != item.levels.end()) {
      error(name.pos, "duplicate-id", "level '" + name + "' is listed twice");
      continue;
    }
    item.levels.push_back(*level);
  }
  std::sort(item.levels.begin(), item.levels.end());
  p.advice_items.push_back(std::move(item));
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

}  // namespace detail
}  // namespace v1
}  // namespace redflag
