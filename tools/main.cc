// The credtrace executable only hands over to the CLI layer.
#include <cstdio>

#include "cli/cli.h"

int main(int argc, char** argv) {
#if defined(__x86_64__) && defined(__AVX2__)
  // Built for x86-64-v3 (CMake CREDTRACE_MARCH): refuse clearly rather than die on SIGILL.
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("bmi2") || !__builtin_cpu_supports("pclmul")) {
    std::fprintf(stderr, "credtrace: this build needs a CPU with AVX2, BMI2 and PCLMUL; rebuild with "
                         "`make build CMAKE_FLAGS=-DCREDTRACE_MARCH=` for a portable binary\n");
    return 1;
  }
#endif
  return credtrace::cli::Run(argc, argv);
}
