// redflag CLI: `redflag batch` output, written atomically, gzip-compressed for a name ending in
// ".gz" (see batch.hpp).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include "batch.hpp"

namespace redflag::cli::batch {
namespace {

std::string reason(int error_number) {
  return std::generic_category().message(error_number);
}

// The temporary files to remove when a signal stops the run. A fixed table of fixed buffers, so
// that the handler only calls async-signal-safe functions (unlink, signal, raise).
constexpr std::size_t kSlots = 8;
char g_temp_paths[kSlots][4096];
std::atomic<bool> g_temp_used[kSlots];

int register_temp(const std::string& path) {
  if (path.size() >= sizeof g_temp_paths[0]) return -1;
  for (std::size_t i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (g_temp_used[i].compare_exchange_strong(expected, true)) {
      std::memcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
      return int(i);
    }
  }
  return -1;
}

void unregister_temp(const std::string& path) {
  for (std::size_t i = 0; i < kSlots; ++i) {
    if (g_temp_used[i].load() && path == g_temp_paths[i]) g_temp_used[i].store(false);
  }
}

extern "C" void remove_temp_and_die(int signal_number) {
  for (std::size_t i = 0; i < kSlots; ++i)
    if (g_temp_used[i].load()) ::unlink(g_temp_paths[i]);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

}  // namespace

void install_signal_cleanup() {
  for (int s : {SIGTERM, SIGINT, SIGHUP}) {
    struct sigaction action {};
    action.sa_handler = remove_temp_and_die;
    sigemptyset(&action.sa_mask);
    ::sigaction(s, &action, nullptr);
  }
}

struct GzipMember::State {
  z_stream z{};
  bool open = false;
};

GzipMember::GzipMember() : state_(std::make_unique<State>()) {
  // Level 1: the fastest; a higher level would make compression the slowest step of a run.
  state_->open = deflateInit2(&state_->z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

GzipMember::~GzipMember() {
  if (state_->open) deflateEnd(&state_->z);
}

bool GzipMember::compress(std::string_view text, std::string& out) {
  out.clear();
  if (!state_->open) return false;
  z_stream& z = state_->z;
  deflateReset(&z);
  out.resize(deflateBound(&z, static_cast<uLong>(text.size())));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const bool ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
  out.resize(ok ? out.size() - z.avail_out : 0);
  return ok;
}

Output::Output() = default;

Output::~Output() {
  abandon();
}

std::string Output::name() const {
  return path_.empty() ? std::string("standard output") : path_;
}

bool Output::open(std::string_view path, std::string& error) {
  if (path.empty() || path == "-") {
    fd_ = STDOUT_FILENO;
    return true;
  }
  path_ = path;
  if (path_.ends_with(".gz")) gzip_ = std::make_unique<GzipMember>();
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) {
      error = "cannot write " + path_ + ": it is a directory";
      return false;
    }
    // A device or FIFO (/dev/stdout, /dev/full, a named pipe): nothing to rename; write to it.
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) {
      error = "cannot open " + path_ + ": " + reason(errno);
      return false;
    }
    owned_ = true;
    return true;
  }
  // A temporary file beside the final one (same file system, so rename is atomic).
  const std::filesystem::path final_path(path_);
  std::filesystem::path dir = final_path.parent_path();
  if (dir.empty()) dir = ".";
  std::string pattern = (dir / ("." + final_path.filename().string() + ".tmp-XXXXXX")).string();
  fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd_ < 0) {
    error = "cannot write " + path_ + ": " + reason(errno);
    return false;
  }
  owned_ = true;
  temp_ = pattern;
  register_temp(temp_);
  return true;
}

bool Output::write(std::string_view bytes, std::string& error) {
  if (!gzip_) return write_raw(bytes, error);
  if (!gzip_->compress(bytes, packed_)) {
    error = "cannot write " + name() + ": compression failed";
    return false;
  }
  return write_raw(packed_, error);
}

bool Output::write_compressed(std::string_view member, std::string& error) {
  return write_raw(member, error);
}

bool Output::write_raw(std::string_view bytes, std::string& error) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot write " + name() + ": " + reason(errno);
      return false;
    }
    bytes.remove_prefix(std::size_t(n));
    written_ += std::uint64_t(n);
  }
#if defined(SYNC_FILE_RANGE_WRITE)
  // Start writing the file out every 8 MiB, so that the fsync of commit() finds little left to
  // do: the disk works while the records are screened instead of after.
  constexpr std::uint64_t kFlushStep = 8u << 20;
  if (!temp_.empty() && written_ - flushing_ >= kFlushStep) {
    ::sync_file_range(fd_, off64_t(flushing_), off64_t(written_ - flushing_),
                      SYNC_FILE_RANGE_WRITE);
    flushing_ = written_;
  }
#endif
  return true;
}

bool Output::finish(std::string& error) {
  if (finished_) return true;
  // A gzip file holds at least one member, if only an empty one.
  if (gzip_ && written_ == 0 && !write({}, error)) {
    abandon();
    return false;
  }
  if (temp_.empty()) {
    if (owned_ && ::close(fd_) != 0) {
      error = "cannot write " + path_ + ": " + reason(errno);
      fd_ = -1;
      return false;
    }
    fd_ = -1;
    finished_ = true;
    return true;
  }
  // mkstemp made the file 0600; give it the permissions a new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    error = "cannot write " + path_ + ": " + reason(errno);
    fd_ = -1;
    abandon();
    return false;
  }
  fd_ = -1;
  finished_ = true;
  return true;
}

bool Output::commit(std::string& error) {
  if (!finish(error)) return false;
  if (temp_.empty()) return true;
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    error = "cannot write " + path_ + ": " + reason(errno);
    abandon();
    return false;
  }
  unregister_temp(temp_);
  temp_.clear();
  return true;
}

bool Output::commit_all(std::span<Output* const> outputs, std::string& error) {
  bool ok = true;
  for (Output* output : outputs)
    if (ok && !output->finish(error)) ok = false;
  std::vector<std::string> renamed;
  for (Output* output : outputs) {
    if (!ok) break;
    const bool temporary = !output->temp_.empty();
    if (!output->commit(error)) {
      ok = false;
    } else if (temporary) {
      renamed.push_back(output->path_);
    }
  }
  if (ok) return true;
  for (const std::string& path : renamed)
    ::unlink(path.c_str());
  for (Output* output : outputs)
    output->abandon();
  return false;
}

void Output::abandon() noexcept {
  if (owned_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) {
    ::unlink(temp_.c_str());
    unregister_temp(temp_);
    temp_.clear();
  }
}

}  // namespace redflag::cli::batch
