#!/usr/bin/env bash
# The peer comparison, in one command: redflag against GoRules zen-engine and json-rules-engine
# on the same generated records, in the same run. Prints a table of evaluations/s per engine,
# how often each peer's level agrees with redflag's, and the ratios. Exit 1 when a peer disagrees
# with redflag on a record whose redflag result is complete (see low_back_pain.mjs).
#
#   bench/peers/run.sh [--rows N] [--seconds S] [--reps R]
#
#   --rows N      records to generate (default 10000; seed 42, bench/gen_export.hpp)
#   --seconds S   minimum time of each timed measurement (default 2)
#   --reps R      measurements per engine; the table shows the median (default 3)
#
# Environment:
#   BUILD_DIR=dir  a Release build tree to build the redflag tools in (default build/release,
#                  configured with the `release` preset when it does not exist yet)
#   JOBS=N         build parallelism (default: nproc)
#
# Needs Node.js and npm: installed from Debian (nodejs, npm) when missing and run as root. The peers are installed from the
# npm registry into bench/peers/node_modules (npm ci: the exact versions of package-lock.json)
# the first time; node_modules is not committed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

rows=10000 seconds=2 reps=3
while (($#)); do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench/peers/run.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done

# On a fresh machine: the build dependencies, and Node.js with npm from Debian.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "== installing nodejs and npm (Debian packages)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
  else
    echo "bench/peers/run.sh: needs node and npm (Debian: apt-get install nodejs npm)" >&2
    exit 2
  fi
fi
command -v cmake >/dev/null || bash .ci/install-deps >&2

# 1. The peers, from npm (only when missing).
if [[ ! -d "$here/node_modules/@gorules/zen-engine" || ! -d "$here/node_modules/json-rules-engine" ]]; then
  echo "== npm ci (bench/peers)" >&2
  # npm ci wants every platform's optional zen-engine binary in the lock file; a registry mirror
  # without them makes it fail, and then npm install (same exact versions) is the fallback.
  log="$(mktemp)"
  (cd "$here" && { npm ci --no-audit --no-fund >"$log" 2>&1 ||
    { echo "npm ci failed (log: $log); trying npm install" >&2; npm install --no-audit --no-fund >&2; }; })
fi

# 2. The redflag tools: the generator and the benchmark.
source bench/build.sh
bench_build redflag_gen_export redflag_batch_bench

# 3. The records, then redflag on them (its levels are what the peers are checked against).
work="$build/bench/peers"
mkdir -p "$work"
echo "== generating $rows records" >&2
"$build/bench/redflag_gen_export" rules/low_back_pain.rf --rows "$rows" --seed 42 --format ndjson \
  -o "$work/records.ndjson"
echo "== redflag (redflag_batch_bench, $reps x ${seconds} s per benchmark)" >&2
"$build/bench/redflag_batch_bench" --records="$work/records.ndjson" --levels-out="$work/levels.txt" \
  --benchmark_filter='^BM_Records' --benchmark_repetitions="$reps" \
  --benchmark_min_time="$seconds" --benchmark_report_aggregates_only=true \
  --benchmark_out="$work/redflag.json" --benchmark_out_format=json >/dev/null

# 4. The peers on the same records; the table.
echo "== zen-engine and json-rules-engine (correctness pass over every record, then $reps x ${seconds} s each)" >&2
echo
node "$here/peers.mjs" --records "$work/records.ndjson" --levels "$work/levels.txt" \
  --redflag "$work/redflag.json" --seconds "$seconds" --reps "$reps"
