#!/usr/bin/env bash
# Hostile exports of the bad-input catalogue (README.md): inputs for `redflag batch` that are too
# big to commit, generated here at run time, each with its expected outcome: how many output
# records, how many of them error records, the error's text, the exit code, a short standard
# error, and memory within the record limit. Usage: exports.sh REDFLAG NAME (from the repository
# root; one ctest `bad_input.export.NAME` per case). Each case prints one line of numbers:
#   NAME: records out R, errors E, exit X, peak RSS M MiB, S s
# Every run is capped (ulimit -v, timeout), so a regression cannot take the machine down.
set -uo pipefail
redflag=$1
name=$2
rules=tests/fixtures/rules/low_back_pain.rf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
header="id,age_years,saddle_numbness,leg_pain,fever"
limit=16777216  # SourceOptions::max_record_bytes
rss_cap_kib=$((100 * 1024))  # peak RSS allowed: the limit (FHIR: 64 MiB), a few chunks, the program

fail() { echo "FAIL: $name: $*" >&2; exit 1; }

# N normal CSV records r1..rN.
rows() { awk -v from="$1" -v to="$2" 'BEGIN { for (i = from; i <= to; i++) printf "r%d,40,false,none,false\n", i }'; }
# BYTES of the byte BYTE (octal, e.g. 0, or 170 for 'x'), without a line feed.
bytes() { head -c "$1" /dev/zero | tr '\0' "\\$2"; }
# COUNT lines of 99 x's.
x_lines() { awk -v n="$1" 'BEGIN { s = sprintf("%99s", ""); gsub(/ /, "x", s); for (i = 0; i < n; i++) print s }'; }
# A gzip member of 64 MiB of zeros, repeated COUNT times (multi-member gzip: COUNT x 64 MiB).
zeros_gz() {
  head -c $((64 << 20)) /dev/zero | gzip -9 > "$work/z.gz"
  for _ in $(seq "$1"); do cat "$work/z.gz"; done
}

# Runs `redflag batch RULES ARGS... --output-format ndjson -o out.ndjson`, capped, and measures
# it: sets rc, records, errors, rss_kib, seconds.
run() {
  local stdin=$1
  shift
  (
    # 4 GiB of address space (not under a sanitizer, whose shadow memory needs terabytes)
    [ -n "${REDFLAG_SANITIZED:-}" ] || ulimit -v $((4 << 20))
    exec timeout 120 /usr/bin/time -o "$work/time" -f "%M %e" \
      "$redflag" batch $rules "$@" --id-column id --output-format ndjson -o "$work/out.ndjson" \
      --quiet < "$stdin" 2> "$work/err"
  )
  rc=$?
  read -r rss_kib seconds < <(tail -1 "$work/time")
  records=0 errors=0
  if [ -f "$work/out.ndjson" ]; then
    records=$(wc -l < "$work/out.ndjson")
    errors=$(grep -c '"error":"' "$work/out.ndjson")
  fi
  echo "$name: records out $records, errors $errors, exit $rc, peak RSS $((rss_kib / 1024)) MiB, $seconds s"
  [ -n "${REDFLAG_SANITIZED:-}" ] || [ "$rss_kib" -le $rss_cap_kib ] ||
    fail "peak RSS $rss_kib KiB, over $rss_cap_kib"
  [ "$(wc -c < "$work/err")" -le 1024 ] || fail "standard error is $(wc -c < "$work/err") bytes: $(head -c 1024 "$work/err")"
  if grep -q '[[:cntrl:]]' <(tr -d '\n' < "$work/err"); then fail "control characters on standard error"; fi
}
# The record on output line N (1-based).
record() { sed -n "${1}p" "$work/out.ndjson"; }
expect() {  # expect RC RECORDS ERRORS
  [ "$rc" -eq "$1" ] || fail "exit $rc, expected $1: $(cat "$work/err")"
  [ "$records" -eq "$2" ] || fail "$records records out, expected $2"
  [ "$errors" -eq "$3" ] || fail "$errors error records, expected $3"
}

case $name in
stray_quote)
  # 1,001 records; the 500th has a quote inside an unquoted field: it alone is an error.
  { echo "$header"; rows 1 499; echo 'r500,ab"c,false,none,false'; rows 501 1001; } > "$work/in.csv"
  run /dev/null "$work/in.csv"
  expect 1 1001 1
  record 500 | grep -q '"line":501,.*"error":"line 501: a quote inside unquoted field 2' || fail "$(record 500)"
  ;;
csv_quoted_field_over_limit)
  # A quoted field of 40 MB over 400 000 lines, closed; the records after it are read.
  { echo "$header"; rows 1 1; printf 'r2,40,false,"'
    x_lines 400000; echo '",false'; rows 3 5; } > "$work/in.csv"
  run /dev/null "$work/in.csv"
  expect 1 5 1
  record 2 | grep -q '"line":3,.*"error":"line 3: the record is longer than the limit of 16777216 bytes (40000021 bytes, lines 3-400003): not read"' || fail "$(record 2)"
  record 3 | grep -q '"line":400004,"id":{"id":"r3"}' || fail "$(record 3)"
  ;;
