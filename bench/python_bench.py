#!/usr/bin/env python3
"""Time redflag's Python binding: Ruleset.evaluate(dict) on the example answer documents.

    REDFLAG_LIBRARY=build/release/bindings/c/libredflag_c.so \\
        PYTHONPATH=bindings/python python3 bench/python_bench.py

Prints the median of 7 runs of the time per call, in microseconds, for each document.
"""
import json
import pathlib
import statistics
import sys
import timeit

import redflag

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ["no_red_flags", "saddle_numbness", "fever_ivdu", "missing_ces"]


def main() -> int:
    rules = redflag.Ruleset.load(str(ROOT / "rules" / "low_back_pain.rf"))
    print(f"| answers | questions answered | evaluate(dict) median | evaluate_json(text) median |")
    print("|---|---:|---:|---:|")
    for name in CASES:
        text = (ROOT / "examples" / "answers" / f"{name}.json").read_text()
        answers = json.loads(text)
        rules.evaluate(answers)  # warm up
        n = 2000
        per_call = [t / n * 1e6 for t in timeit.repeat(lambda: rules.evaluate(answers), number=n, repeat=7)]
        per_json = [t / n * 1e6 for t in timeit.repeat(lambda: rules.evaluate_json(text), number=n, repeat=7)]
        print(f"| {name} | {len(answers)} | {statistics.median(per_call):.1f} µs | "
              f"{statistics.median(per_json):.1f} µs |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
