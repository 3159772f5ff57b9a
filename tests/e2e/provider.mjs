// End-to-end: a provider in Manaus set up with `campo-server init`. Its administrator connects
// the app and sees every area and the provider's profile (Manaus/AM, its time zone) in
// Administração, and adds a technician and a seller there; on another computer the technician
// connects and sees only the areas of their work, opening on Meu dia in Manaus' date; a visit
// the office schedules reaches him, he sets out for it offline while his session ends on the
// server, and signing in again sends the change once; the
// seller signs in on that same computer with data of her own, and the technician comes back
// offline with his password.
//   usage: xvfb-run -a node tests/e2e/provider.mjs /abs/path/campo /abs/path/campo-server /abs/path/e2e-office
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join as joinPath } from "node:path";
import { Session, harness, runSteps, startServer } from "./webdriver.mjs";

const e2e = await harness({ name: "provider", usage: ["campo binary", "campo-server binary", "e2e-office binary"] });
const [app, serverBin, officeBin] = e2e.argv;
const password = "senha-forte-123";
const { url, dir: serverDir, stop, pause, resume } = await startServer(serverBin, [], password, {
  init: [
    "--name", "Rio Negro Net",
    "--cnpj", "11.222.333/0001-81",
    "--municipality", "1302603",
    "--base", "Sede,-3.1019,-60.0250",
    "--admin-login", "ana",
    "--admin-name", "Ana Prado",
  ],
});
e2e.atEnd(stop);
let session;
const text = (css) => session.text(css);
const click = (css) => session.click(css);
const fill = (testid, value) => session.fill(testid, value);
const areas = () => session.execute(`return [...document.querySelectorAll('nav [data-testid^="nav-"]')].filter((e) => e.tagName === "BUTTON").map((e) => e.dataset.testid.slice(4));`, []);
// The password Josué chooses in place of the one the administrator gave him.
const josuePassword = "a-senha-do-josue";
// `chosen`: the account was made in the app, with a password the administration gave: the
// person chooses their own before anything syncs.
const join = async (login, chosen = null) => {
  session = await Session.start(app);
  await session.waitFor('[data-testid="welcome"]', 60_000);
  await fill("join-url", url);
  await fill("join-login", login);
  await fill("join-password", password);
  const [submit] = await session.findAll('[data-testid="join-submit"]');
  await submit.click();
  if (chosen) {
    await session.waitUntil(async () => (await text('[data-testid="choose-password"]')).includes("escolha a sua senha"), "asked to choose a password", 60_000);
    await fill("choose-current", password);
    await fill("choose-new", chosen);
    await fill("choose-again", chosen);
    await session.screenshot(e2e.shot("provider-01d-choose-password.png"));
    await click('[data-testid="choose-save"]');
    await session.waitUntil(async () => (await session.findAll('[data-testid="choose-password"]')).length === 0, "the password chosen", 30_000);
  }
  await session.waitUntil(async () => (await text('[data-testid="sync-indicator"]')).includes("Sincronizado"), "the synced indicator", 60_000);
};

