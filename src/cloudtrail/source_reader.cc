#include "cloudtrail/source_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <functional>

#include "cloudtrail/record_parser.h"
#include "cloudtrail/salvage_scanner.h"

namespace credtrace::cloudtrail {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

static_assert(SourceReader::kPadding >= simdjson::SIMDJSON_PADDING);

// On-Demand is compiled inline for the target the compiler was given; on x86-64 that must be
// the AVX2 kernel, not the portable one (several times slower). See CREDTRACE_MARCH in CMake.
#define CREDTRACE_STR2(x) #x
#define CREDTRACE_STR(x) CREDTRACE_STR2(x)
#if defined(__x86_64__) && !defined(CREDTRACE_ALLOW_PORTABLE_SIMDJSON)
static_assert(std::string_view(CREDTRACE_STR(SIMDJSON_BUILTIN_IMPLEMENTATION)) != "fallback",
              "simdjson On-Demand would use its portable kernel: build with -march=x86-64-v3 -mpclmul");
#endif

namespace {

inline bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Bits of what was seen in a source, to name its kind at the end.
enum Seen : uint32_t {
  kSeenDelivery = 1, kSeenLines = 2, kSeenLookup = 4, kSeenArray = 8, kSeenBridge = 16,
  kSeenDigest = 32, kSeenInsights = 64, kSeenFinding = 128,
};

}  // namespace

struct SourceReader::Impl : UnknownKeyHandler {
  ReaderOptions opt;
  od::parser outer;
  od::parser inner;
  std::string scratch;  // padded copy for a nested record or a salvaged candidate

  // State of one Read.
  std::string_view content;
  EventSink* sink = nullptr;
  SourceSummary* sum = nullptr;
  uint32_t seen = 0;
  uint64_t resume = 0;  // records that start before this offset were handled already
  // Where the iterator of the document being read stands (for the end of an object).
  std::function<simdjson::simdjson_result<const char*>()> where;
  const char* doc_end = nullptr;

  uint64_t Off(const char* p) const { return static_cast<uint64_t>(p - content.data()); }

  void Reject(uint64_t offset, std::string_view reason) {
    sum->rejected++;
    sink->OnRecordError(offset, reason);
  }

  // The end of the object that starts at `start` and was just iterated to its end.
  const char* EndOfObject(const char* start) {
    const char* p = doc_end;
    auto loc = where();
    if (!loc.error()) p = loc.value_unsafe();
    while (p > start && IsSpace(p[-1])) --p;
    // p now follows the last byte before the next token; it must be a closing brace. When the
    // iterator stands on the closing brace itself (end of document), include it.
    if (p < doc_end && *p == '}' && (p == start || p[-1] != '}')) ++p;
    return p;
  }

  // Emits a parsed record whose text is [start, end).
  // Returns true when the record went to the sink as an event.
  bool Emit(Event& ev, const char* start, const char* end, RawEncoding enc) {
    uint64_t off = Off(start);
    if (off < resume) return false;  // already emitted before a fallback to salvage
    uint64_t len = static_cast<uint64_t>(end - start);
    if (len > opt.max_record_bytes) {
      Reject(off, "record of " + std::to_string(len) + " bytes exceeds the limit of " +
                      std::to_string(opt.max_record_bytes) + " bytes");
      return false;
    }
    if (ev.get(Column::kEventType) == "AwsCloudTrailInsight" ||
        ev.get(Column::kEventCategory) == "Insight") {
      seen |= kSeenInsights;
      sum->set_aside++;
      return false;
    }
    ev.raw_offset = off;
    ev.raw_length = static_cast<uint32_t>(len);
    ev.raw_encoding = enc;
    sum->events++;
    sink->OnEvent(ev);
    return true;
  }

  // Parses a record given as a JSON string (lookup-events CloudTrailEvent) whose token is
  // [tok_begin, tok_end) in the content.
  void ParseEmbedded(std::string_view record_text, const char* tok_begin, const char* tok_end) {
    if (Off(tok_begin) < resume) return;
    if (record_text.size() > opt.max_record_bytes) {
      Reject(Off(tok_begin), "record of " + std::to_string(record_text.size()) +
                                 " bytes exceeds the limit of " + std::to_string(opt.max_record_bytes) + " bytes");
      return;
    }
    scratch.assign(record_text);
    PadForReader(&scratch);
    od::document doc;
    if (error_code e = inner.iterate(scratch.data(), scratch.size(), scratch.capacity()).get(doc)) {
      Reject(Off(tok_begin), std::string("CloudTrailEvent string is not valid JSON: ") + simdjson::error_message(e));
      return;
    }
    od::object obj;
    if (error_code e = doc.get_object().get(obj)) {
      Reject(Off(tok_begin), std::string("CloudTrailEvent is not a JSON object: ") + simdjson::error_message(e));
      return;
    }
    Event ev;
    ObjectShape shape;
    std::string why;
    error_code je = SUCCESS;
    switch (ParseRecordObject(obj, &ev, &shape, nullptr, &why, &je)) {
      case ParseOutcome::kRecord:
        if (Emit(ev, tok_begin, tok_end, RawEncoding::kJsonString)) seen |= kSeenLookup;
        break;
      case ParseOutcome::kNotRecord: Reject(Off(tok_begin), "CloudTrailEvent holds no CloudTrail record"); break;
      case ParseOutcome::kBadRecord: Reject(Off(tok_begin), why); break;
      case ParseOutcome::kJsonError:
        Reject(Off(tok_begin), std::string("CloudTrailEvent string is not valid JSON: ") + simdjson::error_message(je));
        break;
    }
  }

