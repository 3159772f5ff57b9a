// Prints criterion's medians and means (target/criterion/**/new/estimates.json) as a
// Markdown table, for BENCHMARKS.md.   usage: node scripts/bench-report.mjs [group]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = "target/criterion";
const group = process.argv[2];
const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(0)} µs`);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    const est = join(path, "new", "estimates.json");
    const bench = join(path, "new", "benchmark.json");
    if (existsSync(est) && existsSync(bench)) yield { est, bench };
    else yield* walk(path);
  }
}

if (!existsSync(root)) {
  console.error("no criterion results: run `cargo bench` first");
  process.exit(1);
}
console.log("| benchmark | median | mean |\n|---|---|---|");
for (const { est, bench } of walk(root)) {
  const b = JSON.parse(readFileSync(bench, "utf8"));
  if (group && b.group_id !== group) continue;
  const e = JSON.parse(readFileSync(est, "utf8"));
  console.log(`| ${b.full_id} | ${fmt(e.median.point_estimate)} | ${fmt(e.mean.point_estimate)} |`);
}
