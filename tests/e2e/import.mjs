// End-to-end: a provider's data comes in from files, in the real app with a real campo-server.
// The administrator imports the sample plans, then the sample customers — and sees the file's
// two deliberate mistakes named by line and column, nothing imported — fixes the file,
// imports it, imports the open orders, and finds them in the agenda's queue and the customers
// by name in the orders list; importing the orders again changes nothing; everything reaches
// the server. Then the staff list: each new person's first password shown once, and the
// people's list has them.
//   usage: xvfb-run -a node tests/e2e/import.mjs /abs/path/campo /abs/path/campo-server
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Session, harness, recifeProvider, runSteps, startServer } from "./webdriver.mjs";

const e2e = await harness({ name: "import", usage: ["campo binary", "campo-server binary"] });
const [app, serverBin] = e2e.argv;
const password = "senha-forte-123";
const samples = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "import");
const sample = (name) => readFileSync(join(samples, name), "utf8");
const { url, stop } = await startServer(serverBin, [], password, {
  // Recife, Olinda, Jaboatão dos Guararapes: the sample's customers live in all three.
  init: recifeProvider(["2611606", "2609600", "2607901"]),
});
e2e.atEnd(stop);
let session;
const text = async (css) => (await session.text(css)).replace(/\u00a0/g, " ");
const js = (script, args = []) => session.execute(script, args);
const click = (css) => session.click(css);
const press = (testid) => session.press(testid);
const select = (testid, value) =>
  js(`const s = document.querySelector('[data-testid="${testid}"]'); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event("change", { bubbles: true }));`);
const choose = async (name, content) => {
  await session.chooseFile("import-file", name, content);
  await session.waitUntil(async () => (await text('[data-testid="import-read"]')).startsWith(`${name}:`), `${name} read`, 20_000);
};
const check = async () => {
  await press("import-check");
  await session.waitFor('[data-testid="import-summary"]', 20_000);
  return text('[data-testid="import-summary"]');
};
const importNow = async () => {
  await press("import-run");
  await session.waitFor('[data-testid="import-notice"]', 60_000);
  return text('[data-testid="import-notice"]');
};
const syncNow = async () => {
  await click('[data-testid="nav-sync"]');
  await click('[data-testid="sync-now"]');
  await session.waitUntil(async () => (await text('[data-testid="sync-pending"]')) === "0", "everything sent", 60_000);
  if ((await text('[data-testid="sync-refused"]')) !== "0") throw new Error("the server refused a change");
};
const toImport = async () => {
  await click('[data-testid="nav-admin"]');
  await session.waitFor('[data-testid="import-panel"]');
  await js(`document.querySelector('[data-testid="import-panel"]').scrollIntoView();`);
};

