#include "cloudtrail/source_reader.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <vector>

#include "base/file.h"
#include "base/gzip.h"

namespace credtrace::cloudtrail {
namespace {

struct Collected {
  std::string event_id, event_name, key, arn, session, raw, issued, created;
  TimeMs time;
  uint8_t read_only;
};

class Collector : public EventSink {
 public:
  std::string_view content;
  std::vector<Collected> events;
  std::vector<std::pair<uint64_t, std::string>> errors;
  void OnEvent(const Event& e) override {
    Collected c;
    c.event_id = e.get(Column::kEventId);
    c.event_name = e.get(Column::kEventName);
    c.key = e.get(Column::kAccessKeyId);
    c.arn = e.get(Column::kArn);
    c.session = e.get(Column::kSessionName);
    c.issued = e.get(Column::kIssuedCredentialKeyId);
    c.created = e.get(Column::kCreatedAccessKeyId);
    c.time = e.time;
    c.read_only = e.read_only;
    std::string raw;
    EXPECT_TRUE(DecodeRawRecord(content.substr(e.raw_offset, e.raw_length), e.raw_encoding, &raw));
    c.raw = raw;
    events.push_back(std::move(c));
  }
  void OnRecordError(uint64_t offset, std::string_view reason) override {
    errors.emplace_back(offset, std::string(reason));
  }
};

SourceSummary ReadAll(std::string content, Collector* c) {
  PadForReader(&content);
  static std::string keep;  // keep the buffer alive for the collector's raw views
  keep = std::move(content);
  c->content = keep;
  SourceReader r;
  return r.Read(keep, keep.capacity(), *c);
}

// Every raw record must be the exact JSON of one record: parse it and compare the eventID.
void ExpectRawMatches(const Collector& c) {
  for (const auto& e : c.events) {
    auto j = nlohmann::json::parse(e.raw, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << e.raw.substr(0, 200);
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j.value("eventID", ""), e.event_id);
    EXPECT_EQ(e.raw.front(), '{');
    EXPECT_EQ(e.raw.back(), '}');
  }
}

const std::string kRec1 =
    R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEKEY000001","userName":"alice"},"eventTime":"2024-03-11T10:00:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0","requestParameters":null,"responseElements":null,"requestID":"r1","eventID":"11111111-1111-1111-1111-111111111111","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"})";
const std::string kRec2 =
    R"({"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:sess","arn":"arn:aws:sts::111122223333:assumed-role/Admin/sess","accountId":"111122223333","accessKeyId":"ASIAEXAMPLEKEY000002","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333","userName":"Admin"},"attributes":{"creationDate":"2024-03-11T09:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"2024-03-11T10:05:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.9","userAgent":"Boto3/1.34","requestParameters":{"userName":"bob"},"responseElements":{"accessKey":{"accessKeyId":"AKIANEWKEY0000000003","status":"Active","userName":"bob","createDate":"Mar 11, 2024 10:05:00 AM"}},"requestID":"r2","eventID":"22222222-2222-2222-2222-222222222222","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"})";

TEST(SourceReader, DeliveryFile) {
  Collector c;
  auto s = ReadAll("{\"Records\":[" + kRec1 + ",\n  " + kRec2 + "]}", &c);
  EXPECT_EQ(s.kind, SourceKind::kDeliveryFile);
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_TRUE(c.errors.empty());
  EXPECT_EQ(c.events[0].raw, kRec1);
  EXPECT_EQ(c.events[1].raw, kRec2);
  EXPECT_EQ(c.events[0].key, "AKIAEXAMPLEKEY000001");
  EXPECT_EQ(c.events[0].read_only, 1);
  EXPECT_EQ(c.events[1].session, "sess");
  EXPECT_EQ(c.events[1].created, "AKIANEWKEY0000000003");
  EXPECT_EQ(c.events[1].read_only, 0);
  EXPECT_EQ(FormatIsoTime(c.events[1].time), "2024-03-11T10:05:00Z");
  EXPECT_FALSE(s.salvaged);
}

