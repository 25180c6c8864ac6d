// redflag CLI: `redflag batch` tallies, summary, HTML report and run metadata (see batch.hpp).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <numeric>
#include <system_error>

#include "batch.hpp"
#include "common.hpp"
#include "eval/program.hpp"
#include "io/json_writer.hpp"
#include "result_impl.hpp"
#include "sha256.hpp"

namespace redflag::cli::batch {
namespace {

/// Rule indices with a non-zero count, most frequent first (ties in file order).
std::vector<std::size_t> ranked(const std::vector<std::size_t>& counts) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (counts[i]) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  return order;
}

std::string percent(std::size_t n, std::size_t total) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", total ? 100.0 * double(n) / double(total) : 0.0);
  return buffer;
}

/// A horizontal bar chart as inline SVG: one labelled bar per row.
std::string bar_chart(const std::vector<std::pair<std::string, std::size_t>>& rows,
                      const std::vector<std::string>& colors, std::size_t total) {
  const std::size_t max = std::max<std::size_t>(
      1, std::accumulate(rows.begin(), rows.end(), std::size_t(0),
                         [](std::size_t m, const auto& r) { return std::max(m, r.second); }));
  const int row_height = 26, label_width = 230, bar_width = 420;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(label_width + bar_width + 130) + "\" height=\"" +
                    std::to_string(row_height * rows.size() + 4) + "\" role=\"img\">";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int y = int(i) * row_height;
    const int width = int(double(bar_width) * double(rows[i].second) / double(max));
    svg += "<text x=\"" + std::to_string(label_width - 8) + "\" y=\"" + std::to_string(y + 18) +
           "\" text-anchor=\"end\">" + html_escape(rows[i].first) + "</text>";
    svg += "<rect x=\"" + std::to_string(label_width) + "\" y=\"" + std::to_string(y + 4) +
           "\" width=\"" + std::to_string(std::max(width, rows[i].second ? 1 : 0)) +
           "\" height=\"" + std::to_string(row_height - 8) + "\" fill=\"" +
           colors[i % colors.size()] + "\"/>";
    svg += "<text x=\"" + std::to_string(label_width + width + 6) + "\" y=\"" +
           std::to_string(y + 18) + "\">" + std::to_string(rows[i].second) + " (" +
           percent(rows[i].second, total) + ")</text>";
  }
  return svg + "</svg>";
}

std::string_view indicator_color(Indicator indicator) {
  switch (indicator) {
    case Indicator::critical:
      return "#c62828";
    case Indicator::warning:
      return "#ef8f00";
    case Indicator::info:
      return "#1e88e5";
  }
  return "#777";
}

}  // namespace

void Tally::reset(const Ruleset& ruleset) {
  records = errors = incomplete = 0;
  levels.assign(ruleset.levels().size(), 0);
  incomplete_levels.assign(ruleset.levels().size(), 0);
  fired.assign(ruleset.rules().size(), 0);
  unresolved.assign(ruleset.rules().size(), 0);
  fired_at.assign(ruleset.levels().size() * ruleset.rules().size(), 0);
  unanswered.assign(per_question ? ruleset.questions().size() : 0, 0);
  first_errors.clear();
  reasons.clear();
}

void Tally::count(const Result& result) {
  ++records;
  const std::size_t level = result.level().rank;
  ++levels[level];
  if (!result.complete()) {
    ++incomplete;
    ++incomplete_levels[level];
  }
  const Rule* const first = result.ruleset()->rules().data();
  std::size_t* const at_level = fired_at.data() + level * fired.size();
  for (const FiredRule& f : result.fired()) {
    const auto rule = std::size_t(f.rule - first);
    ++fired[rule];
    ++at_level[rule];
  }
  for (const UnresolvedRule& u : result.unresolved())
    ++unresolved[std::size_t(u.rule - first)];
  // The answers are in the evaluation's trace, one value per question; a point when answered.
  const detail::Interval* answers =
      redflag::detail::trace_of(result).data() + result.ruleset()->impl().answer_base;
  for (std::size_t q = 0; q < unanswered.size(); ++q)
    unanswered[q] += !answers[q].known();
}

