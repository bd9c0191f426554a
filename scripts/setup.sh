#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine, then builds and installs the
# package into a virtual environment (.venv). Safe to run again: it only installs what is
# missing, and the build directory is reused.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
# chromium: the HTML report is checked in a headless browser (tests/python/test_report.py).
# clang: the sanitizer build and the libFuzzer targets (docs/security.md); its compiler-rt
# (libclang-rt-N-dev, for clang N) is added below once clang's version is known.
SYSTEM_PACKAGES=(g++ make cmake nlohmann-json3-dev libspdlog-dev libgtest-dev chromium clang)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# A cmake that is already on the PATH (e.g. from pip) is good enough.
if command -v cmake >/dev/null 2>&1; then
  filtered=()
  for package in "${missing[@]}"; do [ "$package" = cmake ] || filtered+=("$package"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# libFuzzer and the sanitizer runtimes of the installed clang (libclang-rt-14-dev on Debian 12).
clang_major=$(clang -dumpversion 2>/dev/null | cut -d. -f1 || true)
if [ -n "$clang_major" ] && ! ls /usr/lib/llvm-"$clang_major"/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
    >/dev/null 2>&1 && ! dpkg -s "libclang-rt-$clang_major-dev" >/dev/null 2>&1; then
  echo "setup: installing system packages: libclang-rt-$clang_major-dev"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "libclang-rt-$clang_major-dev"
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating virtual environment $VENV"
  "$PYTHON" -m venv "$VENV" || {
    echo "setup: python3 -m venv failed; installing python3-venv" >&2
    SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv
    "$PYTHON" -m venv "$VENV"
  }
fi

echo "setup: building and installing qualityassess into $VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check ".[test]"
