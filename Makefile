# The two front-door commands (see README): `make demo` and `make test`. Both install what is
# missing first (scripts/setup.sh), so they work on a fresh machine: `make demo` only what the
# main job needs (setup-main: the build's compiler and headers, the package without its test
# extras), `make test` everything (setup: also clang, Chromium, GoogleTest, the test extras).
VENV ?= .venv
BIN := $(VENV)/bin
# The CMake builds are described once, in CMakePresets.json: `dev` (build/cpp: qa_core and its
# GoogleTest suite, warnings as errors) and `sanitize` (build/sanitize: clang, ASan + UBSan, the
# fuzz targets; docs/security.md). The directories here must match the presets' binaryDir.
CPP_BUILD := build/cpp
SANITIZE_BUILD := build/sanitize
# The editable package's build (pybind11-stubgen writes the _core stubs there; `make stubs`).
DEV_BUILD := build/dev
PYTHON_SOURCES := python tests/python examples fuzz benchmarks scripts
CPP_SOURCES := cpp/include/qualityassess/*.hpp cpp/src/*.cpp cpp/src/*.hpp cpp/bindings/*.cpp \
  cpp/bindings/*.hpp tests/cpp/*.cpp tests/cpp/*.hpp fuzz/*.cpp fuzz/*.hpp
FUZZ_SECONDS ?= 40
PYTHON_FUZZ_EXAMPLES ?= 200
JOBS ?= 2

.PHONY: demo test setup setup-main test-cpp test-python lint clang-tidy format stubs clean bench build-sanitize \
  test-sanitize build-fuzz fuzz mutants

demo: setup-main
	$(BIN)/qualityassess --lang en demo --out out/demo-results.json

test: setup test-cpp test-sanitize fuzz test-python lint

setup:
	bash scripts/setup.sh

setup-main:
	bash scripts/setup.sh --main

test-cpp:
	cmake --preset dev
	cmake --build --preset dev -j $(JOBS)
	ctest --preset dev -j $(JOBS)

build-sanitize:
	cmake --preset sanitize
	cmake --build --preset sanitize -j $(JOBS)

# The GoogleTest suite and the fuzz corpora and regressions replayed, under ASan + UBSan.
test-sanitize: build-sanitize
	ctest --preset sanitize -j $(JOBS)

# Only the fuzz targets of the sanitize build (`make fuzz` alone need not build the test suite).
build-fuzz:
	cmake --preset sanitize
	cmake --build --preset fuzz -j $(JOBS)

# Each fuzz target for FUZZ_SECONDS, from its seed corpus (scripts/fuzz.sh); then what is read
# and written in Python (filled workbooks, output paths), with PYTHON_FUZZ_EXAMPLES hypothesis
# examples per property instead of the test suite's few.
fuzz: setup build-fuzz
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

# ruff, clang-format in check mode over what `make format` formats, and clang-tidy (.clang-tidy)
# over the core's sources with the dev preset's compile_commands.json. clang-tidy runs JOBS files
# at a time and leaves a stamp per file that passed, so only files whose source, headers,
# .clang-tidy or CMake files changed since are checked again.
lint:
	$(BIN)/ruff check $(PYTHON_SOURCES)
	$(BIN)/ruff format --check $(PYTHON_SOURCES)
	clang-format --dry-run --Werror $(CPP_SOURCES)
	@$(MAKE) --no-print-directory -j $(JOBS) clang-tidy

TIDY_SOURCES := $(wildcard cpp/src/*.cpp)
TIDY_STAMPS := $(TIDY_SOURCES:cpp/src/%.cpp=$(CPP_BUILD)/clang-tidy/%.ok)
# What decides a file's findings besides itself: the checks, the core's headers and the flags.
TIDY_INPUTS := .clang-tidy $(wildcard cpp/include/qualityassess/*.hpp cpp/src/*.hpp) \
  CMakePresets.json CMakeLists.txt cpp/CMakeLists.txt

clang-tidy: $(TIDY_STAMPS)

$(CPP_BUILD)/compile_commands.json: CMakePresets.json CMakeLists.txt cpp/CMakeLists.txt tests/cpp/CMakeLists.txt
	cmake --preset dev >/dev/null

# Diagnostics go to stdout; stderr has only clang's "N warnings generated" count unless it fails.
$(CPP_BUILD)/clang-tidy/%.ok: cpp/src/%.cpp $(TIDY_INPUTS) | $(CPP_BUILD)/compile_commands.json
	@mkdir -p $(@D)
	@echo "clang-tidy $<"
	@clang-tidy --quiet -p $(CPP_BUILD) $< 2>$@.log || { rm -f $@; cat $@.log >&2; exit 1; }
	@touch $@

format:
	$(BIN)/ruff format $(PYTHON_SOURCES)
	clang-format -i $(CPP_SOURCES)

# The committed stubs of the compiled core, python/qualityassess/_core/ (__init__.pyi and one stub
# per submodule, e.g. campaign.pyi), regenerated: the editable package is rebuilt in DEV_BUILD (its
# build runs pybind11-stubgen on the module) and the generated stubs copied over the committed ones.
# tests/python/test_habits.py fails until they match.
stubs:
	$(BIN)/python -m pip install --quiet --disable-pip-version-check scikit-build-core pybind11 pybind11-stubgen
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-build-isolation -e . \
	  -Cbuild-dir=$(DEV_BUILD)
	rm -rf python/qualityassess/_core python/qualityassess/_core.pyi
	cp -R $(DEV_BUILD)/cpp/stubgen/out/qualityassess/_core python/qualityassess/_core

clean:
	rm -rf build out