  // Keys of an object that are not record fields: containers and envelopes.
  error_code OnKey(std::string_view k, od::value v, ObjectShape* shape) override {
    if (k == "Records") {
      shape->has_records = true;
      return ReadArrayOfElements(v, kSeenDelivery);
    }
    if (k == "Events") {
      shape->has_events = true;
      return ReadArrayOfElements(v, kSeenLookup);
    }
    if (k == "detail") {
      shape->has_detail = true;
      od::json_type t;
      if (error_code e = v.type().get(t)) return e;
      if (t != od::json_type::object) return SUCCESS;
      return ReadElement(v, kSeenBridge, /*as_detail=*/true);
    }
    if (k == "CloudTrailEvent") {
      shape->cloudtrail_event = true;
      std::string_view tok = v.raw_json_token();
      const char* tb = tok.data();
      std::string_view text;
      if (error_code e = v.get_string().get(text)) return e;
      // The token runs to its closing quote; raw_json_token may include trailing space.
      const char* te = tb + tok.size();
      while (te > tb && IsSpace(te[-1])) --te;
        ParseEmbedded(text, tb, te);
      return SUCCESS;
    }
    if (k == "digestStartTime" || k == "digestEndTime" || k == "logFiles" ||
        k == "digestPublicKeyFingerprint" || k == "previousDigestSignature") {
      shape->digest = true;
      return SUCCESS;
    }
    if (k == "findings" || k == "Findings" || k == "SchemaVersion" || k == "ProductArn" ||
        (k == "service" ) || k == "FindingIds") {
      shape->finding = true;
      return SUCCESS;
    }
    return SUCCESS;
  }

  error_code ReadArrayOfElements(od::value v, uint32_t seen_bit) {
    od::array arr;
    od::json_type t;
    if (error_code e = v.type().get(t)) return e;
    if (t != od::json_type::array) return SUCCESS;
    if (error_code e = v.get_array().get(arr)) return e;
    for (auto er : arr) {
      od::value el;
      if (error_code e = std::move(er).get(el)) return e;
      if (error_code e = ReadElement(el, seen_bit, false)) return e;
    }
    return SUCCESS;
  }

  // One element: a record, a lookup-events item, or an EventBridge envelope.
  error_code ReadElement(od::value el, uint32_t seen_bit, bool as_detail) {
    std::string_view tok = el.raw_json_token();
    const char* start = tok.data();
    od::json_type t;
    if (error_code e = el.type().get(t)) return e;
    if (t != od::json_type::object) {
      if (Off(start) >= resume) Reject(Off(start), "array element is not a JSON object");
      return SUCCESS;  // the iterator skips it
    }
    od::object obj;
    if (error_code e = el.get_object().get(obj)) return e;
    Event ev;
    ObjectShape shape;
    std::string why;
    error_code je = SUCCESS;
    ParseOutcome out = ParseRecordObject(obj, &ev, &shape, this, &why, &je);
    if (out == ParseOutcome::kJsonError) return je;
    const char* end = EndOfObject(start);
    switch (out) {
      case ParseOutcome::kRecord:
        if (Emit(ev, start, end, RawEncoding::kJson)) seen |= seen_bit;
        break;
      case ParseOutcome::kBadRecord:
        if (Off(start) >= resume) Reject(Off(start), why);
        break;
      case ParseOutcome::kNotRecord:
        if (shape.cloudtrail_event || shape.has_detail || shape.has_records || shape.has_events) break;
        if (shape.finding) { seen |= kSeenFinding; sum->set_aside++; break; }
        if (shape.digest) { seen |= kSeenDigest; sum->set_aside++; break; }
        if (Off(start) >= resume)
          Reject(Off(start), as_detail ? "EventBridge detail is not a CloudTrail record"
                                       : "object is not a CloudTrail record");
        break;
      case ParseOutcome::kJsonError: break;
    }
    return SUCCESS;
  }

