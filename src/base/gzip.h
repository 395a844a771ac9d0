// gzip through ISA-L (igzip): the fastest inflate Debian ships, and the same code `igzip -dc` runs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace credtrace {

inline bool IsGzip(std::string_view data) {
  return data.size() >= 2 && static_cast<uint8_t>(data[0]) == 0x1f &&
         static_cast<uint8_t>(data[1]) == 0x8b;
}

// Streaming gzip decompression of an in-memory compressed buffer (one or more gzip members, as
// `gzip -dc` accepts). The compressed buffer must outlive the Inflater.
class Inflater {
 public:
  Inflater();
  explicit Inflater(std::string_view compressed);
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Starts over on another compressed buffer (the ~40 KB decoder state is reused).
  void Reset(std::string_view compressed);

  // Appends up to `max_bytes` more decompressed bytes to *out. Returns Ok with nothing appended
  // at the clean end of the stream (check done()). A corrupt or truncated stream gives kCorrupt;
  // what was decompressed before the error has been appended already.
  Status Read(std::string* out, size_t max_bytes);
  // The same into dst[0, cap): *produced bytes written.
  Status ReadInto(char* dst, size_t cap, size_t* produced);
  bool done() const { return done_; }
  // Offset in the compressed input reached so far (for error messages).
  uint64_t compressed_offset() const;
  uint64_t total_out() const { return total_out_; }

 private:
  std::string_view in_;
  struct State;
  std::unique_ptr<State> st_;
  bool done_ = false;
  uint64_t total_out_ = 0;
};

// Decompresses a whole gzip buffer into *out. Fails with kTooLarge as soon as the output would
// exceed max_out bytes (the bound against gzip bombs), kCorrupt on a bad or truncated stream; in
// both cases *out holds what was decompressed before the failure.
Status Gunzip(std::string_view compressed, uint64_t max_out, std::string* out);

// Like Gunzip, into the storage *buf, reusing the inflater: buf's size is only ever grown (and
// so zero-filled only when it grows), *len receives the length of the content, and at least
// `padding` bytes of buf follow it. For hot loops over many small files.
Status GunzipInto(Inflater* inf, std::string_view compressed, uint64_t max_out, size_t padding,
                  std::string* buf, size_t* len);

// Compresses data as one gzip member. level 0..3 (ISA-L levels; 1 is fast and ~gzip -6 size).
std::string GzipCompress(std::string_view data, int level = 1);

}  // namespace credtrace
