#include "base/gzip.h"

#include <isa-l.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace credtrace {

struct Inflater::State {
  inflate_state s;
};

Inflater::Inflater() : st_(std::make_unique<State>()) { Reset({}); }

Inflater::Inflater(std::string_view compressed) : st_(std::make_unique<State>()) { Reset(compressed); }

void Inflater::Reset(std::string_view compressed) {
  in_ = compressed;
  done_ = in_.empty();
  total_out_ = 0;
  isal_inflate_init(&st_->s);
  st_->s.crc_flag = ISAL_GZIP;
  st_->s.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in_.data()));
  // ISA-L counts input in 32 bits; feed at most 1 GiB at a time.
  st_->s.avail_in = static_cast<uint32_t>(std::min<size_t>(in_.size(), 1u << 30));
}

Inflater::~Inflater() = default;

uint64_t Inflater::compressed_offset() const {
  return static_cast<uint64_t>(reinterpret_cast<const char*>(st_->s.next_in) - in_.data());
}

Status Inflater::Read(std::string* out, size_t max_bytes) {
  size_t start = out->size();
  size_t want = std::min<size_t>(max_bytes, 1u << 30);
  out->resize(start + want);
  size_t produced = 0;
  Status st = ReadInto(out->data() + start, want, &produced);
  out->resize(start + produced);
  return st;
}

Status Inflater::ReadInto(char* dst, size_t cap, size_t* produced) {
  *produced = 0;
  if (done_ || cap == 0) return Status::Ok();
  inflate_state& s = st_->s;
  size_t want = std::min<size_t>(cap, 1u << 30);
  s.next_out = reinterpret_cast<uint8_t*>(dst);
  s.avail_out = static_cast<uint32_t>(want);
  while (s.avail_out > 0) {
    // Refill the 32-bit input window from the remaining buffer.
    uint64_t consumed = compressed_offset();
    if (s.avail_in == 0 && consumed < in_.size()) {
      s.avail_in = static_cast<uint32_t>(std::min<uint64_t>(in_.size() - consumed, 1u << 30));
    }
    int rc = isal_inflate(&s);
    if (rc < 0) {
      *produced = want - s.avail_out;
      total_out_ += *produced;
      const char* why = rc == ISAL_INCORRECT_CHECKSUM    ? "gzip checksum mismatch"
                        : rc == ISAL_INVALID_WRAPPER     ? "invalid gzip header"
                        : rc == ISAL_UNSUPPORTED_METHOD  ? "unsupported gzip method"
                                                         : "invalid deflate data";
      done_ = true;
      return Status::Corrupt(std::string(why) + " at compressed offset " +
                             std::to_string(compressed_offset()));
    }
    if (s.block_state == ISAL_BLOCK_FINISH) {
      // End of one member. Another may follow (concatenated gzip), possibly after zero padding.
      uint64_t pos = compressed_offset();
      while (pos < in_.size() && in_[pos] == '\0') ++pos;
      if (pos >= in_.size()) {
        done_ = true;
        break;
      }
      isal_inflate_reset(&s);
      s.crc_flag = ISAL_GZIP;
      s.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in_.data() + pos));
      s.avail_in = static_cast<uint32_t>(std::min<uint64_t>(in_.size() - pos, 1u << 30));
      continue;
    }
    if (s.avail_in == 0 && compressed_offset() >= in_.size() && s.avail_out > 0) {
      // Input exhausted before the end of the member.
      *produced = want - s.avail_out;
      total_out_ += *produced;
      done_ = true;
      return Status::Corrupt("truncated gzip stream (input ends at compressed offset " +
                             std::to_string(in_.size()) + " before the end of the data)");
    }
  }
  *produced = want - s.avail_out;
  total_out_ += *produced;
  return Status::Ok();
}