const ok = await runSteps(
  [
    ["the administrator made by init connects and sees every area", async () => {
      await join("ana");
      await session.waitUntil(async () => (await areas()).join(",") === "orders,sales,analysis,calls,agenda,myDay,routes,stock,activation,finance,indicators,sync,admin", "every area", 10_000);
    }],
    ["Administração shows the provider set up by init: Manaus/AM, head office, its time zone", async () => {
      const [nav] = await session.findAll('[data-testid="nav-admin"]');
      await nav.click();
      await session.waitUntil(async () => (await text('[data-testid="served-municipality"]')).includes("Manaus/AM"), "Manaus in the profile");
      const served = await text('[data-testid="served-municipality"]');
      if (!served.includes("Horário Padrão do Amazonas") || !served.includes("sede")) throw new Error(`served: ${served}`);
      const name = await session.execute(`return document.querySelector('[data-testid="provider-name"]').value;`, []);
      if (name !== "Rio Negro Net") throw new Error(`name: ${name}`);
      await session.screenshot(e2e.shot("provider-01-profile.png"));
    }],
    ["the administrator adds a technician and a seller from the app; a taken login is refused beside the field", async () => {
      const add = async (name, login, role) => {
        await fill("account-name", name);
        await fill("account-login", login);
        await session.execute(`const s = document.querySelector('[data-testid="account-role"]'); s.value = "${role}"; s.dispatchEvent(new Event("change", { bubbles: true }));`, []);
        await fill("account-password", password);
        const [button] = await session.findAll('[data-testid="account-add"]');
        await button.click();
      };
      await session.waitFor('[data-testid="account-row"][data-login="ana"]');
      await add("Josué Lins", "josue", "technician");
      await session.waitFor('[data-testid="account-row"][data-login="josue"]');
      await add("Sofia Castro", "sofia", "seller");
      await session.waitFor('[data-testid="account-row"][data-login="sofia"]');
      await add("Outra Ana", "Ana", "seller");
      await session.waitUntil(async () => (await text('[data-testid="account-problem"][data-field="login"]')).includes("Já existe uma conta com este login"), "the taken login refused");
      const rows = await session.execute(`return [...document.querySelectorAll('[data-testid="account-row"]')].map((r) => r.dataset.login);`, []);
      if (rows.join(",") !== "ana,josue,sofia") throw new Error(`accounts: ${rows}`);
      await session.screenshot(e2e.shot("provider-01b-people.png"));
    }],
    ["the administrator connects IXC from the app: the missing token named, then kept sealed on the server", async () => {
      await session.waitUntil(async () => (await text('[data-testid="erp-none"]')).includes("Nenhum ERP conectado a este servidor"), "the ERP panel read from the server");
      await session.execute(`document.querySelector('[data-testid="erp-panel"]').scrollIntoView({ block: "center" });`, []);
      await click('[data-testid="erp-setup"]');
      await fill("erp-url", "http://127.0.0.1:9/webservice/v1");
      await fill("erp-user", "27");
      await fill("erp-every", "30");
      await click('[data-testid="erp-save"]');
      await session.waitUntil(async () => (await text('[data-testid="erp-problem"][data-field="token"]')) === "Informe o token", "the missing token named");
      await session.execute(`document.querySelector('[data-testid="erp-settings"]').scrollIntoView({ block: "center" });`, []);
      await session.screenshot(e2e.shot("provider-01bb-erp.png"));
      await fill("erp-token", "tok-e2e-secreto");
      await click('[data-testid="erp-save"]');
      await session.waitUntil(async () => (await text('[data-testid="erp-schedule"]')) === "IXC Provedor, lido a cada 30 minutos.", "the connection saved on the server");
      if (!(await text('[data-testid="erp-notice"]')).includes("Conexão salva")) throw new Error("no notice after saving the connection");
      // The token lives on the server, sealed: never in its database in the clear.
      for (const f of readdirSync(serverDir).filter((n) => n.startsWith("campo-server.db"))) {
        if (readFileSync(joinPath(serverDir, f)).includes(Buffer.from("tok-e2e-secreto"))) throw new Error(`the ERP token is in the clear in ${f}`);
      }
    }],
    ["a session ended while working: the change waits, the banner asks, signing in again sends it", async () => {
      const end = spawnSync(serverBin, ["--data-dir", serverDir, "user", "sign-out", "--login", "ana"], { encoding: "utf8" });
      if (end.status !== 0) throw new Error(`user sign-out: ${end.stderr}`);
      await session.typeDate('[data-testid="day-off-date"]', "2027-03-15");
      await fill("day-off-name", "Inventário anual");
      const [add] = await session.findAll('[data-testid="day-off-add"]');
      await add.click();
      await session.waitUntil(async () => (await text('[data-testid="day-off-notice"]')).includes("Inventário anual"), "the day off added");
      await session.waitUntil(async () => (await text('[data-testid="session-banner"]')).includes("1 alteração está guardada neste computador"), "the banner with the change kept", 40_000);
      await session.screenshot(e2e.shot("provider-01c-session-ended.png"));
      await fill("session-password", password);
      const [submit] = await session.findAll('[data-testid="session-submit"]');
      await submit.click();
      await session.waitUntil(async () => (await session.findAll('[data-testid="session-banner"]')).length === 0, "the banner to go");
      const [nav] = await session.findAll('[data-testid="nav-sync"]');
      await nav.click();
      await session.waitUntil(async () => (await text('[data-testid="sync-pending"]')) === "0", "the change sent", 40_000);
    }],
    ["a technician on another computer sees only Meu dia, orders, stock and sync, opening on Meu dia", async () => {
      await session.end();
      session = null;
      await e2e.anotherDevice();
      await join("josue", josuePassword);
      await session.waitUntil(async () => (await areas()).join(",") === "myDay,orders,stock,sync", "the technician's areas", 10_000);
      // The first sync over, the app opens the first area of the role.
      await session.waitUntil(async () => (await session.findAll('[data-testid="nav-myDay"][aria-current="page"]')).length > 0, "Meu dia open", 20_000);
      // The provider is in Manaus: "today" is Manaus' date (an hour behind Brasília, two
      // behind Recife's evening rollover), not the machine's or Recife's.
      const manaus = new Intl.DateTimeFormat("pt-BR", { timeZone: "America/Manaus", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date());
      await session.waitUntil(async () => (await session.execute(`return document.querySelector('[data-testid="my-day-date"] input, input[data-testid="my-day-date"]')?.value ?? "";`, [])) === manaus, `Meu dia on ${manaus}`);
      await session.screenshot(e2e.shot("provider-02-technician.png"));
    }],
    ["the office's visit reaches the technician; offline he sets out, his session ends meanwhile, and signing in again sends it once", async () => {
      // Putting in an order from the app arrives with issue 18: another office computer does it.
      const office = spawnSync(officeBin, [url, "ana", password, "Josué Lins"], { encoding: "utf8" });
      if (office.status !== 0) throw new Error(`e2e-office: ${office.stderr}`);
      const openArea = async (area) => {
        const [nav] = await session.findAll(`[data-testid="nav-${area}"]`);
        await nav.click();
      };
      await openArea("sync");
      const [now] = await session.waitFor('[data-testid="sync-now"]');
      await now.click();
      await session.waitUntil(async () => (await text('[data-testid="sync-pending"]')) === "0", "synced");
      await openArea("myDay");
      await session.waitFor('[data-testid="visit"]', 20_000);
      // Offline: he sets out for the visit; the change waits on the laptop.
      await pause();
      const [go] = await session.findAll('[data-testid="visit-next"]');
      await go.click();
      await openArea("sync");
      await session.waitUntil(async () => (await text('[data-testid="sync-pending"]')) === "1", "the change kept");
      // Meanwhile his session ends on the server; back online, he is asked to sign in again.
      const end = spawnSync(serverBin, ["--data-dir", serverDir, "user", "sign-out", "--login", "josue"], { encoding: "utf8" });
      if (end.status !== 0) throw new Error(`user sign-out: ${end.stderr}`);
      await resume();
      const [again] = await session.findAll('[data-testid="sync-now"]');
      await again.click();
      await session.waitUntil(async () => (await text('[data-testid="session-banner"]')).includes("1 alteração está guardada neste computador"), "the banner with the change kept", 40_000);
      await session.screenshot(e2e.shot("provider-02b-technician-session.png"));
      await fill("session-password", josuePassword);
      const [submit] = await session.findAll('[data-testid="session-submit"]');
      await submit.click();
      await session.waitUntil(async () => (await text('[data-testid="sync-pending"]')) === "0", "the change sent", 40_000);
      if ((await text('[data-testid="sync-refused"]')) !== "0") throw new Error("the server refused the change");
    }],
    ["a shared computer: the technician steps away and the seller signs in with data of her own", async () => {
      const [leave] = await session.findAll('[data-testid="switch-person"]');
      await leave.click();
      await session.waitFor('[data-testid="people"]');
      const [another] = await session.findAll('[data-testid="people-another"]');
      await another.click();
      const filled = await session.execute(`return document.querySelector('[data-testid="join-url"]').value;`, []);
      if (filled !== url) throw new Error(`the server's address not filled: ${filled}`);
      await fill("join-login", "sofia");
      await fill("join-password", password);
      const [submit] = await session.findAll('[data-testid="join-submit"]');
      await submit.click();
      await session.waitUntil(async () => (await text('[data-testid="person-name"]')) === "Sofia Castro", "Sofia signed in", 60_000);
      await session.waitUntil(async () => !(await areas()).includes("myDay"), "the seller's areas", 20_000);
    }],
    ["offline, the technician picks his name and his password opens his data; a wrong one is counted", async () => {
      const [leave] = await session.findAll('[data-testid="switch-person"]');
      await leave.click();
      await session.waitUntil(async () => (await session.findAll('[data-testid="person"]')).length === 2, "two people listed");
      stop();
      const [josue] = await session.findAll('[data-testid="person"]');
      await josue.click();
      await fill("unlock-password", "errada");
      const [enter] = await session.findAll('[data-testid="unlock"]');
      await enter.click();
      await session.waitUntil(async () => (await text('[data-testid="unlock-error"]')) === "Senha incorreta: restam 4 tentativas neste computador", "the wrong password counted", 20_000);
      await session.screenshot(e2e.shot("provider-03-people.png"));
      await fill("unlock-password", josuePassword);
      const [again] = await session.findAll('[data-testid="unlock"]');
      await again.click();
      await session.waitUntil(async () => (await text('[data-testid="person-name"]')) === "Josué Lins", "Josué's data open", 20_000);
      await session.waitUntil(async () => (await areas()).join(",") === "myDay,orders,stock,sync", "the technician's areas again", 10_000);
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
