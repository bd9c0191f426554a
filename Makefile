# The two front-door commands (see README): `make demo` and `make test`. Both install what is
# missing first (scripts/setup.sh), so they work on a fresh machine.
VENV ?= .venv
BIN := $(VENV)/bin
CPP_BUILD := build/cpp
JOBS ?= 2

.PHONY: demo test setup test-cpp test-python lint format clean

demo: setup
	$(BIN)/qualityassess --lang en demo --out out/demo-results.json

test: setup test-cpp test-python lint

setup:
	bash scripts/setup.sh

test-cpp:
	cmake -S . -B $(CPP_BUILD) -DQA_BUILD_TESTS=ON -DQA_WARNINGS_AS_ERRORS=ON -DCMAKE_BUILD_TYPE=Release
	cmake --build $(CPP_BUILD) -j $(JOBS)
	ctest --test-dir $(CPP_BUILD) --output-on-failure -j $(JOBS)

test-python:
	$(BIN)/python -m pytest

lint:
	$(BIN)/ruff check python tests/python examples
	$(BIN)/ruff format --check python tests/python examples

format:
	$(BIN)/ruff format python tests/python examples
	clang-format -i cpp/include/qualityassess/*.hpp cpp/src/*.cpp cpp/src/*.hpp cpp/bindings/*.cpp cpp/bindings/*.hpp tests/cpp/*.cpp tests/cpp/*.hpp

clean:
	rm -rf build out
