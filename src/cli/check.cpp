// redflag CLI: `redflag check`, validating a rule file or evaluating one answers document.
//
//   redflag check RULES                     load RULES; diagnostics on stderr, a summary on stdout
//   redflag check RULES ANSWERS.json        evaluate; the level and its rationale on stdout
//   redflag check RULES - --json < a.json   the result as JSON (Result::to_json())
#include <cstddef>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "io/json_writer.hpp"
#include "redflag/redflag.hpp"

namespace redflag::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: redflag check RULES [ANSWERS.json | -] [--json] [--explain] [--no-color]\n";

constexpr std::string_view kHelp =
    "usage: redflag check RULES [ANSWERS.json | -] [--json] [--explain] [--no-color]\n"
    "\n"
    "Validate the rule file RULES, or evaluate one answers document against it.\n"
    "\n"
    "With RULES alone, load the rule file and report every problem in it: each diagnostic on\n"
    "standard error (file:line:column, code, source line and caret), then a one-line summary on\n"
    "standard output.\n"
    "\n"
    "With ANSWERS (a JSON object {\"question_id\": value, ...}; '-' reads standard input),\n"
    "evaluate the answers and print the urgency level with its advice, whether the result is\n"
    "complete, each fired rule with its rationale, source and evidence, each unresolved rule\n"
    "with the unanswered questions that could still make it fire, and the derived values.\n"
    "Rejected answers (unknown question, wrong type, out of range, undeclared option, invalid\n"
    "JSON) are listed on standard error and give no level at all.\n"
    "\n"
    "options:\n"
    "  --json       print JSON for machines: the result (its documented shape), or when\n"
    "               validating {\"file\", \"ok\", \"ruleset\", \"rules\", \"questions\", "
    "\"levels\",\n"
    "               \"diagnostics\"} with the diagnostics in it instead of on standard error\n"
    "  --explain    also show, for each rule above the result level that did not fire, the\n"
    "               answers that kept it from firing (needs ANSWERS)\n"
    "  --no-color   never color the output; color is used only when standard output is a\n"
    "               terminal and the NO_COLOR environment variable is unset or empty\n"
    "  -h, --help   show this help and exit\n"
    "\n"
    "exit codes:\n"
    "  0   the rule file loaded (warnings allowed); the answers were evaluated\n"
    "  2   bad input: an unreadable file, a rule file with errors, or answers with errors\n"
    "  64  usage error: a missing or extra argument, an unknown option\n";

constexpr std::string_view kCommand = "check";

/// What the command line asked for.
struct CheckRequest {
  std::string rules_path;
  std::string_view answers_path;  ///< empty: validate only
  bool json = false;
  bool explain = false;
  bool no_color = false;
};

std::size_t count_severity(const std::vector<Diagnostic>& diagnostics, Severity severity) {
  std::size_t n = 0;
  for (const Diagnostic& d : diagnostics)
    n += d.severity == severity ? 1 : 0;
  return n;
}

/// Prints an error about the command's input on standard error and returns kExitBadInput.
int input_error(std::string_view message) {
  std::cerr << "redflag " << kCommand << ": " << message << "\n";
  return kExitBadInput;
}

// ---- validating ---------------------------------------------------------------------------

/// The validation summary as JSON, diagnostics included.
std::string validation_json(const CheckRequest& request, const LoadResult& loaded) {
  std::string out = "{\"file\":";
  io::append_string(out, request.rules_path);
  out += loaded.ok() ? ",\"ok\":true" : ",\"ok\":false";
  if (loaded.ok()) {
    const Ruleset& ruleset = loaded.value();
    out += ",\"ruleset\":{\"id\":";
    io::append_string(out, ruleset.id());
    out += ",\"version\":";
    io::append_string(out, ruleset.version());
    out += "},\"rules\":" + std::to_string(ruleset.rules().size());
    out += ",\"questions\":" + std::to_string(ruleset.questions().size());
    out += ",\"levels\":" + std::to_string(ruleset.levels().size());
  }
  out += ",\"diagnostics\":";
  append_diagnostics_json(out, loaded.diagnostics());
  out += "}";
  return out;
}