void Tally::count_error(std::string_view input, const io::Record& record, const Result& result) {
  ++records;
  ++errors;
  const std::span<const AnswerError> list =
      record.answers->ok() ? result.errors()
                           : std::span<const AnswerError>(record.answers->errors());
  std::string reason;  // the error column's text, made when an example needs it
  const auto error = [&] {
    if (reason.empty()) RecordFormatter::reason(record, result, reason);
    return Error{std::string(input), record.line, record.entry, reason};
  };
  if (first_errors.size() < kErrorsKept) first_errors.push_back(error());
  // An error without a code (none is expected) counts as "error".
  const auto code_of = [](const AnswerError& e) {
    return e.code.empty() ? std::string_view("error") : std::string_view(e.code);
  };
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string_view code = code_of(list[i]);
    bool seen = false;  // an earlier error of this record had the same code
    for (std::size_t j = 0; j < i && !seen; ++j)
      seen = code_of(list[j]) == code;
    if (seen) continue;
    auto it = std::find_if(reasons.begin(), reasons.end(),
                           [&](const Reason& r) { return r.code == code; });
    if (it == reasons.end()) it = reasons.insert(reasons.end(), Reason{std::string(code), 0, {}});
    ++it->records;
    if (it->examples.size() < kExamplesKept) it->examples.push_back(error());
  }
  if (list.empty()) {  // (never expected: an error record has an error)
    Reason& r = reasons.emplace_back(Reason{"error", 1, {}});
    r.examples.push_back(error());
  }
}

void Tally::merge(const Tally& other) {
  records += other.records;
  errors += other.errors;
  incomplete += other.incomplete;
  const auto add = [](std::vector<std::size_t>& to, const std::vector<std::size_t>& from) {
    for (std::size_t i = 0; i < to.size(); ++i)
      to[i] += from[i];
  };
  add(levels, other.levels);
  add(incomplete_levels, other.incomplete_levels);
  add(fired, other.fired);
  add(unresolved, other.unresolved);
  add(fired_at, other.fired_at);
  add(unanswered, other.unanswered);
  for (const Error& e : other.first_errors)
    if (first_errors.size() < kErrorsKept) first_errors.push_back(e);
  for (const Reason& r : other.reasons) {
    auto it = std::find_if(reasons.begin(), reasons.end(),
                           [&](const Reason& mine) { return mine.code == r.code; });
    if (it == reasons.end()) it = reasons.insert(reasons.end(), Reason{r.code, 0, {}});
    it->records += r.records;
    for (const Error& e : r.examples)
      if (it->examples.size() < kExamplesKept) it->examples.push_back(e);
  }
}

std::vector<const Tally::Reason*> Tally::ranked_reasons() const {
  std::vector<const Reason*> out;
  for (const Reason& r : reasons)
    out.push_back(&r);
  std::stable_sort(out.begin(), out.end(),
                   [](const Reason* a, const Reason* b) { return a->records > b->records; });
  return out;
}

std::string summary_text(const Summary& s) {
  const Ruleset& ruleset = *s.ruleset;
  const Tally& t = s.tally;
  std::string out = "redflag batch: " + count_of(t.records, "record") + " screened against " +
                    std::string(ruleset.id()) + " " + std::string(ruleset.version());
  out += "\n  content hash: " + std::string(ruleset.content_hash());
  out += "\n  levels:";
  for (std::size_t i = ruleset.levels().size(); i-- > 0;)
    out += " " + ruleset.levels()[i].id + " " + std::to_string(t.levels[i]);
  out +=
      "\n  incomplete: " + std::to_string(t.incomplete) + "\n  errors: " + std::to_string(t.errors);
  if (t.errors) {
    std::string reasons;
    for (const Tally::Reason* r : t.ranked_reasons())
      reasons += (reasons.empty() ? "" : ", ") + r->code + " " + std::to_string(r->records);
    out += " (" + reasons + ")";
  }
  out += "\n";
  const auto order = ranked(t.fired);
  if (!order.empty()) {
    out += "  rules fired:";
    for (std::size_t i = 0; i < std::min<std::size_t>(order.size(), 10); ++i)
      out += " " + ruleset.rules()[order[i]].id + " " + std::to_string(t.fired[order[i]]);
    if (order.size() > 10) out += " ...";
    out += "\n";
  }
  for (const Tally::Error& e : t.first_errors)
    out += "  error: " + e.input + ": " + e.reason + "\n";
  if (t.errors > t.first_errors.size())
    out +=
        "  (" + std::to_string(t.errors - t.first_errors.size()) + " more errors in the output)\n";
  return out;
}

