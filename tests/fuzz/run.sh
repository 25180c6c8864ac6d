#!/usr/bin/env bash
# Fuzz every target (or those named) for SECONDS each, one after another, with libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer (clang). Builds build/fuzz on first use.
#
#   tests/fuzz/run.sh SECONDS [TARGET...]      e.g. tests/fuzz/run.sh 600, tests/fuzz/run.sh 60 c_api
#
# Targets are the directories of tests/fuzz/corpus/. New inputs go to build/fuzz/work/TARGET/
# (the committed corpus is only read); a crash leaves its input there as crash-* and makes the
# script exit 1. Environment: REDFLAG_FUZZ_BUILD (build dir), REDFLAG_FUZZ_JOBS (build jobs, 2),
# REDFLAG_FUZZ_MAX_LEN (bytes, 4096). Summary lines: target, executions, exec/s, coverage, corpus.
set -euo pipefail

seconds=${1:?usage: tests/fuzz/run.sh SECONDS [TARGET...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${REDFLAG_FUZZ_BUILD:-$root/build/fuzz}
jobs=${REDFLAG_FUZZ_JOBS:-2}
max_len=${REDFLAG_FUZZ_MAX_LEN:-4096}

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for dir in "$here"/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

if [ ! -f "$build/build.ninja" ]; then
  flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DREDFLAG_FUZZ=ON -DREDFLAG_BUILD_CLI=OFF -DREDFLAG_BUILD_EXAMPLES=OFF -DREDFLAG_INSTALL=OFF \
    "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_C_FLAGS=$flags" >/dev/null
fi
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"

failed=0
for target in "${targets[@]}"; do
  work="$build/work/$target"
  mkdir -p "$work/corpus"
  dict=()
  [ -f "$here/$target.dict" ] && dict=("-dict=$here/$target.dict")
  set +e
  "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len="$max_len" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/" \
    "${dict[@]}" "$work/corpus" "$here/corpus/$target" >"$work/log" 2>&1
  status=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
  last=$(grep -E '^#[0-9]+' "$work/log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
  crashes=$(find "$work" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'leak-*' -o -maxdepth 1 -name 'timeout-*' -o -maxdepth 1 -name 'oom-*' | wc -l)
  echo "$target: ${seconds}s, ${execs:-?} executions, ${rate:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, exit $status, artifacts $crashes (log: $work/log)"
  [ "$status" -eq 0 ] || failed=1
done
exit "$failed"
