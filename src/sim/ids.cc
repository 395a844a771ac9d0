#include "sim/ids.h"

#include <cstdio>

namespace credtrace::sim {

namespace {
constexpr std::string_view kHexDigits = "0123456789abcdef";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
  int64_t y;
  unsigned mo, d;
  int h, mi, s;
};

Civil ToCivil(TimeMs t) {
  int64_t secs = t / 1000;
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) { rem += 86400; --days; }
  Civil c{};
  CivilFromDays(days, &c.y, &c.mo, &c.d);
  c.h = static_cast<int>(rem / 3600);
  c.mi = static_cast<int>(rem % 3600 / 60);
  c.s = static_cast<int>(rem % 60);
  return c;
}

std::string AmPm(TimeMs t, bool comma) {
  Civil c = ToCivil(t);
  int h12 = c.h % 12 == 0 ? 12 : c.h % 12;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %u, %lld%s %d:%02d:%02d %s", kMonths[c.mo - 1], c.d,
                static_cast<long long>(c.y), comma ? "," : "", h12, c.mi, c.s,
                c.h < 12 ? "AM" : "PM");
  return buf;
}
}  // namespace

void AppendUuid(std::string* out, Rng* rng) {
  uint64_t a = rng->Next(), b = rng->Next();
  char buf[37];
  int p = 0;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) buf[p++] = '-';
    uint64_t w = i < 16 ? a : b;
    unsigned nib = static_cast<unsigned>((w >> (4 * (i % 16))) & 15);
    if (i == 12) nib = 4;                      // version 4
    if (i == 16) nib = 8 | (nib & 3);          // variant 10xx
    buf[p++] = kHexDigits[nib];
  }
  out->append(buf, 36);
}

std::string Uuid(Rng* rng) {
  std::string s;
  AppendUuid(&s, rng);
  return s;
}

std::string RandomChars(Rng* rng, std::string_view alphabet, size_t n) {
  std::string s(n, ' ');
  for (size_t i = 0; i < n; ++i) s[i] = alphabet[rng->Below(alphabet.size())];
  return s;
}

std::string Hex(Rng* rng, size_t n) {
  std::string s(n, '0');
  uint64_t w = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i % 16 == 0) w = rng->Next();
    s[i] = kHexDigits[w & 15];
    w >>= 4;
  }
  return s;
}

std::string S3RequestId(Rng* rng) { return RandomChars(rng, kUpperAlnum, 16); }

std::string AmzId2(Rng* rng) { return RandomChars(rng, kBase64, 75) + "="; }

void AppendSessionToken(std::string* out, Rng* rng) {
  // Real tokens are base64 protobuf whose first bytes are constant ("IQoJb3JpZ2luX2Vj...").
  out->append("IQoJb3JpZ2luX2VjE");
  size_t n = 560 + 4 * rng->Below(60);
  uint64_t w = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i % 10 == 0) w = rng->Next();
    out->push_back(kBase64[w & 63]);
    w >>= 6;
  }
  out->append("=");
}

std::string FileUniqueString(Rng* rng) { return RandomChars(rng, kAlnum, 16); }

std::string InstanceId(Rng* rng) { return "i-0" + Hex(rng, 16); }

std::string ResourceId(Rng* rng, std::string_view prefix) {
  return std::string(prefix) + "0" + Hex(rng, 16);
}

std::string IamDate(TimeMs t) { return AmPm(t, false); }
std::string StsDate(TimeMs t) { return AmPm(t, true); }

std::string IsoSeconds(TimeMs t) {
  Civil c = ToCivil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(c.y),
                c.mo, c.d, c.h, c.mi, c.s);
  return buf;
}

std::string FileStamp(TimeMs t) {
  Civil c = ToCivil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02uT%02d%02dZ", static_cast<long long>(c.y), c.mo,
                c.d, c.h, c.mi);
  return buf;
}

std::string DateFolder(TimeMs t) {
  Civil c = ToCivil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld/%02u/%02u", static_cast<long long>(c.y), c.mo, c.d);
  return buf;
}

}  // namespace credtrace::sim
