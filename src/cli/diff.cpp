// redflag CLI: `redflag diff OLD NEW`, what changed between two versions of a rule file: the
// version and content hash, the declarations, and the outcomes over a corpus or over every
// combination of answers that matter.
//
//   redflag diff old.rf new.rf                                  every combination that matters
//   redflag diff old.rf new.rf --corpus export.csv --mapping m.json --changed changed.csv
//   redflag diff old.rf new.rf --json                           the whole diff as one document
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/diff.hpp"
#include "analysis/lint.hpp"
#include "batch.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "io/binder.hpp"
#include "io/csv.hpp"
#include "io/json_writer.hpp"
#include "io/mapping.hpp"
#include "io/records.hpp"
#include "redflag/result.hpp"

namespace redflag::cli {
namespace {

constexpr std::string_view kCommand = "diff";

constexpr std::string_view kUsage =
    "usage: redflag diff OLD NEW [--corpus FILE] [--format csv|ndjson|fhir] [--mapping FILE.json]\n"
    "                    [--id-column NAME]... [--changed FILE] [--changed-format csv|ndjson]\n"
    "                    [--json] [--fail-on-downgrade]\n";

constexpr std::string_view kHelp =
    "\n"
    "Compare two versions of a rule file: whether the version was raised with the content,\n"
    "what was added, removed or edited (levels, the default, parameters, questions, derived\n"
    "values, rules), then how the outcomes change, as a table of old level -> new level with\n"
    "counts and examples. It says plainly whether any case gets a lower level.\n"
    "\n"
    "Findings (exit 1), as `redflag lint --against OLD` reports them:\n"
    "  version-not-changed  the content hashes differ but the versions are equal\n"
    "  version-went-down    NEW's version is lower than OLD's (compared as dotted numbers)\n"
    "\n"
    "Without --corpus, the cases are every combination of answers to the questions the changed\n"
    "rules read: booleans, choice options both files declare, numbers at their thresholds,\n"
    "either side of them and at their range ends, and each question also left unanswered\n"
    "(a missing answer is a case of its own). Other questions are held at quiet answers, those\n"
    "that fire the fewest and lowest rules, and listed. Over 16777216 combinations, a random\n"
    "sample of 1048576 of them is compared instead (seed 1), and the output says so.\n"
    "\n"
    "options:\n"
    "  --corpus FILE          compare the outcomes of the records of this export instead, read\n"
    "                         as `redflag batch` reads it (CSV, NDJSON or FHIR; .gz allowed), "
    "once\n"
    "                         for each rule set; a field only one rule set has a question for is\n"
    "                         not asked of the other\n"
    "  --format F             the corpus format (csv, ndjson, fhir) when its name does not say\n"
    "  --mapping FILE.json    column -> question, value codes, ignored columns (docs/batch.md)\n"
    "  --id-column NAME       name records by this field (repeatable; default: 'id')\n"
    "  --changed FILE         write every record whose level, fired rules or errors changed:\n"
    "                         line, entry, ids, old and new level, level_change, old and new\n"
    "                         fired rules, old and new error ('-': standard output, and the\n"
    "                         report goes to standard error); needs --corpus\n"
    "  --changed-format F     csv or ndjson; default: from FILE's name (.ndjson, .jsonl), else "
    "csv\n"
    "  --json                 print the whole diff as one JSON document (docs/cli.md)\n"
    "  --fail-on-downgrade    exit 1 when any case gets a lower level\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "exit codes:\n"
    "  0   compared: no finding (and, with --fail-on-downgrade, no case got a lower level)\n"
    "  1   a finding, or --fail-on-downgrade and some case got a lower level\n"
    "  2   bad input: an unreadable file, a rule file with errors, a corpus or mapping that\n"
    "      cannot be read or used, a --changed FILE that cannot be written, or a question\n"
    "      whose type changed (its answers cannot be compared)\n"
    "  64  usage error\n";

/// What the command line asked for.
struct Request {
  std::string_view old_path, new_path;
  std::optional<std::string_view> corpus, mapping, changed;
  std::optional<io::Format> format;
  std::optional<bool> changed_ndjson;
  std::vector<std::string> id_columns;
  bool json = false, fail_on_downgrade = false, help = false;
};

/// Parses the arguments; nullopt with `error` for a usage error.
std::optional<Request> parse(std::span<const std::string_view> args, std::string& error) {
  Request r;
  std::vector<std::string_view> positional;
  bool flags_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (flags_ended || arg == "-" || !arg.starts_with('-')) {
      positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
    } else if (arg == "-h" || arg == "--help") {
      r.help = true;
    } else if (arg == "--json") {
      r.json = true;
    } else if (arg == "--fail-on-downgrade") {
      r.fail_on_downgrade = true;
    } else {
      std::string_view name = arg, value;
      const std::size_t eq = arg.find('=');
      if (eq != std::string_view::npos) name = arg.substr(0, eq);
      static constexpr std::string_view kValued[] = {
          "--corpus", "--format", "--mapping", "--id-column", "--changed", "--changed-format"};
      if (std::find(std::begin(kValued), std::end(kValued), name) == std::end(kValued)) {
        error = "unknown option '" + std::string(name) + "'";
        return std::nullopt;
      }
      if (eq != std::string_view::npos) {
        value = arg.substr(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        error = "option '" + std::string(name) + "' needs a value";
        return std::nullopt;
      }
      if (name == "--corpus") {
        r.corpus = value;
      } else if (name == "--mapping") {
        r.mapping = value;
      } else if (name == "--id-column") {
        r.id_columns.emplace_back(value);
      } else if (name == "--changed") {
        r.changed = value;
      } else if (name == "--format") {
        r.format = io::parse_format(value);
        if (!r.format) {
          error = "--format must be csv, ndjson or fhir, not '" + std::string(value) + "'";
          return std::nullopt;
        }
      } else {
        if (value != "csv" && value != "ndjson") {
          error = "--changed-format must be csv or ndjson, not '" + std::string(value) + "'";
          return std::nullopt;
        }
        r.changed_ndjson = value == "ndjson";
      }
    }
  }
  if (r.help) return r;
  if (positional.size() < 2) {
    error = "expected OLD and NEW";
    return std::nullopt;
  }
  if (positional.size() > 2) {
    error = "unexpected argument '" + std::string(positional[2]) + "'";
    return std::nullopt;
  }
  r.old_path = positional[0];
  r.new_path = positional[1];
  if (r.corpus == "-") {
    error = "--corpus must be a file (it is read once per rule set)";
  } else if (!r.corpus && (r.mapping || r.format || !r.id_columns.empty() || r.changed)) {
    error = "--mapping, --format, --id-column and --changed need --corpus";
  } else if (r.changed == "-" && r.json) {
    error = "--changed - and --json both write to standard output";
  } else if (r.changed && r.changed->empty()) {
    error = "--changed needs a FILE";
  }
  if (!error.empty()) return std::nullopt;
  if (!r.changed_ndjson && r.changed) {
    r.changed_ndjson = r.changed->ends_with(".ndjson") || r.changed->ends_with(".jsonl");
  }
  return r;
}

std::string location(const SourceLocation& at) {
  return at.file + ":" + std::to_string(at.where.line) + ":" + std::to_string(at.where.column);
}

std::string kind_text(detail::Change::Kind kind) {
  switch (kind) {
    case detail::Change::Kind::added:
      return "added";
    case detail::Change::Kind::removed:
      return "removed";
    case detail::Change::Kind::edited:
      return "edited";
  }
  return "?";
}

std::string level_name(const Ruleset& ruleset, detail::LevelOf level) {
  return level ? ruleset.levels()[*level].id : std::string("(error)");
}

/// How the new level of a case compares with the old: "lower", "higher", "same", or "error" when
/// either side is an error result.
std::string_view level_change(const Ruleset& old_rules, detail::LevelOf o, const Ruleset& new_rules,
                              detail::LevelOf n) {
  if (!o || !n) return "error";
  const int cmp = detail::compare_levels(old_rules, *o, new_rules, *n);
  return cmp < 0 ? "lower" : cmp > 0 ? "higher" : "same";
}

// ---- the corpus ---------------------------------------------------------------------------

/// The mapping for reading the corpus for `self`: the user's (or none) with every field that
/// only `other` has a question for ignored, so that a question added in NEW is simply not asked
/// of OLD (and one removed in NEW is not asked of NEW). A column the user maps to such a
/// question is ignored too, and a value code naming a choice option only `other` declares is
/// left out (that value is then an answer error on this side only). Null when nothing changes.
std::optional<io::Mapping> side_mapping(const io::Mapping* user, const Ruleset& self,
                                        const Ruleset& other) {
  io::Mapping m = user ? *user : io::Mapping{};
  bool changed = false;
  const auto only_other = [&](std::string_view question) {
    return !self.find_question(question) && other.find_question(question);
  };
  std::erase_if(m.columns, [&](const io::ColumnMapping& c) {
    if (!only_other(c.question)) return false;
    m.ignore.push_back(c.column);
    changed = true;
    return true;
  });
  for (io::ColumnMapping& c : m.columns) {
    const auto q = self.find_question(c.question);
    const auto o = other.find_question(c.question);
    if (!q || !o || self.questions()[*q].type != QuestionType::choice) continue;
    const auto has = [](const Question& question, std::string_view option) {
      return std::any_of(question.options.begin(), question.options.end(),
                         [&](const Option& x) { return x.id == option; });
    };
    std::erase_if(c.values, [&](const io::Code& code) {
      const bool drop = code.kind == Value::Kind::choice && !has(self.questions()[*q], code.text) &&
                        has(other.questions()[*o], code.text);
      changed = changed || drop;
      return drop;
    });
  }
  for (const Question& q : other.questions()) {
    if (!self.find_question(q.id)) {
      m.ignore.push_back(q.id);
      changed = true;
    }
  }
  if (!user && !changed) return std::nullopt;
  return m;
}

/// One record's outcome under one rule set.
struct Outcome {
  detail::LevelOf level;
  std::vector<std::string_view> fired;
  std::string error;  ///< the answer errors, "; "-separated (an error result)