/// `redflag check RULES`: the summary line (or JSON) on stdout; diagnostics were printed already.
int report_validation(const CheckRequest& request, const LoadResult& loaded) {
  if (request.json) {
    std::cout << validation_json(request, loaded) << "\n";
    return loaded.ok() ? kExitOk : kExitBadInput;
  }
  const std::size_t errors = count_severity(loaded.diagnostics(), Severity::error);
  const std::size_t warnings = count_severity(loaded.diagnostics(), Severity::warning);
  std::cout << request.rules_path << ": ";
  if (!loaded.ok()) {
    std::cout << "failed to load (" << count_of(errors, "error");
    if (warnings > 0) std::cout << ", " << count_of(warnings, "warning");
    std::cout << ")\n";
    return kExitBadInput;
  }
  const Ruleset& ruleset = loaded.value();
  std::cout << "ok (" << count_of(ruleset.rules().size(), "rule") << ", "
            << count_of(ruleset.questions().size(), "question") << ", "
            << count_of(ruleset.levels().size(), "level");
  if (warnings > 0) std::cout << "; " << count_of(warnings, "warning");
  std::cout << ")\n";
  return kExitOk;
}

// ---- evaluating: human output -------------------------------------------------------------

Style indicator_style(Indicator indicator) {
  switch (indicator) {
    case Indicator::critical:
      return Style::red;
    case Indicator::warning:
      return Style::yellow;
    case Indicator::info:
      return Style::cyan;
  }
  return Style::bold;
}

/// `q = v, q = v`; an unknown value (an unanswered question that is itself the evidence, as
/// for `on missing`) prints as `q (unanswered)`.
std::string evidence_list(std::span<const Evidence> evidence) {
  if (evidence.empty()) return "(none recorded)";
  std::string out;
  for (const Evidence& e : evidence) {
    if (!out.empty()) out += ", ";
    out.append(e.question);
    out += e.value.known() ? " = " + format_value(e.value) : " (unanswered)";
  }
  return out;
}

/// `rule_id "Title" -> level`, the rule id colored like its level.
std::string rule_heading(const Ruleset& ruleset, const Rule& rule, const Painter& paint) {
  const Level& level = ruleset.levels()[rule.level];
  std::string out = "  " + paint(rule.id, indicator_style(level.indicator));
  if (!rule.title.empty()) {
    out += ' ';
    io::append_string(out, rule.title);
  }
  return out + " -> " + level.id + "\n";
}

/// The result for people: level and advice, completeness, fired and unresolved rules, derived
/// values, and with --explain the rules that did not fire.
void print_text(const Result& result, bool explain, const Painter& paint) {
  const Ruleset& ruleset = *result.ruleset();
  const Level& level = result.level();
  std::cout << "ruleset:  " << ruleset.id() << ' ' << ruleset.version() << "\n"
            << "level:    " << paint(level.id, indicator_style(level.indicator)) << " ("
            << to_string(level.indicator) << ")\n"
            << "advice:   " << level.advice << "\n";
  for (const AdviceItem* a : result.advice_items())
    std::cout << "          - " << a->text << "\n";
  std::cout << "status:   ";
  if (result.complete()) {
    std::cout << paint("complete", Style::green) << "\n";
  } else {
    std::cout << paint("INCOMPLETE", Style::yellow) << " ("
              << count_of(result.unresolved().size(), "unresolved rule")
              << " could raise the level)\n";
  }

  std::cout << "\n" << paint("fired:", Style::bold);
  if (result.fired().empty()) std::cout << " none";
  std::cout << "\n";
  for (const FiredRule& fired : result.fired()) {
    const Rule& rule = *fired.rule;
    std::cout << rule_heading(ruleset, rule, paint);
    if (!rule.because.empty()) std::cout << "    because:  " << rule.because << "\n";
    if (!rule.source.empty()) std::cout << "    source:   " << rule.source << "\n";
    std::cout << "    evidence: " << evidence_list(fired.answers) << "\n";
  }

  if (!result.unresolved().empty()) {
    std::cout << "\n"
              << paint("unresolved:", Style::bold) << " answering these questions could raise "
              << "the level\n";
    for (const UnresolvedRule& unresolved : result.unresolved()) {
      std::cout << rule_heading(ruleset, *unresolved.rule, paint) << "    missing:  ";
      bool first = true;
      for (std::string_view question : unresolved.missing) {
        std::cout << (first ? "" : ", ") << question;
        first = false;
      }
      std::cout << (first ? "(none recorded)\n" : "\n");
    }
  }

  if (!result.values().empty()) {
    std::cout << "\n" << paint("values:", Style::bold) << "\n";
    for (const NamedValue& value : result.values()) {
      std::cout << "  " << value.name << " = " << format_value(value.value) << "\n";
    }
  }

  if (explain) {
    std::cout << "\n" << paint("not fired:", Style::bold);
    if (result.not_fired().empty()) {
      std::cout << " none above the result level\n";
    } else {
      std::cout << " rules above the result level, and the answers that kept them from firing\n";
    }
    for (const NotFiredRule& not_fired : result.not_fired()) {
      std::cout << rule_heading(ruleset, *not_fired.rule, paint)
                << "    kept by:  " << evidence_list(not_fired.answers) << "\n";
    }
  }
}

