#include "sim/file_writer_pool.h"

#include <cstdio>

#include "base/gzip.h"

namespace credtrace::sim {

FileWriterPool::FileWriterPool(int threads, int gzip_level, size_t max_queued_bytes)
    : level_(gzip_level), max_queued_(max_queued_bytes) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Work(); });
}

FileWriterPool::~FileWriterPool() { (void)Finish(); }

void FileWriterPool::Submit(std::filesystem::path path, std::string content) {
  std::unique_lock<std::mutex> lk(mu_);
  space_.wait(lk, [&] { return queued_bytes_ < max_queued_ || q_.empty(); });
  queued_bytes_ += content.size();
  q_.push_back({std::move(path), std::move(content)});
  cv_.notify_one();
}

void FileWriterPool::Work() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait(lk, [&] { return stop_ || !q_.empty(); });
      if (q_.empty()) return;
      job = std::move(q_.front());
      q_.pop_front();
      ++busy_;
    }
    size_t in = job.content.size();
    std::string data = level_ >= 0 ? GzipCompress(job.content, level_) : std::move(job.content);
    Status st;
    FILE* f = std::fopen(job.path.c_str(), "wb");
    if (!f) {
      st = Status::IoError("cannot create " + job.path.string());
    } else {
      if (std::fwrite(data.data(), 1, data.size(), f) != data.size()) st = Status::IoError("cannot write " + job.path.string());
      if (std::fclose(f) != 0 && st.ok()) st = Status::IoError("cannot close " + job.path.string());
    }
    {
      std::lock_guard<std::mutex> lk(mu_);
      queued_bytes_ -= in;
      bytes_in_ += in;
      bytes_out_ += data.size();
      ++files_;
      --busy_;
      if (!st.ok() && error_.ok()) error_ = st;
      space_.notify_all();
      cv_.notify_all();
    }
  }
}

Status FileWriterPool::Finish() {
  {
    std::unique_lock<std::mutex> lk(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  return error_;
}

}  // namespace credtrace::sim