TEST(SourceReader, JsonLinesAndArray) {
  Collector c;
  auto s = ReadAll(kRec1 + "\n" + kRec2 + "\n", &c);
  EXPECT_EQ(s.kind, SourceKind::kJsonLines);
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(c.events[1].raw, kRec2);
  Collector d;
  auto t = ReadAll("[\n" + kRec1 + ",\n" + kRec2 + "\n]\n", &d);
  EXPECT_EQ(t.kind, SourceKind::kRecordArray);
  ASSERT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.events[0].raw, kRec1);
}

TEST(SourceReader, LookupEventsPagesConcatenated) {
  auto page = [](const std::string& rec) {
    nlohmann::json j = {{"Events", {{{"EventId", "x"}, {"EventName", "y"}, {"CloudTrailEvent", rec}}}},
                        {"NextToken", "abc"}};
    return j.dump(4);
  };
  Collector c;
  auto s = ReadAll(page(kRec1) + "\n" + page(kRec2) + "\n", &c);
  EXPECT_EQ(s.kind, SourceKind::kLookupEvents);
  ASSERT_EQ(c.events.size(), 2u) << (c.errors.empty() ? "" : c.errors[0].second);
  EXPECT_EQ(c.events[0].raw, kRec1);
  EXPECT_EQ(c.events[1].raw, kRec2);
}

TEST(SourceReader, EventBridgeEnvelope) {
  std::string env = R"({"version":"0","id":"e1","detail-type":"AWS API Call via CloudTrail","source":"aws.sts","account":"111122223333","time":"2024-03-11T10:00:00Z","region":"us-east-1","resources":[],"detail":)" + kRec1 + "}";
  Collector c;
  auto s = ReadAll(env + "\n" + env + "\n", &c);
  EXPECT_EQ(s.kind, SourceKind::kEventBridge);
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(c.events[0].raw, kRec1);
}

TEST(SourceReader, DigestIsSetAside) {
  Collector c;
  auto s = ReadAll(R"({"awsAccountId":"111122223333","digestStartTime":"2024-03-11T10:00:00Z","digestEndTime":"2024-03-11T11:00:00Z","digestS3Bucket":"b","logFiles":[]})", &c);
  EXPECT_EQ(s.kind, SourceKind::kDigest);
  EXPECT_EQ(c.events.size(), 0u);
  EXPECT_TRUE(c.errors.empty());
}

TEST(SourceReader, InsightsAreSetAside) {
  Collector c;
  auto s = ReadAll(R"({"Records":[{"eventVersion":"1.07","eventTime":"2024-03-11T10:00:00Z","awsRegion":"us-east-1","eventID":"i1","eventType":"AwsCloudTrailInsight","recipientAccountId":"1","sharedEventID":"s","insightDetails":{"state":"Start","eventSource":"iam.amazonaws.com","eventName":"ListUsers"},"eventCategory":"Insight"}]})", &c);
  EXPECT_EQ(s.kind, SourceKind::kInsights);
  EXPECT_EQ(c.events.size(), 0u);
  EXPECT_EQ(s.set_aside, 1u);
}

TEST(SourceReader, NotCloudTrailAndEmpty) {
  Collector c;
  auto s = ReadAll(R"({"hello":"world"})", &c);
  EXPECT_EQ(s.kind, SourceKind::kNotCloudTrail);
  EXPECT_EQ(c.errors.size(), 1u);
  Collector d;
  EXPECT_EQ(ReadAll("  \n", &d).kind, SourceKind::kEmpty);
  Collector e;
  auto t = ReadAll("hello world", &e);
  EXPECT_EQ(t.kind, SourceKind::kNotCloudTrail);
  ASSERT_EQ(e.errors.size(), 1u);
  EXPECT_EQ(e.errors[0].first, 0u);
}

TEST(SourceReader, CorruptRecordIsRejectedOthersKept) {
  std::string bad = R"({"eventVersion":"1.08","eventTime":"2024-03-11T10:00:00Z", "eventName": "A"]})";
  std::string content = "{\"Records\":[" + kRec1 + "," + bad + "," + kRec2 + "]}";
  Collector c;
  auto s = ReadAll(content, &c);
  EXPECT_TRUE(s.salvaged);
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(c.events[0].raw, kRec1);
  EXPECT_EQ(c.events[1].raw, kRec2);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].first, content.find(bad));
}

