// redflag: SHA-256 (FIPS 180-4), for the content hash of a rule set and of input files.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace redflag {
inline namespace v1 {
namespace detail {

/// An incremental SHA-256: update() with the bytes in any number of pieces, then hex().
class Sha256 {
 public:
  Sha256() noexcept;
  void update(std::string_view bytes) noexcept;
  /// The digest of everything given so far, as 64 lowercase hex digits. Ends the hash: call
  /// it once.
  std::string hex();

 private:
  void block(const unsigned char* p) noexcept;

  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes
};

/// The SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace detail
}  // namespace v1
}  // namespace redflag
