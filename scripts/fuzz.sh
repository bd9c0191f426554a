#!/usr/bin/env bash
# Runs each libFuzzer target (fuzz/) for a bounded time under ASan + UBSan, from its seed
# corpus and past findings. New interesting inputs go to BUILD/fuzz-work/<target>/ (not the
# repository); a failing input is saved as BUILD/fuzz-artifacts/<target>-crash-... and the run
# fails. Make it a regression test by copying it into fuzz/regressions/<target>/ once fixed.
#
#   bash scripts/fuzz.sh [BUILD_DIR] [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build/sanitize}
SECONDS_PER_TARGET=${2:-40}
TARGETS=(fuzz_scheme fuzz_submission fuzz_campaign)
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for target in "${TARGETS[@]}"; do
  binary="$BUILD/fuzz/$target"
  work="$BUILD/fuzz-work/$target"
  artifacts="$BUILD/fuzz-artifacts"
  log="$BUILD/fuzz-work/$target.log"
  mkdir -p "$work" "$artifacts"
  if "$binary" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
      -dict=fuzz/json.dict -artifact_prefix="$artifacts/$target-" -print_final_stats=1 \
      "$work" "fuzz/corpus/$target" "fuzz/regressions/$target" >"$log" 2>&1; then
    runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $target: ok, $runs runs in ${SECONDS_PER_TARGET}s (corpus $(ls "$work" | wc -l) new inputs)"
  else
    status=1
    echo "fuzz: $target: FAILED; the input is in $artifacts/ (log: $log)" >&2
    tail -n 60 "$log" >&2
  fi
done
exit $status
