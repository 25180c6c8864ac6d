// redflag: the rule sets installed with redflag, found by name (see load.hpp).
#include <dlfcn.h>

#include <cstdlib>
#include <system_error>

#include "redflag/load.hpp"

// Where `cmake --install` puts the rules, and the same relative to the installed binaries and
// libraries (so a tree installed under any prefix finds its own rules). Set by src/CMakeLists.txt.
#ifndef REDFLAG_INSTALL_RULES_DIR
#define REDFLAG_INSTALL_RULES_DIR ""
#endif
#ifndef REDFLAG_RULES_FROM_BIN
#define REDFLAG_RULES_FROM_BIN "../share/redflag/rules"
#endif
#ifndef REDFLAG_RULES_FROM_LIB
#define REDFLAG_RULES_FROM_LIB "../share/redflag/rules"
#endif

namespace redflag {
inline namespace v1 {
namespace {

namespace fs = std::filesystem;

bool directory_exists(const fs::path& p) {
  std::error_code ec;
  return !p.empty() && fs::is_directory(p, ec);
}

/// The directory of the program or shared library this code is part of.
fs::path own_directory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&own_directory), &info) == 0 || !info.dli_fname)
    return {};
  std::error_code ec;
  const fs::path self = fs::canonical(info.dli_fname, ec);
  return ec ? fs::path() : self.parent_path();
}

}  // namespace

std::filesystem::path bundled_rules_directory() {
  if (const char* env = std::getenv("REDFLAG_RULES_DIR"); env && *env) return env;
  if (const fs::path own = own_directory(); !own.empty()) {
    for (const char* relative : {REDFLAG_RULES_FROM_BIN, REDFLAG_RULES_FROM_LIB}) {
      if (const fs::path dir = (own / relative).lexically_normal(); directory_exists(dir))
        return dir;
    }
  }
  return REDFLAG_INSTALL_RULES_DIR;
}

std::filesystem::path find_rules(std::string_view name_or_path) {
  const fs::path given(name_or_path);
  std::error_code ec;
  const bool bare = !name_or_path.empty() && given == given.filename() &&
                    given.extension().empty() && name_or_path != "." && name_or_path != "..";
  if (!bare || fs::exists(given, ec)) return given;
  const fs::path bundled = bundled_rules_directory() / (std::string(name_or_path) + ".rf");
  return fs::exists(bundled, ec) ? bundled : given;
}

LoadResult load_bundled(std::string_view name, const LoadOptions& options) {
  return load_file(bundled_rules_directory() / (std::string(name) + ".rf"), options);
}

}  // namespace v1
}  // namespace redflag
