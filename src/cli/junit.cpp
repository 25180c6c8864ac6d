// redflag CLI: JUnit XML (see junit.hpp).
#include "junit.hpp"

#include <cstddef>

namespace redflag::cli {
namespace {

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0;
};

Counts count(std::span<const JunitCase> cases) {
  Counts c;
  for (const JunitCase& t : cases) {
    ++c.tests;
    if (!t.error.empty()) {
      ++c.errors;
    } else if (!t.failures.empty()) {
      ++c.failures;
    }
  }
  return c;
}

std::string counts_attributes(const Counts& c) {
  return " tests=\"" + std::to_string(c.tests) + "\" failures=\"" + std::to_string(c.failures) +
         "\" errors=\"" + std::to_string(c.errors) + "\"";
}

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}

void append_case(std::string& out, const JunitSuite& suite, const JunitCase& t) {
  out += "    <testcase" + attribute("name", t.name) + attribute("classname", suite.name) +
         attribute("file", t.file) + " line=\"" + std::to_string(t.line) + "\"";
  if (t.error.empty() && t.failures.empty()) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  if (!t.error.empty()) {
    const std::string first = t.error.substr(0, t.error.find('\n'));
    out += "      <error" + attribute("message", first) + attribute("type", "error") + ">" +
           xml_escape(t.error) + "</error>\n";
  } else {
    std::string body;
    for (const std::string& f : t.failures)
      body += f + "\n";
    body += t.detail;
    out += "      <failure" + attribute("message", t.failures.front()) +
           attribute("type", "expectation") + ">" + xml_escape(body) + "</failure>\n";
  }
  out += "    </testcase>\n";
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
      case '\n':
      case '\r':
        out += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\xEF\xBF\xBD";  // U+FFFD: XML 1.0 cannot hold other control characters
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string junit_xml(std::string_view name, std::span<const JunitSuite> suites) {
  Counts total;
  for (const JunitSuite& s : suites) {
    const Counts c = count(s.cases);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" +
                    attribute("name", name) + counts_attributes(total) + ">\n";
  for (const JunitSuite& s : suites) {
    out += "  <testsuite" + attribute("name", s.name) + counts_attributes(count(s.cases)) +
           " skipped=\"0\"" + attribute("file", s.file) + ">\n";
    if (!s.properties.empty()) {
      out += "    <properties>\n";
      for (const auto& [key, value] : s.properties)
        out += "      <property" + attribute("name", key) + attribute("value", value) + "/>\n";
      out += "    </properties>\n";
    }
    for (const JunitCase& t : s.cases)
      append_case(out, s, t);
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace redflag::cli
