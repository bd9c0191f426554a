#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine, then builds and installs the
# package into a virtual environment (.venv). Safe to run again: it only installs what is
# missing, and the build directory is reused.
#
#   scripts/setup.sh          everything `make test` needs: compilers for the sanitizer and fuzz
#                             builds, clang-tidy and clang-format, Chromium, GoogleTest, the
#                             package with its test extras
#   scripts/setup.sh --main   only what the main job (`make demo`, the CLI, `import
#                             qualityassess`) needs: g++, make, cmake, nlohmann-json and spdlog
#                             headers, and the package without the test extras
#                             (QA_SETUP=main does the same)
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${QA_SETUP:-full}
for argument in "$@"; do
  case "$argument" in
    --main) MODE=main ;;
    --full) MODE=full ;;
    *) echo "setup: unknown argument $argument (--main or --full)" >&2; exit 2 ;;
  esac
done
case "$MODE" in
  main|full) ;;
  *) echo "setup: QA_SETUP must be main or full, not $MODE" >&2; exit 2 ;;
esac

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
# What the build of the package needs (CMakeLists.txt: nlohmann_json, spdlog with fmt).
SYSTEM_PACKAGES=(g++ make cmake nlohmann-json3-dev libspdlog-dev)
if [ "$MODE" = full ]; then
  # libgtest-dev: the C++ tests (make test-cpp).
  # chromium: the HTML report is checked in a headless browser (tests/python/test_report.py).
  # clang: the sanitizer build and the libFuzzer targets (docs/security.md); its compiler-rt
  # (libclang-rt-N-dev, for clang N) is added below once clang's version is known.
  # clang-tidy and clang-format: `make lint` (.clang-tidy, .clang-format).
  # fonts-noto-cjk: without a CJK font Chromium draws the report's Chinese as boxes (and the
  # browser tests could not tell) and matplotlib's plots fall back to English. Large: 91 MB
  # installed, a 57 MB download (Debian 12: Installed-Size 91,003 kB), so only here, not in
  # --main (the report itself needs no font on the machine that writes it).
  # libreoffice-calc-nogui: the Excel template is printed to PDF as LibreOffice prints it (A4,
  # one page wide: tests/python/test_workbook_print.py). Large too (276 MB installed, a 90 MB
  # download), and only here.
  SYSTEM_PACKAGES+=(libgtest-dev chromium clang clang-tidy clang-format fonts-noto-cjk libreoffice-calc-nogui)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# A fresh cloud machine often holds the dpkg lock at boot (unattended upgrades): every apt-get
# call waits for it, up to 10 minutes, instead of failing at once.
APT_LOCK_WAIT=(-o DPkg::Lock::Timeout=600)
apt_install() {
  $SUDO apt-get "${APT_LOCK_WAIT[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT_LOCK_WAIT[@]}" install -y -qq \
    --no-install-recommends "$@"
}

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# A cmake that is already on the PATH (e.g. from pip) is good enough.
if command -v cmake >/dev/null 2>&1; then
  filtered=()
  for package in "${missing[@]+"${missing[@]}"}"; do [ "$package" = cmake ] || filtered+=("$package"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  apt_install "${missing[@]}"
fi

# libFuzzer and the sanitizer runtimes of the installed clang (libclang-rt-14-dev on Debian 12).
if [ "$MODE" = full ]; then
  clang_major=$(clang -dumpversion 2>/dev/null | cut -d. -f1 || true)
  if [ -n "$clang_major" ] && ! ls /usr/lib/llvm-"$clang_major"/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
      >/dev/null 2>&1 && ! dpkg -s "libclang-rt-$clang_major-dev" >/dev/null 2>&1; then
    echo "setup: installing system packages: libclang-rt-$clang_major-dev"
    apt_install "libclang-rt-$clang_major-dev"
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating virtual environment $VENV"
  "$PYTHON" -m venv "$VENV" || {
    echo "setup: python3 -m venv failed; installing python3-venv" >&2
    apt_install python3-venv
    "$PYTHON" -m venv "$VENV"
  }
fi

echo "setup: building and installing qualityassess into $VENV"
if [ "$MODE" = full ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check ".[test]"
else
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check .
fi

# matplotlib lists the system's fonts once and keeps the list in its cache: one made before the
# CJK font was installed would never show it (the plots would stay in English). Such a list is
# removed, to be made again with the font, when fontconfig has the font and matplotlib does not.
if [ "$MODE" = full ] && fc-list ":lang=zh" family 2>/dev/null | grep -q "Noto Sans CJK"; then
  "$VENV/bin/python" - <<'PYTHON'
from pathlib import Path

import matplotlib
from matplotlib import font_manager

if not any("Noto Sans CJK" in font.name for font in font_manager.fontManager.ttflist):
    for cache in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
        cache.unlink()
    print("setup: matplotlib's font list made again (a CJK font was installed)")
PYTHON
fi