  void read(const Result& result) {
    level = result.ok() ? detail::LevelOf(result.level().rank) : std::nullopt;
    fired.clear();
    for (const FiredRule& f : result.fired())
      fired.push_back(f.rule->id);
    error.clear();
    for (const AnswerError& e : result.errors())
      error += (error.empty() ? "" : "; ") + e.message;
  }
};

/// Writes the changed records (--changed): a CSV header, then one CSV row or NDJSON line each.
class ChangedWriter {
 public:
  ChangedWriter(const Ruleset& old_rules, const Ruleset& new_rules, bool ndjson,
                std::vector<std::string> id_columns)
      : old_(old_rules), new_(new_rules), ndjson_(ndjson), ids_(std::move(id_columns)) {}

  std::string header() const {
    if (ndjson_) return "";
    std::string out = "line,entry";
    for (const std::string& id : ids_) {
      out += ',';
      io::csv_append_field(out, id);
    }
    return out + ",old_level,new_level,level_change,old_fired,new_fired,old_error,new_error\n";
  }

  void write(const io::Record& record, const Outcome& o, const Outcome& n, std::string& out) const {
    const std::string_view change = level_change(old_, o.level, new_, n.level);
    if (ndjson_) {
      out += "{\"line\":" + std::to_string(record.line);
      if (record.entry) out += ",\"entry\":" + std::to_string(record.entry);
      out += ",\"id\":{";
      for (std::size_t i = 0; i < ids_.size(); ++i) {
        if (i) out += ',';
        io::append_string(out, ids_[i]);
        out += ':';
        io::append_string(out, i < record.ids.size() ? record.ids[i] : std::string_view());
      }
      out += "},\"old_level\":";
      level_json(old_, o.level, out);
      out += ",\"new_level\":";
      level_json(new_, n.level, out);
      out += ",\"level_change\":";
      io::append_string(out, change);
      out += ",\"old_fired\":";
      list_json(o.fired, out);
      out += ",\"new_fired\":";
      list_json(n.fired, out);
      out += ",\"old_error\":";
      error_json(o, out);
      out += ",\"new_error\":";
      error_json(n, out);
      out += "}\n";
      return;
    }
    out += std::to_string(record.line) + ",";
    if (record.entry) out += std::to_string(record.entry);
    for (std::size_t i = 0; i < ids_.size(); ++i) {
      out += ',';
      io::csv_append_field(out, i < record.ids.size() ? record.ids[i] : std::string_view());
    }
    out += ',';
    if (o.level) io::csv_append_field(out, old_.levels()[*o.level].id);
    out += ',';
    if (n.level) io::csv_append_field(out, new_.levels()[*n.level].id);
    out += ',';
    out += change;
    for (const Outcome* side : {&o, &n}) {
      std::string fired;
      for (const std::string_view id : side->fired)
        fired.append(fired.empty() ? "" : " ").append(id);
      out += ',';
      io::csv_append_field(out, fired);
    }
    for (const Outcome* side : {&o, &n}) {
      out += ',';
      io::csv_append_field(out, side->error);
    }
    out += '\n';
  }

