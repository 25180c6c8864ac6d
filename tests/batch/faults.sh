#!/usr/bin/env bash
# Fault and script tests of `redflag batch` (see CMakeLists.txt). Usage: faults.sh REDFLAG NAME
# Run from the repository root. Each test prints what failed and exits non-zero.
set -uo pipefail
redflag=$1
name=$2
rules=tests/fixtures/rules/low_back_pain.rf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# A CSV export of N records of the bundled questionnaire (every 50th record has a bad value).
make_csv() {
  local n=$1
  awk -v n="$n" 'BEGIN {
    print "id,age_years,saddle_numbness,urinary_retention,bladder_change_new,urinary_incontinence_new,bowel_incontinence_new,sexual_dysfunction_new,leg_pain,fever,temperature_c";
    for (i = 1; i <= n; i++) {
      age = (i % 50 == 0) ? 500 : 16 + i % 90;
      printf "r%d,%d,%s,false,false,false,false,false,%s,%s,%s\n", i, age,
             (i % 7 == 0 ? "true" : "false"), (i % 3 == 0 ? "both_legs" : "none"),
             (i % 5 == 0 ? "true" : "false"), (i % 11 == 0 ? "" : "37.2");
    }
  }'
}

# No file may be left under the output's name, nor a temporary one beside it.
no_output_left() {
  [ ! -e "$1" ] || fail "a partial output $1 was left"
  local left
  left=$(find "$(dirname "$1")" -name ".$(basename "$1").tmp-*" | head -1)
  [ -z "$left" ] || fail "a temporary file $left was left"
}

case $name in
dev_full)
  make_csv 1000 > "$work/in.csv"
  "$redflag" batch $rules "$work/in.csv" --id-column id -o /dev/full --quiet 2> "$work/err"
  rc=$?
  [ $rc -eq 2 ] || fail "exit $rc, expected 2"
  grep -q "cannot write /dev/full: No space left on device" "$work/err" || fail "message: $(cat "$work/err")"
  ;;
unwritable_dir)
  make_csv 10 > "$work/in.csv"
  "$redflag" batch $rules "$work/in.csv" --id-column id -o "$work/no/such/dir/out.csv" --quiet 2> "$work/err"
  rc=$?
  [ $rc -eq 2 ] || fail "exit $rc, expected 2"
  grep -q "cannot write $work/no/such/dir/out.csv" "$work/err" || fail "message: $(cat "$work/err")"
  ;;
sigterm)
  # Standard input that delivers part of an export and then stalls: the run is part-way.
  make_csv 5000 > "$work/in.csv"
  mkfifo "$work/fifo"
  ( head -c 100000 "$work/in.csv"; sleep 30 ) > "$work/fifo" &
  feeder=$!
  "$redflag" batch $rules - --format csv --id-column id -o "$work/out.csv" --quiet < "$work/fifo" 2> "$work/err" &
  pid=$!
  for _ in $(seq 100); do
    ls "$work"/.out.csv.tmp-* > /dev/null 2>&1 && break
    sleep 0.1
  done
  ls "$work"/.out.csv.tmp-* > /dev/null 2>&1 || fail "no temporary output while running"
  kill -TERM $pid
  wait $pid
  rc=$?
  kill $feeder 2> /dev/null
  [ $rc -ne 0 ] || fail "exit 0 after SIGTERM"
  no_output_left "$work/out.csv"
  ;;
truncated_gzip)
  make_csv 200000 | gzip -c > "$work/in.csv.gz"
  size=$(stat -c %s "$work/in.csv.gz")
  head -c $((size - 100)) "$work/in.csv.gz" > "$work/cut.csv.gz"
  "$redflag" batch $rules "$work/cut.csv.gz" --id-column id -o "$work/out.csv" --quiet 2> "$work/err"
  rc=$?
  [ $rc -eq 2 ] || fail "exit $rc, expected 2"
  grep -q "the gzip stream is truncated; no output written to $work/out.csv" "$work/err" || fail "message: $(cat "$work/err")"
  no_output_left "$work/out.csv"
  ;;