// simdjson On-Demand does not validate the grammar of values it skips; a record whose eventName
// is not a string is rejected by the field checks instead (docs/ARCHITECTURE.md, "Validation").
TEST(SourceReader, RecordWithBrokenEventNameIsRejected) {
  std::string bad = R"({"eventVersion":"1.08","eventTime":"2024-03-11T10:00:00Z","eventSource":"s3.amazonaws.com","eventName": tru })";
  std::string content = "{\"Records\":[" + kRec1 + "," + bad + "," + kRec2 + "]}";
  Collector c;
  ReadAll(content, &c);
  EXPECT_EQ(c.events.size(), 2u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].first, content.find(bad));
}

TEST(SourceReader, InvalidUtf8RecordIsRejectedOthersKept) {
  std::string bad = kRec2;
  bad.replace(bad.find("Boto3"), 1, "\xC3\x28");
  std::string content = "{\"Records\":[" + kRec1 + "," + bad + "]}";
  Collector c;
  ReadAll(content, &c);
  ASSERT_EQ(c.events.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].first, content.find(bad));
  EXPECT_NE(c.errors[0].second.find("UTF-8"), std::string::npos) << c.errors[0].second;
}

TEST(SourceReader, TruncatedContentKeepsCompleteRecords) {
  std::string content = "{\"Records\":[" + kRec1 + "," + kRec2 + "]}";
  content.resize(content.size() - 100);
  Collector c;
  ReadAll(content, &c);
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].raw, kRec1);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].second.find("truncated"), std::string::npos);
}

TEST(SourceReader, RecordOverLimitIsRejected) {
  std::string big = kRec2;
  big.replace(big.find("Boto3/1.34"), 10, std::string(2 << 20, 'x'));
  Collector c;
  ReadAll("{\"Records\":[" + kRec1 + "," + big + "]}", &c);
  ASSERT_EQ(c.events.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].second.find("exceeds"), std::string::npos);
}

TEST(SourceReader, MissingEventTimeIsRejected) {
  std::string bad = R"({"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"x"})";
  Collector c;
  ReadAll(kRec1 + "\n" + bad + "\n", &c);
  EXPECT_EQ(c.events.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].first, kRec1.size() + 1);
}

TEST(SourceReader, RealStratusSamples) {
  std::filesystem::path dir = std::filesystem::path(CREDTRACE_SHARED_DIR) / "datasets/stratus-detonation-logs";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no shared datasets";
  size_t total = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    auto content = ReadFile(f.path());
    ASSERT_TRUE(content.ok());
    auto j = nlohmann::json::parse(*content);
    Collector c;
    auto s = ReadAll(*content, &c);
    EXPECT_EQ(s.kind, SourceKind::kRecordArray) << f.path();
    EXPECT_EQ(c.events.size(), j.size()) << f.path();
    EXPECT_TRUE(c.errors.empty()) << f.path() << ": " << (c.errors.empty() ? "" : c.errors[0].second);
    ExpectRawMatches(c);
    for (size_t i = 0; i < c.events.size() && i < j.size(); ++i) {
      EXPECT_EQ(nlohmann::json::parse(c.events[i].raw), j[i]);
    }
    total += c.events.size();
  }
  EXPECT_EQ(total, 310u);
}

TEST(SourceReader, RealDeliveryFilesGzip) {
  std::filesystem::path dir = std::filesystem::path(CREDTRACE_SHARED_DIR) / "datasets/maheribra-role-assumption-s3";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no shared datasets";
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    auto gz = ReadFile(f.path());
    ASSERT_TRUE(gz.ok());
    std::string content;
    ASSERT_TRUE(Gunzip(*gz, 1 << 30, &content).ok());
    auto j = nlohmann::json::parse(content);
    Collector c;
    auto s = ReadAll(content, &c);
    EXPECT_EQ(s.kind, SourceKind::kDeliveryFile);
    ASSERT_EQ(c.events.size(), j["Records"].size()) << f.path();
    ExpectRawMatches(c);
    for (size_t i = 0; i < c.events.size(); ++i) {
      EXPECT_EQ(nlohmann::json::parse(c.events[i].raw), j["Records"][i]);
    }
  }
}

}  // namespace
}  // namespace credtrace::cloudtrail