const ok = await runSteps(
  [
    ["the administrator imports the sample plans", async () => {
      session = await Session.start(app);
      await session.join(url, "ana", password);
      await toImport();
      await select("import-kind", "plans");
      await choose("planos.csv", sample("planos.csv"));
      const summary = await check();
      if (!summary.includes("3 registros prontos")) throw new Error(`plans check: ${summary}`);
      const done = await importNow();
      if (!done.includes("3 novos")) throw new Error(`plans import: ${done}`);
    }],
    ["the sample customers: the two deliberate mistakes named by line and column, nothing imported", async () => {
      await select("import-kind", "customers");
      await choose("clientes.csv", sample("clientes.csv"));
      // The preview's column choices fill in as the file is read: wait for them, then check.
      let columns = [];
      await session.waitUntil(async () => {
        columns = await js(`return [...document.querySelectorAll('[data-testid="import-column"]')].map((s) => s.value);`);
        return columns[2] === "cpf" && columns[5] === "birth_date";
      }, "the columns matched (cpf third, birth date sixth)").catch(() => {
        throw new Error(`columns matched as ${columns}`);
      });
      const summary = await check();
      if (!summary.includes("2 problemas")) throw new Error(`customers check: ${summary}`);
      const problems = await js(
        `return [...document.querySelectorAll('[data-testid="import-problem"]')].map((r) => [r.dataset.line, r.dataset.letter, r.textContent]);`,
      );
      if (problems.length !== 2) throw new Error(`problems: ${JSON.stringify(problems)}`);
      const [cpf, date] = problems;
      if (cpf[0] !== "5" || cpf[1] !== "C" || !cpf[2].includes("CPF inválido")) throw new Error(`the CPF's problem: ${cpf}`);
      if (date[0] !== "9" || date[1] !== "F" || !date[2].includes("dd/mm/aaaa")) throw new Error(`the date's problem: ${date}`);
      const disabled = await js(`return document.querySelector('[data-testid="import-run"]').disabled;`);
      if (!disabled) throw new Error("Importar is enabled with problems in the file");
      await session.screenshot(e2e.shot("import-01-problems.png"));
    }],
    ["the file fixed, the customers import; the open orders land in the agenda's queue", async () => {
      const fixed = sample("clientes.csv").replace("111.444.777-36", "111.444.777-35").replace("12/31/1980", "31/12/1980");
      await choose("clientes.csv", fixed);
      const summary = await check();
      if (!summary.includes("Nenhum problema: 10 registros")) throw new Error(`fixed customers: ${summary}`);
      const done = await importNow();
      if (!done.includes("10 novos")) throw new Error(`customers import: ${done}`);

      await select("import-kind", "orders");
      await choose("ordens.csv", sample("ordens.csv"));
      const orders = await check();
      if (!orders.includes("7 registros") || !orders.includes("1 ordem já finalizada")) throw new Error(`orders check: ${orders}`);
      const imported = await importNow();
      if (!imported.includes("7 novos")) throw new Error(`orders import: ${imported}`);
      await session.screenshot(e2e.shot("import-02-done.png"));

      await click('[data-testid="nav-agenda"]');
      await session.waitUntil(
        async () => (await js(`return [...document.querySelectorAll('[data-testid="queue-order"]')].filter((c) => /Cavalcanti|Lins|Moura|Tenório|Pires|Rocha/.test(c.textContent)).length;`)) === 6,
        "the six open orders in the queue",
        20_000,
      );
      await session.screenshot(e2e.shot("import-03-queue.png"));
    }],
    ["the customers are found by name; importing the orders again changes nothing; all reach the server", async () => {
      await click('[data-testid="nav-orders"]');
      await click('[data-testid="filter-clear"]');
      const [input] = await session.waitFor('[data-testid="search-input"]');
      await input.click();
      await input.type("Tenório");
      await session.waitUntil(async () => {
        const rows = await js(`return [...document.querySelectorAll('[data-testid="order-row"][data-order-id]')].map((r) => r.textContent);`);
        return rows.length === 1 && rows[0].includes("Fábio Luiz Tenório");
      }, "the customer found by name", 20_000);
      await toImport();
      await select("import-kind", "orders");
      await choose("ordens.csv", sample("ordens.csv"));
      await check();
      const again = await importNow();
      if (!again.includes("0 novos, 0 atualizados, 7 sem mudança")) throw new Error(`second import: ${again}`);
      await syncNow();
    }],
    ["the administrator imports the staff list and hands out each first password", async () => {
      await toImport();
      await select("import-kind", "people");
      await choose("pessoas.csv", sample("pessoas.csv"));
      const summary = await check();
      if (!summary.includes("Nenhum problema: 10 registros")) throw new Error(`staff check: ${summary}`);
      const done = await importNow();
      if (!done.includes("10 novos")) throw new Error(`staff import: ${done}`);
      const given = await js(`return [...document.querySelectorAll('[data-testid="first-password"]')].map((r) => [r.dataset.login, r.querySelector(".password").textContent]);`);
      if (given.length !== 10 || given[0][0] !== "bruno.tavares" || !/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/.test(given[0][1])) {
        throw new Error(`first passwords: ${JSON.stringify(given)}`);
      }
      await js(`document.querySelector('[data-testid="first-passwords"]').scrollIntoView();`);
      await session.screenshot(e2e.shot("import-04-first-passwords.png"));
      await session.waitUntil(
        async () => (await js(`return document.querySelectorAll('[data-testid="account-row"][data-login="nelson.vidal"]').length;`)) === 1,
        "the new people in the people's list",
        20_000,
      );
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
