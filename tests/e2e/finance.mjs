// End-to-end: the payment follow-up, in the real app with a real campo-server. The provider's
// customers are on the server (its command line, as a nightly job loads them); finance signs
// in, imports the receivables file, sees the default rate against the 20% target, opens the
// customers late in a month, records a contact with a promise to pay, and sees a new customer
// go from month 2 to month 3 of the five-month follow-up after the next month's import;
// everything reaches the server.
//   usage: xvfb-run -a node tests/e2e/finance.mjs /abs/path/campo /abs/path/campo-server
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Session, harness, recifeProvider, runSteps, startServer } from "./webdriver.mjs";

const e2e = await harness({ name: "finance", usage: ["campo binary", "campo-server binary"] });
const [app, serverBin] = e2e.argv;
const password = "senha-forte-123";
const samples = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "import");
const server = await startServer(serverBin, [["fabio", "Fábio Rocha", "finance"]], password, {
  init: recifeProvider(["2611606", "2609600", "2607901"]),
});
e2e.atEnd(server.stop);
const { url } = server;

// The sample customers, fixed, loaded on the server as a nightly job would.
await server.pause();
const customers = join(server.dir, "clientes.csv");
writeFileSync(
  customers,
  readFileSync(join(samples, "clientes.csv"), "utf8").replace("111.444.777-36", "111.444.777-35").replace("12/31/1980", "31/12/1980"),
);
const loaded = spawnSync(serverBin, ["--data-dir", server.dir, "import", "customers", customers], { encoding: "utf8" });
if (loaded.status !== 0) throw new Error(`campo-server import customers: ${loaded.stderr}`);
await server.resume();

// Dates around today where the provider is (Recife).
const iso = (d) => new Intl.DateTimeFormat("en-CA", { timeZone: "America/Recife" }).format(d);
const today = iso(new Date());
const shift = (days, months = 0) => {
  const [y, m, d] = today.split("-").map(Number);
  // A month back from the 31st is the 28th of that month, not the 3rd of the next.
  const date = new Date(Date.UTC(y, m - 1 + months, (months === 0 ? d : Math.min(d, 28)) + days, 12));
  return date.toISOString().slice(0, 10);
};
const br = (isoDate) => isoDate.split("-").reverse().join("/");
/**
 * The receivables file: Ana (1001) paid the last two months on time and owes next week's;
 * Bruno (1002) and Carla (1003) owe since yesterday; Carla owes last month's too.
 */
const receivables = (thirdPaid) =>
  [
    "id;id_cliente;data_vencimento;valor;status;pagamento_data",
    `R1;1001;${br(shift(0, -2))};99,90;R;${br(shift(-1, -2))}`,
    `R2;1001;${br(shift(0, -1))};99,90;R;${br(shift(0, -1))}`,
    thirdPaid ? `R3;1001;${br(shift(7))};99,90;R;${br(today)}` : `R3;1001;${br(shift(7))};99,90;A;`,
    `R4;1002;${br(shift(-1))};149,90;A;`,
    `R5;1003;${br(shift(-1))};99,90;A;`,
    `R6;1003;${br(shift(0, -1))};99,90;A;`,
  ].join("\n") + "\n";
const lateMonth = shift(-1).slice(0, 7);

let session;
const text = async (css) => (await session.text(css)).replace(/\u00a0/g, " ");
const js = (script, args = []) => session.execute(script, args);
const click = (css) => session.click(css);
const press = (testid) => session.press(testid);
const choose = async (name, content) => {
  await session.chooseFile("import-file", name, content);
  await session.waitUntil(async () => (await text('[data-testid="import-read"]')).startsWith(`${name}:`), `${name} read`, 20_000);
};
const importFile = async (content) => {
  await press("finance-tab-import");
  await choose("titulos.csv", content);
  await press("import-check");
  await session.waitFor('[data-testid="import-summary"]', 20_000);
  const summary = await text('[data-testid="import-summary"]');
  if (!summary.includes("Nenhum problema: 6 registros")) throw new Error(`receivables check: ${summary}`);
  await press("import-run");
  await session.waitFor('[data-testid="import-notice"]', 60_000);
  return text('[data-testid="import-notice"]');
};
const stageOf = (name) =>
  js(
    `const row = [...document.querySelectorAll('[data-testid="follow-row"]')].find((r) => r.textContent.includes(arguments[0]));
     return row ? row.querySelector('[data-testid="follow-stage"]').textContent : null;`,
    [name],
  );