/// Each answer error on standard error, as `ANSWERS: error[code]: question: message`.
void print_answer_errors(std::string_view answers_name, std::span<const AnswerError> errors) {
  for (const AnswerError& error : errors) {
    std::cerr << answers_name << ": error[" << error.code << "]: ";
    if (!error.question.empty()) std::cerr << terminal_text(error.question) << ": ";
    std::cerr << terminal_text(error.message) << "\n";
  }
}

// ---- the command --------------------------------------------------------------------------

/// `redflag check RULES ANSWERS`: evaluates and prints; kExitBadInput when the answers had errors.
int evaluate(const CheckRequest& request, const Ruleset& ruleset) {
  std::string error;
  const std::optional<std::string> text = read_input(request.answers_path, error);
  if (!text) return input_error(error);

  const std::string answers_name = display_name(request.answers_path);
  const Answers answers = Answers::from_json(ruleset, *text);
  const Result result = ruleset.evaluate(answers, EvaluateOptions{.explain = request.explain});

  if (request.json) {
    std::cout << result.to_json() << "\n";
  } else if (result.ok()) {
    print_text(result, request.explain, Painter(want_color(request.no_color)));
  }
  if (result.ok()) return kExitOk;

  // An error result: no level, never a lower one. The evaluator copies the answer errors into
  // the result; fall back to the answers' own list should it not.
  print_answer_errors(answers_name, result.errors().empty()
                                        ? std::span<const AnswerError>(answers.errors())
                                        : result.errors());
  if (!request.json) {
    std::cout << Painter(want_color(request.no_color))("NO LEVEL", Style::red)
              << ": the answers have errors\n";
  }
  return kExitBadInput;
}

}  // namespace

int run_check(std::span<const std::string_view> args) {
  std::string error;
  const std::optional<ParsedArgs> parsed =
      parse_args(args, {"--help", "--json", "--explain", "--no-color"}, error);
  if (!parsed) return usage_error(kCommand, error, kUsage);
  if (parsed->has("--help")) {
    std::cout << kHelp;
    return kExitOk;
  }

  CheckRequest request;
  request.json = parsed->has("--json");
  request.explain = parsed->has("--explain");
  request.no_color = parsed->has("--no-color");
  const std::vector<std::string_view>& positional = parsed->positional;
  if (positional.empty()) return usage_error(kCommand, "missing RULES", kUsage);
  if (positional.size() > 2) {
    return usage_error(kCommand, "unexpected argument '" + std::string(positional[2]) + "'",
                       kUsage);
  }
  request.rules_path = find_rules(positional[0]).string();
  if (positional.size() == 2) request.answers_path = positional[1];
  if (request.rules_path == "-") {
    return usage_error(kCommand, "RULES must be a file ('-' is only for ANSWERS)", kUsage);
  }
  if (request.explain && request.answers_path.empty()) {
    return usage_error(kCommand, "--explain needs ANSWERS", kUsage);
  }

  // Read the file here rather than through load_file() so that an unreadable file gets the same
  // message as an unreadable answers file; `use` paths still resolve relative to RULES.
  const std::optional<std::string> rules_text = read_input(request.rules_path, error);
  if (!rules_text) return input_error(error);
  const LoadResult loaded = load(*rules_text, request.rules_path);

  const bool validating = request.answers_path.empty();
  if (!loaded.diagnostics().empty() && !(validating && request.json)) {
    const std::string formatted = loaded.formatted();
    std::cerr << formatted << (formatted.ends_with('\n') ? "" : "\n");
  }
  if (validating) return report_validation(request, loaded);
  if (!loaded.ok()) {
    return input_error(std::string(request.rules_path) + ": cannot evaluate, the rule file has " +
                       count_of(count_severity(loaded.diagnostics(), Severity::error), "error"));
  }
  return evaluate(request, loaded.value());
}

}  // namespace redflag::cli
