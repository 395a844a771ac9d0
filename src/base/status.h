// Status and Result<T>: expected failures as values (the library never prints, exits or aborts).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace credtrace {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is wrong (a bad query, a bad flag value)
  kNotFound,         // a file, case, event or key that does not exist
  kCorrupt,          // bytes that do not have the expected format (a bad record, a bad segment)
  kIoError,          // the operating system refused (open, read, write, rename)
  kTooLarge,         // a bound was hit (gzip bomb, record over the size limit)
  kUnsupported,      // recognised but not handled (digest file, insights file)
  kAborted,          // stopped on request
};

// A Status is either ok or a code with a message. Cheap to copy when ok.
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status Corrupt(std::string msg) { return {StatusCode::kCorrupt, std::move(msg)}; }
  static Status IoError(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status TooLarge(std::string msg) { return {StatusCode::kTooLarge, std::move(msg)}; }
  static Status Unsupported(std::string msg) { return {StatusCode::kUnsupported, std::move(msg)}; }
  static Status Aborted(std::string msg) { return {StatusCode::kAborted, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "corrupt: <message>" style text for logs; "ok" when ok.
  std::string ToString() const;

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Result<T> holds a T or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}   // NOLINT: must not be ok

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

#define CT_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::credtrace::Status _st = (expr);     \
    if (!_st.ok()) return _st;            \
  } while (0)

#define CT_CONCAT_INNER(a, b) a##b
#define CT_CONCAT(a, b) CT_CONCAT_INNER(a, b)
#define CT_ASSIGN_OR_RETURN(lhs, expr) CT_ASSIGN_OR_RETURN_IMPL(CT_CONCAT(_res_, __LINE__), lhs, expr)
#define CT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()

}  // namespace credtrace
