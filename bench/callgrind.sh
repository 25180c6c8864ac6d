#!/usr/bin/env bash
# Instructions per evaluate() (valgrind --tool=callgrind), a machine-independent, repeatable cost:
# runs redflag_evaluate_loop with N = 0 and N = 10000 evaluations of each example answer document
# and prints (Ir(10000) - Ir(0)) / 10000, so loading and JSON parsing cancel out.
#
#   bench/callgrind.sh [answers.json ...]   # default: every examples/answers/*.json of low_back_pain
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }

cmake --preset release >/dev/null
cmake --build --preset release --target redflag_evaluate_loop --parallel "${JOBS:-$(nproc)}" >/dev/null

loop=build/release/bench/redflag_evaluate_loop
rules=rules/low_back_pain.rf
n=10000
if (($# == 0)); then
  set -- $(ls examples/answers/*.json | grep -v start_back_medium)
fi

ir() {  # total instructions of one run
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$loop" "$rules" "$1" "$2" 2>&1 |
    sed -n 's/.*I *refs: *//p' | tr -d ,
}

printf '| %-28s | %14s |\n' "answers" "Ir / evaluate"
printf '|%s|%s|\n' "------------------------------" "----------------"
for answers in "$@"; do
  base=$(ir "$answers" 0)
  full=$(ir "$answers" "$n")
  printf '| %-28s | %14d |\n' "$(basename "$answers")" $(((full - base) / n))
done
