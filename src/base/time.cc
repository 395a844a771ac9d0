#include "base/time.h"

#include <chrono>
#include <cstdio>

namespace credtrace {

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::optional<TimeMs> ParseIsoTime(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  size_t p = 10;
  int64_t offset_min = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return std::nullopt;
    ++p;
    if (!Digits(s, p, 2, &h) || p + 2 >= s.size() || s[p + 2] != ':' || !Digits(s, p + 3, 2, &mi))
      return std::nullopt;
    p += 5;
    if (p < s.size() && s[p] == ':') {
      if (!Digits(s, p + 1, 2, &sec)) return std::nullopt;
      p += 3;
      if (p < s.size() && s[p] == '.') {
        ++p;
        int scale = 100;
        size_t start = p;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
          if (scale > 0) ms += (s[p] - '0') * scale;
          scale /= 10;
          ++p;
        }
        if (p == start) return std::nullopt;
      }
    }
    if (p >= s.size()) return std::nullopt;  // a time of day needs a zone
    if (s[p] == 'Z' || s[p] == 'z') {
      ++p;
    } else if (s[p] == '+' || s[p] == '-') {
      int oh, om;
      if (!Digits(s, p + 1, 2, &oh)) return std::nullopt;
      size_t q = p + 3;
      if (q < s.size() && s[q] == ':') ++q;
      if (!Digits(s, q, 2, &om)) return std::nullopt;
      offset_min = (oh * 60 + om) * (s[p] == '+' ? 1 : -1);
      p = q + 2;
    } else {
      return std::nullopt;
    }
    if (p != s.size()) return std::nullopt;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
  return secs * 1000 + ms;
}

std::string FormatIsoTime(TimeMs t) {
  int64_t secs = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
  int ms = static_cast<int>(t - secs * 1000);
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t rem = secs - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[40];
  if (y >= 0 && y <= 9999) {
    // The common case without snprintf (manifests format one time a source).
    auto put = [](char* p, unsigned v, int width) {
      for (int k = width - 1; k >= 0; --k, v /= 10) p[k] = static_cast<char>('0' + v % 10);
    };
    put(buf, static_cast<unsigned>(y), 4);
    buf[4] = '-';
    put(buf + 5, m, 2);
    buf[7] = '-';
    put(buf + 8, d, 2);
    buf[10] = 'T';
    put(buf + 11, static_cast<unsigned>(rem / 3600), 2);
    buf[13] = ':';
    put(buf + 14, static_cast<unsigned>(rem / 60 % 60), 2);
    buf[16] = ':';
    put(buf + 17, static_cast<unsigned>(rem % 60), 2);
    size_t n = 19;
    if (ms != 0) {
      buf[n++] = '.';
      put(buf + n, static_cast<unsigned>(ms), 3);
      n += 3;
    }
    buf[n++] = 'Z';
    return std::string(buf, n);
  }
  if (ms == 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                  d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                  static_cast<int>(rem % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                  static_cast<long long>(y), m, d, static_cast<int>(rem / 3600),
                  static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60), ms);
  }
  return buf;
}

std::optional<TimeMs> ParseUserTime(std::string_view s, TimeMs now) {
  if (s == "now") return now;
  if (!s.empty() && s[0] == '-' && s.size() >= 3) {
    int64_t n = 0;
    size_t i = 1;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (n > 1'000'000'000) return std::nullopt;  // past any sensible look-back; avoids overflow
      n = n * 10 + (s[i] - '0');
    }
    if (i + 1 != s.size() || i == 1) return std::nullopt;
    int64_t unit = 0;
    switch (s[i]) {
      case 's': unit = 1000; break;
      case 'm': unit = 60'000; break;
      case 'h': unit = 3'600'000; break;
      case 'd': unit = 86'400'000; break;
      default: return std::nullopt;
    }
    return now - n * unit;
  }
  return ParseIsoTime(s);
}

TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace credtrace
