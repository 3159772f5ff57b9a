// Cold-start benchmark of the real app: from launching the binary (WebDriver session
// request) to the first rendered row of the order list. The first launch creates and seeds
// the database; the following launches open it as a user's day would start.
//   usage: xvfb-run -a node tests/e2e/startup-bench.mjs /abs/path/to/campo [runs]
import { rmSync } from "node:fs";
import { Session, freshDataDir, sleep, startDriver } from "./webdriver.mjs";

const app = process.argv[2];
const runs = Number(process.argv[3] ?? 7);
const watchdog = setTimeout(() => {
  console.error("startup-bench: gave up after 600 s");
  process.exit(1);
}, 600_000);

const { root, env } = freshDataDir("campo-bench-");
const driver = await startDriver(env);

async function launch() {
  const started = performance.now();
  const session = await Session.start(app);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await session.findAll('[data-testid="order-row"][data-order-id]');
    if (rows.length > 0) break;
    if (Date.now() > deadline) throw new Error("no rows within 60 s");
    await sleep(10);
  }
  const ms = performance.now() - started;
  await session.end();
  await sleep(500);
  return ms;
}

// The first start asks; trying the demo creates and seeds the database.
const firstStarted = performance.now();
const welcome = await Session.startDemo(app);
const first = performance.now() - firstStarted;
await welcome.end();
await sleep(500);
const times = [];
for (let i = 0; i < runs; i++) times.push(await launch());
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`first start (creates and seeds the database): ${first.toFixed(0)} ms`);
console.log(`cold start to first rendered list, ${runs} runs: median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`);
driver.kill("SIGTERM");
await new Promise((r) => driver.once("exit", r));
clearTimeout(watchdog);
try {
  rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
} catch (e) {
  console.error(`could not remove ${root}: ${e.message}`);
}
