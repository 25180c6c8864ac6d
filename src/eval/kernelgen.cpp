// redflag_kernelgen RULES.rf OUT.cpp: writes the kernel of a rule set, its node pass compiled
// ahead of time (see kernel.hpp). OUT.cpp is rewritten only when its text changes. The bundled
// rule sets' kernels are regenerated with `cmake --build BUILD --target redflag_kernels`.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "eval/kernel.hpp"
#include "redflag/redflag.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s RULES.rf OUT.cpp\n", argv[0]);
    return 64;
  }
  const auto loaded = redflag::load_file(argv[1]);
  if (!loaded) {
    std::fprintf(stderr, "%s", loaded.formatted().c_str());
    return 2;
  }
  const auto& program = loaded.value().program();
  const std::string text = redflag::detail::generate_kernel(program, program.id);
  std::ifstream old(argv[2], std::ios::binary);
  const std::string before{std::istreambuf_iterator<char>(old), std::istreambuf_iterator<char>()};
  if (before == text) return 0;
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "%s: cannot write %s\n", argv[0], argv[2]);
    return 2;
  }
  std::fprintf(stderr, "wrote %s\n", argv[2]);
  return 0;
}
