// redflag CLI: `redflag batch` tallies, summary and HTML report (see batch.hpp).
#include <algorithm>
#include <cstdio>
#include <numeric>

#include "batch.hpp"
#include "common.hpp"
#include "io/json_writer.hpp"

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
  fired.assign(ruleset.rules().size(), 0);
  unresolved.assign(ruleset.rules().size(), 0);
  first_errors.clear();
}

void Tally::count(const Result& result) {
  ++records;
  ++levels[result.level().rank];
  if (!result.complete()) ++incomplete;
  const Rule* const first = result.ruleset()->rules().data();
  for (const FiredRule& f : result.fired())
    ++fired[std::size_t(f.rule - first)];
  for (const UnresolvedRule& u : result.unresolved())
    ++unresolved[std::size_t(u.rule - first)];
}

void Tally::count_error(std::string_view input, std::size_t line, std::string_view reason) {
  ++records;
  ++errors;
  if (first_errors.size() < kErrorsKept)
    first_errors.push_back({std::string(input), line, std::string(reason)});
}

void Tally::merge(const Tally& other) {
  records += other.records;
  errors += other.errors;
  incomplete += other.incomplete;
  for (std::size_t i = 0; i < levels.size(); ++i)
    levels[i] += other.levels[i];
  for (std::size_t i = 0; i < fired.size(); ++i)
    fired[i] += other.fired[i];
  for (std::size_t i = 0; i < unresolved.size(); ++i)
    unresolved[i] += other.unresolved[i];
  for (const Error& e : other.first_errors)
    if (first_errors.size() < kErrorsKept) first_errors.push_back(e);
}

std::string summary_text(const Summary& s) {
  const Ruleset& ruleset = *s.ruleset;
  const Tally& t = s.tally;
  std::string out = "redflag batch: " + count_of(t.records, "record") + " screened against " +
                    std::string(ruleset.id()) + " " + std::string(ruleset.version());
  out += "\n  levels:";
  for (std::size_t i = ruleset.levels().size(); i-- > 0;)
    out += " " + ruleset.levels()[i].id + " " + std::to_string(t.levels[i]);
  out += "\n  incomplete: " + std::to_string(t.incomplete) +
         "\n  errors: " + std::to_string(t.errors) + "\n";
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

std::string summary_json(const Summary& s) {
  const Ruleset& ruleset = *s.ruleset;
  const Tally& t = s.tally;
  std::string out = "{\"ruleset\":{\"id\":";
  io::append_string(out, ruleset.id());
  out += ",\"version\":";
  io::append_string(out, ruleset.version());
  out += "},\"inputs\":[";
  for (std::size_t i = 0; i < s.inputs.size(); ++i) {
    if (i) out += ',';
    io::append_string(out, s.inputs[i]);
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
         ",\"incomplete\":" + std::to_string(t.incomplete) + ",\"levels\":{";
  for (std::size_t i = 0; i < ruleset.levels().size(); ++i) {
    if (i) out += ',';
    io::append_string(out, ruleset.levels()[i].id);
    out += ':' + std::to_string(t.levels[i]);
  }
  out += "},\"rules\":{";
  for (std::size_t i = 0; i < ruleset.rules().size(); ++i) {
    if (i) out += ',';
    io::append_string(out, ruleset.rules()[i].id);
    out += ":{\"fired\":" + std::to_string(t.fired[i]) +
           ",\"unresolved\":" + std::to_string(t.unresolved[i]) + "}";
  }
  out += "},\"first_errors\":[";
  for (std::size_t i = 0; i < t.first_errors.size(); ++i) {
    if (i) out += ',';
    out += "{\"input\":";
    io::append_string(out, t.first_errors[i].input);
    out += ",\"line\":" + std::to_string(t.first_errors[i].line) + ",\"reason\":";
    io::append_string(out, t.first_errors[i].reason);
    out += '}';
  }
  out += "]}\n";
  return out;
}

std::string report_html(const Summary& s) {
  const Ruleset& ruleset = *s.ruleset;
  const Tally& t = s.tally;
  std::string inputs;
  for (const std::string& input : s.inputs)
    inputs += (inputs.empty() ? "" : ", ") + input;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>redflag batch: " +
      html_escape(ruleset.id()) +
      "</title>\n<style>body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;"
      "color:#222}h1{font-size:1.5em}table{border-collapse:collapse}td,th{padding:.2em .8em;"
      "border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}svg text{font:13px "
      "system-ui,sans-serif;fill:#222}.muted{color:#666}</style></head><body>\n"
      "<h1>Batch screening: " +
      html_escape(ruleset.title()) + "</h1>\n<p class=\"muted\">Rule set <code>" +
      html_escape(ruleset.id()) + "</code> version " + html_escape(ruleset.version()) +
      " &middot; input " + html_escape(inputs) +
      "</p>\n<table>\n<tr><th>records</th><td class=\"n\">" + std::to_string(t.records) +
      "</td></tr>\n<tr><th>evaluated</th><td class=\"n\">" + std::to_string(t.records - t.errors) +
      "</td></tr>\n<tr><th>incomplete</th><td class=\"n\">" + std::to_string(t.incomplete) +
      "</td></tr>\n<tr><th>error records</th><td class=\"n\">" + std::to_string(t.errors) +
      "</td></tr>\n</table>\n<h2>Levels</h2>\n";
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
  out += "\n<h2>Most frequent rules</h2>\n";
  rows.clear();
  colors.clear();
  const auto order = ranked(t.fired);
  for (std::size_t i = 0; i < std::min<std::size_t>(order.size(), 15); ++i) {
    const Rule& rule = ruleset.rules()[order[i]];
    rows.emplace_back(rule.id, t.fired[order[i]]);
    colors.emplace_back(indicator_color(ruleset.levels()[rule.level].indicator));
  }
  out += rows.empty() ? std::string("<p>No rule fired.</p>") : bar_chart(rows, colors, t.records);
  if (!order.empty()) {
    out +=
        "\n<table>\n<tr><th>rule</th><th>title</th><th>level</th><th>fired</th><th>"
        "unresolved</th></tr>\n";
    for (std::size_t i : order) {
      const Rule& rule = ruleset.rules()[i];
      out += "<tr><td><code>" + html_escape(rule.id) + "</code></td><td>" +
             html_escape(rule.title) + "</td><td>" + html_escape(ruleset.levels()[rule.level].id) +
             "</td><td class=\"n\">" + std::to_string(t.fired[i]) + "</td><td class=\"n\">" +
             std::to_string(t.unresolved[i]) + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  if (!t.first_errors.empty()) {
    out += "<h2>First error records</h2>\n<ul>\n";
    for (const Tally::Error& e : t.first_errors)
      out += "<li>" + html_escape(e.input) + ": " + html_escape(e.reason) + "</li>\n";
    out += "</ul>\n";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace redflag::cli::batch
