# Thin wrapper over CMake so that the README's two commands are `make run` and `make test`.
# Both run scripts/setup first (instant when everything is installed).
BUILD_DIR ?= build
WERROR ?= $(if $(CI),ON,OFF)
CMAKE_ARGS ?=

.PHONY: all setup build run test python asan bench bench-build fuzz fuzz-build format clean

all: build

setup:
	@bash scripts/setup

build: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGPUGAP_WERROR=$(WERROR) $(CMAKE_ARGS) >/dev/null
	@cmake --build $(BUILD_DIR)

# The default analysis: AI's $600B question (Sequoia, 2024).
run: build
	@./$(BUILD_DIR)/gpugap run

test: build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j 2

# `import gpugap` (docs/python.md): the module and its package in $(BUILD_DIR)/python.
python: build
	@cmake --build $(BUILD_DIR) --target gpugap_python
	@echo "import gpugap with: PYTHONPATH=$(abspath $(BUILD_DIR))/python /usr/bin/python3"

# AddressSanitizer + UndefinedBehaviorSanitizer build of everything (clang-14, in build-asan/), tests
# run under it. The same tree builds the fuzz targets (`make fuzz`), so its library is compiled once.
asan:
	@bash scripts/setup fuzz
	@cmake --preset asan -DGPUGAP_WERROR=$(WERROR) >/dev/null
	@cmake --build --preset asan
	@ctest --preset asan -j 2

# Benchmarks (bench/run.sh, results in docs/BENCHMARKS.md).
bench-build:
	@bash scripts/setup bench
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DGPUGAP_BENCH=ON >/dev/null
	@cmake --build $(BUILD_DIR)

bench: bench-build
	@bash bench/run.sh

# Fuzzing (fuzz/, docs/fuzzing.md): clang-14's libFuzzer under ASan and UBSan, toml++ compiled
# with its assertions on; each target runs FUZZ_SECONDS and prints a line for docs/fuzzing.md.
# The targets are built in the sanitizer build's tree (the asan preset): after `make asan` only
# they are linked.
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
fuzz-build:
	@bash scripts/setup fuzz
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(FUZZ_JOBS) --target fuzz_scenario fuzz_formula fuzz_data fuzz_server

fuzz: fuzz-build
	@FUZZ_JOBS=$(FUZZ_JOBS) bash fuzz/run.sh build-asan $(FUZZ_SECONDS)

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build build-asan
