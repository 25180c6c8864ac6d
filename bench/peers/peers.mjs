// Runs the peer engines on the generated records, checks their levels against redflag's, times
// them, and prints the comparison table with redflag's numbers (from redflag_batch_bench, run by
// run.sh on the same records just before).
//
//   node peers.mjs --records R.ndjson --levels L.txt --redflag BENCH.json [--seconds S] [--reps N]
//
// Every engine gets the same pre-parsed answers objects (JSON.parse once, before timing) and is
// timed in a warm loop over all of them, one evaluation at a time (each async evaluation awaited
// before the next: what one caller sees). Exit 1 when a peer disagrees with redflag on a record
// whose redflag result is complete.
import { readFileSync } from "node:fs";
import os from "node:os";
import { ZenEngine } from "@gorules/zen-engine";
import jre from "json-rules-engine";
import { zenDecision, jreEngine, jreLevel } from "./low_back_pain.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
for (const k of ["records", "levels", "redflag"]) {
  if (!args[k]) {
    console.error(`peers.mjs: --${k} is required`);
    process.exit(64);
  }
}
const seconds = Number(args.seconds ?? 2);
const reps = Number(args.reps ?? 3);

const records = readFileSync(args.records, "utf8").split("\n").filter((l) => l.length).map((l) => JSON.parse(l));
const expected = readFileSync(args.levels, "utf8").split("\n").filter((l) => l.length).map((l) => l.split(" "));
if (expected.length !== records.length) {
  console.error(`peers.mjs: ${records.length} records but ${expected.length} redflag levels`);
  process.exit(2);
}

const zenEngine = new ZenEngine();
const zen = zenEngine.createDecision(zenDecision());
const jreE = jreEngine(jre.Engine);

const engines = [
  {
    name: "GoRules zen-engine",
    pkg: "@gorules/zen-engine",
    level: async (r) => (await zen.evaluate(r)).result.level,
  },
  {
    name: "json-rules-engine",
    pkg: "json-rules-engine",
    level: (r) => jreLevel(jreE, r),
  },
];

// 1. Correctness: every record, every engine, against redflag.
let failed = false;
for (const e of engines) {
  let complete = 0, agreeComplete = 0, agreeAll = 0;
  const disagreements = [];
  for (let i = 0; i < records.length; ++i) {
    const level = await e.level(records[i]);
    const [want, status] = expected[i];
    const same = level === want;
    agreeAll += same;
    if (status === "complete") {
      ++complete;
      agreeComplete += same;
      if (!same && disagreements.length < 5) disagreements.push(`record ${i + 1}: redflag ${want}, ${e.name} ${level}`);
    }
  }
  e.agreeComplete = agreeComplete / complete;
  e.agreeAll = agreeAll / records.length;
  e.complete = complete;
  if (agreeComplete !== complete) {
    failed = true;
    console.error(`DISAGREEMENT: ${e.name} differs from redflag on ${complete - agreeComplete} of ${complete} complete records:`);
    for (const d of disagreements) console.error(`  ${d}`);
  }
}

// 2. Timing: warm loops over all records, `reps` measurements of at least `seconds` each.
function parseDuration(s) {  // zen's self-reported "12.3µs" / "1.2ms" / "800ns"
  const m = /^([\d.]+)\s*(ns|µs|us|ms|s)$/.exec(s);
  if (!m) return NaN;
  return Number(m[1]) * { ns: 1, "µs": 1e3, us: 1e3, ms: 1e6, s: 1e9 }[m[2]];
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Both wall-clock time and the process's CPU time (all its threads: zen-engine evaluates on a
// libuv worker thread) are measured; CPU time is the steadier on a shared machine.
for (const e of engines) {
  for (let i = 0; i < Math.min(records.length, 2000); ++i) await e.level(records[i]);  // warm-up
  const wall = [], cpu = [];
  for (let rep = 0; rep < reps; ++rep) {
    let n = 0, i = 0;
    const start = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const deadline = start + BigInt(Math.round(seconds * 1e9));
    let now = start;
    while (now < deadline) {
      for (let k = 0; k < 256; ++k) {
        await e.level(records[i]);
        if (++i === records.length) i = 0;
      }
      n += 256;
      now = process.hrtime.bigint();
    }
    const used = process.cpuUsage(cpu0);
    wall.push(n / (Number(now - start) / 1e9));
    cpu.push(n / ((used.user + used.system) / 1e6));
  }
  e.wall = median(wall);
  e.cpu = median(cpu);
  e.rates = cpu;
}
// zen-engine's own per-evaluation time (its `performance` field: inside the engine, without the
// conversion of the JavaScript object and the promise), for reference.
{
  let total = 0;
  const n = Math.min(records.length, 5000);
  for (let i = 0; i < n; ++i) total += parseDuration((await zen.evaluate(records[i])).performance);
  engines[0].selfReportedNs = total / n;
}

// The floor of a zen-engine call from Node: a one-expression decision on the same records.
{
  const position = { x: 0, y: 0 };
  const trivial = zenEngine.createDecision({
    nodes: [
      { id: "in", type: "inputNode", name: "in", position },
      { id: "x", type: "expressionNode", name: "x", position, content: {
        expressions: [{ id: "e", key: "level", value: "age_years != null" }],
        passThrough: false, inputField: null, outputPath: null, executionMode: "single" } },
      { id: "out", type: "outputNode", name: "out", position },
    ],
    edges: [{ id: "a", sourceId: "in", targetId: "x", type: "edge" }, { id: "b", sourceId: "x", targetId: "out", type: "edge" }],
  });
  const n = Math.min(records.length, 5000);
  for (let i = 0; i < n; ++i) await trivial.evaluate(records[i]);
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; ++i) await trivial.evaluate(records[i]);
  const used = process.cpuUsage(cpu0);
  engines[0].floorNs = ((used.user + used.system) * 1e3) / n;
}