Status Gunzip(std::string_view compressed, uint64_t max_out, std::string* out) {
  Inflater inf(compressed);
  // Start from a guess from the size of the input; CloudTrail JSON compresses about 10x.
  size_t chunk = std::clamp<size_t>(compressed.size() * 12, 64 * 1024, 64 * 1024 * 1024);
  while (!inf.done()) {
    if (inf.total_out() >= max_out) {
      // Probe one more byte: a stream that ends exactly at the bound is fine.
      std::string probe;
      Status s = inf.Read(&probe, 1);
      if (!s.ok()) return s;
      if (probe.empty() && inf.done()) break;
      return Status::TooLarge("decompressed size exceeds the limit of " + std::to_string(max_out) +
                              " bytes (possible gzip bomb)");
    }
    size_t n = static_cast<size_t>(std::min<uint64_t>(chunk, max_out - inf.total_out()));
    CT_RETURN_IF_ERROR(inf.Read(out, n));
  }
  return Status::Ok();
}

Status GunzipInto(Inflater* inf, std::string_view compressed, uint64_t max_out, size_t padding,
                  std::string* buf, size_t* len) {
  inf->Reset(compressed);
  *len = 0;
  // The gzip trailer's ISIZE (size mod 2^32 of the last member) is a good first guess.
  uint64_t guess = 64 * 1024;
  if (compressed.size() >= 18) {
    uint32_t isize;
    std::memcpy(&isize, compressed.data() + compressed.size() - 4, 4);
    guess = std::max<uint64_t>(guess, isize + 1);
  }
  guess = std::min<uint64_t>(guess, max_out + 1);
  if (buf->size() < guess + padding) buf->resize(guess + padding);
  Status st;
  while (!inf->done()) {
    if (*len >= max_out) {
      // Probe one more byte: a stream that ends exactly at the bound is fine.
      char probe;
      size_t n = 0;
      st = inf->ReadInto(&probe, 1, &n);
      if (!st.ok()) break;
      if (n == 0 && inf->done()) break;
      st = Status::TooLarge("decompressed size exceeds the limit of " + std::to_string(max_out) +
                            " bytes (possible gzip bomb)");
      break;
    }
    if (buf->size() < *len + padding + 1) buf->resize(std::max(buf->size() * 2, *len + padding + 1));
    size_t room = static_cast<size_t>(std::min<uint64_t>(buf->size() - padding - *len, max_out - *len));
    size_t n = 0;
    st = inf->ReadInto(buf->data() + *len, room, &n);
    *len += n;
    if (!st.ok()) break;
  }
  if (buf->size() < *len + padding) buf->resize(*len + padding);
  return st;
}

std::string GzipCompress(std::string_view data, int level) {
  isal_zstream z;
  isal_deflate_init(&z);
  std::vector<uint8_t> level_buf;
  switch (level) {
    case 0: break;
    case 1: level_buf.resize(ISAL_DEF_LVL1_DEFAULT); break;
    case 2: level_buf.resize(ISAL_DEF_LVL2_DEFAULT); break;
    default: level = 3; level_buf.resize(ISAL_DEF_LVL3_DEFAULT); break;
  }
  z.level = static_cast<uint32_t>(level);
  z.level_buf = level_buf.empty() ? nullptr : level_buf.data();
  z.level_buf_size = static_cast<uint32_t>(level_buf.size());
  z.gzip_flag = IGZIP_GZIP;
  z.end_of_stream = 1;
  z.flush = NO_FLUSH;
  z.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uint32_t>(data.size());
  std::string out;
  out.resize(data.size() + data.size() / 8 + 1024);
  z.next_out = reinterpret_cast<uint8_t*>(out.data());
  z.avail_out = static_cast<uint32_t>(out.size());
  while (true) {
    isal_deflate(&z);
    if (z.internal_state.state == ZSTATE_END) break;
    size_t used = out.size() - z.avail_out;
    out.resize(out.size() * 2);
    z.next_out = reinterpret_cast<uint8_t*>(out.data() + used);
    z.avail_out = static_cast<uint32_t>(out.size() - used);
  }
  out.resize(out.size() - z.avail_out);
  return out;
}

}  // namespace credtrace
