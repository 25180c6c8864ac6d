// redflag fuzzing: a replay main for builds without libFuzzer (gcc, the normal suite). Runs
// LLVMFuzzerTestOneInput once on every file named, or on every file of every directory named,
// so that each committed corpus (and every crash reproducer added to it) is a regression test.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

bool run(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.string().c_str());
    return false;
  }
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // A copy of exactly the input's size, so that AddressSanitizer sees any read past its end.
  auto* copy = new std::uint8_t[bytes.size() ? bytes.size() : 1];
  std::copy(bytes.begin(), bytes.end(), copy);
  LLVMFuzzerTestOneInput(copy, bytes.size());
  delete[] copy;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t files = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    if (std::filesystem::is_directory(arg)) {
      std::set<std::filesystem::path> sorted;  // a stable order, for reproducible runs
      for (const auto& entry : std::filesystem::directory_iterator(arg))
        if (entry.is_regular_file()) sorted.insert(entry.path());
      for (const auto& path : sorted) {
        ok = run(path) && ok;
        ++files;
      }
    } else {
      ok = run(arg) && ok;
      ++files;
    }
  }
  if (files == 0) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n(no input files found)\n", argv[0]);
    return 1;
  }
  std::printf("replayed %zu inputs\n", files);
  return ok ? 0 : 1;
}
