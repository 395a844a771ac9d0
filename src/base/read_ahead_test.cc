#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "base/file.h"

namespace credtrace {
namespace {

namespace fs = std::filesystem;

class ReadAheadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("credtrace-readahead-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

bool IsOpen(int fd) { return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

TEST_F(ReadAheadTest, ReadingThroughTheDescriptorOpenedAheadGivesTheBytesAndClosesIt) {
  std::string content(100000, '\0');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 131);
  ASSERT_TRUE(WriteFileAtomic(dir_ / "f", content).ok());
  int fd = OpenForReadAhead(dir_ / "f");
  ASSERT_GE(fd, 0);
  std::string out = "previous content";
  ASSERT_TRUE(ReadFileInto(dir_ / "f", fd, UINT64_MAX, &out).ok());
  EXPECT_EQ(out, content);
  EXPECT_FALSE(IsOpen(fd));
}

TEST_F(ReadAheadTest, TooLargeThroughTheDescriptorStillClosesIt) {
  ASSERT_TRUE(WriteFileAtomic(dir_ / "f", std::string(5000, 'x')).ok());
  int fd = OpenForReadAhead(dir_ / "f");
  ASSERT_GE(fd, 0);
  std::string out;
  Status s = ReadFileInto(dir_ / "f", fd, 4096, &out);
  EXPECT_EQ(s.code(), StatusCode::kTooLarge);
  EXPECT_FALSE(IsOpen(fd));
}

TEST_F(ReadAheadTest, AMissingFileIsNotOpenedAheadAndReadingItLaterSaysWhy) {
  EXPECT_EQ(OpenForReadAhead(dir_ / "missing"), -1);
  std::string out;
  Status s = ReadFileInto(dir_ / "missing", -1, UINT64_MAX, &out);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("missing"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("cannot open"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace credtrace
