// End-to-end: the real app joins a real campo-server (started here on 127.0.0.1) from its first
// screen. A wrong password is refused with a message and saves nothing; the right one gives the
// device the server's data — and no demonstration provider is ever created — and the indicator
// reports the sync. When the
// server ends the person's sessions, every screen asks them to sign in again, right there; "Sair"
// signs out to the list of people who use the computer, where their password lets them back in.
//   usage: xvfb-run -a node tests/e2e/sync.mjs /abs/path/campo /abs/path/campo-server
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Session, harness, runSteps, sleep, startServer } from "./webdriver.mjs";

const e2e = await harness({ name: "sync", usage: ["campo binary", "campo-server binary"] });
const [app, serverBin] = e2e.argv;
const password = "senha-forte-123";
const { url, dir: serverDir, stop } = await startServer(serverBin, [["josue", "Josué Lins", "technician"]], password);
e2e.atEnd(stop);
const env = e2e.env;
let session;
const text = (css) => session.text(css);
const fill = (testid, value) => session.fill(testid, value);

const ok = await runSteps(
  [
    ["a new computer asks: connect to the provider's server or try the demo, and creates nothing", async () => {
      session = await Session.start(app);
      await session.waitFor('[data-testid="welcome"]', 60_000);
      const screen = await text('[data-testid="welcome"]');
      if (!screen.includes("Conectar ao servidor do meu provedor") || !screen.includes("Experimentar com dados de demonstração")) throw new Error(`welcome: ${screen}`);
      for (const file of ["campo.db", "server.db"]) if (existsSync(join(env.CAMPO_DATA_DIR, file))) throw new Error(`${file} exists before any choice`);
      await sleep(500); // the first frame painted, for the screenshot
      await session.screenshot(e2e.shot("09-welcome.png"));
    }],
    ["a wrong password is refused with a message and saves nothing", async () => {
      await fill("join-url", url);
      await fill("join-login", "josue");
      await fill("join-password", "errada");
      const [submit] = await session.findAll('[data-testid="join-submit"]');
      await submit.click();
      await session.waitUntil(async () => (await text('[data-testid="join-error"]')).includes("Login ou senha incorretos"), "the refusal");
      for (const file of ["campo.db", "server.db"]) if (existsSync(join(env.CAMPO_DATA_DIR, file))) throw new Error(`${file} was created by a failed login`);
      await session.screenshot(e2e.shot("10-join-refused.png"));
    }],
    ["the right password joins the server, no demo is created, and the indicator reports the sync", async () => {
      await fill("join-password", password);
      const [submit] = await session.findAll('[data-testid="join-submit"]');
      await submit.click();
      await session.waitUntil(async () => (await text('[data-testid="sync-indicator"]')).includes("Sincronizado"), "the synced indicator", 60_000);
      // The first sync over, a technician's app opens on Meu dia; no fictional data was made.
      await session.waitFor('[data-testid="nav-myDay"][aria-current="page"]', 30_000);
      if (!existsSync(join(env.CAMPO_DATA_DIR, "server.db"))) throw new Error("no server.db");
      if (existsSync(join(env.CAMPO_DATA_DIR, "campo.db"))) throw new Error("the demo was created for someone who connected");
      await session.screenshot(e2e.shot("11-joined.png"));
      const [nav] = await session.findAll('[data-testid="nav-sync"]');
      await nav.click();
      await session.waitUntil(async () => (await text('[data-testid="sync-page"]')).includes("Josué Lins"), "the user on the sync page");
      await session.screenshot(e2e.shot("12-sync-page.png"));
    }],
    ["an ended session asks to sign in again on the screen in use, and a wrong password says so", async () => {
      const end = spawnSync(serverBin, ["--data-dir", serverDir, "user", "sign-out", "--login", "josue"], { encoding: "utf8" });
      if (end.status !== 0) throw new Error(`user sign-out: ${end.stderr}`);
      const [now] = await session.findAll('[data-testid="sync-now"]');
      await now.click();
      await session.waitUntil(async () => (await text('[data-testid="session-banner"]')).includes("entre novamente"), "the sign-in banner", 30_000);
      const banner = await text('[data-testid="session-banner"]');
      if (!banner.includes("Josué Lins") || !banner.includes("Nada se perdeu")) throw new Error(`banner: ${banner}`);
      await fill("session-password", "errada");
      const [submit] = await session.findAll('[data-testid="session-submit"]');
      await submit.click();
      await session.waitUntil(async () => (await text('[data-testid="session-error"]')).includes("Login ou senha incorretos"), "the refusal");
      await session.screenshot(e2e.shot("13-sign-in-again.png"));
    }],
    ["signing in again there syncs again; Sair signs out to the list of people, and the password lets the person back in", async () => {
      await fill("session-password", password);
      const [submit] = await session.findAll('[data-testid="session-submit"]');
      await submit.click();
      await session.waitUntil(async () => (await session.findAll('[data-testid="session-banner"]')).length === 0, "the banner to go");
      await session.waitUntil(async () => (await text('[data-testid="sync-indicator"]')).includes("Sincronizado"), "synced again", 30_000);
      const [out] = await session.waitFor('[data-testid="sign-out"]');
      await out.click();
      const [person] = await session.waitFor('[data-testid="person"]');
      if (!(await person.text()).includes("Josué")) throw new Error(`listed: ${await person.text()}`);
      await person.click();
      await fill("unlock-password", password);
      const [again] = await session.findAll('[data-testid="unlock"]');
      await again.click();
      await session.waitUntil(async () => (await text('[data-testid="sync-indicator"]')).includes("Sincronizado"), "synced after signing in", 30_000);
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