csv_unterminated_quote)
  # A quote opened and never closed, then 100 MB of lines: one error record; the input is read
  # no further than the limit and SourceOptions::max_skip_bytes (64 MiB) beyond it.
  { echo "$header"; rows 1 2; printf 'r3,40,false,none,"'; x_lines 1000000; } > "$work/in.csv"
  run /dev/null "$work/in.csv"
  expect 1 3 1
  record 3 | grep -q '"error":"line 4: the record is longer than the limit of 16777216 bytes and does not end within the [0-9]* bytes read: the input was not read past line 4 (a quoted field in it is never closed: a missing closing quote?)"' || fail "$(record 3)"
  ;;
csv_line_over_limit)
  # An unquoted line of 40 MiB.
  { echo "$header"; rows 1 1; printf 'r2,40,false,none,'; bytes $((40 << 20)) 170; echo; rows 3 5; } > "$work/in.csv"
  run /dev/null "$work/in.csv"
  expect 1 5 1
  record 2 | grep -q '"error":"line 3: the record is longer than the limit of 16777216 bytes (41943058 bytes): not read"' || fail "$(record 2)"
  record 5 | grep -q '"line":6,"id":{"id":"r5"}' || fail "$(record 5)"
  ;;
ndjson_line_over_limit)
  { echo '{"id":"r1","age_years":40}'; printf '{"id":"r2","age_years":"'; bytes $((40 << 20)) 170; echo '"}'
    echo '{"id":"r3","age_years":40}'; } > "$work/in.ndjson"
  run /dev/null "$work/in.ndjson"
  expect 1 3 1
  record 2 | grep -q '"line":2,.*"error":"line 2: the line is longer than the limit of 16777216 bytes (41943067 bytes): not read"' || fail "$(record 2)"
  record 3 | grep -q '"line":3,"id":{"id":"r3"}' || fail "$(record 3)"
  ;;
gzip_zeros_csv)
  # 4 GiB of zeros in 4 MB of gzip, read as CSV: the header row passes the limit: exit 2 at once.
  zeros_gz 64 > "$work/in.csv.gz"
  run /dev/null "$work/in.csv.gz"
  expect 2 0 0
  grep -q "in.csv.gz:1: the header row is longer than the limit of 16777216 bytes" "$work/err" || fail "$(cat "$work/err")"
  ;;
gzip_zeros_after_record_csv)
  # A record, then 4 GiB of zeros: one error record, and the input is read no further.
  { { echo "$header"; rows 1 1; } | gzip; zeros_gz 64; } > "$work/in.csv.gz"
  run /dev/null "$work/in.csv.gz"
  expect 1 2 1
  record 2 | grep -q '"line":3,.*"error":"line 3: the record is longer than the limit of 16777216 bytes and does not end within the 84934[0-9]* bytes read' || fail "$(record 2)"
  ;;
gzip_zeros_ndjson)
  { echo '{"id":"r1","age_years":40}' | gzip; zeros_gz 64; } > "$work/in.ndjson.gz"
  run /dev/null "$work/in.ndjson.gz"
  expect 1 2 1
  record 2 | grep -q '"line":2,.*"error":"line 2: the line is longer than the limit of 16777216 bytes and does not end within' || fail "$(record 2)"
  ;;
nul_header_1g)
  # A header line of 1 GiB of NUL bytes on standard input: stopped at the limit, not quoted.
  run <(head -c $((1 << 30)) /dev/zero) - --format csv
  expect 2 0 0
  grep -q "<stdin>:1: the header row is longer than the limit of 16777216 bytes" "$work/err" || fail "$(cat "$work/err")"
  ;;
nul_header_column)
  # A header whose first column is 10 MB of NUL bytes: a bad header, quoted as a short excerpt.
  { bytes 10000000 0; echo ",age_years"; rows 1 1; } > "$work/in.csv"
  run /dev/null "$work/in.csv"
  expect 2 0 0
  grep -qF "column 1 '\\x00\\x00" "$work/err" || fail "$(cat "$work/err")"
  grep -qF "... (10000000 bytes)' is not a question" "$work/err" || fail "$(cat "$work/err")"
  ;;
ndjson_long_key)
  # A record whose key is 10 MB (under the limit): its error quotes 40 bytes of it.
  { echo '{"id":"r1","age_years":40}'; printf '{"id":"r2","'; bytes 10000000 153; echo '":1}'; } > "$work/in.ndjson"
  run /dev/null "$work/in.ndjson"
  expect 1 2 1
  [ "$(record 2 | wc -c)" -le 600 ] || fail "the error record is $(record 2 | wc -c) bytes"
  record 2 | grep -q 'kkkk... (10000000 bytes)' || fail "$(record 2 | head -c 600)"
  ;;
fhir_document_over_limit)
  # A FHIR document (read whole) of 70 MiB: one error record; it is not parsed.
  { printf '{"resourceType":"QuestionnaireResponse","id":"r1","text":"'; bytes $((70 << 20)) 170; echo '"}'; } > "$work/in.json"
  run /dev/null "$work/in.json"
  expect 1 1 1
  record 1 | grep -q '"error":"line 1: the FHIR document is longer than the limit of 67108864 bytes: not read' || fail "$(record 1)"
  ;;
*)
  fail "unknown case"
  ;;
esac