gzip_input)
  make_csv 3000 > "$work/in.csv"
  gzip -c "$work/in.csv" > "$work/in.csv.gz"
  cp "$work/in.csv.gz" "$work/named-plain.csv"  # the magic bytes decide, not the name
  "$redflag" batch $rules "$work/in.csv" --id-column id -o "$work/plain.csv" --quiet
  "$redflag" batch $rules "$work/in.csv.gz" --id-column id -o "$work/gz.csv" --quiet
  "$redflag" batch $rules "$work/named-plain.csv" --id-column id -o "$work/gz2.csv" --quiet
  [ $? -eq 1 ] || fail "expected exit 1 (error records)"
  [ "$(cut -d, -f2- "$work/plain.csv")" = "$(cut -d, -f2- "$work/gz.csv")" ] || fail "gzip output differs"
  [ "$(cut -d, -f2- "$work/plain.csv")" = "$(cut -d, -f2- "$work/gz2.csv")" ] || fail "gzip by magic differs"
  [ "$(wc -l < "$work/gz.csv")" -eq 3001 ] || fail "expected 3000 records and a header"
  ;;
atomic_keeps_old)
  echo "previous results" > "$work/out.csv"
  make_csv 200000 | gzip -c > "$work/in.csv.gz"
  head -c 50000 "$work/in.csv.gz" > "$work/cut.csv.gz"
  "$redflag" batch $rules "$work/cut.csv.gz" --id-column id -o "$work/out.csv" --quiet 2> /dev/null
  [ $? -eq 2 ] || fail "expected exit 2"
  [ "$(cat "$work/out.csv")" = "previous results" ] || fail "the old output was replaced by a partial one"
  [ -z "$(find "$work" -name '.out.csv.tmp-*')" ] || fail "temporary file left"
  # A successful run replaces it whole, with the usual permissions.
  make_csv 10 > "$work/small.csv"
  "$redflag" batch $rules "$work/small.csv" --id-column id -o "$work/out.csv" --quiet
  [ "$(wc -l < "$work/out.csv")" -eq 11 ] || fail "output not replaced"
  [ "$(stat -c %a "$work/out.csv")" = "$(umask -S > /dev/null; printf '%o' $((0666 & ~$(umask))))" ] || fail "permissions $(stat -c %a "$work/out.csv")"
  ;;
threads_keep_order)
  make_csv 60000 > "$work/in.csv"  # several chunks of 1 MiB
  "$redflag" batch $rules "$work/in.csv" --id-column id --threads 1 -o "$work/t1.ndjson" --quiet
  rc1=$?
  "$redflag" batch $rules "$work/in.csv" --id-column id --threads 4 -o "$work/t4.ndjson" --quiet
  rc4=$?
  [ $rc1 -eq 1 ] && [ $rc4 -eq 1 ] || fail "exit $rc1/$rc4, expected 1 (error records)"
  cmp -s "$work/t1.ndjson" "$work/t4.ndjson" || fail "outputs differ between 1 and 4 threads"
  [ "$(wc -l < "$work/t4.ndjson")" -eq 60000 ] || fail "expected one output record per input record"
  # In input order: line numbers 2, 3, 4, ...
  grep -o '"line":[0-9]*' "$work/t4.ndjson" | cut -d: -f2 | awk '$1 != NR + 1 { bad = 1 } END { exit bad }' || fail "records out of order"
  [ "$(grep -c '"error":"line' "$work/t4.ndjson")" -eq 1200 ] || fail "expected 1200 error records"
  ;;
summary_and_report)
  make_csv 100 > "$work/in.csv"
  "$redflag" batch $rules "$work/in.csv" --id-column id -o "$work/out.csv" --summary "$work/s.json" --report "$work/r.html" --quiet
  [ $? -eq 1 ] || fail "expected exit 1 (2 error records)"
  python3 - "$work/s.json" <<'PY' || fail "summary"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["ruleset"]["id"] == "low_back_pain" and s["ruleset"]["version"] == "1.0.0", s["ruleset"]