  // One top-level document of the stream, starting at dstart; `content_end` is the end of the
  // content without its trailing white space (where the iterator stands when it has no next
  // token). Returns a JSON error to fall back to salvage.
  error_code ReadDocument(od::document_reference doc, const char* dstart, const char* content_end) {
    od::json_type t;
    if (error_code e = doc.type().get(t)) return e;
    doc_end = content_end;
    where = [&doc]() { return doc.current_location(); };
    if (t == od::json_type::array) {
      od::array arr;
      if (error_code e = doc.get_array().get(arr)) return e;
      for (auto er : arr) {
        od::value el;
        if (error_code e = std::move(er).get(el)) return e;
        if (error_code e = ReadElement(el, kSeenArray, false)) return e;
      }
      return SUCCESS;
    }
    if (t != od::json_type::object) {
      Reject(Off(dstart), "top-level JSON value is not an object or an array");
      return SUCCESS;
    }
    od::object obj;
    if (error_code e = doc.get_object().get(obj)) return e;
    Event ev;
    ObjectShape shape;
    std::string why;
    error_code je = SUCCESS;
    ParseOutcome out = ParseRecordObject(obj, &ev, &shape, this, &why, &je);
    switch (out) {
      case ParseOutcome::kJsonError: return je;
      case ParseOutcome::kRecord:
        // The object was iterated to its end: it ends before the iterator's next token.
        if (Emit(ev, dstart, EndOfObject(dstart), RawEncoding::kJson)) seen |= kSeenLines;
        break;
      case ParseOutcome::kBadRecord:
        if (Off(dstart) >= resume) Reject(Off(dstart), why);
        break;
      case ParseOutcome::kNotRecord:
        if (shape.has_records || shape.has_events || shape.has_detail || shape.cloudtrail_event) break;
        if (shape.digest) { seen |= kSeenDigest; sum->set_aside++; break; }
        if (shape.finding) { seen |= kSeenFinding; sum->set_aside++; break; }
        if (Off(dstart) >= resume) Reject(Off(dstart), "JSON document is not a CloudTrail record and holds none");
        break;
    }
    return SUCCESS;
  }

  // Recovers records one by one from `from` on.
  void Salvage(size_t from) {
    sum->salvaged = true;
    int depth = GuessRecordDepth(content, from);
    ScanObjectsAtDepth(content, from, depth, [&](size_t b, size_t e, bool complete) {
      if (b < resume) return;
      if (!complete) {
        Reject(b, "truncated record: the content ends inside it");
        return;
      }
      scratch.assign(content.substr(b, e - b));
      PadForReader(&scratch);
      od::document doc;
      error_code err = inner.iterate(scratch.data(), scratch.size(), scratch.capacity()).get(doc);
      od::object obj;
      if (!err) err = doc.get_object().get(obj);
      if (err) {
        Reject(b, std::string("invalid JSON: ") + simdjson::error_message(err));
        return;
      }
      // Offsets of what is parsed here are relative to scratch; map them back to the content.
      Event ev;
      ObjectShape shape;
      std::string why;
      error_code je = SUCCESS;
      const char* saved_end = doc_end;
      auto saved_where = where;
      where = [&doc]() { return doc.current_location(); };
      // Nested elements (lookup items, envelopes) are located relative to scratch: rebase.
      SalvageRebase rebase(this, b);
      ParseOutcome out = ParseRecordObject(obj, &ev, &shape, this, &why, &je);
      rebase.Restore();
      where = saved_where;
      doc_end = saved_end;
      if (out == ParseOutcome::kJsonError) {
        Reject(b, std::string("invalid JSON: ") + simdjson::error_message(je));
      } else if (out == ParseOutcome::kBadRecord) {
        Reject(b, why);
      } else if (out == ParseOutcome::kRecord) {
        if (Emit(ev, content.data() + b, content.data() + e, RawEncoding::kJson))
          seen |= depth == 0 ? kSeenLines : depth == 1 ? kSeenArray : kSeenDelivery;
      } else if (!(shape.has_detail || shape.cloudtrail_event || shape.has_records || shape.has_events)) {
        if (shape.digest) { seen |= kSeenDigest; sum->set_aside++; }
        else if (shape.finding) { seen |= kSeenFinding; sum->set_aside++; }
        else Reject(b, "object is not a CloudTrail record");
      }
      resume = std::max<uint64_t>(resume, e);
    });
  }

  // While a salvaged candidate is parsed from `scratch`, nested elements compute their offsets
  // against scratch; this swaps `content` to a view of scratch placed so that Off() still gives
  // content offsets.
  struct SalvageRebase {
    Impl* impl;
    std::string_view saved;
    SalvageRebase(Impl* i, size_t base) : impl(i), saved(i->content) {
      impl->content = std::string_view(i->scratch.data() - base, base + i->scratch.size());
      impl->doc_end = i->scratch.data() + i->scratch.size();
    }
    void Restore() { impl->content = saved; }
  };

