// Compresses and writes output files on worker threads. The bytes of every file are decided
// before it is queued, so the output does not depend on thread scheduling.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/status.h"

namespace credtrace::sim {

class FileWriterPool {
 public:
  // gzip_level < 0: write as is.
  FileWriterPool(int threads, int gzip_level, size_t max_queued_bytes = 256u << 20);
  ~FileWriterPool();
  void Submit(std::filesystem::path path, std::string content);
  // Waits for every queued file; returns the first error.
  Status Finish();
  uint64_t bytes_in() const { return bytes_in_; }
  uint64_t bytes_out() const { return bytes_out_; }
  uint64_t files() const { return files_; }

 private:
  struct Job {
    std::filesystem::path path;
    std::string content;
  };
  void Work();
  int level_;
  size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_, space_;
  std::deque<Job> q_;
  size_t queued_bytes_ = 0;
  int busy_ = 0;
  bool stop_ = false;
  Status error_;
  uint64_t bytes_in_ = 0, bytes_out_ = 0, files_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace credtrace::sim