namespace {

void append_error_json(std::string& out, const Tally::Error& e) {
  out += "{\"input\":";
  io::append_string(out, e.input);
  out += ",\"line\":" + std::to_string(e.line);
  if (e.entry) out += ",\"entry\":" + std::to_string(e.entry);
  out += ",\"reason\":";
  io::append_string(out, e.reason);
  out += '}';
}

/// `{"id": n, ...}` over `ids` and `counts` (of the same size).
template <class Items>
void append_counts_json(std::string& out, const Items& items, const std::size_t* counts) {
  out += '{';
  std::size_t i = 0;
  for (const auto& item : items) {
    if (i) out += ',';
    io::append_string(out, item.id);
    out += ':' + std::to_string(counts[i++]);
  }
  out += '}';
}

}  // namespace

std::string summary_json(const Summary& s) {
  const Ruleset& ruleset = *s.ruleset;
  const Tally& t = s.tally;
  std::string out = "{\"ruleset\":{\"id\":";
  io::append_string(out, ruleset.id());
  out += ",\"version\":";
  io::append_string(out, ruleset.version());
  out += ",\"content_hash\":";
  io::append_string(out, ruleset.content_hash());
  out += "},\"run\":{\"date\":";
  io::append_string(out, s.date);
  out += ",\"redflag\":";
  io::append_string(out, redflag::version());
  out += ",\"command\":[";
  for (std::size_t i = 0; i < s.command.size(); ++i) {
    if (i) out += ',';
    io::append_string(out, s.command[i]);
  }
  out += "]},\"inputs\":[";
  for (std::size_t i = 0; i < s.inputs.size(); ++i) {
    if (i) out += ',';
    out += "{\"name\":";
    io::append_string(out, s.inputs[i].name);
    out += ",\"sha256\":";
    if (s.inputs[i].sha256.empty()) {
      out += "null";
    } else {
      io::append_string(out, s.inputs[i].sha256);
    }
    out += '}';
  }
  out += "],\"output\":";
  if (s.output.empty()) {
    out += "null";
  } else {
    io::append_string(out, s.output);
  }
  out += ",\"records\":" + std::to_string(t.records) +
         ",\"evaluated\":" + std::to_string(t.records - t.errors) +
         ",\"errors\":" + std::to_string(t.errors) +
         ",\"incomplete\":" + std::to_string(t.incomplete) + ",\"levels\":";
  append_counts_json(out, ruleset.levels(), t.levels.data());
  out += ",\"incomplete_by_level\":";
  append_counts_json(out, ruleset.levels(), t.incomplete_levels.data());
  out += ",\"rules\":{";
  for (std::size_t i = 0; i < ruleset.rules().size(); ++i) {
    if (i) out += ',';
    io::append_string(out, ruleset.rules()[i].id);
    out += ":{\"fired\":" + std::to_string(t.fired[i]) +
           ",\"unresolved\":" + std::to_string(t.unresolved[i]) + "}";
  }
  out += "},\"fired_by_level\":{";
  for (std::size_t l = 0; l < ruleset.levels().size(); ++l) {
    if (l) out += ',';
    io::append_string(out, ruleset.levels()[l].id);
    out += ':';
    append_counts_json(out, ruleset.rules(), t.fired_at.data() + l * ruleset.rules().size());
  }
  out += "},\"unanswered\":";
  append_counts_json(out, ruleset.questions(), t.unanswered.data());
  out += ",\"errors_by_reason\":[";
  bool first = true;
  for (const Tally::Reason* r : t.ranked_reasons()) {
    if (!first) out += ',';
    first = false;
    out += "{\"code\":";
    io::append_string(out, r->code);
    out += ",\"records\":" + std::to_string(r->records) + ",\"examples\":[";
    for (std::size_t i = 0; i < r->examples.size(); ++i) {
      if (i) out += ',';
      append_error_json(out, r->examples[i]);
    }
    out += "]}";
  }
  out += "],\"first_errors\":[";
  for (std::size_t i = 0; i < t.first_errors.size(); ++i) {
    if (i) out += ',';
    append_error_json(out, t.first_errors[i]);
  }
  out += "]}\n";
  return out;
}

