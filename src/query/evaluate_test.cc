#include "query/evaluate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "query/glob.h"
#include "query/parser.h"
#include "query/test_events.h"

namespace credtrace::query {
namespace {

using namespace testing;  // NOLINT

// One segment with the usual shapes of a leaked-key incident (input deliberately not in time
// order: the segment sorts it).
std::unique_ptr<store::MemorySegment> Incident() {
  return Seg({
      Ev("e5", 50, {{C::kEventName, "AttachUserPolicy"}, {C::kAccessKeyId, "AKIALEAK"},
                    {C::kSourceIp, "203.0.113.9"}, {C::kReadOnly, "false"},
                    {C::kArn, "arn:aws:iam::111122223333:user/alice"}, {C::kUserAgent, "aws-cli/2.15.0 Python/3.11"}}),
      Ev("e1", 10, {{C::kEventName, "GetCallerIdentity"}, {C::kAccessKeyId, "AKIALEAK"},
                    {C::kSourceIp, "203.0.113.7"}, {C::kReadOnly, "true"},
                    {C::kArn, "arn:aws:iam::111122223333:user/alice"}, {C::kUserAgent, "aws-cli/2.15.0 Python/3.11"}}),
      Ev("e2", 20, {{C::kEventName, "CreateUser"}, {C::kAccessKeyId, "AKIALEAK"},
                    {C::kSourceIp, "203.0.113.7"}, {C::kErrorCode, "AccessDenied"}, {C::kReadOnly, "false"},
                    {C::kArn, "arn:aws:iam::111122223333:user/alice"}, {C::kUserAgent, "Boto3/1.34"}}),
      Ev("e3", 30, {{C::kEventName, "CreateAccessKey"}, {C::kAccessKeyId, "AKIAOTHER"},
                    {C::kSourceIp, "2001:db8::5"}, {C::kReadOnly, "false"},
                    {C::kPrincipalId, "AIDAEXAMPLE"}, {C::kUserAgent, "console.amazonaws.com"}}),
      Ev("e4", 40, {{C::kEventName, "AssumeRole"}, {C::kSourceIp, "ec2.amazonaws.com"},
                    {C::kInvokedBy, "ec2.amazonaws.com"}}),
      Ev("e6", 60, {{C::kEventName, "DeleteUser"}, {C::kAccessKeyId, "AKIALEAK"},
                    {C::kSourceIp, "198.51.100.1"}, {C::kErrorCode, "NoSuchEntity"}, {C::kReadOnly, "false"},
                    {C::kUserAgent, "aws-cli/1.29"}}),
      Ev("e7", 70, {{C::kEventName, "ListBuckets"}, {C::kAccessKeyId, "ASIATEMP"},
                    {C::kSourceIp, "::ffff:203.0.113.77"}, {C::kReadOnly, "true"},
                    {C::kArn, "arn:aws:sts::111122223333:assumed-role/r/s"}}),
  });
}

// The eventIDs of the rows of `seg` that match `q`, in row order.
std::vector<std::string> Ids(const store::SegmentView& seg, std::string_view q) {
  auto parsed = ParseQuery(q, kT0 + 24 * 60 * kMinute);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  if (!parsed.ok()) return {"<parse error>"};
  auto rows = Evaluate(*parsed, seg);
  EXPECT_TRUE(rows.ok()) << rows.status().ToString();
  auto count = CountRows(*parsed, seg);
  EXPECT_TRUE(count.ok());
  EXPECT_EQ(*count, rows->Count()) << q;
  std::vector<std::string> out;
  for (uint32_t r : rows->Rows()) out.emplace_back(*seg.Value(C::kEventId, r));
  return out;
}

using V = std::vector<std::string>;

TEST(QueryEval, ExactGlobAndBare) {
  auto seg = Incident();
  ASSERT_TRUE(seg);
  EXPECT_EQ(Ids(*seg, "key:AKIALEAK"), (V{"e1", "e2", "e5", "e6"}));
  EXPECT_EQ(Ids(*seg, "userIdentity.accessKeyId:AKIALEAK"), (V{"e1", "e2", "e5", "e6"}));
  EXPECT_EQ(Ids(*seg, "key:akialeak"), V{});  // case-sensitive values
  EXPECT_EQ(Ids(*seg, "key:NOPE"), V{});
  EXPECT_EQ(Ids(*seg, "name:Create*"), (V{"e2", "e3"}));
  EXPECT_EQ(Ids(*seg, "name:Create* OR name:Delete* OR name:Attach*Policy"), (V{"e2", "e3", "e5", "e6"}));
  EXPECT_EQ(Ids(*seg, "name:*User"), (V{"e2", "e6"}));
  EXPECT_EQ(Ids(*seg, "name:*User*"), (V{"e2", "e5", "e6"}));
  EXPECT_EQ(Ids(*seg, "name:?reate*"), (V{"e2", "e3"}));
  EXPECT_EQ(Ids(*seg, "ua:\"aws-cli/2.*\""), (V{"e1", "e5"}));
  EXPECT_EQ(Ids(*seg, "ua:aws-cli/*"), (V{"e1", "e5", "e6"}));
  EXPECT_EQ(Ids(*seg, "AKIALEAK"), (V{"e1", "e2", "e5", "e6"}));
  EXPECT_EQ(Ids(*seg, "e3"), (V{"e3"}));
  EXPECT_EQ(Ids(*seg, "AIDAEXAMPLE"), (V{"e3"}));
  EXPECT_EQ(Ids(*seg, "AssumeRole"), (V{"e4"}));
  EXPECT_EQ(Ids(*seg, "arn:aws:iam::111122223333:user/alice"), (V{"e1", "e2", "e5"}));
  EXPECT_EQ(Ids(*seg, "principal:arn:aws:iam::111122223333:user/alice"), (V{"e1", "e2", "e5"}));
  EXPECT_EQ(Ids(*seg, "arn:*assumed-role*"), (V{"e7"}));
  EXPECT_EQ(Ids(*seg, "*"), (V{"e1", "e2", "e3", "e4", "e5", "e6", "e7"}));
  EXPECT_EQ(Ids(*seg, ""), (V{"e1", "e2", "e3", "e4", "e5", "e6", "e7"}));
}

TEST(QueryEval, PresentAbsentAndNot) {
  auto seg = Incident();
  ASSERT_TRUE(seg);
  EXPECT_EQ(Ids(*seg, "errorCode:*"), (V{"e2", "e6"}));
  EXPECT_EQ(Ids(*seg, "errorCode:\"\""), (V{"e1", "e3", "e4", "e5", "e7"}));
  EXPECT_EQ(Ids(*seg, "NOT errorCode:*"), (V{"e1", "e3", "e4", "e5", "e7"}));
  EXPECT_EQ(Ids(*seg, "-error:*"), (V{"e1", "e3", "e4", "e5", "e7"}));
  // NOT over an absent value: events without a key are included by NOT key:AKIALEAK.
  EXPECT_EQ(Ids(*seg, "NOT key:AKIALEAK"), (V{"e3", "e4", "e7"}));
  EXPECT_EQ(Ids(*seg, "key:\"\""), (V{"e4"}));
  EXPECT_EQ(Ids(*seg, "key:AKIALEAK -errorCode:*"), (V{"e1", "e5"}));
  EXPECT_EQ(Ids(*seg, "NOT errorCode:* NOT key:AKIALEAK"), (V{"e3", "e4", "e7"}));
  EXPECT_EQ(Ids(*seg, "NOT (errorCode:* OR key:AKIALEAK)"), (V{"e3", "e4", "e7"}));
  // A wildcard never matches the absent value.
  EXPECT_EQ(Ids(*seg, "errorCode:**"), (V{"e2", "e6"}));
  EXPECT_EQ(Ids(*seg, "readOnly:true"), (V{"e1", "e7"}));
  EXPECT_EQ(Ids(*seg, "readOnly:false"), (V{"e2", "e3", "e5", "e6"}));
  EXPECT_EQ(Ids(*seg, "readOnly:\"\""), (V{"e4"}));
  EXPECT_EQ(Ids(*seg, "readOnly:*"), (V{"e1", "e2", "e3", "e5", "e6", "e7"}));
  EXPECT_EQ(Ids(*seg, "NOT readOnly:true"), (V{"e2", "e3", "e4", "e5", "e6"}));
}

TEST(QueryEval, CidrOverIpColumn) {
  auto seg = Incident();
  ASSERT_TRUE(seg);
  EXPECT_EQ(Ids(*seg, "ip:203.0.113.0/24"), (V{"e1", "e2", "e5", "e7"}));  // e7 is IPv4-mapped
  EXPECT_EQ(Ids(*seg, "sourceIPAddress:203.0.113.0/29"), (V{"e1", "e2"}));
  EXPECT_EQ(Ids(*seg, "ip:203.0.113.9/32"), (V{"e5"}));
  EXPECT_EQ(Ids(*seg, "ip:0.0.0.0/0"), (V{"e1", "e2", "e5", "e6", "e7"}));  // not the service name
  EXPECT_EQ(Ids(*seg, "ip:::/0"), (V{"e3", "e7"}));
  EXPECT_EQ(Ids(*seg, "ip:2001:db8::/32"), (V{"e3"}));
  EXPECT_EQ(Ids(*seg, "ip:2001:0db8:0:0:0:0:0:5"), (V{"e3"}));  // another spelling, /128
  EXPECT_EQ(Ids(*seg, "2001:db8::5/128"), (V{"e3"}));
  EXPECT_EQ(Ids(*seg, "ip:ec2.amazonaws.com"), (V{"e4"}));
  EXPECT_EQ(Ids(*seg, "ip:203.0.113.7"), (V{"e1", "e2"}));
  EXPECT_EQ(Ids(*seg, "203.0.113.0/24 NOT key:AKIALEAK"), (V{"e7"}));
}

TEST(QueryEval, TimeRanges) {
  auto seg = Incident();
  ASSERT_TRUE(seg);
  EXPECT_EQ(Ids(*seg, "time>=2024-03-11T00:30:00Z"), (V{"e3", "e4", "e5", "e6", "e7"}));
  EXPECT_EQ(Ids(*seg, "time>2024-03-11T00:30:00Z"), (V{"e4", "e5", "e6", "e7"}));
  EXPECT_EQ(Ids(*seg, "time<2024-03-11T00:30:00Z"), (V{"e1", "e2"}));
  EXPECT_EQ(Ids(*seg, "time<=2024-03-11T00:30:00Z"), (V{"e1", "e2", "e3"}));
  EXPECT_EQ(Ids(*seg, "time:[2024-03-11T00:20:00Z TO 2024-03-11T00:40:00Z]"), (V{"e2", "e3", "e4"}));
  EXPECT_EQ(Ids(*seg, "time:{2024-03-11T00:20:00Z TO 2024-03-11T00:40:00Z}"), (V{"e3"}));
  EXPECT_EQ(Ids(*seg, "time:2024-03-11T00:40:00Z"), (V{"e4"}));
  EXPECT_EQ(Ids(*seg, "time>=2024-03-12"), V{});
  EXPECT_EQ(Ids(*seg, "time<2024-03-10"), V{});
  // Relative to "now" = kT0 + 24h: -23h10m is after 00:50.
  EXPECT_EQ(Ids(*seg, "time>=-1390m"), (V{"e5", "e6", "e7"}));
  EXPECT_EQ(Ids(*seg, "key:AKIALEAK time>=2024-03-11T00:15:00Z -name:Delete*"), (V{"e2", "e5"}));
}

// A row-by-row evaluation of a query, written independently of the evaluator, to check it on
// random data.
bool NaiveTerm(const Term& t, const store::SegmentView& seg, uint32_t row) {
  if (t.kind == Term::Kind::kAll) return true;
  if (t.kind == Term::Kind::kTimeRange) {
    TimeMs time = (*seg.Times())[row];
    return time >= t.time_begin && time < t.time_end;
  }
  if (cloudtrail::FieldOf(t.column).type == cloudtrail::FieldType::kBool) {
    uint8_t b = (*seg.Bools(t.column))[row];
    if (t.kind == Term::Kind::kPresent) return b != 2;
    if (t.kind == Term::Kind::kAbsent) return b == 2;
    return b == (t.bool_value ? 1 : 0);
  }
  std::string_view v = *seg.Value(t.column, row);
  switch (t.kind) {
    case Term::Kind::kEquals: return v == t.value;
    case Term::Kind::kPresent: return !v.empty();
    case Term::Kind::kAbsent: return v.empty();
    case Term::Kind::kGlob: return !v.empty() && Glob(t.value).Matches(v);
    case Term::Kind::kCidr: {
      auto a = ParseIp(v);
      return a && t.cidr.Contains(*a);
    }
    default: return false;
  }
}

bool Naive(const Query& q, uint32_t node, const store::SegmentView& seg, uint32_t row) {
  const Node& n = q.nodes[node];
  switch (n.kind) {
    case Node::Kind::kTerm: return NaiveTerm(n.term, seg, row);
    case Node::Kind::kNot: return !Naive(q, n.children[0], seg, row);
    case Node::Kind::kAnd:
      return std::all_of(n.children.begin(), n.children.end(),
                         [&](uint32_t c) { return Naive(q, c, seg, row); });
    case Node::Kind::kOr:
      return std::any_of(n.children.begin(), n.children.end(),
                         [&](uint32_t c) { return Naive(q, c, seg, row); });
  }
  return false;
}

TEST(QueryEval, MatchesRowByRowEvaluationOnRandomData) {
  std::mt19937 rng(12345);
  const std::vector<std::string> names = {"CreateUser", "CreateRole", "DeleteUser", "GetObject",
                                          "AttachRolePolicy", "ListBuckets", "PutObject"};
  const std::vector<std::string> keys = {"", "AKIA1", "AKIA2", "ASIA3"};
  const std::vector<std::string> ips = {"", "10.0.0.1", "10.0.1.1", "192.168.1.1", "2001:db8::1",
                                        "s3.amazonaws.com", "::ffff:10.0.3.3", "0.1.2.3"};
  const std::vector<std::string> errors = {"", "", "", "AccessDenied", "NoSuchKey"};
  const std::vector<std::string> bools = {"", "true", "false"};
  const std::vector<std::string> terms = {
      "name:Create*", "name:*Object", "name:DeleteUser", "key:AKIA1", "key:*", "key:\"\"",
      "ip:10.0.0.0/16", "ip:::/0", "error:*", "error:AccessDenied", "readOnly:true",
      "readOnly:\"\"", "time>=2024-03-11T01:00:00Z", "time<2024-03-11T02:30:00Z", "AKIA2",
      "name:?e*", "ip:s3.amazonaws.com", "id:id7", "id:id1?", "NOT id:id2*",
      "time>=2024-03-11T03:55:00Z", "ip:10.0.0.0/24", "ip:0.0.0.0/0", "ip:0.0.0.0/8",
      "ip:10.0.0.0/8", "ip:::ffff:0:0/96", "readOnly:false", "readOnly:*", "error:\"\"", "name:*"};
  for (uint32_t n : {0u, 1u, 63u, 64u, 65u, 200u, 1000u}) {
    std::vector<store::MemoryEvent> evs;
    for (uint32_t i = 0; i < n; ++i) {
      std::vector<std::pair<C, std::string>> f = {
          {C::kEventName, names[rng() % names.size()]}, {C::kAccessKeyId, keys[rng() % keys.size()]},
          {C::kSourceIp, ips[rng() % ips.size()]}, {C::kErrorCode, errors[rng() % errors.size()]}};
      const std::string& b = bools[rng() % bools.size()];
      if (!b.empty()) f.emplace_back(C::kReadOnly, b);
      evs.push_back(Ev("id" + std::to_string(i), static_cast<int>(rng() % 240), std::move(f)));
    }
    auto seg = Seg(std::move(evs));
    ASSERT_TRUE(seg);
    for (int k = 0; k < 60; ++k) {
      // A random expression of 1..4 terms with random operators and negations.
      std::string q;
      int nterms = 1 + static_cast<int>(rng() % 4);
      for (int j = 0; j < nterms; ++j) {
        if (j) q += (rng() % 2) ? " OR " : " AND ";
        if (rng() % 3 == 0) q += "NOT ";
        if (rng() % 4 == 0) {
          q += "(" + terms[rng() % terms.size()] + " OR NOT " + terms[rng() % terms.size()] + ")";
        } else {
          q += terms[rng() % terms.size()];
        }
      }
      auto parsed = ParseQuery(q, kT0);
      ASSERT_TRUE(parsed.ok()) << q << ": " << parsed.status().message();
      auto got = Evaluate(*parsed, *seg);
      ASSERT_TRUE(got.ok());
      ASSERT_EQ(got->num_rows(), n);
      std::vector<uint32_t> want;
      for (uint32_t r = 0; r < n; ++r) {
        if (Naive(*parsed, parsed->root, *seg, r)) want.push_back(r);
      }
      EXPECT_EQ(got->Rows(), want) << q << " over " << n << " rows";
      EXPECT_EQ(*CountRows(*parsed, *seg), want.size()) << q;
    }
  }
}

}  // namespace
}  // namespace credtrace::query
