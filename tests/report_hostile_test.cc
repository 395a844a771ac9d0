// A case whose logs were written by an attacker who knows the report is HTML: user agents,
// resource names, error messages, a note and the case's title carry markup and script. The report
// is rendered in headless Chromium (Debian's chromium): nothing in it runs (the payloads would
// add an element with id "pwned" or change the title), and the screenshot is not blank.
#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <set>

#include "base/file.h"
#include "casefile/case_file.h"
#include "casefile/overview.h"
#include "investigate/investigate.h"
#include "investigate/json_output.h"
#include "report/markdown_escape.h"
#include "report/report.h"
#include "report/timeline.h"
#include "store/case.h"
#include "store/ingest.h"

namespace credtrace::report {
namespace {

namespace fs = std::filesystem;
namespace cf = credtrace::casefile;
namespace inv = credtrace::investigate;
using json = nlohmann::json;

// Each payload, if it ran, would leave a trace in the DOM: an element with id "pwned" (the id is
// built at run time, so the text of the payload itself never contains it) or a changed title.
const char* kScript = "<script>var e=document.createElement('div');e.id='pwn'+'ed';document.body.appendChild(e)</script>";
const char* kImg = "<img src=x onerror=\"var e=document.createElement('div');e.id='pwn'+'ed';document.body.appendChild(e)\">";
const char* kSvg = "\"><svg onload=\"document.title='PW'+'NED'\"></svg>";
const char* kBreakout = "</td></tr></table></section><script>document.title='PW'+'NED'</script><table><tr><td>";

constexpr const char* kKey = "AKIAHOSTILEEXAMPLE01";
constexpr const char* kAccount = "111122223333";

json Rec(int i, const std::string& name, const std::string& source, json params, const std::string& ua, json response = nullptr,
         const std::string& error = "", const std::string& message = "", const std::string& key = kKey,
         const std::string& user = "victim") {
  char id[40];
  std::snprintf(id, sizeof id, "%08d-1111-4000-8000-00000000beef", i);
  json r = {{"eventVersion", "1.08"},
            {"userIdentity", {{"type", "IAMUser"}, {"principalId", "AIDAHOSTILE" + user}, {"arn", "arn:aws:iam::" + std::string(kAccount) + ":user/" + user},
                              {"accountId", kAccount}, {"accessKeyId", key}, {"userName", user}}},
            {"eventTime", "2024-11-05T10:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":00Z"},
            {"eventSource", source},
            {"eventName", name},
            {"awsRegion", "us-east-1"},
            {"sourceIPAddress", "198.51.100.66"},
            {"userAgent", ua},
            {"requestParameters", params},
            {"responseElements", response},
            {"requestID", std::string(id).replace(0, 4, "aaaa")},
            {"eventID", id},
            {"readOnly", name.rfind("Get", 0) == 0 || name.rfind("List", 0) == 0},
            {"eventType", "AwsApiCall"},
            {"managementEvent", true},
            {"recipientAccountId", kAccount},
            {"eventCategory", "Management"}};
  if (!error.empty()) {
    r["errorCode"] = error;
    r["errorMessage"] = message;
  }
  return r;
}

struct HostileCase {
  fs::path dir;
  std::string html, md, csv;
  json doc;
};

HostileCase Build() {
  HostileCase h;
  h.dir = fs::temp_directory_path() / ("credtrace-hostile-" + std::to_string(getpid()));
  std::error_code ec;
  fs::remove_all(h.dir, ec);
  fs::create_directories(h.dir / "logs");
  std::string hostile_user = std::string("backdoor") + kImg;
  std::vector<json> recs = {
      Rec(1, "GetCallerIdentity", "sts.amazonaws.com", nullptr, std::string("aws-cli/2.15 ") + kScript),
      Rec(2, "ListBuckets", "s3.amazonaws.com", nullptr, kBreakout),
      Rec(3, "CreateUser", "iam.amazonaws.com", {{"userName", hostile_user}, {"tags", json::array({{{"key", kSvg}, {"value", kScript}}})}}, kSvg,
          {{"user", {{"userName", hostile_user}, {"arn", "arn:aws:iam::" + std::string(kAccount) + ":user/" + hostile_user}, {"userId", "AIDAHOSTILE2"}}}}),
      Rec(4, "CreateAccessKey", "iam.amazonaws.com", {{"userName", hostile_user}}, kSvg,
          {{"accessKey", {{"accessKeyId", "AKIAHOSTILEDERIVED01"}, {"status", "Active"}, {"userName", hostile_user}}}}),
      Rec(5, "GetObject", "s3.amazonaws.com", {{"bucketName", "data"}, {"key", std::string("secrets/") + kBreakout}}, kScript),
      Rec(6, "PutBucketPolicy", "s3.amazonaws.com", {{"bucketName", "data"}, {"bucketPolicy", {{"Statement", kScript}}}}, kScript, nullptr,
          "AccessDenied", std::string("User is not authorized ") + kBreakout + kImg),
      Rec(7, "ListUsers", "iam.amazonaws.com", nullptr, kImg, nullptr, "", "", "AKIAHOSTILEDERIVED01", hostile_user),
  };
  {
    std::ofstream out(h.dir / "logs" / "hostile.jsonl", std::ios::binary);
    for (const json& r : recs) out << r.dump() << "\n";
  }
  fs::path case_dir = h.dir / "case";
  auto c = store::Case::Open(case_dir, store::CreateIfMissing::kYes);
  EXPECT_TRUE(c.ok());
  auto sum = store::Ingest(**c, {h.dir / "logs"}, store::IngestOptions{});
  EXPECT_TRUE(sum.ok());
  EXPECT_EQ(sum->events, recs.size());
  auto segs = (*c)->Segments();
  inv::Evidence ev(c->get(), *segs);
  inv::Options opt;
  opt.seeds.push_back({"key", kKey, "", "", std::nullopt});
  auto r = inv::Investigate(ev, opt);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  auto file = cf::CaseFile::Open(case_dir);
  EXPECT_TRUE(file.ok());
  EXPECT_TRUE((*file)->WriteRecorded("investigation", case_dir / "investigation.json", inv::DumpJson(inv::ToJson(*r, inv::GeneratorInfo{}), 2)).ok());
  EXPECT_TRUE((*file)->Record("meta", {{"field", "title"}, {"value", std::string("Leak ") + kScript}}).ok());
  EXPECT_TRUE((*file)->Record("meta", {{"field", "impact"}, {"value", kBreakout}}).ok());
  EXPECT_TRUE((*file)->Record("note", {{"kind", "lesson"}, {"text", std::string(kImg) + kSvg}}).ok());
  auto ov = cf::LoadOverview(**file);
  EXPECT_TRUE(ov.ok()) << ov.status().ToString();
  auto doc = BuildReport(**file, *ov, {"2024-11-06T00:00:00Z", "test", case_dir.string()});
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  h.doc = *doc;
  h.html = RenderReportHtml(*doc);
  h.md = RenderReportMarkdown(*doc);
  h.csv = TimelineToCsv((*doc)["timeline"]);
  return h;
}

HostileCase& TheCase() {
  static HostileCase* h = new HostileCase(Build());
  return *h;
}

std::string Chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
    if (access(p, X_OK) == 0) return p;
  }
  return "";
}

// Runs headless Chromium on `page` with `args`; returns its standard output.
std::string RunChromium(const fs::path& page, const std::string& args, const fs::path& profile) {
  std::string cmd = "timeout 120 " + Chromium() +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
                    " --disable-component-update --disable-sync --disable-extensions --virtual-time-budget=3000 --user-data-dir=" +
                    profile.string() + " " + args + " file://" + page.string() + " 2>/dev/null";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(ReportHostile, EveryValueIsEscapedInTheMarkup) {
  HostileCase& h = TheCase();
  ASSERT_FALSE(h.html.empty());
  // The derived credential was found: the hostile user is in the report (escaped).
  bool derived = false;
  for (const json& c : h.doc["scope"]["credentials"]) derived |= c["id"] == "AKIAHOSTILEDERIVED01";
  EXPECT_TRUE(derived);
  for (const char* raw : {"<script", "<img", "onerror=\"", "<svg onload", "</td></tr></table></section>"}) {
    EXPECT_EQ(h.html.find(raw), std::string::npos) << "raw " << raw << " in the HTML";
  }
  EXPECT_NE(h.html.find("&lt;script&gt;"), std::string::npos) << "the payloads are shown as text";
  // Markdown: the payloads are text in any renderer: every '<' is backslash-escaped, so no tag
  // can open.
  for (size_t at = h.md.find('<'); at != std::string::npos; at = h.md.find('<', at + 1)) {
    ASSERT_TRUE(at > 0 && h.md[at - 1] == '\\') << "raw '<' in the Markdown: " << h.md.substr(at, 40);
  }
  EXPECT_NE(h.md.find(EscapeMarkdown("backdoor<img")), std::string::npos);
  // CSV: a cell never starts with a formula character.
  EXPECT_EQ(h.csv.find("\n="), std::string::npos);
  EXPECT_EQ(h.csv.find(",="), std::string::npos);
}

TEST(ReportHostile, RendersInChromiumWithoutRunningAnything) {
  ASSERT_FALSE(Chromium().empty()) << "chromium is not installed (scripts/install-deps.sh installs it)";
  HostileCase& h = TheCase();
  fs::path page = h.dir / "report.html";
  ASSERT_TRUE(WriteFileAtomic(page, h.html).ok());
  std::string dom = RunChromium(page, "--dump-dom", h.dir / "profile-dom");
  ASSERT_GT(dom.size(), 1000u) << "Chromium printed no DOM";
  EXPECT_EQ(dom.find("id=\"pwned\""), std::string::npos) << "a payload ran";
  EXPECT_EQ(dom.find("PWNED"), std::string::npos) << "a payload changed the title";
  EXPECT_NE(dom.find("Post-incident report"), std::string::npos);
  EXPECT_NE(dom.find("&lt;script&gt;"), std::string::npos) << "the payloads are in the page, as text";
  // The screenshot: decoded with libpng, it must show a page (not one flat color).
  fs::path shot = h.dir / "shot.png";
  RunChromium(page, "--hide-scrollbars --window-size=1280,2200 --screenshot=" + shot.string(), h.dir / "profile-shot");
  FILE* fp = std::fopen(shot.c_str(), "rb");
  ASSERT_NE(fp, nullptr) << "no screenshot";
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  ASSERT_EQ(setjmp(png_jmpbuf(png)), 0) << "bad PNG";
  png_init_io(png, fp);
  png_read_info(png, info);
  png_set_expand(png);
  png_set_strip_16(png);
  png_set_gray_to_rgb(png);
  png_set_filler(png, 0xFF, PNG_FILLER_AFTER);
  png_read_update_info(png, info);
  uint32_t w = png_get_image_width(png, info), hgt = png_get_image_height(png, info);
  std::vector<uint8_t> pixels(static_cast<size_t>(w) * hgt * 4);
  std::vector<png_bytep> rows(hgt);
  for (uint32_t y = 0; y < hgt; ++y) rows[y] = pixels.data() + static_cast<size_t>(y) * w * 4;
  png_read_image(png, rows.data());
  png_destroy_read_struct(&png, &info, nullptr);
  std::fclose(fp);
  EXPECT_EQ(w, 1280u);
  size_t non_white = 0;
  std::set<uint32_t> colors;
  for (size_t i = 0; i < pixels.size(); i += 4) {
    uint32_t c = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
    if (c != 0xFFFFFF) ++non_white;
    if (colors.size() < 10000) colors.insert(c);
  }
  double share = static_cast<double>(non_white) / (static_cast<double>(w) * hgt);
  std::cout << "screenshot " << w << "x" << hgt << ": " << share * 100 << "% not white, " << colors.size() << " colors\n";
  EXPECT_GT(share, 0.03) << "the screenshot is blank";
  EXPECT_GT(colors.size(), 50u) << "the screenshot is one flat color";
}

}  // namespace
}  // namespace credtrace::report
