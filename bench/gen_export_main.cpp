// redflag_gen_export: writes a synthetic questionnaire export of any size for a rule file.
//
//   redflag_gen_export RULES [--rows N] [--format csv|ndjson|fhir] [--seed S] [--missing P]
//                      [-o FILE]
//
// The questions come from RULES (and the files it `use`s); see gen_export.hpp for the answer
// distributions. Output is deterministic for a given (RULES, N, seed, missing). Exit codes: 0
// written, 2 bad rule file or unwritable output, 64 usage.
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "gen_export.hpp"

namespace {

constexpr const char* kUsage =
    "usage: redflag_gen_export RULES [--rows N] [--format csv|ndjson|fhir] [--seed S]\n"
    "                          [--missing P] [-o FILE]\n"
    "Writes N (default 1000) synthetic patients' answers to the questions of RULES.\n"
    "  --format   csv (default; header record_id,<question ids>), ndjson (answers objects),\n"
    "             fhir (FHIR R4 QuestionnaireResponse, one per line)\n"
    "  --seed     seed of the deterministic generator (default 1)\n"
    "  --missing  probability an asked optional question is unanswered (default 0.03;\n"
    "             required questions a quarter of that)\n"
    "  -o FILE    output file (default: standard output)\n";

int usage(std::string_view message) {
  std::cerr << "redflag_gen_export: " << message << "\n" << kUsage;
  return 64;
}

template <class T>
bool parse(std::string_view text, T& out) {
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc{} && r.ptr == text.data() + text.size();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  std::string rules_path, output_path;
  std::uint64_t rows = 1000;
  redflag::bench::GenOptions options;
  redflag::bench::ExportFormat format = redflag::bench::ExportFormat::csv;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    const auto value = [&]() -> std::string_view {
      return i + 1 < args.size() ? args[++i] : std::string_view{};
    };
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--rows") {
      if (!parse(value(), rows)) return usage("--rows needs a whole number");
    } else if (a == "--seed") {
      if (!parse(value(), options.seed)) return usage("--seed needs a whole number");
    } else if (a == "--missing") {
      if (!parse(value(), options.missing) || !(options.missing >= 0 && options.missing <= 1))
        return usage("--missing needs a probability between 0 and 1");
    } else if (a == "--format") {
      if (!redflag::bench::parse_format(value(), format))
        return usage("--format is csv, ndjson or fhir");
    } else if (a == "-o" || a == "--output") {
      output_path = std::string(value());
      if (output_path.empty()) return usage("-o needs a file name");
    } else if (!a.empty() && a[0] == '-') {
      return usage("unknown option " + std::string(a));
    } else if (rules_path.empty()) {
      rules_path = std::string(a);
    } else {
      return usage("more than one rule file");
    }
  }
  if (rules_path.empty()) return usage("no rule file");

  const redflag::LoadResult loaded = redflag::load_file(rules_path);
  if (!loaded) {
    std::cerr << loaded.formatted();
    return 2;
  }
  const redflag::bench::ExportGenerator generator(loaded.value(), options);

  std::FILE* out = output_path.empty() ? stdout : std::fopen(output_path.c_str(), "wb");
  if (!out) {
    std::cerr << "redflag_gen_export: cannot write " << output_path << ": " << std::strerror(errno)
              << "\n";
    return 2;
  }
  std::string buffer;
  buffer.reserve(1 << 21);
  std::vector<redflag::Value> values;
  generator.write_header(format, buffer);
  bool ok = true;
  for (std::uint64_t i = 0; i < rows && ok; ++i) {
    generator.generate(i, values);
    generator.write_record(format, i, values, buffer);
    if (buffer.size() >= (1 << 20)) {
      ok = std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size();
      buffer.clear();
    }
  }
  if (ok) ok = std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size();
  if (out != stdout)
    ok = (std::fclose(out) == 0) && ok;
  else
    ok = (std::fflush(out) == 0) && ok;
  if (!ok) {
    std::cerr << "redflag_gen_export: write failed: " << std::strerror(errno) << "\n";
    return 2;
  }
  return 0;
}
