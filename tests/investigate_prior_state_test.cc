// The state a resource had before the attacker changed it, as the logs show it: the owner's
// last earlier change of the same aspect, not the attacker's own calls, not failed calls.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/file.h"
#include "investigate/investigate.h"
#include "store/case.h"
#include "store/ingest.h"

namespace credtrace::investigate {
namespace {

namespace fs = std::filesystem;

std::string Put(const std::string& id, const std::string& time, const std::string& key, const std::string& ip,
                const std::string& policy, const std::string& error = "") {
  std::string err = error.empty() ? "" : R"("errorCode":")" + error + R"(","errorMessage":"Access Denied",)";
  return R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAQ3EGHTNWO2RGBOKVN","arn":"arn:aws:iam::111122223333:user/ops","accountId":"111122223333","accessKeyId":")" +
         key + R"(","userName":"ops"},"eventTime":")" + time +
         R"(","eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy","awsRegion":"eu-west-1","sourceIPAddress":")" + ip +
         R"(","userAgent":"aws-cli/2.15.58 md/command#s3api.put-bucket-policy",)" + err +
         R"("requestParameters":{"bucketPolicy":)" + policy +
         R"(,"bucketName":"acme-data","Host":"acme-data.s3.eu-west-1.amazonaws.com","policy":""},"responseElements":null,"requestID":"R)" + id +
         R"(","eventID":")" + id + R"(","readOnly":false,"resources":[{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::acme-data"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"})";
}

TEST(InvestigatePriorState, LastOwnerStateOfTheSameAspect) {
  const std::string key = "AKIAQ3EGHTNWKFDXHXYZ";
  const std::string owner_policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::acme-data/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})";
  const std::string older_policy = R"({"Version":"2012-10-17","Statement":[]})";
  const std::string open_policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-data/*"}]})";
  std::string records = "[";
  // The owner's history: calls from the office network, policies set twice.
  for (int i = 0; i < 12; ++i) {
    records += R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAQ3EGHTNWO2RGBOKVN","arn":"arn:aws:iam::111122223333:user/ops","accountId":"111122223333","accessKeyId":")" +
               key + R"(","userName":"ops"},"eventTime":"2024-05-01T0)" + std::to_string(i % 10) + R"(:1)" +
               std::to_string(i / 10) + R"(:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.20","userAgent":"aws-cli/2.15.58 md/command#s3api.put-bucket-policy","requestParameters":{"Host":"s3.eu-west-1.amazonaws.com"},"responseElements":null,"eventID":"00000000-0000-4000-8000-0000000001)" +
               (i < 10 ? "0" : "") + std::to_string(i) + R"(","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"},)";
  }
  records += Put("00000000-0000-4000-8000-000000000201", "2024-05-01T08:00:00Z", key, "198.51.100.20", older_policy) + ",";
  records += Put("00000000-0000-4000-8000-000000000202", "2024-05-01T09:30:00Z", key, "198.51.100.21", owner_policy) + ",";
  // The attacker: a failed attempt, then the policy opened to everyone, from a new network
  // with a new client, after a first GetCallerIdentity.
  records += R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAQ3EGHTNWO2RGBOKVN","arn":"arn:aws:iam::111122223333:user/ops","accountId":"111122223333","accessKeyId":")" +
             key + R"(","userName":"ops"},"eventTime":"2024-05-02T10:00:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.66","userAgent":"python-requests/2.31.0","requestParameters":null,"responseElements":null,"eventID":"00000000-0000-4000-8000-000000000301","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"},)";
  records += Put("00000000-0000-4000-8000-000000000302", "2024-05-02T10:05:00Z", key, "203.0.113.66", older_policy, "AccessDenied") + ",";
  records += Put("00000000-0000-4000-8000-000000000303", "2024-05-02T10:06:00Z", key, "203.0.113.66", open_policy);
  records += "]";

  std::error_code ec;
  fs::path dir = fs::temp_directory_path() / ("credtrace-prior-" + std::to_string(getpid()));
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  ASSERT_TRUE(WriteFileAtomic(dir / "records.json", records).ok());
  auto c = store::Case::Open(dir / "case", store::CreateIfMissing::kYes);
  ASSERT_TRUE(c.ok());
  auto sum = store::Ingest(**c, {dir / "records.json"}, store::IngestOptions{});
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  auto segs = (*c)->Segments();
  ASSERT_TRUE(segs.ok());
  Evidence ev(c->get(), *segs);
  Options opt;
  opt.seeds = {{"key", key, "", "", std::nullopt}};
  auto inv = Investigate(ev, opt);
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  ASSERT_EQ(inv->estimates.size(), 1u);
  EXPECT_EQ(inv->estimates[0].method, "estimated");
  EXPECT_EQ(FormatIsoTime(inv->estimates[0].time), "2024-05-02T10:00:00Z");
  const ResourceEntry* bucket = nullptr;
  for (const ResourceEntry& r : inv->resources) {
    if (r.id == "arn:aws:s3:::acme-data" && r.action == ResourceAction::kModified) bucket = &r;
  }
  ASSERT_NE(bucket, nullptr);
  EXPECT_EQ(bucket->event_ids, std::vector<std::string>{"00000000-0000-4000-8000-000000000303"});
  EXPECT_EQ(bucket->before_event_id, "00000000-0000-4000-8000-000000000202");
  EXPECT_NE(bucket->state_before.find("aws:SecureTransport"), std::string::npos) << bucket->state_before;
  EXPECT_NE(bucket->state_after.find("s3:GetObject"), std::string::npos) << bucket->state_after;
  // The owner's calls before the compromise are not in the investigation; the failed attempt is,
  // as the attacker's.
  bool attempt = false;
  for (const Event& e : inv->events) {
    EXPECT_GE(e.ref.time, inv->estimates[0].time);
    if (e.event_id == "00000000-0000-4000-8000-000000000302") {
      attempt = true;
      EXPECT_EQ(e.attribution, Attribution::kAttacker);
      EXPECT_TRUE(e.failed());
    }
  }
  EXPECT_TRUE(attempt);
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace credtrace::investigate