  SourceKind KindFromSeen() const {
    uint32_t events = seen & (kSeenDelivery | kSeenLines | kSeenLookup | kSeenArray | kSeenBridge);
    if (events == 0) {
      if (seen & kSeenInsights) return SourceKind::kInsights;
      if (seen & kSeenDigest) return SourceKind::kDigest;
      if (seen & kSeenFinding) return SourceKind::kFinding;
      return SourceKind::kNotCloudTrail;
    }
    if ((events & (events - 1)) != 0) {
      // An EventBridge stream is read as lines whose objects have a detail: that is one kind.
      if (events == (kSeenBridge | kSeenLines)) return SourceKind::kEventBridge;
      return SourceKind::kMixed;
    }
    switch (events) {
      case kSeenDelivery: return SourceKind::kDeliveryFile;
      case kSeenLines: return SourceKind::kJsonLines;
      case kSeenLookup: return SourceKind::kLookupEvents;
      case kSeenArray: return SourceKind::kRecordArray;
      default: return SourceKind::kEventBridge;
    }
  }
};

SourceReader::SourceReader(ReaderOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = options;
#ifdef SIMDJSON_THREADS_ENABLED
  // A document stream would otherwise start a thread per source to index the next batch; our
  // batches are whole sources, and ingest is parallel over sources already.
  impl_->outer.threaded = false;
#endif
}
SourceReader::~SourceReader() = default;

void PadForReader(std::string* buf) {
  if (buf->capacity() < buf->size() + SourceReader::kPadding) buf->reserve(buf->size() + SourceReader::kPadding);
}

SourceSummary SourceReader::Read(std::string_view content, size_t capacity, EventSink& sink) {
  Impl& m = *impl_;
  SourceSummary sum;
  m.content = content;
  m.sink = &sink;
  m.sum = &sum;
  m.seen = 0;
  m.resume = 0;
  size_t i = 0;
  if (content.size() >= 3 && content.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 BOM
  while (i < content.size() && IsSpace(content[i])) ++i;
  if (i == content.size()) {
    sum.kind = SourceKind::kEmpty;
    return sum;
  }
  if (content[i] != '{' && content[i] != '[') {
    sum.kind = SourceKind::kNotCloudTrail;
    m.Reject(i, "content is not JSON (it starts with neither '{' nor '[')");
    return sum;
  }
  const char* base = content.data();
  size_t batch = std::max<size_t>(content.size() - i, 1u << 20);
  od::document_stream stream;
  error_code err = m.outer.iterate_many(base + i, content.size() - i, batch).get(stream);
  size_t failed_at = SIZE_MAX;
  if (err) {
    failed_at = i;
  } else {
    // Not it.source(): it finds a document's end by walking all of its structural characters (a
    // second pass over a whole delivery file); a record's end comes from the iterator instead.
    const char* content_end = base + content.size();
    while (content_end > base + i && IsSpace(content_end[-1])) --content_end;
    for (auto it = stream.begin(); it != stream.end(); ++it) {
      size_t doc_off = i + it.current_index();
      od::document_reference doc;
      if ((err = (*it).get(doc))) {
        failed_at = doc_off;
        break;
      }
      const char* ds = base + doc_off;
      while (ds < content_end && IsSpace(*ds)) ++ds;
      if ((err = m.ReadDocument(doc, ds, content_end))) {
        failed_at = doc_off;
        break;
      }
    }
    if (failed_at == SIZE_MAX && stream.truncated_bytes() > 0) {
      failed_at = content.size() - stream.truncated_bytes();
    }
  }
  (void)capacity;
  if (failed_at != SIZE_MAX) m.Salvage(failed_at);
  sum.kind = m.KindFromSeen();
  if (sum.events == 0 && sum.set_aside == 0 && sum.rejected == 0) {
    m.Reject(i, "no CloudTrail records found in the content");
  }
  return sum;
}

bool DecodeRawRecord(std::string_view raw, RawEncoding encoding, std::string* out) {
  if (encoding == RawEncoding::kJson) {
    out->assign(raw);
    return true;
  }
  std::string buf(raw);
  PadForReader(&buf);
  od::parser p;
  od::document doc;
  if (p.iterate(buf.data(), buf.size(), buf.capacity()).get(doc)) return false;
  std::string_view s;
  if (doc.get_string().get(s)) return false;
  out->assign(s);
  return true;
}

}  // namespace credtrace::cloudtrail

namespace credtrace::cloudtrail {
std::string CompactJson(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < json.size()) out.push_back(json[++i]);
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    out.push_back(c);
  }
  return out;
}
}  // namespace credtrace::cloudtrail