 private:
  static void level_json(const Ruleset& rules, detail::LevelOf level, std::string& out) {
    if (level) {
      io::append_string(out, rules.levels()[*level].id);
    } else {
      out += "null";
    }
  }
  static void list_json(const std::vector<std::string_view>& ids, std::string& out) {
    out += '[';
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (i) out += ',';
      io::append_string(out, ids[i]);
    }
    out += ']';
  }
  static void error_json(const Outcome& side, std::string& out) {
    if (side.level) {
      out += "null";
    } else {
      io::append_string(out, side.error);
    }
  }

  const Ruleset& old_;
  const Ruleset& new_;
  bool ndjson_;
  std::vector<std::string> ids_;
};

/// What comparing a corpus gave.
struct CorpusOutcome {
  detail::Transitions transitions;
  std::size_t changed = 0;  ///< records whose level, fired rules or errors changed
};

/// Prints "redflag diff: MESSAGE" on standard error; returns nullopt (the caller exits 2).
std::nullopt_t input_error(std::string_view message) {
  std::cerr << "redflag " << kCommand << ": " << message << "\n";
  return std::nullopt;
}

/// Compares the outcomes of the records of the corpus, read once for each rule set, and writes
/// the changed records to --changed. Nullopt (after a message) on bad input or a write failure;
/// then no --changed file is left.
std::optional<CorpusOutcome> compare_corpus(const Request& request, const Ruleset& old_rules,
                                            const Ruleset& new_rules) {
  std::string error;
  std::optional<io::Mapping> user;
  if (request.mapping) {
    const std::optional<std::string> text = read_input(*request.mapping, error);
    if (text) user = io::parse_mapping(*text, *request.mapping, error);
    if (!user) return input_error(error);
  }
  const std::vector<std::string> ids =
      request.id_columns.empty() && !(user && !user->id_columns.empty())
          ? std::vector<std::string>{"id"}
          : request.id_columns;
  const std::optional<io::Mapping> old_mapping =
      side_mapping(user ? &*user : nullptr, old_rules, new_rules);
  const std::optional<io::Mapping> new_mapping =
      side_mapping(user ? &*user : nullptr, new_rules, old_rules);
  const std::string mapping_name(request.mapping.value_or("mapping"));
  const io::Binder old_binder(old_rules, old_mapping ? &*old_mapping : nullptr, ids, mapping_name);
  const io::Binder new_binder(new_rules, new_mapping ? &*new_mapping : nullptr, ids, mapping_name);
  for (const auto& [binder, path] :
       {std::pair{&old_binder, request.old_path}, std::pair{&new_binder, request.new_path}}) {
    if (!binder->error().empty()) {
      return input_error(binder->error() + " (for " + std::string(path) + ")");
    }
  }
  io::RecordReader old_reader, new_reader;
  io::SourceOptions source;
  source.format = request.format;
  if (!old_reader.open(*request.corpus, old_binder, source, error) ||
      !new_reader.open(*request.corpus, new_binder, source, error)) {
    return input_error(error);
  }

  batch::Output output;
  std::optional<ChangedWriter> writer;
  std::string buffer;
  if (request.changed) {
    writer.emplace(old_rules, new_rules, *request.changed_ndjson, old_binder.id_columns());
    buffer = writer->header();
    if (!output.open(*request.changed, error)) return input_error(error);
  }
  CorpusOutcome result;
  io::Record a, b;
  Result old_result, new_result;
  Outcome o, n;
  const EvaluateOptions fast{.explain = false, .evidence = false};
  while (true) {
    const bool more_old = old_reader.next(a), more_new = new_reader.next(b);
    if (!more_old && !more_new) break;
    if (more_old != more_new || a.line != b.line || a.entry != b.entry) {
      error = std::string(*request.corpus) + ": read differently for OLD and NEW at line " +
              std::to_string(more_old ? a.line : b.line) + "; nothing compared";
      break;
    }
    old_rules.evaluate(*a.answers, old_result, fast);
    new_rules.evaluate(*b.answers, new_result, fast);
    o.read(old_result);
    n.read(new_result);
    const std::string_view change = level_change(old_rules, o.level, new_rules, n.level);
    result.transitions.add(o.level, n.level, change == "lower", change == "higher", [&] {
      std::string name = !a.ids.empty() && !a.ids.front().empty()
                             ? "record " + a.ids.front()
                             : "line " + std::to_string(a.line);
      if (a.entry) name += ", entry " + std::to_string(a.entry);
      return name;
    });
    const bool same_level = o.level && n.level
                                ? old_rules.levels()[*o.level].id == new_rules.levels()[*n.level].id
                                : o.level == n.level;
    if (same_level && o.fired == n.fired && o.error == n.error) continue;
    ++result.changed;
    if (!writer) continue;
    writer->write(a, o, n, buffer);
    if (buffer.size() >= (1 << 16)) {
      if (!output.write(buffer, error)) break;
      buffer.clear();
    }
  }
  if (error.empty()) {
    error = !old_reader.error().empty() ? old_reader.error() : new_reader.error();
  }
  if (error.empty() && writer && output.write(buffer, error)) output.commit(error);
  if (!error.empty()) {
    output.abandon();
    return input_error(error + (request.changed && *request.changed != "-"
                                    ? "; no file written to " + std::string(*request.changed)
                                    : "")),
           std::nullopt;
  }
  return result;
}

// ---- the report for people ----------------------------------------------------------------

void print_findings(std::ostream& out, const detail::LintReport& findings) {
  for (const detail::Finding& f : findings.findings) {
    out << location(f.location) << ": diff[" << f.code << "]: " << f.message << "\n"
        << "  hint: " << f.hint << "\n";
  }
  for (const std::string& note : findings.notes)
    out << "note: " << note << "\n";
}

void print_structure(std::ostream& out, const detail::StructuralDiff& diff) {
  out << "structure: ";
  if (diff.changes.empty()) {
    out << "no declaration changed\n";
    return;
  }
  out << count_of(diff.changes.size(), "change") << "\n";
  for (const detail::Change& c : diff.changes) {
    out << "  " << kind_text(c.kind) << ' ' << c.what << ' ' << c.id << " (" << location(c.location)
        << ")";
    if (!c.detail.empty()) out << ": " << c.detail;
    out << "\n";
  }
}

/// The transition table and the plain statement about downgrades.
void print_transitions(std::ostream& out, const Ruleset& old_rules, const Ruleset& new_rules,
                       const detail::Transitions& t) {
  std::size_t width = 9;
  for (const auto& [key, cell] : t.cells)
    width = std::max(width, level_name(old_rules, key.first).size());
  const auto pad = [&](const std::string& s) {
    return s + std::string(width + 1 - std::min(width, s.size()), ' ');
  };
  out << "  " << pad("old") << "   " << pad("new") << "cases\n";
  std::string first_downgrade;
  std::string downgrade_cells;
  for (const auto& [key, cell] : t.cells) {
    const std::string from = level_name(old_rules, key.first);
    const std::string to = level_name(new_rules, key.second);
    const std::string_view change = level_change(old_rules, key.first, new_rules, key.second);
    out << "  " << pad(from) << "-> " << pad(to) << cell.count;
    if (change == "lower") out << "  DOWNGRADE";
    if (change == "higher") out << "  higher";
    if (key.first != key.second) {
      for (const std::string& e : cell.examples)
        out << "\n      e.g. " << e;
    }
    out << "\n";
    if (change == "lower") {
      downgrade_cells += (downgrade_cells.empty() ? "" : ", ") + from + " -> " + to + ": " +
                         std::to_string(cell.count);
      if (first_downgrade.empty()) first_downgrade = cell.examples.front();
    }
  }
  if (t.downgrades > 0) {
    out << "DOWNGRADE: " << t.downgrades << " of " << count_of(t.cases, "case")
        << " get a lower level (" << downgrade_cells << "), e.g. " << first_downgrade << "\n";
  } else {
    out << "no case gets a lower level (" << count_of(t.cases, "case") << " compared; "
        << t.upgrades << " get a higher level)\n";
  }
}

std::string space_size(double size) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", size);
  return text;
}

