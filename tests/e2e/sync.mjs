// End-to-end: the real app joins a real campo-server (started here on 127.0.0.1) through the
// Sincronização page. A wrong password is refused with a message and saves nothing; the right
// one switches the device to the server's data and the indicator reports the sync.
//   usage: xvfb-run -a node tests/e2e/sync.mjs /abs/path/campo /abs/path/campo-server
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Session, harness, runSteps, startServer } from "./webdriver.mjs";

const e2e = await harness({ name: "sync", usage: ["campo binary", "campo-server binary"] });
const [app, serverBin] = e2e.argv;
const password = "senha-forte-123";
const { url, stop } = await startServer(serverBin, [["josue", "Josué Lins", "technician"]], password);
e2e.atEnd(stop);
const env = e2e.env;
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
      await session.screenshot(e2e.shot("10-join-refused.png"));
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
      await session.screenshot(e2e.shot("11-joined.png"));
      const [nav] = await session.findAll('[data-testid="nav-sync"]');
      await nav.click();
      await session.waitUntil(async () => (await text('[data-testid="sync-page"]')).includes("Josué Lins"), "the user on the sync page");
      await session.screenshot(e2e.shot("12-sync-page.png"));
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
