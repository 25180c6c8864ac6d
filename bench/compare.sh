#!/usr/bin/env bash
# Compares builds on a noisy machine: runs each build's redflag_batch_bench in turn, ROUNDS times,
# and prints, per build, the median and the best of its p50_ns (the median record's evaluate()
# time over the generated records; see batch_bench.cpp). On a VM whose speed drifts from minute
# to minute, alternating the builds puts each through the same minutes, and the best run is the
# one least disturbed.
#
#   bench/compare.sh [--rounds N] [--filter REGEX] BENCH_BINARY...
#
# e.g. an older commit against this one:
#   git worktree add /tmp/old OLD_COMMIT && (cd /tmp/old && cmake --preset release &&
#     cmake --build --preset release --target redflag_batch_bench)
#   bench/compare.sh /tmp/old/build/release/bench/redflag_batch_bench \
#     build/release/bench/redflag_batch_bench
set -euo pipefail

rounds=11
filter='BM_RecordsEvaluate/evidence:1'
while (($#)); do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --filter) filter=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
(($# > 0)) || { echo "usage: $0 [--rounds N] [--filter REGEX] BENCH_BINARY..." >&2; exit 64; }

declare -A runs
for ((r = 0; r < rounds; r++)); do
  for b in "$@"; do
    p50=$("$b" --benchmark_filter="$filter" --benchmark_min_time=0.05 2>/dev/null |
      grep -o 'p50_ns=[0-9.]*' | head -1 | cut -d= -f2)
    [[ -n "$p50" ]] || { echo "$b: no p50_ns for '$filter'" >&2; exit 1; }
    runs[$b]+="$p50 "
  done
done
printf '%-60s %10s %10s\n' "build ($filter, $rounds rounds)" "median" "best"
for b in "$@"; do
  # shellcheck disable=SC2086
  printf '%s\n' ${runs[$b]} | sort -n |
    awk -v name="$b" '{v[NR] = $1} END {printf "%-60s %8.1f ns %7.1f ns\n", name, v[int((NR + 1) / 2)], v[1]}'
done