namespace {

/// An argument as a POSIX shell would need it: as is when it is made of safe characters only,
/// else in single quotes.
std::string shell_quoted(std::string_view arg) {
  const bool safe = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
  });
  if (safe) return std::string(arg);
  std::string out = "'";
  for (char c : arg)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string cell(std::string_view text, bool number = false) {
  return (number ? "<td class=\"n\">" : "<td>") + html_escape(text) + "</td>";
}
std::string cell(std::size_t n) {
  return cell(std::to_string(n), true);
}
std::string code(std::string_view text) {
  return "<code>" + html_escape(text) + "</code>";
}

}  // namespace

std::string report_html(const Summary& s) {
  const Ruleset& ruleset = *s.ruleset;
  const Tally& t = s.tally;
  const std::size_t evaluated = t.records - t.errors;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>redflag batch: " +
      html_escape(ruleset.id()) +
      "</title>\n<style>body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;"
      "color:#222}h1{font-size:1.5em}table{border-collapse:collapse;margin:.5em 0}td,th{padding:"
      ".2em .8em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}td.n,th.n{"
      "text-align:right}svg text{font:13px system-ui,sans-serif;fill:#222}.muted{color:#666}"
      "code{overflow-wrap:anywhere}</style></head><body>\n"
      "<h1>Batch screening: " +
      html_escape(ruleset.title()) + "</h1>\n";

  // What ran, on what, when: enough to reproduce the run and to check its inputs.
  std::string command;
  for (const std::string& arg : s.command)
    command += (command.empty() ? "" : " ") + shell_quoted(arg);
  out += "<h2>Run</h2>\n<table>\n<tr><th>rule set</th><td>" + code(ruleset.id()) + " version " +
         html_escape(ruleset.version()) + "</td></tr>\n<tr><th>content hash</th><td>" +
         code(ruleset.content_hash()) + "</td></tr>\n<tr><th>date</th><td>" + html_escape(s.date) +
         "</td></tr>\n<tr><th>redflag</th><td>" + html_escape(redflag::version()) +
         "</td></tr>\n<tr><th>command</th><td>" + code(command) + "</td></tr>\n";
  for (const InputFile& input : s.inputs) {
    out += "<tr><th>input</th><td>" + code(input.name) + "<br>SHA-256 " +
           (input.sha256.empty()
                ? std::string("not computed: standard input or a pipe cannot be read twice")
                : code(input.sha256)) +
           "</td></tr>\n";
  }
  out += "<tr><th>output</th><td>" +
         (s.output.empty() ? std::string("standard output") : code(s.output)) +
         "</td></tr>\n</table>\n";

  out += "<h2>Records</h2>\n<table>\n<tr><th>records</th>" + cell(t.records) +
         "</tr>\n<tr><th>evaluated</th>" + cell(evaluated) + "</tr>\n<tr><th>incomplete</th>" +
         cell(t.incomplete) + "</tr>\n<tr><th>error records</th>" + cell(t.errors) +
         "</tr>\n</table>\n<h2>Levels</h2>\n";
  std::vector<std::pair<std::string, std::size_t>> rows;
  std::vector<std::string> colors;
  for (std::size_t i = ruleset.levels().size(); i-- > 0;) {
    rows.emplace_back(ruleset.levels()[i].id, t.levels[i]);
    colors.emplace_back(indicator_color(ruleset.levels()[i].indicator));
  }
  if (t.errors) {
    rows.emplace_back("error (no level)", t.errors);
    colors.emplace_back("#555");
  }
  out += bar_chart(rows, colors, t.records);
  out +=
      "\n<p>An incomplete result has unanswered questions that could still raise its "
      "level.</p>\n<table>\n<tr><th>level</th><th class=\"n\">records</th><th "
      "class=\"n\">incomplete</th></tr>\n";
  for (std::size_t i = ruleset.levels().size(); i-- > 0;) {
    out += "<tr>" + cell(ruleset.levels()[i].id) + cell(t.levels[i]) +
           cell(t.incomplete_levels[i]) + "</tr>\n";
  }
  out += "</table>\n<h2>Most frequent rules</h2>\n";
  rows.clear();
  colors.clear();
  const auto order = ranked(t.fired);
  for (std::size_t i = 0; i < std::min<std::size_t>(order.size(), 15); ++i) {
    const Rule& rule = ruleset.rules()[order[i]];
    rows.emplace_back(rule.id, t.fired[order[i]]);
    colors.emplace_back(indicator_color(ruleset.levels()[rule.level].indicator));
  }
  out += rows.empty() ? std::string("<p>No rule fired.</p>") : bar_chart(rows, colors, t.records);

  // Every rule, in file order: on how many records at each result level it fired.
  out +=
      "\n<h2>Rules by result level</h2>\n<p>Records on which each rule fired, by the level of "
      "the record's result (most urgent first), then in all, and records on which it stayed "
      "unresolved.</p>\n<table>\n<tr><th>rule</th><th>gives</th>";
  for (std::size_t l = ruleset.levels().size(); l-- > 0;)
    out += "<th class=\"n\">" + html_escape(ruleset.levels()[l].id) + "</th>";
  out += "<th class=\"n\">fired</th><th class=\"n\">unresolved</th></tr>\n";
  const std::size_t rules = ruleset.rules().size();
  for (std::size_t r = 0; r < rules; ++r) {
    const Rule& rule = ruleset.rules()[r];
    out += "<tr><td>" + code(rule.id) + "<br>" + html_escape(rule.title) + "</td>" +
           cell(ruleset.levels()[rule.level].id);
    for (std::size_t l = ruleset.levels().size(); l-- > 0;)
      out += cell(t.fired_at[l * rules + r]);
    out += cell(t.fired[r]) + cell(t.unresolved[r]) + "</tr>\n";
  }
  out += "</table>\n";

  out += "<h2>Unanswered questions</h2>\n<p>Of the " + std::to_string(evaluated) +
         " evaluated records, how many left each question unanswered.</p>\n<table>\n<tr><th>"
         "question</th><th>required</th><th class=\"n\">unanswered</th><th "
         "class=\"n\">share</th></tr>\n";
  for (std::size_t q = 0; q < ruleset.questions().size(); ++q) {
    const Question& question = ruleset.questions()[q];
    out += "<tr><td>" + code(question.id) + "</td>" + cell(question.required ? "yes" : "") +
           cell(t.unanswered[q]) + cell(percent(t.unanswered[q], evaluated), true) + "</tr>\n";
  }
  out += "</table>\n";

  out += "<h2>Error records by reason</h2>\n";
  if (t.errors == 0) {
    out += "<p>None: every record was evaluated.</p>\n";
  } else {
    out +=
        "<p>Each error record is in the output, with its line and reason. A record with "
        "errors of several kinds counts under each. Up to " +
        std::to_string(Tally::kExamplesKept) +
        " examples each, the first in input order.</p>\n<table>\n<tr><th>reason</th><th "
        "class=\"n\">records</th><th>examples</th></tr>\n";
    for (const Tally::Reason* r : t.ranked_reasons()) {
      out += "<tr><td>" + code(r->code) + "</td>" + cell(r->records) + "<td>";
      for (std::size_t i = 0; i < r->examples.size(); ++i)
        out += (i ? "<br>" : "") + html_escape(r->examples[i].input + ": " + r->examples[i].reason);
      out += "</td></tr>\n";
    }
    out += "</table>\n";
  }
  out += "</body></html>\n";
  return out;
}

std::string run_date() {
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    long long seconds = 0;
    const std::string_view text(epoch);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec == std::errc() && end == text.data() + text.size()) now = std::time_t(seconds);
  }
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string file_sha256(std::string_view path, std::string& error) {
  if (path == "-") return "";
  const std::string name(path);
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot hash " + name + ": " + std::generic_category().message(errno);
    return "";
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return "";
  }
  detail::Sha256 hash;
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      error = "cannot hash " + name + ": " + std::generic_category().message(errno);
      ::close(fd);
      return "";
    }
    hash.update(std::string_view(buffer.data(), std::size_t(got)));
  }
  ::close(fd);
  return "sha256:" + hash.hex();
}

}  // namespace redflag::cli::batch
