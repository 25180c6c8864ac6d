#!/usr/bin/env bash
# Builds the benchmarks with the `release` preset (when needed) and runs them: 5 repetitions,
# aggregates only, then a table of medians against the targets of docs/performance.md.
#
#   bench/run.sh                                   # everything
#   bench/run.sh --benchmark_filter='BM_Evaluate'  # extra flags go to redflag_bench
#
# Environment:
#   JOBS=N                 build parallelism (default: nproc)
#   BENCH_OUT=file.json    where the raw Google Benchmark JSON goes
#                          (default: build/release/bench/results.json)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=build/release
bench="$build/bench/redflag_bench"
out="${BENCH_OUT:-$build/bench/results.json}"

# Configure (cheap when nothing changed), then build only what the benchmark needs.
cmake --preset release >/dev/null
cmake --build --preset release --target redflag_bench --parallel "${JOBS:-$(nproc)}"

mkdir -p "$(dirname "$out")"
"$bench" \
  --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true \
  --benchmark_out="$out" \
  --benchmark_out_format=json \
  "$@"

echo
echo "Medians of 5 repetitions (raw results: $out)"
python3 - "$out" <<'EOF'
import json
import sys

with open(sys.argv[1]) as f:
    doc = json.load(f)

# name prefix -> (target in ns, text)
targets = {
    "BM_Evaluate/": (200, "<= 200 ns"),
    "BM_EvaluateMixed": (200, "<= 200 ns"),
    "BM_Load": (5e6, "<= 5 ms"),
    "BM_JsonRoundTrip/": (2000, "<= 2 us"),
}
zero_alloc = ("BM_Evaluate/", "BM_EvaluateMixed", "BM_EvaluateExplain/")
scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def show(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.3f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:.2f} us"
    return f"{ns:.0f} ns"


rows = []
for b in doc["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    name = b["run_name"]
    ns = b["real_time"] * scale[b["time_unit"]]
    cpu = b["cpu_time"] * scale[b["time_unit"]]
    allocs = b.get("allocs_per_iter")
    target, verdict = "", ""
    for prefix, (limit, text) in targets.items():
        if name == prefix or (prefix.endswith("/") and name.startswith(prefix)):
            target = text
            verdict = "met" if ns <= limit else f"MISSED ({ns / limit:.1f}x)"
    if name.startswith(zero_alloc) and allocs is not None:
        target += ("; " if target else "") + "0 allocs"
        if allocs != 0:
            verdict += ("; " if verdict else "") + "ALLOCATES"
    rows.append((name, show(ns), show(cpu), "" if allocs is None else f"{allocs:g}", target,
                 verdict))

header = ("benchmark", "median (real)", "median (cpu)", "allocs/iter", "target", "verdict")
widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
print(line(header))
print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in rows:
    print(line(r))
ctx = doc["context"]
print(f"\n{ctx.get('num_cpus')} CPUs at {ctx.get('mhz_per_cpu')} MHz, "
      f"{ctx.get('compiler', '?')}, {ctx.get('build_type', '?')} build, "
      f"load average {', '.join(f'{x:.2f}' for x in ctx.get('load_avg', []))}")
EOF
