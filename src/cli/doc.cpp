// redflag CLI: `redflag doc RULES [--format md|html|json]`, the rule set rendered for clinical
// sign-off: levels, each rule in plain words, the missing-data policy, derived values,
// parameters and the question list. One document model, written as Markdown or as HTML; JSON
// is the model itself (Ruleset::to_json()).
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/names.hpp"
#include "analysis/plain.hpp"
#include "commands.hpp"
#include "common.hpp"

namespace redflag::cli {
namespace {

constexpr std::string_view kCommand = "doc";

constexpr std::string_view kUsage = "usage: redflag doc RULES [--format md|html|json] [--json]\n";

constexpr std::string_view kHelp =
    "usage: redflag doc RULES [--format md|html|json] [--json]\n"
    "\n"
    "Render the rule file RULES for a clinician to read and sign off: its id, version and\n"
    "content hash, its scope, the levels with their advice and advice items, each rule in\n"
    "plain words (with the questions it reads, its level, why and its source), what missing\n"
    "answers do, the derived values, the parameters and the question list, then a sign-off\n"
    "table. Conditions are shown as evaluated: parameters appear as their values, derived\n"
    "values by name (each defined in its own section).\n"
    "\n"
    "options:\n"
    "  --format md|html|json  Markdown (the default), one self-contained HTML page, or the\n"
    "                         rule set's model as JSON (what Ruleset::to_json() gives)\n"
    "  --json                 the same as --format json\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "exit codes:\n"
    "  0   rendered\n"
    "  2   bad input: an unreadable file or a rule file with errors\n"
    "  64  usage error\n";

/// What a document is made of; Markdown and HTML write it.
class Writer {
 public:
  virtual ~Writer() = default;
  virtual void title(std::string_view text) = 0;
  virtual void heading(std::string_view text) = 0;
  virtual void subheading(std::string_view text) = 0;
  virtual void paragraph(std::string_view text) = 0;
  /// Labelled lines, as a list.
  virtual void fields(const std::vector<std::pair<std::string, std::string>>& items) = 0;
  virtual void table(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) = 0;
  virtual void end() = 0;
};

class Markdown final : public Writer {
 public:
  void title(std::string_view text) override { std::cout << "# " << text << "\n\n"; }
  void heading(std::string_view text) override { std::cout << "## " << text << "\n\n"; }
  void subheading(std::string_view text) override { std::cout << "### " << text << "\n\n"; }
  void paragraph(std::string_view text) override { std::cout << text << "\n\n"; }
  void fields(const std::vector<std::pair<std::string, std::string>>& items) override {
    for (const auto& [label, text] : items)
      std::cout << "- **" << label << ":** " << text << "\n";
    std::cout << "\n";
  }
  void table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows) override {
    row(header);
    std::cout << "|";
    for (std::size_t i = 0; i < header.size(); ++i)
      std::cout << "---|";
    std::cout << "\n";
    for (const auto& r : rows)
      row(r);
    std::cout << "\n";
  }
  void end() override {}

 private:
  static void row(const std::vector<std::string>& cells) {
    std::cout << "|";
    for (const std::string& cell : cells) {
      std::string escaped;
      for (char c : cell)
        escaped += c == '|' ? std::string("\\|") : std::string(1, c);
      std::cout << " " << escaped << " |";
    }
    std::cout << "\n";
  }
};

class Html final : public Writer {
 public:
  void title(std::string_view text) override {
    std::cout << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
              << html_escape(text)
              << "</title>\n<style>\n"
                 "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;"
                 "padding:0 1em;line-height:1.45}\n"
                 "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;"
                 "padding:.3em .6em;text-align:left;vertical-align:top}\n"
                 "th{background:#eee}h3{margin-top:1.6em}\n"
                 "</style>\n</head>\n<body>\n<h1>"
              << html_escape(text) << "</h1>\n";
  }
  void heading(std::string_view text) override {
    std::cout << "<h2>" << html_escape(text) << "</h2>\n";
  }
  void subheading(std::string_view text) override {
    std::cout << "<h3>" << html_escape(text) << "</h3>\n";
  }
  void paragraph(std::string_view text) override {
    std::cout << "<p>" << html_escape(text) << "</p>\n";
  }
  void fields(const std::vector<std::pair<std::string, std::string>>& items) override {
    std::cout << "<ul>\n";
    for (const auto& [label, text] : items)
      std::cout << "<li><strong>" << html_escape(label) << ":</strong> " << html_escape(text)
                << "</li>\n";
    std::cout << "</ul>\n";
  }
  void table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows) override {
    std::cout << "<table>\n<tr>";
    for (const std::string& h : header)
      std::cout << "<th>" << html_escape(h) << "</th>";
    std::cout << "</tr>\n";
    for (const auto& r : rows) {
      std::cout << "<tr>";
      for (const std::string& cell : r)
        std::cout << "<td>" << html_escape(cell) << "</td>";
      std::cout << "</tr>\n";
    }
    std::cout << "</table>\n";
  }
  void end() override { std::cout << "</body>\n</html>\n"; }