void print_space(std::ostream& out, const detail::CaseSpace& space, const detail::Transitions& t) {
  out << "outcomes: ";
  if (space.questions.empty()) {
    out << "no changed rule reads a question: 1 case\n";
  } else {
    if (space.sampled) {
      out << "a random sample (seed " << space.seed << ") of " << t.cases << " of the "
          << space_size(space.size) << " combinations";
    } else {
      out << "every combination (" << count_of(t.cases, "case") << ")";
    }
    out << " of the answers to the " << count_of(space.questions.size(), "question")
        << " the changed rules read, each also unanswered\n  varied: ";
    for (std::size_t i = 0; i < space.questions.size(); ++i)
      out << (i ? ", " : "") << space.questions[i];
    out << "\n";
  }
  if (!space.held.empty()) {
    out << "  held at quiet answers: ";
    for (std::size_t i = 0; i < space.held.size(); ++i)
      out << (i ? ", " : "") << space.held[i].first << "=" << space.held[i].second;
    out << "\n";
  }
  if (!space.unanswered.empty()) {
    out << "  left unanswered in both (type changed): ";
    for (std::size_t i = 0; i < space.unanswered.size(); ++i)
      out << (i ? ", " : "") << space.unanswered[i];
    out << "\n";
  }
}

// ---- the JSON document --------------------------------------------------------------------

