#include "base/huge_array.h"

#include <sys/mman.h>

#include <cstdlib>

namespace credtrace::huge_array_internal {

namespace {
constexpr size_t kHuge = size_t{2} << 20;
// Below this, the rounding to a huge page would waste more than it saves.
constexpr size_t kHugeFrom = kHuge;
size_t RoundUp(size_t n, size_t to) { return (n + to - 1) / to * to; }
}  // namespace

void* Allocate(size_t n) {
  if (n < kHugeFrom) return std::calloc(1, n);
  // Map a huge page more than needed and trim the ends so that the start is 2 MiB aligned.
  size_t len = RoundUp(n, kHuge);
  void* raw = ::mmap(nullptr, len + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  auto base = reinterpret_cast<uintptr_t>(raw);
  uintptr_t start = RoundUp(base, kHuge);
  if (start > base) ::munmap(raw, start - base);
  uintptr_t end = base + len + kHuge;
  if (end > start + len) ::munmap(reinterpret_cast<void*>(start + len), end - (start + len));
  void* p = reinterpret_cast<void*>(start);
#ifdef MADV_HUGEPAGE
  ::madvise(p, len, MADV_HUGEPAGE);  // a hint: without it (or with THP off) pages are small
#endif
  return p;
}

void Free(void* p, size_t n) {
  if (n < kHugeFrom) std::free(p);
  else ::munmap(p, RoundUp(n, kHuge));
}

}  // namespace credtrace::huge_array_internal