 private:
};

std::string where(const SourceLocation& at) {
  return at.file + ":" + std::to_string(at.where.line);
}

std::string answers_of(const Question& q) {
  switch (q.type) {
    case QuestionType::boolean:
      return "yes / no";
    case QuestionType::choice: {
      std::string out;
      for (const Option& o : q.options)
        out += (out.empty() ? "" : "; ") + (o.label.empty() ? o.id : o.label + " (" + o.id + ")");
      return "one of: " + out;
    }
    case QuestionType::integer:
    case QuestionType::number: {
      std::string out = q.type == QuestionType::integer ? "a whole number" : "a number";
      if (q.min || q.max) {
        out += " from " + (q.min ? format_number(*q.min) : std::string("any")) + " to " +
               (q.max ? format_number(*q.max) : std::string("any"));
      }
      if (!q.unit.empty()) out += " (" + q.unit + ")";
      return out;
    }
    case QuestionType::text:
      return "free text";
  }
  return "";
}

std::string names(const Ruleset& ruleset, const std::vector<std::size_t>& questions) {
  std::string out;
  for (std::size_t q : questions)
    out += (out.empty() ? "" : ", ") + ruleset.questions()[q].id;
  return out.empty() ? "none" : out;
}

void render(const Ruleset& r, Writer& w) {
  const detail::NameGraph graph = detail::name_graph(r);
  w.title(std::string(r.title()) + " (" + std::string(r.id()) + " " + std::string(r.version()) +
          ")");
  w.fields({{"Rule set", std::string(r.id())},
            {"Version", std::string(r.version())},
            {"Content hash", std::string(r.content_hash())}});
  w.paragraph("Rendered by redflag from " + std::string(r.source_name()) +
              " for clinical review and sign-off. A rule fires when its condition is true; the "
              "result is the highest level among the rules that fire, or the default level (" +
              r.default_level().id +
              ") when none does. A missing answer is unknown, never \"no\": a rule that could "
              "still fire is reported as unresolved.");

  if (const Scope& scope = r.scope(); !scope.population.empty()) {
    w.heading("Scope");
    std::vector<std::pair<std::string, std::string>> f{{"For", scope.population}};
    for (const std::string& e : scope.excludes)
      f.emplace_back("Not assessed", e);
    if (!scope.source.empty()) f.emplace_back("Source", scope.source);
    w.fields(f);
  }

  w.heading("Levels");
  std::vector<std::vector<std::string>> levels;
  for (auto it = r.levels().rbegin(); it != r.levels().rend(); ++it) {
    std::string rules;
    for (const Rule& rule : r.rules())
      if (rule.level == it->rank) rules += (rules.empty() ? "" : ", ") + rule.id;
    if (it->rank == r.default_level().rank)
      rules += (rules.empty() ? "" : "; ") + std::string("default");
    levels.push_back({it->id, it->advice, std::string(to_string(it->indicator)), rules});
  }
  w.paragraph("Most urgent first.");
  w.table({"Level", "Advice", "Indicator", "Given by"}, levels);

  if (!r.advice_items().empty()) {
    w.heading("Advice items");
    w.paragraph("Shown to the patient as a list, in this order, with a result at a level listed.");
    std::vector<std::vector<std::string>> rows;
    for (const AdviceItem& a : r.advice_items()) {
      std::string shown;
      for (std::size_t l : a.levels)
        shown += (shown.empty() ? "" : ", ") + r.levels()[l].id;
      rows.push_back({a.text, shown, a.source.empty() ? "NONE GIVEN" : a.source,
                      a.id + " (" + where(a.location) + ")"});
    }
    w.table({"Advice", "Shown at", "Source", "Item"}, rows);
  }

  w.heading("Rules");
  for (std::size_t i = 0; i < r.rules().size(); ++i) {
    const Rule& rule = r.rules()[i];
    if (rule.missing_policy) continue;
    const Level& level = r.levels()[rule.level];
    w.subheading(rule.title + " → " + level.id);
    std::vector<std::pair<std::string, std::string>> f{
        {"Fires when", detail::rule_in_words(r, i)},
        {"Level", level.id + ": " + level.advice},
        {"Because", rule.because},
        {"Source", rule.source.empty() ? "NONE GIVEN" : rule.source},
        {"Questions it reads", names(r, graph.rules[i].questions)},
        {"Rule", rule.id + " (" + where(rule.location) + ")"}};
    if (!rule.tags.empty()) {
      std::string tags;
      for (const std::string& t : rule.tags)
        tags += (tags.empty() ? "" : ", ") + t;
      f.emplace_back("Tags", tags);
    }
    w.fields(f);
  }

  w.heading("Missing answers");
  bool policy = false;
  for (std::size_t i = 0; i < r.rules().size(); ++i) {
    const Rule& rule = r.rules()[i];
    if (!rule.missing_policy) continue;
    policy = true;
    const Level& level = r.levels()[rule.level];
    w.fields({{"When", detail::rule_in_words(r, i)},
              {"Level", level.id + ": " + level.advice},
              {"Because", rule.because},
              {"Source", rule.source.empty() ? "NONE GIVEN" : rule.source}});
  }
  if (!policy) {
    w.paragraph(
        "The rule set has no `on missing` policy: unanswered questions never raise the "
        "level by themselves (rules that could still fire are reported as unresolved).");
  }

  if (!r.derived().empty()) {
    w.heading("Derived values");
    std::vector<std::vector<std::string>> rows;
    for (std::size_t d = 0; d < r.derived().size(); ++d) {
      rows.push_back({detail::humanize(r.derived()[d].id), detail::derived_in_words(r, d),
                      r.derived()[d].id + " = " + r.derived()[d].expression});
    }
    w.table({"Name", "In words", "As written"}, rows);
  }

  if (!r.parameters().empty()) {
    w.heading("Parameters");
    std::vector<std::vector<std::string>> rows;
    for (const Parameter& p : r.parameters())
      rows.push_back({p.id, format_number(p.value), p.description});
    w.table({"Parameter", "Value", "Meaning"}, rows);
  }

  w.heading("Questions");
  std::vector<std::vector<std::string>> rows;
  for (const Question& q : r.questions())
    rows.push_back({q.id, q.prompt, answers_of(q), q.required ? "required" : ""});
  w.table({"Question", "Prompt", "Answers", "Required"}, rows);

  w.heading("Sign-off");
  w.table({"Name", "Role", "Date", "Signature"}, {{"", "", "", ""}, {"", "", "", ""}});
  w.end();
}

}  // namespace

