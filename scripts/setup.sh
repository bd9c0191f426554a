#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine, then builds and installs the
# package into a virtual environment (.venv). Safe to run again: it only installs what is
# missing, and the build directory is reused.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
# chromium: the HTML report is checked in a headless browser (tests/python/test_report.py).
SYSTEM_PACKAGES=(g++ make cmake nlohmann-json3-dev libspdlog-dev libgtest-dev chromium)

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
