#include "base/sha256.h"

#include <openssl/evp.h>

#include <algorithm>

#include "base/file.h"

namespace credtrace {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::Update(std::string_view data) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size());
}

std::array<uint8_t, 32> Sha256::Final() {
  std::array<uint8_t, 32> out{};
  unsigned int n = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), out.data(), &n);
  return out;
}

std::string Sha256::FinalHex() {
  auto d = Final();
  return ToHex(d.data(), d.size());
}

std::string Sha256::HexOfMapped(MappedFile& file) {
  constexpr size_t kChunk = size_t{8} << 20;
  Sha256 h;
  for (size_t off = 0; off < file.size(); off += kChunk) {
    file.DropBefore(off);
    h.Update(file.data().substr(off, std::min(kChunk, file.size() - off)));
  }
  return h.FinalHex();
}

std::string Sha256::HexOf(std::string_view data) {
  // One hash per evidence file (tens of thousands an ingest): the digest is fetched once and each
  // thread reuses one context, so a call costs no allocation and none of the provider look-up and
  // locking that EVP_sha256() with a fresh context costs in OpenSSL 3.
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  struct Ctx {
    EVP_MD_CTX* p = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(p); }
  };
  thread_local Ctx ctx;
  uint8_t out[32];
  unsigned int n = 0;
  if (md == nullptr || ctx.p == nullptr || EVP_DigestInit_ex2(ctx.p, md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.p, data.data(), data.size()) != 1 || EVP_DigestFinal_ex(ctx.p, out, &n) != 1) {
    Sha256 h;  // the general path (and its behaviour) when the fast one is unavailable
    h.Update(data);
    return h.FinalHex();
  }
  return ToHex(out, sizeof out);
}

std::string ToHex(const uint8_t* data, size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string s(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    s[2 * i] = kHex[data[i] >> 4];
    s[2 * i + 1] = kHex[data[i] & 15];
  }
  return s;
}

}  // namespace credtrace
