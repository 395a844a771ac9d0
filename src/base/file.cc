#include "base/file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace credtrace {

namespace {
Status Errno(std::string_view what, const std::string& p) {
  return Status::IoError(std::string(what) + " " + p + ": " + std::strerror(errno));
}
Status Errno(std::string_view what, const fs::path& p) { return Errno(what, p.native()); }

// Writes all of data to fd (write, retrying on EINTR and short writes); the error names `p`.
Status WriteFully(int fd, std::string_view data, const fs::path& p) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot write", p);
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Reads up to len bytes at offset (pread, retrying on EINTR); returns how many were read
// (fewer at the end of the file), or -1 with errno set.
ssize_t ReadAt(int fd, char* buf, size_t len, uint64_t offset) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = ::pread(fd, buf + got, len - got, static_cast<off_t>(offset + got));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(got);
}
}  // namespace

Result<std::string> ReadFile(const fs::path& path, uint64_t max_bytes) {
  std::string out;
  CT_RETURN_IF_ERROR(ReadFileInto(path, max_bytes, &out));
  return out;
}

Status ReadFileInto(const fs::path& path, uint64_t max_bytes, std::string* out) {
  return ReadFileInto(path.string(), -1, max_bytes, out);
}

int StartReadAhead(int fd) {
  if (fd >= 0) ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
  return fd;
}

Status ReadFileInto(const std::string& path, int fd, uint64_t max_bytes, std::string* out) {
  if (fd < 0) fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = Errno("cannot stat", path);
    ::close(fd);
    return s;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return Status::TooLarge(path + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  out->resize(static_cast<size_t>(st.st_size));
  ssize_t got = ReadAt(fd, out->data(), out->size(), 0);
  if (got < 0) {
    Status s = Errno("cannot read", path);
    ::close(fd);
    return s;
  }
  out->resize(static_cast<size_t>(got));
  ::close(fd);
  return Status::Ok();
}

Status SyncDir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open directory", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("cannot sync directory", dir);
  return Status::Ok();
}

Status WriteFileAtomic(const fs::path& path, std::string_view data) { return WriteFileAtomic(path, data, nullptr); }

Status WriteFileAtomic(const fs::path& path, std::string_view data, const std::function<Status()>& before_rename) {
  fs::path tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", tmp);
  if (Status w = WriteFully(fd, data, tmp); !w.ok()) {
    ::close(fd);
    return w;
  }
  if (::fsync(fd) != 0) {
    Status s = Errno("cannot sync", tmp);
    ::close(fd);
    return s;
  }
  ::close(fd);
  if (before_rename) {
    if (Status s = before_rename(); !s.ok()) {
      ::unlink(tmp.c_str());
      return s;
    }
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno("cannot rename onto", path);
  return SyncDir(path.parent_path().empty() ? fs::path(".") : path.parent_path());
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

Status AtomicFileWriter::Open(const fs::path& path) {
  path_ = path;
  tmp_ = path;
  tmp_ += ".tmp";
  size_ = 0;
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) return Errno("cannot create", tmp_);
  return Status::Ok();
}

Status AtomicFileWriter::Write(std::string_view data) {
  CT_RETURN_IF_ERROR(WriteFully(fd_, data, tmp_));
  size_ += data.size();
  return Status::Ok();
}

Status AtomicFileWriter::Commit() {
  if (::fsync(fd_) != 0) return Errno("cannot sync", tmp_);
  ::close(fd_);
  fd_ = -1;
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) return Errno("cannot rename onto", path_);
  return SyncDir(path_.parent_path().empty() ? fs::path(".") : path_.parent_path());
}

MappedFile::~MappedFile() {
  if (addr_ != nullptr && size_ > 0) ::munmap(addr_, size_);
}
MappedFile::MappedFile(MappedFile&& o) noexcept
    : addr_(std::exchange(o.addr_, nullptr)), size_(std::exchange(o.size_, 0)), dropped_(std::exchange(o.dropped_, 0)) {}
MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    if (addr_ != nullptr && size_ > 0) ::munmap(addr_, size_);
    addr_ = std::exchange(o.addr_, nullptr);
    size_ = std::exchange(o.size_, 0);
    dropped_ = std::exchange(o.dropped_, 0);
  }
  return *this;
}

void MappedFile::DropBefore(size_t offset) {
  static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t end = std::min(offset, size_) / page * page;
  if (!addr_ || end <= dropped_) return;
  ::madvise(static_cast<char*>(addr_) + dropped_, end - dropped_, MADV_DONTNEED);
  dropped_ = end;
}

Result<MappedFile> MappedFile::Open(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = Errno("cannot stat", path);
    ::close(fd);
    return s;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::IoError("not a regular file: " + path.string());
  }
  MappedFile m;
  m.size_ = static_cast<size_t>(st.st_size);
  if (m.size_ > 0) {
    void* a = ::mmap(nullptr, m.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (a == MAP_FAILED) {
      Status s = Errno("cannot map", path);
      ::close(fd);
      m.size_ = 0;
      return s;
    }
    m.addr_ = a;
  }
  ::close(fd);
  return m;
}

AppendFile::~AppendFile() {
  if (fd_ >= 0) {
    (void)Flush();
    ::close(fd_);
  }
}
AppendFile::AppendFile(AppendFile&& o) noexcept
    : fd_(o.fd_), size_(o.size_), path_(std::move(o.path_)), buffer_(std::move(o.buffer_)) {
  o.fd_ = -1;
}
AppendFile& AppendFile::operator=(AppendFile&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) {
      (void)Flush();
      ::close(fd_);
    }
    fd_ = o.fd_;
    size_ = o.size_;
    path_ = std::move(o.path_);
    buffer_ = std::move(o.buffer_);
    o.fd_ = -1;
  }
  return *this;
}

Result<AppendFile> AppendFile::Open(const fs::path& path, uint64_t truncate_to) {
  AppendFile f;
  f.path_ = path;
  f.fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (f.fd_ < 0) return Errno("cannot open", path);
  struct stat st;
  if (::fstat(f.fd_, &st) != 0) return Errno("cannot stat", path);
  f.size_ = static_cast<uint64_t>(st.st_size);
  if (truncate_to != UINT64_MAX && f.size_ > truncate_to) {
    if (::ftruncate(f.fd_, static_cast<off_t>(truncate_to)) != 0) return Errno("cannot truncate", path);
    f.size_ = truncate_to;
  }
  if (::lseek(f.fd_, 0, SEEK_END) < 0) return Errno("cannot seek", path);
  return f;
}

Status AppendFile::Append(std::string_view data) {
  constexpr size_t kBuffer = 1 << 20;
  if (buffer_.size() + data.size() > kBuffer) CT_RETURN_IF_ERROR(Flush());
  if (data.size() >= kBuffer) {
    CT_RETURN_IF_ERROR(WriteAll(data));
  } else {
    buffer_.append(data);
  }
  size_ += data.size();
  return Status::Ok();
}

Status AppendFile::Flush() {
  if (buffer_.empty()) return Status::Ok();
  Status s = WriteAll(buffer_);
  buffer_.clear();
  return s;
}

Status AppendFile::WriteAll(std::string_view data) { return WriteFully(fd_, data, path_); }

Status AppendFile::SyncFlushed() const {
  if (::fdatasync(fd_) != 0) return Errno("cannot sync", path_);
  return Status::Ok();
}

Status AppendFile::Sync() {
  CT_RETURN_IF_ERROR(Flush());
  if (::fdatasync(fd_) != 0) return Errno("cannot sync", path_);
  return Status::Ok();
}

Result<std::string> ReadFileRange(const fs::path& path, uint64_t offset, uint64_t len) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", path);
  std::string out(len, '\0');
  ssize_t got = ReadAt(fd, out.data(), len, offset);
  if (got < 0) {
    Status s = Errno("cannot read", path);
    ::close(fd);
    return s;
  }
  ::close(fd);
  if (static_cast<uint64_t>(got) != len) return Status::Corrupt(path.string() + ": short read at offset " + std::to_string(offset));
  return out;
}

}  // namespace credtrace
