// redflag analysis: DOT (see graph.hpp).
#include "analysis/graph.hpp"

#include <cstdio>
#include <sstream>
#include <string_view>

#include "analysis/names.hpp"
#include "io/json_writer.hpp"

namespace redflag {
inline namespace v1 {
namespace detail {
namespace {

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}

/// A DOT identifier: a quoted string (DOT quotes as JSON does), kind-prefixed so that names of
/// different kinds differ.
std::string node(std::string_view kind, std::string_view id) {
  std::string out;
  io::append_string(out, std::string(kind) + ":" + std::string(id));
  return out;
}

std::string label(std::string_view text) {
  std::string out;
  io::append_string(out, text);
  return out;
}

std::string_view color(Indicator indicator) {
  switch (indicator) {
    case Indicator::critical:
      return "#f4b6b6";
    case Indicator::warning:
      return "#f9e0a0";
    case Indicator::info:
      return "#cfe3f7";
  }
  return "white";
}

std::string reference(const Ruleset& r, const NameRef& n) {
  switch (n.kind) {
    case NameRef::Kind::question:
      return node("question", r.questions()[n.index].id);
    case NameRef::Kind::parameter:
      return node("param", r.parameters()[n.index].id);
    case NameRef::Kind::derived:
      return node("let", r.derived()[n.index].id);
  }
  return "";
}

}  // namespace

std::string dot(const Ruleset& r) {
  const NameGraph graph = name_graph(r);
  std::ostringstream out;
  out << "digraph " << label(r.id()) << " {\n"
      << "  rankdir=LR;\n"
      << "  label=" << label(std::string(r.title()) + " " + std::string(r.version())) << ";\n"
      << "  node [fontname=\"Helvetica\", fontsize=10];\n";
  for (const Question& q : r.questions())
    out << "  " << node("question", q.id) << " [shape=box, label=" << label(q.id) << "];\n";
  for (const Parameter& p : r.parameters()) {
    out << "  " << node("param", p.id)
        << " [shape=note, label=" << label(p.id + " = " + number(p.value)) << "];\n";
  }
  for (const Derived& d : r.derived())
    out << "  " << node("let", d.id) << " [shape=ellipse, label=" << label(d.id) << "];\n";
  for (const Rule& rule : r.rules()) {
    out << "  " << node("rule", rule.id) << " [shape=box, style=rounded, label=" << label(rule.id)
        << "];\n";
  }
  for (const Level& l : r.levels()) {
    out << "  " << node("level", l.id) << " [shape=octagon, style=filled, fillcolor=\""
        << color(l.indicator) << "\", label=" << label(l.id) << "];\n";
  }
  for (std::size_t d = 0; d < r.derived().size(); ++d) {
    for (const NameRef& n : graph.derived[d].direct)
      out << "  " << reference(r, n) << " -> " << node("let", r.derived()[d].id) << ";\n";
  }
  for (std::size_t i = 0; i < r.rules().size(); ++i) {
    const Rule& rule = r.rules()[i];
    for (const NameRef& n : graph.rules[i].direct)
      out << "  " << reference(r, n) << " -> " << node("rule", rule.id) << ";\n";
    out << "  " << node("rule", rule.id) << " -> " << node("level", r.levels()[rule.level].id)
        << ";\n";
  }
  out << "}\n";
  return out.str();
}

}  // namespace detail
}  // namespace v1
}  // namespace redflag
