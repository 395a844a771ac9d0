#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <filesystem>
#include <string>

#include "base/file.h"
#include "base/sha256.h"

namespace credtrace {
namespace {

namespace fs = std::filesystem;

// base/file: mapped files and reading ahead.
class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("credtrace-file-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// A file of several hash chunks (8 MiB) plus a tail that is not a whole page.
std::string Content() {
  std::string s;
  s.reserve((size_t{20} << 20) + 12345);
  for (size_t i = 0; s.size() < (size_t{20} << 20) + 12345; ++i) s += std::to_string(i * 2654435761u) + ",";
  return s;
}

TEST_F(FileTest, HashOfMappedFileDroppingPagesEqualsTheHashOfItsBytes) {
  std::string content = Content();
  ASSERT_TRUE(WriteFileAtomic(dir_ / "f", content).ok());
  auto m = MappedFile::Open(dir_ / "f");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(Sha256::HexOfMapped(*m), Sha256::HexOf(content));
  // Dropped pages are read again from the file when touched: the view still holds every byte.
  EXPECT_EQ(m->data(), content);
}

TEST_F(FileTest, DropBeforeIsHarmlessAtAnyOffsetAndOnEmptyFiles) {
  std::string content = Content();
  ASSERT_TRUE(WriteFileAtomic(dir_ / "f", content).ok());
  auto m = MappedFile::Open(dir_ / "f");
  ASSERT_TRUE(m.ok());
  m->DropBefore(4097);
  m->DropBefore(100);  // backwards: nothing more to drop
  m->DropBefore(content.size() + (size_t{1} << 30));  // past the end: bounded by the size
  EXPECT_EQ(m->data().substr(0, 64), content.substr(0, 64));
  EXPECT_EQ(Sha256::HexOfMapped(*m), Sha256::HexOf(content));

  ASSERT_TRUE(WriteFileAtomic(dir_ / "empty", "").ok());
  auto e = MappedFile::Open(dir_ / "empty");
  ASSERT_TRUE(e.ok());
  e->DropBefore(10);
  EXPECT_EQ(Sha256::HexOfMapped(*e), Sha256::HexOf(""));
}

bool IsOpen(int fd) { return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

TEST_F(FileTest, ReadingThroughTheDescriptorOpenedAheadGivesTheBytesAndClosesIt) {
  std::string content(100000, '\0');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 131);
  ASSERT_TRUE(WriteFileAtomic(dir_ / "f", content).ok());
  int fd = StartReadAhead(::open((dir_ / "f").c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_GE(fd, 0);
  std::string out = "previous content";
  ASSERT_TRUE(ReadFileInto(dir_ / "f", fd, UINT64_MAX, &out).ok());
  EXPECT_EQ(out, content);
  EXPECT_FALSE(IsOpen(fd));
}

TEST_F(FileTest, TooLargeThroughTheDescriptorStillClosesIt) {
  ASSERT_TRUE(WriteFileAtomic(dir_ / "f", std::string(5000, 'x')).ok());
  int fd = StartReadAhead(::open((dir_ / "f").c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_GE(fd, 0);
  std::string out;
  Status s = ReadFileInto(dir_ / "f", fd, 4096, &out);
  EXPECT_EQ(s.code(), StatusCode::kTooLarge);
  EXPECT_FALSE(IsOpen(fd));
}

TEST_F(FileTest, AMissingFileIsNotOpenedAheadAndReadingItLaterSaysWhy) {
  EXPECT_EQ(StartReadAhead(::open((dir_ / "missing").c_str(), O_RDONLY | O_CLOEXEC)), -1);
  std::string out;
  Status s = ReadFileInto(dir_ / "missing", -1, UINT64_MAX, &out);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("missing"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("cannot open"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace credtrace