void json_location(std::string& out, const SourceLocation& at) {
  out += "\"file\":";
  io::append_string(out, at.file);
  out += ",\"line\":" + std::to_string(at.where.line);
  out += ",\"column\":" + std::to_string(at.where.column);
}

void json_strings(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    io::append_string(out, list[i]);
  }
  out += ']';
}

void json_ruleset(std::string& out, const Ruleset& r) {
  out += "{\"file\":";
  io::append_string(out, r.source_name());
  out += ",\"id\":";
  io::append_string(out, r.id());
  out += ",\"version\":";
  io::append_string(out, r.version());
  out += ",\"content_hash\":";
  io::append_string(out, r.content_hash());
  out += '}';
}

/// Everything `redflag diff` found, as one JSON document (the shape is in docs/cli.md).
std::string diff_json(const Ruleset& old_rules, const Ruleset& new_rules,
                      const detail::LintReport& findings, const detail::StructuralDiff& diff,
                      const detail::Transitions& t, const detail::CaseSpace* space,
                      const Request& request, const std::optional<CorpusOutcome>& corpus) {
  std::string out = "{\"old\":";
  json_ruleset(out, old_rules);
  out += ",\"new\":";
  json_ruleset(out, new_rules);
  out += ",\"findings\":[";
  for (std::size_t i = 0; i < findings.findings.size(); ++i) {
    if (i) out += ',';
    detail::append_json(out, findings.findings[i]);
  }
  out += "],\"notes\":";
  json_strings(out, findings.notes);
  out += ",\"conflicts\":[";
  for (std::size_t i = 0; i < diff.conflicts.size(); ++i) {
    const detail::Conflict& c = diff.conflicts[i];
    out += i ? ",{\"question\":" : "{\"question\":";
    io::append_string(out, c.question);
    out += ",\"old\":{";
    json_location(out, c.old_location);
    out += "},\"new\":{";
    json_location(out, c.new_location);
    out += "},\"message\":";
    io::append_string(out, c.message);
    out += '}';
  }
  out += "],\"structure\":[";
  for (std::size_t i = 0; i < diff.changes.size(); ++i) {
    const detail::Change& c = diff.changes[i];
    out += i ? ",{\"change\":" : "{\"change\":";
    io::append_string(out, kind_text(c.kind));
    out += ",\"what\":";
    io::append_string(out, c.what);
    out += ",\"id\":";
    io::append_string(out, c.id);
    out += ",\"detail\":";
    io::append_string(out, c.detail);
    out += ',';
    json_location(out, c.location);
    out += '}';
  }
  out += "],\"outcomes\":{";
  if (corpus) {
    out += "\"corpus\":";
    io::append_string(out, *request.corpus);
    out += ",\"changed_records\":" + std::to_string(corpus->changed);
  } else {
    out += "\"varied\":";
    json_strings(out, space->questions);
    out += ",\"held\":{";
    for (std::size_t i = 0; i < space->held.size(); ++i) {
      if (i) out += ',';
      io::append_string(out, space->held[i].first);
      out += ':';
      io::append_string(out, space->held[i].second);
    }
    out += "},\"unanswered\":";
    json_strings(out, space->unanswered);
    out += ",\"combinations\":" + space_size(space->size);
    out += space->sampled ? ",\"sampled\":true,\"seed\":" + std::to_string(space->seed)
                          : std::string(",\"sampled\":false");
  }
  out += ",\"cases\":" + std::to_string(t.cases);
  out += ",\"downgrades\":" + std::to_string(t.downgrades);
  out += ",\"upgrades\":" + std::to_string(t.upgrades);
  out += ",\"transitions\":[";
  bool first = true;
  for (const auto& [key, cell] : t.cells) {
    out += first ? "{\"old\":" : ",{\"old\":";
    first = false;
    for (const auto& [rules, level] :
         {std::pair{&old_rules, key.first}, {&new_rules, key.second}}) {
      if (level) {
        io::append_string(out, rules->levels()[*level].id);
      } else {
        out += "null";
      }
      if (rules == &old_rules) out += ",\"new\":";
    }
    out += ",\"level_change\":";
    io::append_string(out, level_change(old_rules, key.first, new_rules, key.second));
    out += ",\"cases\":" + std::to_string(cell.count) + ",\"examples\":";
    json_strings(out, key.first != key.second ? cell.examples : std::vector<std::string>{});
    out += '}';
  }
  return out + "]}}\n";
}

}  // namespace

