// redflag: loading a rule file. The pipeline, one stage after the other (Loader::load):
//
//   read and parse   the main file, the files it `use`s, its tests  (parser/parse.hpp)
//   check            names, types, lowering to a Program             (check/check.hpp)
//   prepare          what evaluation computes once per rule set      (eval/prepare.hpp)
//   Ruleset          the immutable, shareable handle                 (redflag/ruleset.hpp)
#include "redflag/load.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "check/check.hpp"
#include "eval/prepare.hpp"
#include "parser/parse.hpp"
#include "sha256.hpp"
#include "source.hpp"

namespace redflag {
inline namespace v1 {

namespace fs = std::filesystem;
using detail::SourceFile;
using detail::SourceFiles;

LoadError::LoadError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(format(diagnostics)), diagnostics_(std::move(diagnostics)) {}

const Ruleset& LoadResult::value() const {
  if (!ruleset_) throw LoadError(diagnostics_);
  return *ruleset_;
}

namespace {

std::optional<std::string> read_from_disk(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(s).str();
}

}  // namespace

class Loader {
 public:
  explicit Loader(const LoadOptions& options) : options_(options) {}

  /// The pipeline: parse, check, prepare, Ruleset.
  LoadResult load(std::string text, std::string source_name, bool is_file);

  /// A result holding only the one diagnostic that prevented loading.
  static LoadResult failed(Diagnostic d) { return {std::nullopt, {std::move(d)}}; }

 private:
  /// Reads and parses the main file, the files it `use`s and its companion test file.
  void parse_files(std::string text, const std::string& source_name, bool is_file);
  /// Checks each `use`d file that is a rule set of its own (it declares `ruleset`) as its own
  /// main file, adding the problems this load does not already report: a used rule set's rules
  /// are not evaluated here, but their mistakes are still mistakes.
  void check_used_rule_sets();
  /// Puts the diagnostics in compiler order: by file (in load order), then by position.
  void sort_diagnostics();
  void log(const LoadResult& result, const std::string& source_name,
           std::chrono::steady_clock::time_point start) const;
  SourceFile* add(std::string name, std::string text, SourceFile::Role role, const SourceFile* from,
                  const char* at);
  void resolve_uses(SourceFile& file, std::size_t depth);
  /// "sha256:" and the hex SHA-256 of the rule files and parameter overrides (docs/provenance.md).
  std::string content_hash() const;
  std::optional<std::string> read(const fs::path& path) const {
    return options_.read_file ? options_.read_file(path) : read_from_disk(path);
  }

  const LoadOptions& options_;
  SourceFiles files_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<std::string> use_stack_;
  std::size_t syntax_errors_ = 0;
  bool unreadable_ = false;  // a file refused whole (not UTF-8): nothing to check
};

SourceFile* Loader::add(std::string name, std::string text, SourceFile::Role role,
                        const SourceFile* from, const char* at) {
  if (text.size() > options_.max_source_bytes) {
    Diagnostic d;
    const std::string message =
        "'" + name + "' is " + std::to_string(text.size()) + " bytes; the limit is " +
        std::to_string(options_.max_source_bytes) + " (LoadOptions::max_source_bytes)";
    if (from) {
      d = from->diagnostic(at, "limit-exceeded", message);
    } else {
      d.code = "limit-exceeded", d.file = name, d.message = message;
    }
    diagnostics_.push_back(std::move(d));
    ++syntax_errors_;
    return nullptr;
  }
  auto file = std::make_unique<SourceFile>();
  file->name = std::move(name);
  file->text = std::move(text);
  file->role = role;
  std::vector<parser::SyntaxError> errors;
  file->statements =
      parser::parse(file->text, {options_.max_nesting_depth, options_.max_string_bytes}, errors);
  for (const auto& e : errors) {
    diagnostics_.push_back(file->diagnostic(e.at, e.code, e.message));
    if (!e.keyword.empty()) file->broken.push_back({e.keyword, e.declares});
    if (e.code == "invalid-utf8") unreadable_ = true;  // nothing of it parsed
  }
  syntax_errors_ += errors.size();
  files_.push_back(std::move(file));
  return files_.back().get();
}

void Loader::resolve_uses(SourceFile& file, std::size_t depth) {
  for (const auto& s : file.statements) {
    const auto* use = boost::get<ast::UseDecl>(&s);
    if (!use) continue;
    const fs::path path =
        (fs::path(file.name).parent_path() / std::string(use->path)).lexically_normal();
    const std::string name = path.generic_string();
    auto fail = [&](const std::string& why) {
      diagnostics_.push_back(file.diagnostic(use->path.pos, "use-failed", why));
      file.broken.push_back({"use", ""});  // its declarations are missing
      ++syntax_errors_;
    };
    if (std::find(use_stack_.begin(), use_stack_.end(), name) != use_stack_.end()) {
      fail("'" + name + "' is already being loaded: `use` forms a cycle");
      continue;
    }
    if (depth >= options_.max_use_depth) {
      fail("`use` is nested deeper than " + std::to_string(options_.max_use_depth) +
           " files (LoadOptions::max_use_depth)");
      continue;
    }
    const bool loaded =
        std::any_of(files_.begin(), files_.end(), [&](const auto& f) { return f->name == name; });
    if (loaded) continue;  // used twice (a diamond): its declarations are already in
    auto text = read(path);
    if (!text) {
      fail("cannot read '" + name + "'");
      continue;
    }
    if (SourceFile* used =
            add(name, std::move(*text), SourceFile::Role::used, &file, use->path.pos)) {
      use_stack_.push_back(name);
      resolve_uses(*used, depth + 1);
      use_stack_.pop_back();
    } else {
      file.broken.push_back({"use", ""});  // too large: its declarations are missing
    }
  }
}

LoadResult Loader::load(std::string text, std::string source_name, bool is_file) {
  const auto start = std::chrono::steady_clock::now();
  parse_files(std::move(text), source_name, is_file);
  // Semantic checks run on what parsed even after syntax errors, so that one syntax error does
  // not hide the other mistakes; the checker is told which statements broke, and does not
  // report every use of an id whose declaration did not parse. A file with syntax errors never
  // loads.
  std::shared_ptr<detail::Program> program;
  if (!files_.empty() && !unreadable_) program = detail::check(files_, options_, diagnostics_);
  check_used_rule_sets();
  if (syntax_errors_ != 0) program.reset();
  if (program) {
    program->content_hash = content_hash();
    detail::prepare(*program);
  }

  sort_diagnostics();
  LoadResult result(program ? std::optional<Ruleset>(Ruleset(std::move(program))) : std::nullopt,
                    std::move(diagnostics_));
  log(result, source_name, start);
  return result;
}

void Loader::parse_files(std::string text, const std::string& source_name, bool is_file) {
  SourceFile* main = add(source_name, std::move(text), SourceFile::Role::main, nullptr, nullptr);
  if (!main) return;
  use_stack_.push_back(main->name);
  resolve_uses(*main, 1);
  if (!is_file || !options_.load_tests) return;
  std::string tests = source_name;
  if (tests.size() > 3 && tests.compare(tests.size() - 3, 3, ".rf") == 0)
    tests.resize(tests.size() - 3);
  tests += ".test.rf";
  if (!fs::exists(tests)) return;
  if (auto t = read(tests)) {
    add(tests, std::move(*t), SourceFile::Role::tests, nullptr, nullptr);
  } else {
    Diagnostic d;
    d.code = "read-failed", d.file = tests, d.message = "cannot read '" + tests + "'";
    diagnostics_.push_back(std::move(d));
    ++syntax_errors_;
  }
}

std::string Loader::content_hash() const {
  detail::Sha256 hash;
  for (const auto& f : files_) {
    if (f->role == SourceFile::Role::tests) continue;
    std::string_view text = f->text;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::string normal;
    normal.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\r') {
        normal += text[i];
      } else if (i + 1 == text.size() || text[i + 1] != '\n') {
        normal += '\n';  // a lone CR ends a line too
      }
    }
    hash.update(std::to_string(normal.size()) + "\n");
    hash.update(normal);
  }
  for (const auto& [id, value] : options_.parameters) {  // std::map: sorted by id
    char number[32];
    std::snprintf(number, sizeof number, "%.17g", value);
    hash.update("param " + id + " = " + number + "\n");
  }
  return "sha256:" + hash.hex();
}