// 3. redflag's numbers from the Google Benchmark JSON (medians of the repetitions).
const bench = JSON.parse(readFileSync(args.redflag, "utf8"));
const rf = {};
for (const b of bench.benchmarks) {
  if (b.aggregate_name && b.aggregate_name !== "median") continue;
  const scale = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 }[b.time_unit];
  rf[b.run_name ?? b.name] = { cpu: 1e9 / (b.cpu_time * scale), wall: 1e9 / (b.real_time * scale) };
}
const none = { cpu: NaN, wall: NaN };
const rfBound = rf["BM_RecordsEvaluate/evidence:1"] ?? none;
const rfJson = rf["BM_RecordsJsonToResult"] ?? none;

const version = (pkg) => JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url))).version;
const fmt = (x) => (!isFinite(x) ? "?" : x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));
const per = (rate) => { const t = 1e9 / rate; return !isFinite(t) ? "?" : t >= 1e4 ? `${(t / 1e3).toFixed(1)} us` : `${t.toFixed(0)} ns`; };
const pct = (x) => `${(100 * x).toFixed(2)} %`;

const rows = [
  ["redflag evaluate() on bound answers", rfBound, "-", "-"],
  ["redflag evaluate(), evidence off (level + rule ids)", rf["BM_RecordsEvaluate/evidence:0"] ?? none, "-", "-"],
  ["redflag JSON text -> Result (read_json + evaluate)", rfJson, "-", "-"],
  ["redflag JSON text -> JSON result (+ write_json)", rf["BM_RecordsJsonRoundTrip"] ?? none, "-", "-"],
  ...engines.map((e) => [`${e.name} ${version(e.pkg)} (answers object -> level)`, { cpu: e.cpu, wall: e.wall },
    pct(e.agreeComplete), pct(e.agreeAll)]),
];
const header = ["engine", "evaluations/s (CPU)", "per evaluation (CPU)", "evaluations/s (wall)", "agrees (complete)", "agrees (all)"];
const table = [header, ...rows.map(([name, r, a, b]) => [name, fmt(r.cpu), per(r.cpu), fmt(r.wall), a, b])];
const widths = header.map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
const line = (r) => "| " + r.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
console.log(line(table[0]));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of table.slice(1)) console.log(line(r));

const [zenE, jreX] = engines;
const ratio = (a, b) => (isFinite(a / b) ? `${(a / b).toFixed(0)}x` : "?");
const verdict = (x, target) => (isFinite(x) ? (x >= target ? "met" : "MISSED") : "?");
console.log();
console.log("Ratios, per evaluation, same records, same run (CPU time; wall time in brackets):");
console.log(`  redflag evaluate() / zen-engine              ${ratio(rfBound.cpu, zenE.cpu)} (${ratio(rfBound.wall, zenE.wall)})   target >= 50x: ${verdict(rfBound.cpu / zenE.cpu, 50)}`);
console.log(`  redflag evaluate() / json-rules-engine       ${ratio(rfBound.cpu, jreX.cpu)} (${ratio(rfBound.wall, jreX.wall)})   target >= 100x: ${verdict(rfBound.cpu / jreX.cpu, 100)}`);
console.log(`  redflag JSON -> Result / zen-engine          ${ratio(rfJson.cpu, zenE.cpu)} (${ratio(rfJson.wall, zenE.wall)})`);
console.log(`  redflag JSON -> Result / json-rules-engine   ${ratio(rfJson.cpu, jreX.cpu)} (${ratio(rfJson.wall, jreX.wall)})`);
console.log();
console.log(`${records.length} records (${args.records}); ${zenE.complete} with a complete redflag result; ` +
  `peers checked against redflag on every record.`);
console.log(`zen-engine's self-reported time inside the engine (its "performance" field): ` +
  `${per(1e9 / zenE.selfReportedNs)} per evaluation; redflag evaluate() is ${ratio(rfBound.cpu, 1e9 / zenE.selfReportedNs)} faster than that.`);
console.log(`zen-engine with a one-expression decision on the same records (the cost of a call from Node): ` +
  `${per(1e9 / zenE.floorNs)} CPU per evaluation.`);
console.log(`Peers: median of ${reps} x ${seconds} s; CPU-time rates of the runs: ` +
  engines.map((e) => `${e.name} ${e.rates.map(fmt).join(", ")}`).join("; "));
console.log(`Node ${process.version}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model}); load average ` +
  os.loadavg().map((x) => x.toFixed(2)).join(", "));
process.exit(failed ? 1 : 0);
