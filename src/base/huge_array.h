// Zeroed memory for big tables read at random (the ingest's eventID set, large dictionaries):
// backed by 2 MiB transparent huge pages where the kernel allows it (madvise mode), so that a
// probe costs a cache miss and not also a TLB miss. On a virtual machine a TLB miss is a
// two-dimensional page walk, dearer than the miss itself (measured: docs/PERFORMANCE.md).
// Small sizes, and kernels without huge pages, get ordinary pages; the contents are the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace credtrace {

namespace huge_array_internal {
// n bytes of zeroed, 2 MiB aligned memory (mmap); nullptr when the system has no memory.
void* Allocate(size_t n);
void Free(void* p, size_t n);
}  // namespace huge_array_internal

// A fixed-size array of trivially copyable T, all bytes zero at the start. Move-only.
template <typename T>
class HugeArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  HugeArray() = default;
  // Throws std::bad_alloc when the memory cannot be had (like std::vector).
  explicit HugeArray(size_t n);
  ~HugeArray() { Reset(); }
  HugeArray(HugeArray&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  HugeArray& operator=(HugeArray&& o) noexcept {
    if (this != &o) {
      Reset();
      p_ = std::exchange(o.p_, nullptr);
      n_ = std::exchange(o.n_, 0);
    }
    return *this;
  }
  HugeArray(const HugeArray&) = delete;
  HugeArray& operator=(const HugeArray&) = delete;

  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  T* data() { return p_; }
  const T* data() const { return p_; }
  T& operator[](size_t i) { return p_[i]; }
  const T& operator[](size_t i) const { return p_[i]; }
  T* begin() { return p_; }
  T* end() { return p_ + n_; }
  const T* begin() const { return p_; }
  const T* end() const { return p_ + n_; }
  void Reset() {
    if (p_) huge_array_internal::Free(p_, n_ * sizeof(T));
    p_ = nullptr;
    n_ = 0;
  }

 private:
  T* p_ = nullptr;
  size_t n_ = 0;
};

}  // namespace credtrace

#include <new>

namespace credtrace {
template <typename T>
HugeArray<T>::HugeArray(size_t n) {
  if (n == 0) return;
  if (n > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
  void* p = huge_array_internal::Allocate(n * sizeof(T));
  if (p == nullptr) throw std::bad_alloc();
  p_ = static_cast<T*>(p);
  n_ = n;
}
}  // namespace credtrace
