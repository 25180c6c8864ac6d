// Tests of `redflag graph` (src/analysis/graph.cpp): the DOT is well formed (balanced braces,
// one statement per line, every edge between declared nodes) and holds the expected edges.
#include "analysis/graph.hpp"

#include <regex>
#include <set>
#include <sstream>

#include "test_helpers.hpp"

namespace {

struct Dot {
  std::set<std::string> nodes;
  std::set<std::pair<std::string, std::string>> edges;
  int depth = 0;
  bool balanced = true;
};

/// A small structural reader of the DOT the tool writes: "ID [attrs];" and "ID -> ID;".
Dot read(const std::string& text) {
  Dot dot;
  std::istringstream in(text);
  std::string line;
  const std::regex node(R"re(^  ("(?:[^"\\]|\\.)*") \[.*\];$)re");
  const std::regex edge(R"re(^  ("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*");$)re");
  std::smatch m;
  while (std::getline(in, line)) {
    for (char c : line) {
      dot.depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      dot.balanced = dot.balanced && dot.depth >= 0;
    }
    if (std::regex_match(line, m, node)) dot.nodes.insert(m[1]);
    if (std::regex_match(line, m, edge)) dot.edges.emplace(m[1], m[2]);
  }
  return dot;
}

TEST(Graph, WellFormedWithEveryEdgeEndpointDeclared) {
  auto loaded = redflag::load_file("tests/fixtures/rules/low_back_pain.rf");
  ASSERT_TRUE(loaded.ok()) << loaded.formatted();
  const std::string text = redflag::detail::dot(loaded.value());
  EXPECT_TRUE(text.starts_with("digraph \"low_back_pain\" {\n"));
  const Dot dot = read(text);
  EXPECT_TRUE(dot.balanced);
  EXPECT_EQ(dot.depth, 0);
  EXPECT_GT(dot.edges.size(), 50u);
  for (const auto& [from, to] : dot.edges) {
    EXPECT_TRUE(dot.nodes.count(from)) << from;
    EXPECT_TRUE(dot.nodes.count(to)) << to;
  }
  EXPECT_TRUE(dot.edges.count({"\"question:saddle_numbness\"", "\"let:ces_features\""}));
  EXPECT_TRUE(dot.edges.count({"\"let:ces_features\"", "\"rule:suspected_ces\""}));
  EXPECT_TRUE(dot.edges.count({"\"rule:suspected_ces\"", "\"level:emergency\""}));
  EXPECT_TRUE(dot.edges.count({"\"param:fever_threshold_c\"", "\"let:fever_present\""}));
  EXPECT_TRUE(dot.edges.count({"\"rule:missing_required\"", "\"level:urgent\""}));
}

TEST(Graph, QuotesNamesAndTitles) {
  auto rs = rftest::load_ok(
      "ruleset t \"A \\\"quoted\\\" title\"\nversion \"1\"\nlevels { low \"x\" indicator info }\n"
      "default low\n");
  const std::string text = redflag::detail::dot(rs);
  EXPECT_THAT(text, ::testing::HasSubstr("label=\"A \\\"quoted\\\" title 1\";"));
  EXPECT_TRUE(read(text).balanced);
}

}  // namespace
