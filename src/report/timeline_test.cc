// Timeline exports: Timesketch JSON lines and CSV guarded against formula injection.
#include "report/timeline.h"

#include <gtest/gtest.h>

namespace credtrace::report {
namespace {

using json = nlohmann::json;

json Timeline() {
  return json::parse(R"j([
    {"time":"2024-11-05T09:15:56Z","kind":"event","eventID":"e1","eventName":"CreateUser","eventSource":"iam.amazonaws.com",
     "awsRegion":"us-east-1","account":"111122223333","credential":"AKIA1","principalArn":"arn:aws:iam::111122223333:user/ci",
     "accessKeyId":"AKIA1","sourceIPAddress":"203.0.113.9","userAgent":"=HYPERLINK(\"http://evil\",\"x\")","errorCode":null,
     "attribution":"attacker","categories":["identity","persistence"],"techniques":["T1136.003"],"resources":["arn:aws:iam::111122223333:user/b"]},
    {"time":"2024-11-05T10:00:00Z","kind":"response","title":"contain contain-001: ok","detail":"deactivate-access-key"}])j");
}

TEST(Timeline, TimesketchLines) {
  std::string out = TimelineToTimesketch(Timeline());
  std::vector<json> lines;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    lines.push_back(json::parse(out.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  ASSERT_EQ(lines.size(), 2u);
  const json& e = lines[0];
  EXPECT_EQ(e["datetime"], "2024-11-05T09:15:56Z");
  EXPECT_EQ(e["timestamp"], 1730798156000000LL);
  EXPECT_EQ(e["timestamp_desc"], "Event Time");
  EXPECT_EQ(e["message"], "CreateUser by arn:aws:iam::111122223333:user/ci from 203.0.113.9 (attacker)");
  EXPECT_EQ(e["eventName"], "CreateUser");
  EXPECT_EQ(e["categories"], "identity,persistence");
  EXPECT_EQ(e["tag"], json::parse(R"(["attacker","identity","persistence"])"));
  EXPECT_FALSE(e.contains("errorCode")) << "null fields are left out";
  EXPECT_EQ(lines[1]["timestamp_desc"], "Response action");
  EXPECT_EQ(lines[1]["data_type"], "credtrace:response");
}

TEST(Timeline, CsvCellsCannotBeFormulas) {
  EXPECT_EQ(CsvCell("=1+1"), "'=1+1");
  EXPECT_EQ(CsvCell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(CsvCell("-2+3"), "'-2+3");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvCell("plain"), "plain");
  std::string csv = TimelineToCsv(Timeline());
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "datetime,timestamp_desc,message,eventID,eventName,eventSource,awsRegion,account,credential,principalArn,accessKeyId,"
            "sourceIPAddress,userAgent,errorCode,attribution,categories,techniques");
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""), std::string::npos) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
}

TEST(Timeline, InvalidUtf8BecomesReplacementCharacters) {
  json t = Timeline();
  t[0]["userAgent"] = std::string("bad\xFF");
  std::string csv = TimelineToCsv(t);
  EXPECT_NE(csv.find("bad\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace
}  // namespace credtrace::report
