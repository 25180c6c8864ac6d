#!/usr/bin/env python3
"""Keeps the C and C++ snippets of the documentation compiled and run.

  check_snippets.py docs ROOT --program SOURCE... [--doc FILE...]
      Every ```c and ```cpp block of README.md and docs/*.md under ROOT (or of each --doc FILE)
      must be part of one of the example programs SOURCE (which the suite compiles and runs):
      its lines appear in the program in order, compared without leading, trailing and repeated
      whitespace. Blank lines are ignored, and a blank line in a block may stand for lines of
      the program left out; the lines between two blank lines of a block are consecutive lines
      of the program. A block that is not part of a program fails, named by file and line. A
      block not meant to compile (a declaration synopsis, say) is skipped when the line before
      its fence is `<!-- snippet: not-a-program -->`. A fenced block without a language that
      looks like C or C++ fails too: label it.

  check_snippets.py run [--stdout FILE] [--stderr FILE] [--fail] [--shown-in DOC]...
                       -- PROGRAM ARG...
      Runs PROGRAM. Without --fail it must exit 0 with nothing on stderr; with --fail (a bad
      answer) it must exit with a status from 1 to 127: not 0, not killed by a signal (a crash
      or an abort), and print why on stderr. --stdout/--stderr compare the output with a file;
      --shown-in checks that DOC shows that output verbatim (a fenced block, or `inline code`
      for one line).

  check_snippets.py selftest
      Tests the matching above on made-up documents.
"""

import argparse
import os
import re
import subprocess
import sys

CODE_LANGUAGES = {"c": "C", "h": "C", "cpp": "C++", "c++": "C++", "cxx": "C++", "cc": "C++",
                  "hpp": "C++"}
OPT_OUT = "<!-- snippet: not-a-program -->"
LOOKS_LIKE_CODE = re.compile(r"#include\s*[<\"]|redflag::|\brf_\w+\s*\(|\bint\s+main\s*\(")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)")


class Block:
    def __init__(self, path, line, language, lines, opted_out):
        self.path = path  # as given, for messages
        self.line = line  # 1-based line of the opening fence
        self.language = language
        self.lines = lines  # the body
        self.opted_out = opted_out


def fenced_blocks(path, text):
    """Every fenced block of a Markdown text, with the line of its opening fence."""
    blocks = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, language = m.group(1), m.group(2).lower()
        before = lines[i - 1].strip() if i > 0 else ""
        body = []
        j = i + 1
        while j < len(lines):
            if re.match(r"^ {0,3}" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence), lines[j]):
                break
            body.append(lines[j])
            j += 1
        blocks.append(Block(path, i + 1, language, body, before == OPT_OUT))
        i = j + 1
    return blocks


def normalized(line):
    return " ".join(line.split())


def chunks_of(lines):
    """The runs of non-blank lines (normalized), each with the index of its first line."""
    chunks, current, start = [], [], 0
    for k, line in enumerate(lines + [""]):
        n = normalized(line)
        if n:
            if not current:
                start = k
            current.append(n)
        elif current:
            chunks.append((start, current))
            current = []
    return chunks


def match(block_lines, program_lines):
    """Matches a block against a program: (chunks found in order, every chunk, and for the first
    chunk not found the length of its longest prefix found where it should be)."""
    program = [n for n in (normalized(l) for l in program_lines) if n]
    chunks = chunks_of(block_lines)
    at = 0
    for found, (_, chunk) in enumerate(chunks):
        for k in range(at, len(program) - len(chunk) + 1):
            if program[k:k + len(chunk)] == chunk:
                at = k + len(chunk)
                break
        else:
            prefix = max((n for k in range(at, len(program)) for n in range(len(chunk), 0, -1)
                          if program[k:k + n] == chunk[:n]), default=0)
            return found, chunks, prefix
    return len(chunks), chunks, 0


def check_blocks(blocks, programs):
    """Error messages for blocks that are not part of any program. programs: {path: lines}."""
    errors = []
    for b in blocks:
        if b.opted_out:
            continue
        body = "\n".join(b.lines)
        if b.language == "" and LOOKS_LIKE_CODE.search(body):
            errors.append(f"{b.path}:{b.line}: this fenced block looks like C or C++ but has no "
                          "language: label it ```c or ```cpp (and make it part of an example "
                          "program), or mark it `" + OPT_OUT + "`")
            continue
        if b.language not in CODE_LANGUAGES:
            continue
        best = None  # (chunks found, matched prefix, program, chunks)
        for path, lines in programs.items():
            found, chunks, prefix = match(b.lines, lines)
            if found == len(chunks):
                break
            if best is None or (found, prefix) > best[:2]:
                best = (found, prefix, path, chunks)
        else:
            if not programs:
                errors.append(f"{b.path}:{b.line}: no example program to check this "
                              f"```{b.language} block against")
                continue
            found, prefix, path, chunks = best
            start, _ = chunks[found]
            line = start + prefix  # the first line of the block not found, in the body
            errors.append(
                f"{b.path}:{b.line}: this ```{b.language} block is not part of any example "
                f"program that the suite compiles and runs. The closest is {path}, which lacks "
                f"{b.path}:{b.line + 1 + line}"
                + (" (in the order of the block)" if found or prefix else "")
                + f":\n    {b.lines[line].strip()}\n"
                "  Make the block an excerpt of an example program (copy its lines), or add a "
                "new program to examples/ and tests/snippets/CMakeLists.txt.")
    return errors


