#!/usr/bin/env bash
# Instructions per record (valgrind --tool=callgrind), a machine-independent, repeatable cost:
# runs a loop program with N = 0 and N = 10000 records of each example answer document and
# prints (Ir(10000) - Ir(0)) / 10000, so loading (and, for evaluate, JSON parsing) cancels out.
#
#   bench/callgrind.sh [answers.json ...]          # evaluate() (redflag_evaluate_loop)
#   bench/callgrind.sh --json [answers.json ...]   # JSON in -> JSON out through the C ABI
#                                                  # (rf_evaluate_json + rf_result_json,
#                                                  # redflag_json_loop)
# Default documents: every examples/answers/*.json of low_back_pain.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }

target=redflag_evaluate_loop
what="Ir / evaluate"
if [[ "${1:-}" == --json ]]; then
  target=redflag_json_loop
  what="Ir / round trip"
  shift
fi

cmake --preset release >/dev/null
cmake --build --preset release --target "$target" --parallel "${JOBS:-$(nproc)}" >/dev/null

loop=build/release/bench/$target
rules=rules/low_back_pain.rf
n=10000
if (($# == 0)); then
  set -- $(ls examples/answers/*.json | grep -v start_back_medium)
fi

ir() {  # total instructions of one run
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$loop" "$rules" "$1" "$2" 2>&1 |
    sed -n 's/.*I *refs: *//p' | tr -d ,
}

printf '| %-28s | %15s |\n' "answers" "$what"
printf '|%s|%s|\n' "------------------------------" "-----------------"
for answers in "$@"; do
  base=$(ir "$answers" 0)
  full=$(ir "$answers" "$n")
  printf '| %-28s | %15d |\n' "$(basename "$answers")" $(((full - base) / n))
done