int run_diff(std::span<const std::string_view> args) {
  std::string error;
  const std::optional<Request> request = parse(args, error);
  if (!request) return usage_error(kCommand, error, kUsage);
  if (request->help) {
    std::cout << kUsage << kHelp;
    return kExitOk;
  }
  const std::optional<Ruleset> old_rules = load_rules(kCommand, request->old_path);
  const std::optional<Ruleset> new_rules = load_rules(kCommand, request->new_path);
  if (!old_rules || !new_rules) return kExitBadInput;

  detail::LintReport findings;
  const std::string new_file(new_rules->source_name());
  const std::optional<std::string> new_text = read_input(new_file, error);
  detail::version_findings(*old_rules, *new_rules,
                           detail::version_location(new_text.value_or(""), new_file), findings);
  const detail::StructuralDiff diff = detail::structural_diff(*old_rules, *new_rules);
  for (const detail::Conflict& c : diff.conflicts) {
    std::cerr << location(c.new_location) << ": error[question-type-changed]: " << c.message
              << (request->corpus ? "" : "; it is left unanswered in both") << "\n";
  }

  std::optional<CorpusOutcome> corpus;
  detail::CaseSpace space;
  detail::Transitions t;
  if (request->corpus) {
    corpus = compare_corpus(*request, *old_rules, *new_rules);
    if (!corpus) return kExitBadInput;
    t = corpus->transitions;
  } else {
    t = detail::compare_outcomes(*old_rules, *new_rules, diff, {}, space);
  }

  if (request->json) {
    std::cout << diff_json(*old_rules, *new_rules, findings, diff, t, corpus ? nullptr : &space,
                           *request, corpus);
  } else {
    std::ostream& out = request->changed == "-" ? std::cerr : std::cout;
    print_findings(out, findings);
    print_structure(out, diff);
    if (corpus) {
      out << "outcomes: the " << count_of(t.cases, "record") << " of " << *request->corpus << " ("
          << corpus->changed << " changed: level, fired rules or errors)\n";
    } else {
      print_space(out, space, t);
    }
    print_transitions(out, *old_rules, *new_rules, t);
  }
  if (!diff.conflicts.empty()) return kExitBadInput;
  const bool found = !findings.findings.empty() || (request->fail_on_downgrade && t.downgrades > 0);
  return found ? kExitFindings : kExitOk;
}

}  // namespace redflag::cli
