// redflag checker: name resolution, type checking and lowering to the evaluation Program.
//
// The checker never stops at the first problem: each error is recorded with its position and
// checking goes on, with the offending expression typed as `invalid` so that one mistake does
// not cascade into many. This file holds the entry point and the order of the passes; each pass
// is in the file named after it (see checker.hpp).
#include "check/check.hpp"

#include "check/checker.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {

const SourceFile& Checker::file_of(const char* p) const {
  for (const auto& f : files_)
    if (f->contains(p)) return *f;
  return *files_.front();
}

bool Checker::broken(std::string_view id, std::initializer_list<std::string_view> keywords) const {
  for (const auto& f : files_) {
    for (const auto& b : f->broken) {
      const bool values = id.empty() || b.declares == id;
      for (std::string_view k : keywords) {
        if (b.keyword == k && values) return true;
        if (b.keyword == "use" && (k == "question" || k == "param" || k == "let")) return true;
      }
    }
  }
  return false;
}

std::shared_ptr<Program> Checker::run() {
  collect();
  Program& p = *program_;
  const SourceFile& main = *files_.front();
  const char* top = main.text.data();

  if (!ruleset_ && !broken("", {"ruleset"}))
    error(top, "missing-declaration", "the file has no `ruleset ID \"title\"`");
  if (!levels_ && !broken("", {"levels"}))
    error(top, "missing-declaration", "the file has no `levels { ... }` block");
  if (!default_ && levels_ && !broken("", {"default"}))
    error(top, "missing-declaration", "the file has no `default LEVEL`");
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
  // not depend on parameter values (so an override keeps a bundled rule set's kernel).
  for (const auto& param : p.parameters)
    param_ref_.push_back(constant(param.value, QuestionType::number, nullptr, false).ref);

  p.derived.resize(lets_.size());
  p.derived_value.resize(lets_.size());
  for (std::size_t i = 0; i < lets_.size(); ++i)
    lower_let(i);
  for (const auto* decl : rules_)
    add_rule(*decl);
  if (missing_) add_missing_policy();
  if (scope_) add_scope(*scope_);
  for (const auto* decl : advice_)
    add_advice(*decl);
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
  for (const auto& [id, b] : baselines_)  // check the baselines no test uses too
    baseline(b.decl->id);

  // Evaluation walks keep two flag bits above each value index (src/eval/evaluate.cpp).
  if (constants_.size() + p.questions.size() + p.nodes.size() >= (std::size_t(1) << 30))
    error(top, "limit-exceeded", "the rule set is too large to evaluate (2^30 values)");
  if (errors_) return nullptr;
  finalize();
  return program_;
}

std::shared_ptr<Program> check(const SourceFiles& files, const LoadOptions& options,
                               std::vector<Diagnostic>& diagnostics) {
  return Checker(files, options, diagnostics).run();
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
