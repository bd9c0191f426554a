# The two front-door commands (see README): `make demo` and `make test`. Both install what is
# missing first (scripts/setup.sh), so they work on a fresh machine: `make demo` only what the
# main job needs (setup-main: the build's compiler and headers, the package without its test
# extras), `make test` everything (setup: also clang, Chromium, GoogleTest, the test extras).
VENV ?= .venv
BIN := $(VENV)/bin
CPP_BUILD := build/cpp
# ASan + UBSan build of the core, its tests and the fuzz targets (clang; docs/security.md).
SANITIZE_BUILD := build/sanitize
FUZZ_SECONDS ?= 40
PYTHON_FUZZ_EXAMPLES ?= 200
JOBS ?= 2

.PHONY: demo test setup setup-main test-cpp test-python lint format clean bench build-sanitize test-sanitize fuzz mutants

demo: setup-main
	$(BIN)/qualityassess --lang en demo --out out/demo-results.json

test: setup test-cpp test-sanitize fuzz test-python lint

setup:
	bash scripts/setup.sh

setup-main:
	bash scripts/setup.sh --main

test-cpp:
	cmake -S . -B $(CPP_BUILD) -DQA_BUILD_TESTS=ON -DQA_WARNINGS_AS_ERRORS=ON -DCMAKE_BUILD_TYPE=Release
	cmake --build $(CPP_BUILD) -j $(JOBS)
	ctest --test-dir $(CPP_BUILD) --output-on-failure -j $(JOBS)

build-sanitize:
	cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
	  -DQA_SANITIZE=ON -DQA_BUILD_FUZZERS=ON -DQA_BUILD_TESTS=ON -DQA_WARNINGS_AS_ERRORS=ON
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)

# The GoogleTest suite and the fuzz corpora and regressions replayed, under ASan + UBSan.
test-sanitize: build-sanitize
	ctest --test-dir $(SANITIZE_BUILD) --output-on-failure -j $(JOBS)

# Each fuzz target for FUZZ_SECONDS, from its seed corpus (scripts/fuzz.sh); then what is read
# and written in Python (filled workbooks, output paths), with PYTHON_FUZZ_EXAMPLES hypothesis
# examples per property instead of the test suite's few.
fuzz: setup build-sanitize
	bash scripts/fuzz.sh $(SANITIZE_BUILD) $(FUZZ_SECONDS)
	QA_FUZZ_EXAMPLES=$(PYTHON_FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/python/test_workbook_fuzz.py tests/python/test_output_paths_fuzz.py

test-python:
	$(BIN)/python -m pytest

# Speed comparisons against NumPy/pandas baselines (benchmarks/); not part of `make test`.
bench: setup
	$(BIN)/python benchmarks/run.py

# Each deliberate error in scripts/mutants.json applied alone to a copy of the tree, rebuilt and
# tested: prints killed or alive per mutant and the kill rate (not part of `make test`: 1-2 h).
# `$(BIN)/python scripts/mutants.py --from-git HEAD` mutates a commit, not the working tree.
mutants: setup
	$(BIN)/python scripts/mutants.py

lint:
	$(BIN)/ruff check python tests/python examples fuzz scripts
	$(BIN)/ruff format --check python tests/python examples fuzz scripts

format:
	$(BIN)/ruff format python tests/python examples fuzz scripts
	clang-format -i cpp/include/qualityassess/*.hpp cpp/src/*.cpp cpp/src/*.hpp cpp/bindings/*.cpp cpp/bindings/*.hpp tests/cpp/*.cpp tests/cpp/*.hpp \
	  fuzz/*.cpp fuzz/*.hpp

clean:
	rm -rf build out
