// redflag CLI: `redflag batch`, screening whole exports: every input record yields exactly one
// output record, in input order, whatever the number of threads.
//
// The inputs are screened by batch::screen() (batch_pipeline.cpp).
#include <algorithm>
#include <charconv>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <unistd.h>

#include "batch.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "io/binder.hpp"
#include "io/mapping.hpp"
#include "io/records.hpp"

namespace redflag::cli {
namespace {

using batch::OutputFormat;

constexpr std::string_view kCommand = "batch";

constexpr std::string_view kUsage =
    "usage: redflag batch RULES INPUT... [-o OUTPUT] [--format csv|ndjson|fhir]\n"
    "                     [--mapping FILE.json] [--id-column NAME]... [--threads N]\n"
    "                     [--output-format csv|ndjson] [--rationale] [--summary FILE.json]\n"
    "                     [--report FILE.html] [--quiet]\n"
    "       redflag batch RULES --init-mapping EXPORT.csv [-o FILE.json]\n";

constexpr std::string_view kHelp =
    "\n"
    "Screen whole exports: evaluate every record of each INPUT against the rule file RULES and\n"
    "write exactly one output record per input record, in input order.\n"
    "\n"
    "Inputs ('-' reads standard input; gzip-compressed input is read directly):\n"
    "  .csv            RFC 4180 CSV; the header row names the questions (or the mapping's "
    "columns)\n"
    "  .ndjson .jsonl  one answers object per line; a line holding a FHIR resource is read as one\n"
    "  .json           FHIR R4: a QuestionnaireResponse, or a Bundle of them (linkId = question)\n"
    "\n"
    "options:\n"
    "  -o, --output FILE      write here (written to a temporary file, then renamed into place;\n"
    "                         never a partial file under this name; FILE.gz is written\n"
    "                         gzip-compressed); default: standard output\n"
    "  --format F             the input format (csv, ndjson, fhir) when the name does not say\n"
    "  --output-format F      csv or ndjson; default: from OUTPUT's name, else csv\n"
    "  --mapping FILE.json    column -> question, value codes, ignored columns, blank codes\n"
    "  --id-column NAME       pass this input column through to the output (repeatable)\n"
    "  --threads N            worker threads (default: all cores)\n"
    "  --rationale            add each fired rule's reason and evidence, and what unresolved\n"
    "                         rules still need\n"
    "  --summary FILE.json    write the run (rule set and content hash, date, command, input\n"
    "                         SHA-256) and its counts: levels, incomplete per level, rules per\n"
    "                         level, unanswered questions, error records by reason\n"
    "  --report FILE.html     write the same as a self-contained page, with charts\n"
    "  --quiet                no progress bar and no summary on standard error\n"
    "  --init-mapping EXPORT  screen nothing: write a first mapping file for the CSV export\n"
    "                         EXPORT, guessed from its header and first 1000 rows, with notes\n"
    "                         under \"review\" for a person to check (see docs/batch.md)\n"
    "  -h, --help             show this help and exit\n"
    "\n"
    "Output columns (CSV; NDJSON has the same fields): input, line, [entry, resource_id: for\n"
    "FHIR Bundles], the id columns, level, complete, fired, unresolved, one column per derived\n"
    "value, [rationale], error, content_hash (the rule set's). A record that cannot be\n"
    "evaluated is an error record: no level, and the error names its line.\n"
    "See docs/batch.md.\n"
    "\n"
    "exit codes:\n"
    "  0   every record was evaluated\n"
    "  1   some records are error records (all records were still written)\n"
    "  2   bad input file, mapping or arguments: an unreadable input or rule file, a bad\n"
    "      header or mapping, an unknown option, a missing argument or a bad value, a read\n"
    "      or write failure part-way (in every case no output file is left)\n";

/// What the command line asked for.
struct Request {
  std::string_view rules;
  std::vector<std::string_view> inputs;
  std::string_view output, mapping, summary, report, init_mapping;
  std::optional<io::Format> format;
  std::optional<OutputFormat> output_format;
  std::vector<std::string> id_columns;
  unsigned threads = 0;
  bool rationale = false, quiet = false, help = false;
};

/// Parses the arguments; nullopt with `error` for a usage error.
std::optional<Request> parse(std::span<const std::string_view> args, std::string& error) {
  Request r;
  bool flags_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (flags_ended || arg == "-" || !arg.starts_with('-')) {
      (r.rules.empty() ? r.rules : r.inputs.emplace_back()) = arg;
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      r.help = true;
      continue;
    }
    if (arg == "--rationale" || arg == "--quiet") {
      (arg == "--quiet" ? r.quiet : r.rationale) = true;
      continue;
    }
    std::string_view name = arg, value;
    bool has_value = false;
    if (const auto eq = arg.find('='); eq != std::string_view::npos && arg.starts_with("--")) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    static constexpr std::string_view kValued[] = {
        "-o",          "--output",  "--format",  "--output-format", "--mapping",
        "--id-column", "--threads", "--summary", "--report",        "--init-mapping"};
    if (std::find(std::begin(kValued), std::end(kValued), name) == std::end(kValued)) {
      error = "unknown option '" + std::string(name) + "'";
      return std::nullopt;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        error = "option '" + std::string(name) + "' needs a value";
        return std::nullopt;
      }
      value = args[++i];
    }
    if (name == "-o" || name == "--output") {
      r.output = value;
    } else if (name == "--format") {
      r.format = io::parse_format(value);
      if (!r.format) {
        error = "--format must be csv, ndjson or fhir, not '" + std::string(value) + "'";
        return std::nullopt;
      }
    } else if (name == "--output-format") {
      if (value != "csv" && value != "ndjson") {
        error = "--output-format must be csv or ndjson, not '" + std::string(value) + "'";
        return std::nullopt;
      }
      r.output_format = value == "csv" ? OutputFormat::csv : OutputFormat::ndjson;
    } else if (name == "--mapping") {
      r.mapping = value;
    } else if (name == "--id-column") {
      r.id_columns.emplace_back(value);
    } else if (name == "--threads") {
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), r.threads);
      if (ec != std::errc() || end != value.data() + value.size() || r.threads == 0 ||
          r.threads > 1024) {
        error = "--threads must be a whole number from 1 to 1024, not '" + std::string(value) + "'";
        return std::nullopt;
      }
    } else if (name == "--summary") {
      r.summary = value;
    } else if (name == "--init-mapping") {
      r.init_mapping = value;
    } else {
      r.report = value;
    }
  }
  if (r.help) return r;
  if (r.rules.empty()) {
    error = "missing RULES";
    return std::nullopt;
  }
  if (!r.init_mapping.empty()) {
    if (!r.inputs.empty() || !r.mapping.empty()) {
      error = "--init-mapping writes a mapping for one export: give no INPUT and no --mapping";
      return std::nullopt;
    }
    return r;
  }
  if (r.inputs.empty()) {
    error = "missing INPUT";
    return std::nullopt;
  }
  if (std::count(r.inputs.begin(), r.inputs.end(), "-") > 1) {
    error = "standard input ('-') can be read only once";
    return std::nullopt;
  }
  return r;
}