const ok = await runSteps(
  [
    ["finance signs in and imports the receivables", async () => {
      session = await Session.start(app);
      await session.join(url, "fabio", password);
      const areas = await js(`return [...document.querySelectorAll('nav [data-testid^="nav-"]')].map((b) => b.dataset.testid);`);
      if (JSON.stringify(areas) !== JSON.stringify(["nav-finance", "nav-sync"])) throw new Error(`finance's areas: ${areas}`);
      await click('[data-testid="nav-finance"]');
      await session.waitFor('[data-testid="finance-no-data"]', 20_000);
      const done = await importFile(receivables(false));
      if (!done.includes("6 novos")) throw new Error(`import: ${done}`);
    }],
    ["the default rate stands against the 20% target; the month's late customers open", async () => {
      await press("finance-tab-rate");
      await session.waitFor('[data-testid="finance-target"]', 20_000);
      const legend = await text('[data-testid="finance-rate"]');
      if (!legend.includes("Meta: abaixo de 20%")) throw new Error(`no target in: ${legend}`);
      await js(`document.querySelector('[data-testid="finance-month"][data-month="${lateMonth}"]').dispatchEvent(new MouseEvent("click", { bubbles: true }));`);
      await session.waitUntil(async () => (await text('[data-testid="finance-open-late"]')).includes("(2)"), "two customers late in the month", 20_000);
      await session.screenshot(e2e.shot("finance-01-rate.png"));
      // A line of the month split by municipality opens to its own late customers.
      const [line] = await session.waitFor('[data-testid="finance-group-open"]', 20_000);
      const city = (await js(`return document.querySelector('[data-testid="finance-group-open"]').textContent.trim();`)).split("/")[0];
      await line.click();
      await session.waitUntil(async () => (await text('[data-testid="late-title"]')).includes(`· ${city}`), "the city's late customers", 20_000);
      await session.waitUntil(
        async () => {
          const rows = await js(`return [...document.querySelectorAll('[data-testid="late-row"]')].map((r) => r.textContent);`);
          return rows.length > 0 && rows.every((r) => r.includes(city));
        },
        "only that city's customers",
        20_000,
      );
      await press("finance-tab-rate");
      // The chart is drawn again: its month is there before it is chosen.
      await session.waitFor(`[data-testid="finance-month"][data-month="${lateMonth}"]`, 20_000);
      await js(`document.querySelector('[data-testid="finance-month"][data-month="${lateMonth}"]').dispatchEvent(new MouseEvent("click", { bubbles: true }));`);
      await session.waitUntil(async () => (await text('[data-testid="finance-open-late"]')).includes("(2)"), "two customers late in the month", 20_000);
      await press("finance-open-late");
      await session.waitUntil(
        async () => (await js(`return [...document.querySelectorAll('[data-testid="late-row"]')].map((r) => r.textContent).join("|");`)).match(/Moura.*Lins|Lins.*Moura/) !== null,
        "Carla and Bruno late",
        20_000,
      );
    }],
    ["a contact with a promise to pay is recorded", async () => {
      await js(`[...document.querySelectorAll('[data-testid="late-row"]')].find((r) => r.textContent.includes("Carla")).click();`);
      await session.waitFor('[data-testid="contact-form"]', 20_000);
      const [date] = await session.waitFor('[data-testid="contact-promised"]');
      await date.click();
      await date.type(br(shift(3)));
      await session.fill("contact-note", "Paga as duas na sexta");
      await press("contact-save");
      await session.waitUntil(async () => (await text('[data-testid="contact-entry"]')).includes(`prometeu pagar até ${br(shift(3))}`), "the contact listed", 20_000);
      await session.screenshot(e2e.shot("finance-02-contact.png"));
    }],
    ["the five-month follow-up moves from month 2 to month 3 with the next import; all reach the server", async () => {
      await press("finance-tab-followUp");
      await session.waitUntil(async () => (await stageOf("Ana Beatriz")) === "Mês 2 de 5 pago em dia", "month 2", 20_000);
      const done = await importFile(receivables(true));
      if (!done.includes("0 novos, 1 atualizado, 5 sem mudança")) throw new Error(`next import: ${done}`);
      await press("finance-tab-followUp");
      await session.waitUntil(async () => (await stageOf("Ana Beatriz")) === "Mês 3 de 5 pago em dia", "month 3", 20_000);
      await session.screenshot(e2e.shot("finance-03-follow-up.png"));
      await click('[data-testid="nav-sync"]');
      await click('[data-testid="sync-now"]');
      await session.waitUntil(async () => (await text('[data-testid="sync-pending"]')) === "0", "everything sent", 60_000);
      if ((await text('[data-testid="sync-refused"]')) !== "0") throw new Error("the server refused a change");
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
