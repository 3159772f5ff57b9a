// End-to-end test of stock in the real Campo app (tauri-driver + WebKitWebDriver under Xvfb):
// the stock keeper checks serials out to a technician's van (a repeated serial is refused
// with a message), the technician marks two of them used on an order in progress, and the
// van's balance, the customer's equipment and the serial's history all show it.
//   usage: xvfb-run -a node tests/e2e/stock.mjs /abs/path/to/target/debug/campo
import { Session, harness, runSteps } from "./webdriver.mjs";

const e2e = await harness({ name: "stock" });
const app = e2e.app;
let session;

const ENTER = "\uE007";
const textOf = (css) =>
  session.execute(`const e = document.querySelector(${JSON.stringify(css)}); return e ? e.textContent : "";`);
const textsOf = (css) =>
  session.execute(`return [...document.querySelectorAll(${JSON.stringify(css)})].map((e) => e.textContent.trim());`);
const click = (css) => session.click(css);
async function openPlace(name) {
  await session.waitUntil(async () => (await textsOf('[data-testid="stock-place"] .name')).includes(name), `place ${name} listed`);
  await session.execute(
    `[...document.querySelectorAll('[data-testid="stock-place"]')].find((b) => b.querySelector('.name').textContent === ${JSON.stringify(name)}).click();`,
  );
  await session.waitUntil(async () => (await textOf('[data-testid="place-name"]')) === name, `${name} to open`);
}
/** ONUs at the open place, from its balance table. */
async function onusHere() {
  return session.execute(
    `const row = [...document.querySelectorAll('[data-testid="balance-row"]')].find((r) => r.textContent.includes("ONU"));
     return row ? Number(row.querySelector('[data-testid="balance-qty"]').textContent.replace(/\\D/g, "")) : 0;`,
  );
}

let orderId = "";
let technician = "";
let customer = "";
let serials = [];
let vanOnusBefore = 0;
const ok = await runSteps(
  [
    ["an order in progress names its technician", async () => {
      session = await Session.startDemo(app);
      await click('[data-testid="filter-status-in_progress"]');
      await session.waitUntil(async () => {
        const rows = await textsOf('[data-testid="order-row"][data-order-id] [data-testid="technician-name"]');
        return rows.length > 0 && rows.every((r) => r.length > 0);
      }, "in-progress rows");
      const [row] = await session.findAll('[data-testid="order-row"][data-order-id]');
      orderId = await row.attr("data-order-id");
      technician = (await textOf(`[data-order-id="${orderId}"] [data-testid="technician-name"]`)).trim();
      customer = (await textOf(`[data-order-id="${orderId}"] [data-testid="customer-name"]`)).trim();
      if (!technician || !customer) throw new Error(`no technician/customer on the row (${technician}/${customer})`);
    }],
    ["the stock keeper checks three warehouse serials out to that van; a repeated one is refused", async () => {
      await click('[data-testid="nav-stock"]');
      await openPlace(`Van de ${technician}`);
      vanOnusBefore = await onusHere();
      await openPlace("Almoxarifado Central");
      await session.waitFor('[data-testid="unit-row"]');
      const units = await textsOf('[data-testid="unit-row"] td:first-child');
      serials = units.filter((s) => s.startsWith("HWTC")).slice(0, 3);
      if (serials.length < 3) throw new Error(`expected ONUs in the warehouse, got ${units.slice(0, 5)}`);
      await click('[data-testid="tab-checkout"]');
      await session.waitFor('[data-testid="checkout-to"]');
      await session.execute(
        `const s = document.querySelector('[data-testid="checkout-to"]');
         s.value = [...s.options].find((o) => o.textContent === ${JSON.stringify(`Van de ${technician}`)}).value;
         s.dispatchEvent(new Event("change", { bubbles: true }));`,
      );
      const [input] = await session.waitFor('[data-testid="checkout-scan-input"]');
      await input.click();
      for (const s of serials) await session.keys(s + ENTER);
      await session.waitUntil(async () => (await textsOf('[data-testid="checkout-scan-entry"]')).length === 3, "three serials listed");
      await session.keys(serials[0].toLowerCase() + ENTER);
      await session.waitUntil(
        async () => (await textOf('[data-testid="checkout-scan-problem"]')).includes(`Serial ${serials[0]} repetido`),
        "the repeated serial to be refused",
      );
      await session.screenshot(e2e.shot("stock-01-checkout.png"));
      await click('[data-testid="checkout-submit"]');
      await session.waitUntil(async () => (await textOf('[data-testid="stock-notice"]')).includes(`Van de ${technician}`), "the checkout notice");
    }],
    ["the technician marks two of them used on the order", async () => {
      await click('[data-testid="nav-orders"]');
      await click(`[data-order-id="${orderId}"]`);
      await session.waitFor('[data-testid="use-scan-input"]');
      const [input] = await session.findAll('[data-testid="use-scan-input"]');
      await input.click();
      await session.keys(serials[0] + ENTER);
      await session.keys(serials[1] + ENTER);
      await session.waitUntil(async () => (await textsOf('[data-testid="use-scan-entry"]')).length === 2, "two serials listed");
      await session.waitUntil(async () => !(await textOf('[data-testid="use-scan-list"]')).includes("…"), "the scans to be checked");
      await click('[data-testid="equipment-submit"]');
      await session.waitUntil(async () => {
        const equipment = await textOf('[data-testid="customer-equipment"]');
        return equipment.includes(serials[0]) && equipment.includes(serials[1]);
      }, "the customer's equipment to list both serials");
      const moves = await textsOf('[data-testid="order-movements-row"]');
      if (moves.filter((m) => m.includes("Baixa na OS")).length < 2) throw new Error(`order movements: ${moves}`);
      await session.screenshot(e2e.shot("stock-02-order-equipment.png"));
    }],
    ["the van's balance and the serial's history show it", async () => {
      await click('[data-testid="nav-stock"]');
      await openPlace(`Van de ${technician}`);
      await session.waitUntil(async () => (await onusHere()) === vanOnusBefore + 1, `van ONUs to be ${vanOnusBefore + 1}`);
      await click('[data-testid="tab-serial"]');
      const [q] = await session.waitFor('[data-testid="serial-query"]');
      await q.click();
      await q.type(serials[1]);
      await click('[data-testid="serial-find"]');
      await session.waitUntil(async () => (await textOf('[data-testid="serial-place"]')) === customer, `the serial to be at ${customer}`);
      const history = await textsOf('[data-testid="serial-history-row"]');
      const kinds = ["Recebimento", "Saída para van", "Baixa na OS"];
      if (history.length !== 3 || !kinds.every((k, i) => history[i].includes(k))) {
        throw new Error(`history: ${JSON.stringify(history)}`);
      }
      await session.screenshot(e2e.shot("stock-03-serial-history.png"));
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