int input_error(std::string_view message) {
  std::cerr << "redflag " << kCommand << ": " << message << "\n";
  return kExitBadInput;
}

/// Writes a whole small file (--summary, --report) atomically.
bool write_file(std::string_view path, std::string_view text, std::string& error) {
  batch::Output file;
  return file.open(path, error) && file.write(text, error) && file.commit(error);
}

/// --init-mapping: writes a first mapping file for one CSV export.
int write_init_mapping(const Request& request, const Ruleset& ruleset) {
  std::string error;
  const std::string_view path = request.init_mapping;
  const std::optional<io::Format> format =
      request.format ? request.format : io::format_of_path(path);
  if (format != io::Format::csv) {
    return input_error("--init-mapping reads a CSV export (.csv, or --format csv), not " +
                       std::string(path == "-" ? "<stdin>" : path));
  }
  const std::unique_ptr<io::Input> input = io::Input::open(path, error);
  if (!input) return input_error(error);
  const std::string text = batch::init_mapping(ruleset, *input, 1000, error);
  if (text.empty()) return input_error(error);
  return write_file(request.output, text, error) ? kExitOk : input_error(error);
}

int run(const Request& request, std::span<const std::string_view> args) {
  const std::string date = batch::run_date();
  std::string error;
  const std::string rules_path = find_rules(request.rules).string();
  const std::optional<std::string> rules_text = read_input(rules_path, error);
  if (!rules_text) return input_error(error);
  const LoadResult loaded = load(*rules_text, rules_path);
  if (!loaded.ok()) {
    const std::string formatted = loaded.formatted();
    std::cerr << formatted << (formatted.ends_with('\n') ? "" : "\n");
    return input_error(std::string(request.rules) + ": the rule file has errors");
  }
  const Ruleset& ruleset = loaded.value();
  if (!request.init_mapping.empty()) return write_init_mapping(request, ruleset);

  std::optional<io::Mapping> mapping;
  if (!request.mapping.empty()) {
    const std::optional<std::string> text = read_input(request.mapping, error);
    if (!text) return input_error(error);
    mapping = io::parse_mapping(*text, request.mapping, error);
    if (!mapping) return input_error(error);
    if (!mapping->review.empty()) {
      std::cerr << "redflag " << kCommand << ": warning: " << request.mapping << " still has "
                << mapping->review.size() << (mapping->review.size() == 1 ? " note" : " notes")
                << " under \"review\": check each, then delete \"review\"\n";
    }
  }
  const io::Binder binder(ruleset, mapping ? &*mapping : nullptr, request.id_columns,
                          request.mapping);
  if (!binder.error().empty()) return input_error(binder.error());

  // Open every input first: a bad one stops the run before any output exists.
  std::vector<batch::Source> sources;
  io::SourceOptions source_options;
  source_options.format = request.format;
  std::uint64_t total = 0;
  bool sized = true;
  for (std::string_view path : request.inputs) {
    std::unique_ptr<io::Input> input = io::Input::open(path, error);
    if (!input) return input_error(error);
    batch::Source& source = sources.emplace_back();
    source.name = input->name();
    if (input->size()) {
      total += *input->size();
    } else {
      sized = false;
    }
    source.source = io::RecordSource::open(std::move(input), binder, source_options, error);
    if (!source.source) return input_error(error);
  }

  OutputFormat format = request.output_format.value_or(OutputFormat::csv);
  if (!request.output_format) {
    std::string_view out = request.output;
    if (out.ends_with(".gz")) out.remove_suffix(3);
    if (out.ends_with(".ndjson") || out.ends_with(".jsonl")) format = OutputFormat::ndjson;
  }
  // FHIR documents (Bundles) add the entry columns, so that their records can be told apart.
  const bool entries = std::any_of(sources.begin(), sources.end(), [](const batch::Source& s) {
    return s.source->layout().format == io::Format::fhir;
  });
  const batch::RecordFormatter formatter(ruleset, format, binder.id_columns(), request.rationale,
                                         entries);
  const unsigned threads =
      request.threads ? request.threads : std::max(1u, std::thread::hardware_concurrency());

  batch::install_signal_cleanup();
  // Every output is opened (as a temporary file) before the run, and all are renamed into place
  // together at its end, or none is (Output::commit_all).
  batch::Output output, summary_file, report_file;
  std::vector<batch::Output*> outputs{&output};
  if (!output.open(request.output, error)) return input_error(error);
  if (!request.summary.empty()) {
    if (!summary_file.open(request.summary, error)) return input_error(error);
    outputs.push_back(&summary_file);
  }
  if (!request.report.empty()) {
    if (!report_file.open(request.report, error)) return input_error(error);
    outputs.push_back(&report_file);
  }
  batch::Progress progress(!request.quiet && isatty(STDERR_FILENO),
                           sized ? std::optional<std::uint64_t>(total) : std::nullopt);

  batch::Summary summary;
  summary.ruleset = &ruleset;
  summary.date = date;
  summary.command = {"redflag", std::string(kCommand)};
  summary.command.insert(summary.command.end(), args.begin(), args.end());
  for (const batch::Source& s : sources)
    summary.inputs.push_back({s.name, ""});
  summary.output = request.output == "-" ? "" : std::string(request.output);
  summary.tally.per_question = !request.summary.empty() || !request.report.empty();
  summary.tally.reset(ruleset);

  std::string header;
  formatter.header(header);
  if (!output.write(header, error)) {
    output.abandon();
    return input_error(error);
  }
  error = batch::screen(ruleset, formatter, EvaluateOptions{.evidence = request.rationale}, sources,
                        threads, output, progress, summary.tally);
  progress.finish();
  if (error.empty() && (!request.summary.empty() || !request.report.empty())) {
    // The inputs' hashes, for the summary and the report: each input read again, a second pass
    // (see docs/batch.md), before any output is committed, so that a failure leaves no output.
    for (std::size_t i = 0; i < summary.inputs.size() && error.empty(); ++i)
      summary.inputs[i].sha256 = batch::file_sha256(request.inputs[i], error);
  }
  if (error.empty() && !request.summary.empty())
    summary_file.write(batch::summary_json(summary), error);
  if (error.empty() && !request.report.empty())
    report_file.write(batch::report_html(summary), error);
  if (error.empty()) batch::Output::commit_all(outputs, error);
  if (!error.empty()) {
    for (batch::Output* o : outputs)
      o->abandon();
    std::string written;  // the files that were asked for, none of which is left
    for (std::string_view path : {request.output, request.summary, request.report})
      if (!path.empty() && path != "-")
        written += (written.empty() ? "" : ", ") + std::string(path);
    return input_error(error + (written.empty() ? "" : "; no output written to " + written));
  }
  if (!request.quiet) std::cerr << batch::summary_text(summary);
  return summary.tally.errors ? kExitFindings : kExitOk;
}

}  // namespace

int run_batch(std::span<const std::string_view> args) {
  std::string error;
  const std::optional<Request> request = parse(args, error);
  // Batch follows its issue: bad arguments are bad input like a bad file or mapping (exit 2,
  // and no output file), not the exit 64 of the other subcommands.
  if (!request) {
    usage_error(kCommand, error, kUsage);
    return kExitBadInput;
  }
  if (request->help) {
    std::cout << kUsage << kHelp;
    return kExitOk;
  }
  return run(*request, args);
}

}  // namespace redflag::cli