int run_doc(std::span<const std::string_view> args) {
  std::vector<std::string_view> positional;
  std::string_view format = "md";
  bool json = false, format_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kHelp;
      return kExitOk;
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--format" && i + 1 < args.size()) {
      format = args[++i];
      format_given = true;
    } else if (arg.starts_with("--format=")) {
      format = arg.substr(9);
      format_given = true;
    } else if (arg.starts_with('-') && arg != "-") {
      return usage_error(kCommand, "unknown option '" + std::string(arg) + "'", kUsage);
    } else {
      positional.push_back(arg);
    }
  }
  if (format != "md" && format != "html" && format != "json")
    return usage_error(kCommand, "--format is md, html or json, not '" + std::string(format) + "'",
                       kUsage);
  if (json && format_given && format != "json")
    return usage_error(kCommand, "--json and --format " + std::string(format) + " disagree",
                       kUsage);
  if (json) format = "json";
  if (positional.size() != 1)
    return usage_error(kCommand, positional.empty() ? "missing RULES" : "expected one RULES",
                       kUsage);
  const std::optional<Ruleset> ruleset = load_rules(kCommand, positional[0]);
  if (!ruleset) return kExitBadInput;
  if (format == "json") {
    std::cout << ruleset->to_json() << "\n";
    return kExitOk;
  }
  std::unique_ptr<Writer> writer;
  if (format == "html") {
    writer = std::make_unique<Html>();
  } else {
    writer = std::make_unique<Markdown>();
  }
  render(*ruleset, *writer);
  return kExitOk;
}

}  // namespace redflag::cli
