# credtrace: the two commands a responder needs (see README.md).
#   make demo   install what is missing, build, run the built-in example incident
#   make test   install what is missing, build, run every test
#   make build  leaves the binary at build/credtrace
# Set-up uses apt-get (Debian 12, as root) for packages that are missing; nothing else is downloaded.

BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test demo bench fuzz dev asan clean format

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD_DIR)/credtrace

bench: deps
	@cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCREDTRACE_BENCH=ON >/dev/null
	@cmake --build build-bench -j $(JOBS)

# Developer build: warnings as errors, AddressSanitizer + UndefinedBehaviorSanitizer, fuzzers.
dev: deps
	@cmake -S . -B build-dev -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCREDTRACE_DEVELOPER_MODE=ON -DCREDTRACE_SANITIZE=ON >/dev/null
	@cmake --build build-dev -j $(JOBS)
	@cd build-dev && ctest --output-on-failure -j $(JOBS)

fuzz: deps
	@cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DCREDTRACE_FUZZ=ON -DCREDTRACE_TESTS=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

format:
	@find src tools bench fuzz -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) build-dev build-bench build-fuzz