void Loader::check_used_rule_sets() {
  for (std::size_t i = 0; i < files_.size(); ++i) {
    const SourceFile& f = *files_[i];
    if (f.role != SourceFile::Role::used) continue;
    const bool rule_set = std::any_of(f.statements.begin(), f.statements.end(), [](const auto& s) {
      return boost::get<ast::RulesetDecl>(&s) != nullptr;
    });
    if (!rule_set) continue;
    LoadOptions own = options_;
    own.load_tests = false;
    own.parameters.clear();  // overrides name the main file's parameters
    own.logger = nullptr;
    const LoadResult checked = Loader(own).load(f.text, f.name, true);
    for (const Diagnostic& d : checked.diagnostics()) {
      const bool known = std::any_of(diagnostics_.begin(), diagnostics_.end(), [&](const auto& x) {
        return x.file == d.file && x.where.offset == d.where.offset && x.code == d.code;
      });
      if (known) continue;
      if (d.severity == Severity::error) ++syntax_errors_;
      diagnostics_.push_back(d);
    }
  }
}

void Loader::sort_diagnostics() {
  std::vector<std::string> order;
  for (const auto& f : files_)
    order.push_back(f->name);
  auto rank = [&](const Diagnostic& d) {
    return std::size_t(std::find(order.begin(), order.end(), d.file) - order.begin());
  };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) {
                     const auto ra = rank(a), rb = rank(b);
                     return ra != rb ? ra < rb : a.where.offset < b.where.offset;
                   });
}

void Loader::log(const LoadResult& result, const std::string& source_name,
                 std::chrono::steady_clock::time_point start) const {
  if (!options_.logger) return;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  if (result.ok()) {
    options_.logger->debug("loaded {} ({} rules, {} questions, {} files) in {} us", source_name,
                           result->rules().size(), result->questions().size(), files_.size(), us);
  } else {
    options_.logger->debug("failed to load {}: {} diagnostics", source_name,
                           result.diagnostics().size());
  }
}

LoadResult load(std::string_view text, std::string_view source_name, const LoadOptions& options) {
  return Loader(options).load(std::string(text), std::string(source_name), false);
}

LoadResult load_file(const std::filesystem::path& path, const LoadOptions& options) {
  const std::string name = path.generic_string();
  std::error_code ec;
  const bool directory = fs::is_directory(path, ec);
  std::optional<std::string> text;
  if (!directory) text = options.read_file ? options.read_file(path) : read_from_disk(path);
  if (!text) {
    Diagnostic d;
    d.code = "read-failed";
    d.file = name;
    d.message = "cannot read '" + name + "'" + (directory ? ": it is a directory" : "");
    return Loader::failed(std::move(d));
  }
  return Loader(options).load(std::move(*text), name, true);
}

}  // namespace v1
}  // namespace redflag
