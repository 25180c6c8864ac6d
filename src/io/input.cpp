// redflag io: inputs (see input.hpp). Raw bytes come from a file descriptor or memory; a gzip
// stream (magic bytes 1f 8b) is inflated with zlib, member after member, and one that ends early
// is a read error rather than a silently shorter input.
#include "io/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

namespace redflag::io {
namespace {

std::string reason(int error_number) {
  return std::generic_category().message(error_number);
}

/// An Input over raw bytes from `read_raw`, inflating them when they start with the gzip magic.
class RawInput : public Input {
 public:
  explicit RawInput(std::string name) : Input(std::move(name)) {}
  ~RawInput() override {
    if (inflating_) inflateEnd(&z_);
  }

  std::size_t read(char* buffer, std::size_t n, std::string& error) override {
    if (!pending_error_.empty()) {
      error = pending_error_;
      return 0;
    }
    if (!started_ && !start(error)) return 0;
    if (!gzip_) return read_plain(buffer, n, error);
    // Bytes inflated before an error are handed out first; the error comes with the next read.
    std::string failure;
    const std::size_t got = read_gzip(buffer, n, failure);
    if (!failure.empty()) {
      if (got == 0) error = failure;
      pending_error_ = std::move(failure);
    }
    return got;
  }
  std::uint64_t consumed() const noexcept override {
    return consumed_.load(std::memory_order_relaxed);
  }
  bool compressed() const noexcept override { return gzip_; }

 protected:
  /// Reads raw bytes; 0 at the end; on error returns 0 and sets `error`.
  virtual std::size_t read_raw(char* buffer, std::size_t n, std::string& error) = 0;

 private:
  /// Looks at the first bytes to tell gzip from plain input.
  bool start(std::string& error) {
    started_ = true;
    raw_.resize(1 << 18);
    while (raw_end_ < 2) {
      const std::size_t got = read_raw(raw_.data() + raw_end_, raw_.size() - raw_end_, error);
      if (got == 0) break;
      raw_end_ += got;
    }
    if (!error.empty()) return false;
    gzip_ = raw_end_ >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f &&
            static_cast<unsigned char>(raw_[1]) == 0x8b;
    if (gzip_) {
      std::memset(&z_, 0, sizeof z_);
      if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) {
        error = "cannot read " + name_ + ": zlib initialisation failed";
        return false;
      }
      inflating_ = true;
    }
    return true;
  }

  std::size_t read_plain(char* buffer, std::size_t n, std::string& error) {
    if (raw_pos_ < raw_end_) {
      const std::size_t k = std::min(n, raw_end_ - raw_pos_);
      std::memcpy(buffer, raw_.data() + raw_pos_, k);
      raw_pos_ += k;
      consumed_.fetch_add(k, std::memory_order_relaxed);
      return k;
    }
    const std::size_t got = read_raw(buffer, n, error);
    consumed_.fetch_add(got, std::memory_order_relaxed);
    return got;
  }

  std::size_t read_gzip(char* buffer, std::size_t n, std::string& error) {
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    z_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    while (z_.avail_out > 0) {
      if (raw_pos_ == raw_end_) {
        if (raw_eof_) break;
        raw_pos_ = 0;
        raw_end_ = read_raw(raw_.data(), raw_.size(), error);
        if (!error.empty()) break;
        if (raw_end_ == 0) {
          raw_eof_ = true;
          if (!member_done_) error = "cannot read " + name_ + ": the gzip stream is truncated";
          break;
        }
      }
      z_.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
      z_.avail_in = static_cast<uInt>(raw_end_ - raw_pos_);
      if (member_done_) {
        // Another gzip member follows (concatenated files, as `cat a.gz b.gz` makes).
        inflateReset(&z_);
        member_done_ = false;
      }
      const int rc = inflate(&z_, Z_NO_FLUSH);
      const std::size_t used = (raw_end_ - raw_pos_) - z_.avail_in;
      raw_pos_ += used;
      consumed_.fetch_add(used, std::memory_order_relaxed);
      if (rc == Z_STREAM_END) {
        member_done_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error = "cannot read " + name_ + ": corrupt gzip data (" +
                (z_.msg ? std::string(z_.msg) : "zlib error " + std::to_string(rc)) + ")";
        break;
      }
    }
    return n - z_.avail_out;
  }

  std::vector<char> raw_;
  std::size_t raw_pos_ = 0, raw_end_ = 0;
  bool raw_eof_ = false;
  bool started_ = false, gzip_ = false, inflating_ = false;
  bool member_done_ = false;
  z_stream z_{};
  // Written by the thread that reads, read by the one that shows progress.
  std::atomic<std::uint64_t> consumed_{0};
  std::string pending_error_;
};

class FileInput final : public RawInput {
 public:
  FileInput(std::string name, int fd, bool owned)
      : RawInput(std::move(name)), fd_(fd), owned_(owned) {
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) size_ = std::uint64_t(st.st_size);
  }
  ~FileInput() override {
    if (owned_) ::close(fd_);
  }

 protected:
  std::size_t read_raw(char* buffer, std::size_t n, std::string& error) override {
    for (;;) {
      const ssize_t got = ::read(fd_, buffer, n);
      if (got >= 0) return std::size_t(got);
      if (errno == EINTR) continue;
      error = "cannot read " + name_ + ": " + reason(errno);
      return 0;
    }
  }

 private:
  int fd_;
  bool owned_;
};

class MemoryInput final : public RawInput {
 public:
  MemoryInput(std::string bytes, std::string name)
      : RawInput(std::move(name)), bytes_(std::move(bytes)) {
    size_ = bytes_.size();
  }

 protected:
  std::size_t read_raw(char* buffer, std::size_t n, std::string&) override {
    const std::size_t k = std::min(n, bytes_.size() - pos_);
    std::memcpy(buffer, bytes_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<Input> Input::open(std::string_view path, std::string& error) {
  if (path == "-") return std::make_unique<FileInput>("<stdin>", STDIN_FILENO, false);
  const std::string name(path);
  const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open " + name + ": " + reason(errno);
    return nullptr;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    error = "cannot read " + name + ": it is a directory";
    return nullptr;
  }
  return std::make_unique<FileInput>(name, fd, true);
}

std::unique_ptr<Input> Input::from_memory(std::string bytes, std::string name) {
  return std::make_unique<MemoryInput>(std::move(bytes), std::move(name));
}

}  // namespace redflag::io
