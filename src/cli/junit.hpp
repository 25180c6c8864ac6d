// redflag CLI: JUnit XML, the test report format CI systems read (Jenkins, GitLab, GitHub
// Actions reporters, Azure Pipelines): <testsuites>/<testsuite>/<testcase>/<failure|error>.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace redflag::cli {

/// One test case: passed when it has neither failures nor an error.
struct JunitCase {
  std::string name;
  std::string file;  ///< where the test is written
  std::uint32_t line = 0;
  std::vector<std::string> failures;  ///< one line per unmet expectation
  std::string detail;                 ///< more text for the failure body (the actual result)
  std::string error;                  ///< the test could not run (e.g. the file did not load)
};

/// One suite: the tests of one rule file.
struct JunitSuite {
  std::string name;
  std::string file;
  std::vector<JunitCase> cases;
  std::vector<std::pair<std::string, std::string>> properties;  ///< e.g. coverage figures
};

/// The report as an XML document (UTF-8, with the declaration and a final newline). Times are
/// left out on purpose: the report of a given set of files is reproducible byte for byte.
std::string junit_xml(std::string_view name, std::span<const JunitSuite> suites);

/// `text` with the five XML special characters escaped, and the control characters XML 1.0
/// cannot hold replaced by U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace redflag::cli
