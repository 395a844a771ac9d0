// SHA-256 (OpenSSL EVP), incremental. Hex output is lower-case, as `sha256sum` prints it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace credtrace {

class MappedFile;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view data);
  // Finishes the hash; the object must not be updated afterwards.
  std::array<uint8_t, 32> Final();
  std::string FinalHex();

  static std::string HexOf(std::string_view data);
  // The hash of a whole mapped file, read front to back in chunks whose pages are dropped once
  // hashed (MappedFile::DropBefore): hashing a file of any size keeps resident memory flat.
  static std::string HexOfMapped(MappedFile& file);

 private:
  void* ctx_;  // EVP_MD_CTX*
};

std::string ToHex(const uint8_t* data, size_t n);

}  // namespace credtrace
