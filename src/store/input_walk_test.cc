#include "store/input_walk.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>

namespace credtrace::store {
namespace {

namespace fs = std::filesystem;

class InputWalkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("credtrace_walk_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  static std::string ReadThrough(const InputFile& f) {
    int fd = f.Open();
    if (fd < 0) return "<cannot open>";
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    return n < 0 ? "<cannot read>" : std::string(buf, static_cast<size_t>(n));
  }
  fs::path dir_;
};

TEST_F(InputWalkTest, FilesAreJoinedAsGivenAndOpenedRelativeToTheirDirectory) {
  Write(dir_ / "in/a.json", "A");
  Write(dir_ / "in/sub/b.json", "B");
  Write(dir_ / "in/sub/deeper/c.json", "C");
  // With and without a trailing slash, the paths are the given path joined with the walk.
  for (std::string root : {(dir_ / "in").string(), (dir_ / "in").string() + "/"}) {
    WalkResult r = WalkInputs({fs::path(root)}, {});
    ASSERT_EQ(r.files.size(), 3u) << root;
    EXPECT_TRUE(r.errors.empty());
    std::string base = (dir_ / "in").string() + "/";
    EXPECT_EQ(r.files[0].path, base + "a.json");
    EXPECT_EQ(r.files[1].path, base + "sub/b.json");
    EXPECT_EQ(r.files[2].path, base + "sub/deeper/c.json");
    for (const InputFile& f : r.files) {
      ASSERT_NE(f.dir, nullptr) << f.path;
      EXPECT_EQ(f.path.substr(f.name_at), fs::path(f.path).filename().string());
    }
    EXPECT_EQ(ReadThrough(r.files[0]), "A");
    EXPECT_EQ(ReadThrough(r.files[2]), "C");
  }
  // The directory stays usable for its files even when it is renamed after the walk.
  WalkResult r = WalkInputs({dir_ / "in"}, {});
  fs::rename(dir_ / "in", dir_ / "moved");
  EXPECT_EQ(ReadThrough(r.files[1]), "B");
}

TEST_F(InputWalkTest, AGivenFileIsOpenedByPath) {
  Write(dir_ / "one.json", "1");
  WalkResult r = WalkInputs({dir_ / "one.json"}, {});
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].dir, nullptr);
  EXPECT_EQ(r.files[0].size, 1u);
  EXPECT_EQ(ReadThrough(r.files[0]), "1");
}

TEST_F(InputWalkTest, LinksToFilesAreFollowedLinksToDirectoriesAreNot) {
  Write(dir_ / "elsewhere/x.json", "X");
  Write(dir_ / "in/real.json", "R");
  fs::create_symlink(dir_ / "elsewhere/x.json", dir_ / "in/link.json");
  fs::create_symlink(dir_ / "elsewhere", dir_ / "in/linkdir");
  fs::create_symlink(dir_ / "in", dir_ / "in/loop");
  fs::create_symlink(dir_ / "nothing", dir_ / "in/broken.json");
  WalkResult r = WalkInputs({dir_ / "in"}, {});
  std::set<std::string> names;
  for (const InputFile& f : r.files) names.insert(f.path.substr(f.name_at));
  EXPECT_EQ(names, (std::set<std::string>{"link.json", "real.json"}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, (dir_ / "in/broken.json").string());
  EXPECT_EQ(r.errors[0].reason, "broken symbolic link");
}

TEST_F(InputWalkTest, ManyDirectoriesDoNotHoldManyDescriptors) {
  // Every file kept (with its directory) until the end: past the bound, files are opened by path.
  for (int i = 0; i < 300; ++i) {
    std::string d = "d";
    d += std::to_string(i);
    Write(dir_ / "in" / d / "f.json", std::to_string(i));
  }
  size_t before = WalkDir::open_count();
  WalkResult r = WalkInputs({dir_ / "in"}, {});
  ASSERT_EQ(r.files.size(), 300u);
  size_t with_dir = 0;
  for (const InputFile& f : r.files) {
    with_dir += f.dir != nullptr;
    std::string want = fs::path(f.path).parent_path().filename().string().substr(1);
    EXPECT_EQ(ReadThrough(f), want) << f.path;
  }
  EXPECT_LT(with_dir, 300u);
  EXPECT_LE(WalkDir::open_count(), before + 256);
  r.files.clear();
  EXPECT_EQ(WalkDir::open_count(), before);
}

TEST_F(InputWalkTest, PrunesBelowAwsLogsOnly) {
  Write(dir_ / "AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/11/a.json", "a");
  Write(dir_ / "AWSLogs/111122223333/CloudTrail/eu-west-1/2024/03/11/b.json", "b");
  Write(dir_ / "other/111122223333/CloudTrail/eu-west-1/2024/03/11/c.json", "c");  // not the layout
  WalkFilter f;
  f.regions = {"us-east-1"};
  WalkResult r = WalkInputs({dir_}, f);
  std::set<std::string> names;
  for (const InputFile& in : r.files) names.insert(in.path.substr(in.name_at));
  EXPECT_EQ(names, (std::set<std::string>{"a.json", "c.json"}));
  EXPECT_EQ(r.pruned_dirs, 1u);
  // The same when the walk starts inside AWSLogs.
  r = WalkInputs({dir_ / "AWSLogs" / "111122223333"}, f);
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].path.substr(r.files[0].name_at), "a.json");
}

}  // namespace
}  // namespace credtrace::store
