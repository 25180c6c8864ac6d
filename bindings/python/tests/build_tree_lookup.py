"""ctest python.build_tree_lookup: without $REDFLAG_LIBRARY the package finds the library in the
build tree (build/*/bindings/c/), loads it and evaluates a rule set.

Usage: build_tree_lookup.py [EXPECTED_LIBRARY]   (run from the repository root)
"""

import os
import sys
from pathlib import Path

os.environ.pop("REDFLAG_LIBRARY", None)
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bindings" / "python"))

import redflag  # noqa: E402

path = Path(redflag.library_path()).resolve()
print(f"found: {path}")
if path.parent.parent.name != "bindings" or path.parents[3] != (ROOT / "build").resolve():
    sys.exit(f"FAIL: {path} is not a build-tree library under {ROOT / 'build'}/*/bindings/c/")
if len(sys.argv) > 1:
    expected = Path(sys.argv[1]).resolve()
    # Several build directories may hold one; the newest is chosen.
    print(f"this build's: {expected}" + (" (same)" if expected == path else " (another build's is newer)"))
with redflag.Ruleset.load(ROOT / "tests" / "fixtures" / "rules" / "low_back_pain.rf") as rules:
    level = rules.evaluate({"saddle_numbness": True}).level
print(f"saddle_numbness -> {level}")
sys.exit(0 if level == "emergency" else 1)
