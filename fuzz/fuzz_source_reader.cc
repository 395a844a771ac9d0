// Input detection, gzip inflate and record parsing of an evidence file: the bytes are the file.
#include <cstdint>
#include <string>

#include "base/gzip.h"
#include "cloudtrail/source_reader.h"

namespace {
class Sink : public credtrace::cloudtrail::EventSink {
 public:
  std::string_view content;
  size_t n = 0;
  void OnEvent(const credtrace::cloudtrail::Event& e) override {
    // The raw location must lie inside the content and decode.
    if (e.raw_offset + e.raw_length > content.size()) __builtin_trap();
    std::string out;
    if (!credtrace::cloudtrail::DecodeRawRecord(content.substr(e.raw_offset, e.raw_length), e.raw_encoding, &out))
      __builtin_trap();
    n += e.get(credtrace::cloudtrail::Column::kEventName).size();
  }
  void OnRecordError(uint64_t offset, std::string_view) override {
    if (offset > content.size()) __builtin_trap();
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  std::string content;
  if (credtrace::IsGzip(bytes)) {
    (void)credtrace::Gunzip(bytes, 16 << 20, &content);
  } else {
    content = bytes;
  }
  credtrace::cloudtrail::PadForReader(&content);
  Sink sink;
  sink.content = content;
  credtrace::cloudtrail::SourceReader reader(credtrace::cloudtrail::ReaderOptions{1u << 16});
  reader.Read(content, content.capacity(), sink);
  return 0;
}
