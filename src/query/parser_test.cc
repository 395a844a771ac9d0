#include "query/parser.h"

#include <gtest/gtest.h>

#include <cctype>

#include "cloudtrail/fields.h"

namespace credtrace::query {
namespace {

constexpr TimeMs kNow = 1710151200000;  // 2024-03-11T10:00:00Z

std::string P(std::string_view q) {
  auto r = ParseQuery(q, kNow);
  if (!r.ok()) return "ERROR: " + r.status().message();
  return r->ToString();
}

// The reason line and the caret column of a failed parse.
struct Err {
  std::string reason;
  int caret = -1;
};
Err E(std::string_view q) {
  auto r = ParseQuery(q, kNow);
  if (r.ok()) return {"parsed: " + r->ToString(), -1};
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = r.status().message();
  size_t nl1 = m.find('\n');
  size_t nl2 = m.find('\n', nl1 + 1);
  EXPECT_NE(nl2, std::string::npos) << m;
  EXPECT_EQ(m.substr(nl1 + 1, nl2 - nl1 - 1), "  " + std::string(q)) << "the query is shown";
  std::string caret = m.substr(nl2 + 1);
  EXPECT_EQ(caret.find_first_not_of(' '), caret.size() - 1) << m;
  EXPECT_EQ(caret.back(), '^') << m;
  return {m.substr(0, nl1), static_cast<int>(caret.size()) - 3};
}

TEST(QueryParser, PrecedenceNotAndOr) {
  EXPECT_EQ(P("name:A OR name:B AND name:C"), "(OR eventName=A (AND eventName=B eventName=C))");
  EXPECT_EQ(P("name:A AND name:B OR name:C"), "(OR (AND eventName=A eventName=B) eventName=C)");
  EXPECT_EQ(P("NOT name:A AND name:B"), "(AND (NOT eventName=A) eventName=B)");
  EXPECT_EQ(P("NOT name:A OR name:B"), "(OR (NOT eventName=A) eventName=B)");
  EXPECT_EQ(P("NOT (name:A OR name:B)"), "(NOT (OR eventName=A eventName=B))");
  EXPECT_EQ(P("(name:A OR name:B) key:K"), "(AND (OR eventName=A eventName=B) userIdentity.accessKeyId=K)");
  EXPECT_EQ(P("name:A name:B OR name:C name:D"),
            "(OR (AND eventName=A eventName=B) (AND eventName=C eventName=D))");
  EXPECT_EQ(P("NOT NOT name:A"), "(NOT (NOT eventName=A))");
}

TEST(QueryParser, OperatorSpellings) {
  EXPECT_EQ(P("name:A and name:B or not name:C"), "(OR (AND eventName=A eventName=B) (NOT eventName=C))");
  EXPECT_EQ(P("-name:A name:B"), "(AND (NOT eventName=A) eventName=B)");
  EXPECT_EQ(P("-(name:A)"), "(NOT eventName=A)");
  EXPECT_EQ(P("name=A"), "eventName=A");
  EXPECT_EQ(P("name : A"), "eventName=A");
  EXPECT_EQ(P("(name:A)(name:B)"), "(AND eventName=A eventName=B)");
  // Flattening: a AND (b AND c) is one AND.
  EXPECT_EQ(P("name:A AND (name:B AND name:C)"), "(AND eventName=A eventName=B eventName=C)");
  // A quoted operator word is a value.
  EXPECT_EQ(P("name:\"AND\""), "eventName=AND");
}

TEST(QueryParser, ValuesQuotingAndGlobs) {
  EXPECT_EQ(P("userAgent:\"aws-cli/2.* Python/3\""), "userAgent~aws-cli/2.* Python/3");
  EXPECT_EQ(P("ua:\"say \\\"hi\\\"\""), "userAgent=say \"hi\"");
  EXPECT_EQ(P("name:\"Create\\*\""), "eventName=Create*");
  EXPECT_EQ(P("name:Create\\*"), "eventName=Create*");
  EXPECT_EQ(P("name:Create*"), "eventName~Create*");
  EXPECT_EQ(P("name:Get?bject"), "eventName~Get?bject");
  EXPECT_EQ(P("errorCode:*"), "errorCode:present");
  EXPECT_EQ(P("errorCode:\"\""), "errorCode:absent");
  EXPECT_EQ(P("NOT errorCode:*"), "(NOT errorCode:present)");
  EXPECT_EQ(P("userAgent:\"a (b)\""), "userAgent=a (b)");
  EXPECT_EQ(P("ua:x\\ y"), "userAgent=x y");
  // Values are case-sensitive (kept as written); field names are not.
  EXPECT_EQ(P("EVENTNAME:createUser"), "eventName=createUser");
  EXPECT_EQ(P("UserIdentity.AccessKeyId:AKIA1"), "userIdentity.accessKeyId=AKIA1");
}

TEST(QueryParser, EveryPathAndAliasResolves) {
  for (const auto& f : cloudtrail::AllFields()) {
    std::vector<std::string> names{std::string(f.path)};
    std::string_view a = f.aliases;
    while (!a.empty()) {
      size_t sp = a.find(' ');
      names.emplace_back(a.substr(0, sp));
      if (sp == std::string_view::npos) break;
      a.remove_prefix(sp + 1);
    }
    for (const std::string& name : names) {
      std::string want;
      std::string q;
      switch (f.type) {
        case cloudtrail::FieldType::kTime:
          q = name + ">=2024-03-11T00:00:00Z";
          want = "time[2024-03-11T00:00:00Z,*)";
          break;
        case cloudtrail::FieldType::kBool:
          q = name + ":true";
          want = std::string(f.path) + "=true";
          break;
        case cloudtrail::FieldType::kString:
          q = name + ":v1";
          want = std::string(f.path) + "=v1";
          break;
      }
      EXPECT_EQ(P(q), want) << q;
      // Upper case works too.
      std::string upper = q;
      for (size_t i = 0; i < name.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
      EXPECT_EQ(P(upper), want) << upper;
    }
  }
}

TEST(QueryParser, ArnRouting) {
  const std::string arn = "userIdentity.arn=arn:aws:iam::123456789012:user/alice";
  EXPECT_EQ(P("principal:arn:aws:iam::123456789012:user/alice"), arn);
  EXPECT_EQ(P("arn:aws:iam::123456789012:user/alice"), arn);  // a bare ARN
  EXPECT_EQ(P("arn:arn:aws:iam::123456789012:user/alice"), arn);
  EXPECT_EQ(P("userIdentity.arn:arn:aws:iam::123456789012:user/alice"), arn);
  EXPECT_EQ(P("arn:arn:aws-cn:iam::1:user/a"), "userIdentity.arn=arn:aws-cn:iam::1:user/a");
  EXPECT_EQ(P("arn:aws:iam::*:user/*"), "userIdentity.arn~arn:aws:iam::*:user/*");
  EXPECT_EQ(P("arn:*alice*"), "userIdentity.arn~*alice*");
  EXPECT_EQ(P("principal:AIDAEXAMPLE"), "userIdentity.principalId=AIDAEXAMPLE");
  // The session issuer keeps its own column.
  EXPECT_EQ(P("issuer:arn:aws:iam::1:role/r"),
            "userIdentity.sessionContext.sessionIssuer.arn=arn:aws:iam::1:role/r");
}

TEST(QueryParser, BareValues) {
  EXPECT_EQ(P("AKIAEXAMPLE"),
            "(OR eventID=AKIAEXAMPLE userIdentity.accessKeyId=AKIAEXAMPLE "
            "userIdentity.principalId=AKIAEXAMPLE userIdentity.arn=AKIAEXAMPLE "
            "sourceIPAddress=AKIAEXAMPLE eventName=AKIAEXAMPLE)");
  EXPECT_EQ(P("\"two words\""),
            "(OR eventID=two words userIdentity.accessKeyId=two words "
            "userIdentity.principalId=two words userIdentity.arn=two words "
            "sourceIPAddress=two words eventName=two words)");
  EXPECT_EQ(P("203.0.113.7"), "sourceIPAddress=203.0.113.7");
  EXPECT_EQ(P("203.0.113.0/24"), "sourceIPAddress:cidr(203.0.113.0/24)");
  EXPECT_EQ(P("2001:db8::1"), "sourceIPAddress:cidr(2001:db8:0:0:0:0:0:1/128)");
  EXPECT_EQ(P("fe80::/10"), "sourceIPAddress:cidr(fe80:0:0:0:0:0:0:0/10)");
  EXPECT_EQ(P("*"), "*");
  EXPECT_EQ(P(""), "*");
  EXPECT_EQ(P("   "), "*");
  EXPECT_EQ(P("name:A *"), "(AND eventName=A *)");
}

TEST(QueryParser, IpColumn) {
  EXPECT_EQ(P("ip:203.0.113.0/24"), "sourceIPAddress:cidr(203.0.113.0/24)");
  EXPECT_EQ(P("sourceIPAddress:0.0.0.0/0"), "sourceIPAddress:cidr(0.0.0.0/0)");
  EXPECT_EQ(P("ip:2001:db8::/32"), "sourceIPAddress:cidr(2001:db8:0:0:0:0:0:0/32)");
  EXPECT_EQ(P("ip:ec2.amazonaws.com"), "sourceIPAddress=ec2.amazonaws.com");
  EXPECT_EQ(P("ip:203.0.113.*"), "sourceIPAddress~203.0.113.*");
  EXPECT_EQ(P("ip:203.0.113.7"), "sourceIPAddress=203.0.113.7");
  // Only the IP column reads CIDR: elsewhere a slash is text.
  EXPECT_EQ(P("ua:a/b"), "userAgent=a/b");
}

TEST(QueryParser, Times) {
  EXPECT_EQ(P("eventTime>=2024-03-11T10:00:00Z"), "time[2024-03-11T10:00:00Z,*)");
  EXPECT_EQ(P("time>2024-03-11T10:00:00Z"), "time[2024-03-11T10:00:00.001Z,*)");
  EXPECT_EQ(P("time<2024-03-11T10:00:00Z"), "time[*,2024-03-11T10:00:00Z)");
  EXPECT_EQ(P("time<=2024-03-11T10:00:00Z"), "time[*,2024-03-11T10:00:00.001Z)");
  EXPECT_EQ(P("time >= 2024-03-11"), "time[2024-03-11T00:00:00Z,*)");
  EXPECT_EQ(P("time>=-2h"), "time[2024-03-11T08:00:00Z,*)");
  EXPECT_EQ(P("time>=-7d time<now"), "(AND time[2024-03-04T10:00:00Z,*) time[*,2024-03-11T10:00:00Z))");
  EXPECT_EQ(P("time:[2024-03-11T00:00:00Z TO 2024-03-12T00:00:00Z]"),
            "time[2024-03-11T00:00:00Z,2024-03-12T00:00:00.001Z)");
  EXPECT_EQ(P("time:[2024-03-11 TO 2024-03-12}"), "time[2024-03-11T00:00:00Z,2024-03-12T00:00:00Z)");
  EXPECT_EQ(P("time:{2024-03-11 TO *]"), "time[2024-03-11T00:00:00.001Z,*)");
  EXPECT_EQ(P("time:[* to -1h]"), "time[*,2024-03-11T09:00:00.001Z)");
  EXPECT_EQ(P("time:2024-03-11T10:00:00Z"), "time[2024-03-11T10:00:00Z,2024-03-11T10:00:00.001Z)");
  EXPECT_EQ(P("time:*"), "*");
  EXPECT_EQ(P("time>=2024-03-11T12:00:00+02:00"), "time[2024-03-11T10:00:00Z,*)");
}

TEST(QueryParser, Bools) {
  EXPECT_EQ(P("readOnly:true"), "readOnly=true");
  EXPECT_EQ(P("readonly:FALSE"), "readOnly=false");
  EXPECT_EQ(P("readOnly:*"), "readOnly:present");
  EXPECT_EQ(P("readOnly:\"\""), "readOnly:absent");
}

TEST(QueryErrors, UnknownFieldSuggestsNearest) {
  Err e = E("usrIdentity.arn:x");
  EXPECT_NE(e.reason.find("unknown field 'usrIdentity.arn' (did you mean userIdentity.arn?)"),
            std::string::npos)
      << e.reason;
  EXPECT_EQ(e.caret, 0);
  e = E("name:A AND eventNme:B");
  EXPECT_NE(e.reason.find("did you mean eventName?"), std::string::npos) << e.reason;
  EXPECT_EQ(e.caret, 11);
  e = E("name:A zzzzzzzzzzzz:1");
  EXPECT_NE(e.reason.find("unknown field 'zzzzzzzzzzzz'"), std::string::npos);
  EXPECT_EQ(e.reason.find("did you mean"), std::string::npos) << "nothing is near";
  EXPECT_EQ(e.caret, 7);
}

TEST(QueryErrors, Parentheses) {
  Err e = E("name:A AND (key:K OR key:L");
  EXPECT_EQ(e.reason, "unclosed parenthesis");
  EXPECT_EQ(e.caret, 11);
  e = E("name:A)");
  EXPECT_EQ(e.reason, "unexpected ')'");
  EXPECT_EQ(e.caret, 6);
  e = E("()");
  EXPECT_EQ(e.reason, "empty parentheses");
  EXPECT_EQ(e.caret, 0);
  e = E("((name:A)");
  EXPECT_EQ(e.reason, "unclosed parenthesis");
  EXPECT_EQ(e.caret, 0);
  e = E("( AND name:A)");
  EXPECT_EQ(e.caret, 2);
}

TEST(QueryErrors, Operators) {
  Err e = E("AND name:A");
  EXPECT_EQ(e.reason, "expected a term before AND");
  EXPECT_EQ(e.caret, 0);
  e = E("name:A OR");
  EXPECT_EQ(e.reason, "expected a term after OR");
  EXPECT_EQ(e.caret, 9);
  e = E("name:A AND OR name:B");
  EXPECT_EQ(e.reason, "expected a term after AND");
  EXPECT_EQ(e.caret, 11);
  e = E("NOT");
  EXPECT_EQ(e.reason, "expected a term after NOT");
  EXPECT_EQ(e.caret, 3);
}

TEST(QueryErrors, Values) {
  Err e = E("name:A ip:203.0.113.0/33");
  EXPECT_NE(e.reason.find("invalid CIDR '203.0.113.0/33'"), std::string::npos) << e.reason;
  EXPECT_EQ(e.caret, 10);
  e = E("ip:10.0.0/8");
  EXPECT_NE(e.reason.find("invalid CIDR"), std::string::npos);
  EXPECT_EQ(e.caret, 3);
  e = E("time>=yesterday");
  EXPECT_NE(e.reason.find("invalid time 'yesterday'"), std::string::npos) << e.reason;
  EXPECT_EQ(e.caret, 6);
  e = E("time>=2024-13-01");
  EXPECT_NE(e.reason.find("invalid time"), std::string::npos);
  e = E("time>=-99999999999999999999d");
  EXPECT_NE(e.reason.find("invalid time"), std::string::npos);
  e = E("time:[2024-03-11 TO nope]");
  EXPECT_NE(e.reason.find("invalid time 'nope'"), std::string::npos);
  EXPECT_EQ(e.caret, 20);
  e = E("time:[2024-03-12 TO 2024-03-11]");
  EXPECT_EQ(e.reason, "the range ends before it starts");
  e = E("time:[2024-03-12 2024-03-13]");
  EXPECT_NE(e.reason.find("expected a range"), std::string::npos);
  EXPECT_EQ(e.caret, 5);
  e = E("time:[2024-03-12 TO");
  EXPECT_NE(e.reason.find("unclosed range"), std::string::npos);
  EXPECT_EQ(e.caret, 5);
  e = E("time:Create*");
  EXPECT_NE(e.reason.find("wildcards do not apply"), std::string::npos);
  e = E("name>CreateUser");
  EXPECT_NE(e.reason.find("apply only to eventTime"), std::string::npos);
  EXPECT_EQ(e.caret, 4);
  e = E("name:[a TO b]");
  EXPECT_NE(e.reason.find("ranges apply only to eventTime"), std::string::npos);
  e = E("readOnly:maybe");
  EXPECT_NE(e.reason.find("expected true or false"), std::string::npos);
  EXPECT_EQ(e.caret, 9);
  e = E("name:");
  EXPECT_EQ(e.reason, "missing value after 'name'");
  EXPECT_EQ(e.caret, 5);
  e = E("(name:)");
  EXPECT_EQ(e.reason, "missing value after 'name'");
  EXPECT_EQ(e.caret, 6);
  e = E("ua:\"aws-cli");
  EXPECT_EQ(e.reason, "unclosed quote");
  EXPECT_EQ(e.caret, 3);
  e = E("ua:\"a\\nb\"");
  EXPECT_NE(e.reason.find("unknown escape"), std::string::npos);
  EXPECT_EQ(e.caret, 5);
  e = E("ua:\"a\"b");
  EXPECT_NE(e.reason.find("after the closing quote"), std::string::npos);
  EXPECT_EQ(e.caret, 6);
  e = E("\"\"");
  EXPECT_NE(e.reason.find("empty value"), std::string::npos);
}

TEST(QueryErrors, CaretCountsCharactersNotBytes) {
  Err e = E("ua:\"h\xC3\xA9llo\" (");
  EXPECT_EQ(e.reason, "unclosed parenthesis");
  EXPECT_EQ(e.caret, 11);  // 12 bytes before '(' but 11 characters
}

TEST(QueryErrors, DeepNestingIsAnErrorNotACrash) {
  std::string q(10000, '(');
  q += "name:A";
  q += std::string(10000, ')');
  EXPECT_EQ(E(q).reason, "query nested too deeply");
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "NOT ";
  EXPECT_EQ(E(nots + "name:A").reason, "query nested too deeply");
}

}  // namespace
}  // namespace credtrace::query
