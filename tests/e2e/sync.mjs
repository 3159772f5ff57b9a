// End-to-end: the real app joins a real campo-server (started here on 127.0.0.1) through the
// Sincronização page. A wrong password is refused with a message and saves nothing; the right
// one switches the device to the server's data and the indicator reports the sync.
//   usage: xvfb-run -a node tests/e2e/sync.mjs /abs/path/campo /abs/path/campo-server
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Session, freshDataDir, runSteps, sleep, startDriver } from "./webdriver.mjs";

const [app, serverBin] = process.argv.slice(2);
if (!app || !serverBin || !existsSync(app) || !existsSync(serverBin)) {
  console.error("usage: node sync.mjs <campo binary> <campo-server binary>");
  process.exit(2);
}
const shots = join(dirname(fileURLToPath(import.meta.url)), "screenshots");
mkdirSync(shots, { recursive: true });
const watchdog = setTimeout(() => {
  console.error("e2e sync: gave up after 240 s");
  process.exit(1);
}, 240_000);

// The server: one technician account, on a free loopback port.
const serverDir = mkdtempSync(join(tmpdir(), "campo-e2e-server-"));
const password = "senha-forte-123";
const add = spawnSync(serverBin, ["--data-dir", serverDir, "user", "add", "--login", "josue", "--name", "Josué Lins", "--role", "technician"], {
  env: { ...process.env, CAMPO_PASSWORD: password },
  encoding: "utf8",
});
if (add.status !== 0) {
  console.error(add.stderr);
  process.exit(1);
}
const port = await new Promise((resolve) => {
  import("node:net").then(({ createServer }) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
});
const server = spawn(serverBin, ["--data-dir", serverDir, "serve", "--bind", `127.0.0.1:${port}`], { stdio: ["ignore", "ignore", "inherit"] });
const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${url}/health`)).ok) break;
  } catch {
    await sleep(100);
  }
}

const { root, env } = freshDataDir();
const driver = await startDriver(env);
let session;
const text = async (css) => {
  const [el] = await session.findAll(css);
  return el ? session.execute("return arguments[0].textContent.trim()", [{ "element-6066-11e4-a52e-4f735466cecf": el.id }]) : "";
};
const fill = async (testid, value) => {
  const [el] = await session.waitFor(`[data-testid="${testid}"]`);
  await session.execute("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", [{ "element-6066-11e4-a52e-4f735466cecf": el.id }]);
  await el.type(value);
};

const ok = await runSteps(
  [
    ["a new device works alone with the demo data", async () => {
      session = await Session.start(app);
      await session.waitFor('[data-testid="order-row"][data-order-id]', 60_000);
      await session.waitUntil(async () => (await text('[data-testid="sync-indicator"]')).includes("Modo local"), "the local-mode indicator");
    }],
    ["a wrong password is refused with a message and saves nothing", async () => {
      const [nav] = await session.waitFor('[data-testid="nav-sync"]');
      await nav.click();
      await fill("join-url", url);
      await fill("join-login", "josue");
      await fill("join-password", "errada");
      const [submit] = await session.findAll('[data-testid="join-submit"]');
      await submit.click();
      await session.waitUntil(async () => (await text('[data-testid="join-error"]')).includes("Login ou senha incorretos"), "the refusal");
      if (existsSync(join(env.CAMPO_DATA_DIR, "server.db"))) throw new Error("server.db was created by a failed login");
      await session.screenshot(join(shots, "10-join-refused.png"));
    }],
    ["the right password joins the server and the indicator reports the sync", async () => {
      await fill("join-password", password);
      const [submit] = await session.findAll('[data-testid="join-submit"]');
      await submit.click();
      await session.waitUntil(async () => (await text('[data-testid="sync-indicator"]')).includes("Sincronizado"), "the synced indicator", 60_000);
      // The provider has no orders yet: the list is empty, the demo data is kept aside.
      await session.waitFor('[data-testid="order-list-empty"]');
      if (!existsSync(join(env.CAMPO_DATA_DIR, "server.db"))) throw new Error("no server.db");
      if (!existsSync(join(env.CAMPO_DATA_DIR, "campo.db"))) throw new Error("the demo database was removed");
      await session.screenshot(join(shots, "11-joined.png"));
      const [nav] = await session.findAll('[data-testid="nav-sync"]');
      await nav.click();
      await session.waitUntil(async () => (await text('[data-testid="sync-page"]')).includes("Josué Lins"), "the user on the sync page");
      await session.screenshot(join(shots, "12-sync-page.png"));
    }],
  ],
  { onFailure: (name) => session?.screenshot(join(shots, `failure-${name.replace(/\W+/g, "-")}.png`)) },
);

await session?.end();
driver.kill("SIGTERM");
await new Promise((r) => driver.once("exit", r));
server.kill("SIGTERM");
clearTimeout(watchdog);
for (const dir of [root, serverDir]) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (e) {
    console.error(`could not remove ${dir}: ${e.message}`);
  }
}
process.exit(ok ? 0 : 1);