def documents(root):
    docs = [os.path.join(root, "README.md")]
    docs_dir = os.path.join(root, "docs")
    docs += sorted(os.path.join(docs_dir, f) for f in os.listdir(docs_dir) if f.endswith(".md"))
    return docs


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def command_docs(args):
    programs = {os.path.relpath(p, args.root): read(p).split("\n") for p in args.program}
    docs = args.doc or documents(args.root)
    blocks = []
    for d in docs:
        blocks += fenced_blocks(os.path.relpath(d, args.root), read(d))
    errors = check_blocks(blocks, programs)
    for e in errors:
        print(e)
    checked = [b for b in blocks if b.language in CODE_LANGUAGES and not b.opted_out]
    skipped = [b for b in blocks if b.language in CODE_LANGUAGES and b.opted_out]
    print(f"{len(checked)} C and C++ blocks in {len(docs)} documents checked against "
          f"{len(programs)} example programs; {len(skipped)} marked not-a-program"
          + "".join(f"\n  skipped: {b.path}:{b.line}" for b in skipped))
    return 1 if errors else 0


def shown(doc, text):
    """Whether a Markdown document shows `text` as a fenced block, or a line of it inline."""
    body = text.rstrip("\n")
    for b in fenced_blocks(doc, read(doc)):
        if "\n".join(b.lines).rstrip("\n") == body:
            return True
    return "\n" not in body and f"`{body}`" in read(doc)


def command_run(args):
    try:
        p = subprocess.run(args.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
    except subprocess.TimeoutExpired:
        print(f"FAILED: {args.command[0]} timed out")
        return 1
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    what = " ".join(args.command)
    print(f"$ {what}\n{out}", end="")
    if err:
        print(f"(stderr)\n{err}", end="")
    print(f"(exit status {p.returncode})")
    problems = []
    if p.returncode < 0 or p.returncode >= 128:
        how = (f"killed by signal {-p.returncode}" if p.returncode < 0 else
               f"exit status {p.returncode}: a signal or an abort")
        problems.append(f"crashed ({how})")
    elif args.fail:
        if p.returncode == 0:
            problems.append("exited 0 with a bad answer: it must fail, saying why")
        if not err.strip():
            problems.append("printed nothing on stderr for a bad answer")
    else:
        if p.returncode != 0:
            problems.append(f"exited {p.returncode} with good answers")
        if err:
            problems.append("printed on stderr with good answers")
    for expected_file, actual, stream in ((args.stdout, out, "stdout"),
                                          (args.stderr, err, "stderr")):
        if not expected_file:
            continue
        expected = read(expected_file)
        if actual != expected:
            problems.append(f"{stream} differs from {expected_file}, which has:\n{expected}")
        for doc in args.shown_in:
            if not shown(doc, expected):
                problems.append(f"{doc} does not show the {stream} of {expected_file} verbatim")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def command_selftest(_args):
    program = """#include <stdio.h>

int main(void) {
  int   answer = 42;   /* aligned */
  printf("%d\\n", answer);

  return 0;
}
""".split("\n")
    doc = """# T
```c
int answer = 42; /* aligned */
printf("%d\\n", answer);
return 0;
```
```c
#include <stdio.h>

printf("%d\\n", answer);
```
```c
printf("%d\\n", answer);

int answer = 42; /* aligned */
```
```cpp
int answer = 43;
```
<!-- snippet: not-a-program -->
```c
int f(int);
```
```
rf_ruleset_free(rules);
```
```sh
rf_evaluate(x)
```
~~~c
printf("%d\\n", answer);
~~~
"""
    blocks = fenced_blocks("t.md", doc)
    assert [(b.line, b.language, b.opted_out) for b in blocks] == [
        (2, "c", False), (7, "c", False), (12, "c", False), (17, "cpp", False),
        (21, "c", True), (24, "", False), (27, "sh", False), (30, "c", False)], \
        [(b.line, b.language, b.opted_out) for b in blocks]
    errors = check_blocks(blocks, {"p.c": program})
    assert len(errors) == 3, errors
    assert errors[0].startswith("t.md:12: ") and "lacks t.md:15 (in the order" in errors[0] \
        and "int answer = 42; /* aligned */" in errors[0], errors[0]
    assert errors[1].startswith("t.md:17: ") and "lacks t.md:18:" in errors[1] \
        and "int answer = 43;" in errors[1], errors[1]
    assert errors[2].startswith("t.md:24: ") and "no language" in errors[2], errors[2]
    assert check_blocks(blocks[:1], {}) and check_blocks(blocks[4:5], {}) == []
    print("selftest passed")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    docs = sub.add_parser("docs")
    docs.add_argument("root")
    docs.add_argument("--program", action="append", default=[])
    docs.add_argument("--doc", action="append", default=[])
    run = sub.add_parser("run")
    run.add_argument("--stdout")
    run.add_argument("--stderr")
    run.add_argument("--fail", action="store_true")
    run.add_argument("--shown-in", action="append", default=[])
    run.add_argument("command", nargs="+")
    sub.add_parser("selftest")
    args = parser.parse_args()
    return {"docs": command_docs, "run": command_run, "selftest": command_selftest}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