assert s["ruleset"]["content_hash"].startswith("sha256:"), s["ruleset"]
assert s["records"] == 100 and s["errors"] == 2 and s["evaluated"] == 98, s
assert sum(s["levels"].values()) == 98, s["levels"]
assert s["rules"]["suspected_ces"]["fired"] > 0
assert [e["line"] for e in s["first_errors"]] == [51, 101], s["first_errors"]
PY
  grep -q "<svg" "$work/r.html" || fail "no chart in the report"
  ! grep -Eq '(src|href)=|@import|url\(' "$work/r.html" || fail "the report loads outside resources"
  ;;
stdin_pipeline)
  # Line-oriented stdin -> stdout, as Spark RDD.pipe or Hadoop Streaming use it.
  make_csv 500 > "$work/in.csv"
  out=$(tail -n +2 "$work/in.csv" | cat <(head -1 "$work/in.csv") - | "$redflag" batch $rules - --format csv --id-column id --output-format ndjson --quiet)
  [ "$(printf '%s\n' "$out" | wc -l)" -eq 500 ] || fail "expected 500 lines"
  ;;
summary_write_fails)
  # A --summary that cannot be written: no output of the run is left, -o's included, and an
  # older -o file stays as it was.
  make_csv 100 > "$work/in.csv"
  echo "previous results" > "$work/kept.csv"
  "$redflag" batch $rules "$work/in.csv" --id-column id -o "$work/out.csv" --summary /dev/full --report "$work/r.html" --quiet 2> "$work/err"
  rc=$?
  [ $rc -eq 2 ] || fail "exit $rc, expected 2"
  grep -q "cannot write /dev/full: No space left on device; no output written to $work/out.csv" "$work/err" || fail "message: $(cat "$work/err")"
  no_output_left "$work/out.csv"
  no_output_left "$work/r.html"
  "$redflag" batch $rules "$work/in.csv" --id-column id -o "$work/kept.csv" --report /dev/full --quiet 2> /dev/null
  [ $? -eq 2 ] || fail "expected exit 2 for a --report that cannot be written"
  [ "$(cat "$work/kept.csv")" = "previous results" ] || fail "the old output was replaced"
  ;;
report_unopenable)
  # A --report in a directory that does not exist: the run stops before it starts.
  make_csv 10 > "$work/in.csv"
  "$redflag" batch $rules "$work/in.csv" --id-column id -o "$work/out.csv" --summary "$work/s.json" --report "$work/no/dir/r.html" --quiet 2> "$work/err"
  rc=$?
  [ $rc -eq 2 ] || fail "exit $rc, expected 2"
  grep -q "cannot write $work/no/dir/r.html" "$work/err" || fail "message: $(cat "$work/err")"
  no_output_left "$work/out.csv"
  no_output_left "$work/s.json"
  ;;
gzip_output)
  # -o NAME.gz writes gzip: the same records as the plain output; .ndjson.gz is NDJSON.
  make_csv 3000 > "$work/in.csv"
  "$redflag" batch $rules "$work/in.csv" --id-column id -o "$work/plain.csv" --quiet
  "$redflag" batch $rules "$work/in.csv" --id-column id -o "$work/out.csv.gz" --threads 2 --quiet
  [ $? -eq 1 ] || fail "expected exit 1 (error records)"
  gzip -t "$work/out.csv.gz" || fail "not a valid gzip file"
  cmp -s <(gzip -dc "$work/out.csv.gz") "$work/plain.csv" || fail "the gzip output differs from the plain one"
  "$redflag" batch $rules "$work/in.csv" --id-column id -o "$work/out.ndjson.gz" --quiet
  gzip -dc "$work/out.ndjson.gz" > "$work/out.ndjson" || fail "not a valid gzip file"
  [ "$(wc -l < "$work/out.ndjson")" -eq 3000 ] || fail "expected 3000 NDJSON records"
  [ "$(grep -c '^{"input":' "$work/out.ndjson")" -eq 3000 ] || fail "not NDJSON"
  ;;
*)
  fail "unknown test $name"
  ;;
esac
echo "ok: $name"
