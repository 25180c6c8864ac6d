// redflag io: a batch input as a stream of bytes: a file, standard input ("-") or a buffer in
// memory, gzip-compressed or not (detected by its magic bytes, whatever the file is called).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace redflag::io {

/// Reads an input in large blocks. Not thread-safe; one reader per input.
class Input {
 public:
  /// Opens `path` ("-" is standard input). Returns null and sets `error` (naming the file and
  /// the reason) when it cannot be opened or is a directory.
  static std::unique_ptr<Input> open(std::string_view path, std::string& error);
  /// An input over `bytes` (gzip-compressed or not), named `name` in messages.
  static std::unique_ptr<Input> from_memory(std::string bytes, std::string name = "<memory>");

  virtual ~Input() = default;

  /// Reads up to `n` bytes into `buffer`; returns the count, 0 at the end of the input. On a read
  /// error (an unreadable file, a truncated or corrupt gzip stream) returns 0 and sets `error`.
  virtual std::size_t read(char* buffer, std::size_t n, std::string& error) = 0;

  /// The name used in messages: the path, or "<stdin>".
  const std::string& name() const noexcept { return name_; }
  /// The size of the underlying file in bytes (compressed size for gzip), when known.
  std::optional<std::uint64_t> size() const noexcept { return size_; }
  /// How many bytes of the underlying file have been consumed so far (for progress).
  virtual std::uint64_t consumed() const noexcept = 0;
  /// True when the input is gzip-compressed.
  virtual bool compressed() const noexcept = 0;

 protected:
  explicit Input(std::string name) : name_(std::move(name)) {}
  std::string name_;
  std::optional<std::uint64_t> size_;
};

}  // namespace redflag::io
