// End-to-end test of the real Campo app: tauri-driver + WebKitWebDriver under Xvfb.
// Starts the built app on an empty data folder, sees the demo orders, filters them,
// searches, opens one and reads its history, opens an address change. Screenshots go to
// tests/e2e/screenshots/.
//   usage: xvfb-run -a node tests/e2e/run.mjs /abs/path/to/target/debug/campo
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Session, harness, runSteps } from "./webdriver.mjs";

const e2e = await harness({ name: "run" });
const app = e2e.app;
let session;

const totalOf = async () => {
  const [el] = await session.findAll('[data-testid="order-total"]');
  const digits = (await el.text()).replace(/\D/g, "");
  return Number(digits);
};
// Row text as rendered (textContent): WebKitWebDriver's element text skips the clipped
// (ellipsis) cells even though they are on screen.
const rowTexts = () =>
  session.execute(
    `return [...document.querySelectorAll('[data-testid="order-row"][data-order-id]')]
       .map((r) => [...r.children].map((c) => c.textContent.trim()).join(" | "));`,
  );

/** Today on the wall clock in Recife, as the list writes it (dd/mm/aaaa). */
const TODAY = new Intl.DateTimeFormat("pt-BR", { timeZone: "America/Recife" }).format(new Date());
const clickOn = (css) => session.click(css);

let totalAll = 0;
let searched = "";
const ok = await runSteps(
  [
    ["on an empty data folder, trying the demo opens the list on today's work", async () => {
      session = await Session.startDemo(app);
      if (!existsSync(join(e2e.env.CAMPO_DATA_DIR, "campo.db"))) throw new Error("database not in CAMPO_DATA_DIR");
      const pressed = await session.execute(`return document.querySelector('[data-testid="filter-today"]').getAttribute("aria-pressed");`);
      if (pressed !== "true") throw new Error(`"Hoje" is not the filter the list opens on (aria-pressed ${pressed})`);
      await session.waitUntil(async () => {
        const texts = await rowTexts();
        return texts.length > 0 && texts.every((t) => t.includes(TODAY));
      }, `every row scheduled for today (${TODAY})`);
      // Cut-off kinds and names say the whole of themselves on hover.
      const untitled = await session.execute(`return [...document.querySelectorAll('[data-testid="order-row"][data-order-id]')].slice(0, 5)
        .flatMap((r) => [...r.children].slice(1, 4).concat([r.querySelector('[data-testid="technician-name"]')]))
        .filter((c) => c && !c.getAttribute("title")).length;`);
      if (untitled > 0) throw new Error(`${untitled} list cells without a tooltip`);
      await session.screenshot(e2e.shot("01-order-list-today.png"));
      await clickOn('[data-testid="filter-clear"]');
      await session.waitUntil(async () => (totalAll = await totalOf()) >= 1000, "the demo month of orders once the filters are cleared");
      await session.screenshot(e2e.shot("01-order-list.png"));
    }],
    ["filtering by status shows only completed orders", async () => {
      const [chip] = await session.waitFor('[data-testid="filter-status-done"]');
      await chip.click();
      await session.waitUntil(async () => {
        const t = await totalOf();
        return t > 0 && t < totalAll;
      }, "the total to shrink after filtering");
      await session.waitUntil(async () => {
        const texts = await rowTexts();
        return texts.length > 0 && texts.every((t) => t.includes("Concluída"));
      }, "every visible row to be Concluída");
      await session.screenshot(e2e.shot("02-filtered-done.png"));
    }],
    ["searching by customer name narrows the list", async () => {
      const before = await totalOf();
      const first = (await rowTexts())[0];
      const [row] = await session.findAll('[data-testid="order-row"][data-order-id]');
      const id = await row.attr("data-order-id");
      // The customer's name is in the row; pick its longest word to search for.
      searched = await session.execute(
        `const r = document.querySelector('[data-order-id="${id}"] [data-testid="customer-name"]');
         return r ? r.textContent.trim() : null;`,
      ) ?? first.split("\n").find((l) => /^[A-ZÁÉÍÓÚÂÊÔÃÕÇ][a-záéíóúâêôãõç]+ /.test(l)) ?? "";
      if (!searched) throw new Error(`could not read a customer name from the row: ${first}`);
      const [input] = await session.findAll('[data-testid="search-input"]');
      await input.click();
      await input.type(searched);
      let seen = "";
      await session.waitUntil(async () => {
        const t = await totalOf();
        const texts = await rowTexts();
        seen = `total ${t} (before ${before}), rows ${JSON.stringify(texts)}`;
        return t > 0 && t <= before && texts.length > 0 && texts.every((x) => x.includes(searched));
      }, `rows to match the search "${searched}"`).catch((e) => {
        throw new Error(`${e.message}; saw ${seen}`);
      });
      await session.screenshot(e2e.shot("03-search.png"));
    }],
    ["opening an order shows its customer and full status history", async () => {
      const [row] = await session.findAll('[data-testid="order-row"][data-order-id]');
      await row.click();
      // The page appears first with its loading state; wait for the customer to be shown.
      await session.waitUntil(
        async () => (await session.execute(`const p = document.querySelector('[data-testid="order-page"]'); return p ? p.textContent : "";`)).includes(searched),
        "the order page to show the customer",
      );
      const entries = await session.waitFor('[data-testid="history-entry"]');
      const history = await Promise.all(entries.map((e) => e.text()));
      if (history.length < 4) throw new Error(`expected a full history, got ${history.length} entries`);
      if (!history[history.length - 1].includes("Concluída")) {
        throw new Error(`last history entry is not Concluída: ${history[history.length - 1]}`);
      }
      if (!history[0].includes("Em análise") && !history[0].includes("Aprovada")) {
        throw new Error(`first history entry is not the creation: ${history[0]}`);
      }
      await session.screenshot(e2e.shot("04-order-page.png"));
    }],
    ["a bad contact phone is refused by name; the visit's notes are saved", async () => {
      const [edit] = await session.waitFor('[data-testid="visit-edit"]');
      await edit.click();
      const [phone] = await session.waitFor('[data-testid="visit-phone"]');
      await phone.type("(00) 1234-5678");
      const [notes] = await session.findAll('[data-testid="visit-notes"]');
      await notes.type("Portão azul, ligar antes");
      const [save] = await session.findAll('[data-testid="visit-save"]');
      await save.click();
      const [error] = await session.waitFor('[data-testid="visit-error"]');
      const message = await error.text();
      if (!message.includes("DDD 00")) throw new Error(`expected the phone refused by its DDD, got "${message}"`);
      await session.execute(`const i = document.querySelector('[data-testid="visit-phone"]'); i.value = ""; i.dispatchEvent(new Event("input", { bubbles: true }));`);
      await save.click();
      await session.waitUntil(
        async () => (await session.execute(`const n = document.querySelector('[data-testid="visit-notes-value"]'); return n ? n.textContent : "";`)) === "Portão azul, ligar antes",
        "the saved notes to be shown",
      );
      await session.screenshot(e2e.shot("05-visit-notes.png"));
    }],
    ["going back returns to the filtered list", async () => {
      const [back] = await session.findAll('[data-testid="back-button"]');
      await back.click();
      await session.waitFor('[data-testid="order-list"]');
      await session.waitUntil(async () => (await rowTexts()).every((t) => t.includes(searched)), "the search to be kept");
    }],
    ["a scheduled order goes back to the queue once the reason is given in the dialog", async () => {
      // Only scheduled orders, none of the search.
      await session.execute(`const i = document.querySelector('[data-testid="search-input"]'); i.value = ""; i.dispatchEvent(new Event("input", { bubbles: true }));`);
      const [done] = await session.findAll('[data-testid="filter-status-done"]');
      await done.click();
      const [scheduled] = await session.findAll('[data-testid="filter-status-scheduled"]');
      await scheduled.click();
      await session.waitUntil(async () => {
        const texts = await rowTexts();
        return texts.length > 0 && texts.every((x) => x.includes("Agendada"));
      }, "only scheduled orders listed");
      const [row] = await session.findAll('[data-testid="order-row"][data-order-id]');
      await row.click();
      const [back] = await session.waitFor('[data-testid="transition-approved"]');
      await back.click();
      // The refusal's way out: the dialog to give the reason (it used to be a red line only).
      const [input] = await session.waitFor('[data-testid="reason-input"]');
      await session.screenshot(e2e.shot("06-reason-dialog.png"));
      await input.type("Cliente pediu outra data; aguardando contato");
      const [confirm] = await session.findAll('[data-testid="reason-confirm"]');
      await confirm.click();
      await session.waitUntil(
        async () => (await session.execute(`return [...document.querySelectorAll('[data-testid="history-entry"]')].map((e) => e.textContent).join(" | ");`)).includes("Cliente pediu outra data"),
        "the reason in the order's history",
      );
      const status = await session.execute(`return document.querySelector('[data-testid="order-page"] header .badge, [data-testid="order-page"] header [class*=status]')?.textContent ?? "";`);
      if (!status.includes("Aprovada")) throw new Error(`expected the order back in the queue (Aprovada), got "${status}"`);
    }],
    ["a day typed as 01122026 is 1 December; a half-typed day is cleared; Hoje brings today back", async () => {
      const [back] = await session.findAll('[data-testid="back-button"]');
      await back.click();
      await session.waitFor('[data-testid="order-list"]');
      await clickOn('[data-testid="filter-clear"]');
      await session.waitUntil(async () => (await totalOf()) === totalAll, "every order once cleared");
      // The webview's own date field read these digits month first (12/26/2026).
      await session.typeDate('[data-testid="filter-date-from"]', "01122026");
      await session.typeDate('[data-testid="filter-date-to"]', "01122026");
      const shown = await session.execute(`return document.querySelector('[data-testid="filter-date-from"]').value;`);
      if (shown !== "01/12/2026") throw new Error(`the typed day shows as "${shown}"`);
      await session.waitUntil(async () => {
        const texts = await rowTexts();
        return (await totalOf()) < totalAll && texts.every((t) => t.includes("01/12/2026"));
      }, "only orders of 1 December 2026");
      // A day typed half-way is named as such and "Limpar filtros" takes it away.
      await session.typeDate('[data-testid="filter-date-to"]', "3102");
      await session.waitFor('[data-testid="filter-date-to-problem"]');
      await session.screenshot(e2e.shot("07-date-half-typed.png"));
      await clickOn('[data-testid="filter-clear"]');
      await session.waitUntil(async () => {
        const values = await session.execute(`return ["filter-date-from", "filter-date-to"].map((id) => document.querySelector('[data-testid="' + id + '"]').value);`);
        const problem = await session.execute(`return document.querySelector('[data-testid="filter-date-to-problem"]') !== null;`);
        return values.every((v) => v === "") && !problem && (await totalOf()) === totalAll;
      }, "both date fields empty and every order listed");
      await clickOn('[data-testid="filter-today"]');
      await session.waitUntil(async () => {
        const texts = await rowTexts();
        return texts.length > 0 && texts.every((t) => t.includes(TODAY));
      }, "today's orders again");
    }],
    ["the office opens an address change with the new address; the order says where the visit is", async () => {
      await session.press("new-order");
      await session.fill("new-order-search", searched);
      await session.press("new-order-hit");
      await session.waitFor('[data-testid="new-order-customer"]');
      await session.execute(
        `const s = document.querySelector('[data-testid="new-order-kind"]');
         s.value = "address_change"; s.dispatchEvent(new Event("change", { bubbles: true }));`,
      );
      await session.waitFor('[data-testid="new-order-address"]');
      // Without the address the order is not opened: the missing field is named.
      await session.press("new-order-open");
      const [refused] = await session.waitFor('[data-testid="new-order-message"]');
      const said = await refused.text();
      if (!said.includes("CEP")) throw new Error(`expected the CEP named, got "${said}"`);
      for (const [field, value] of [["cep", "53020140"], ["street", "Rua do Amparo"], ["number", "88"], ["neighbourhood", "Amparo"], ["city", "Olinda"], ["uf", "PE"]]) {
        await session.fill(`new-order-${field}`, value);
      }
      await session.screenshot(e2e.shot("09-new-address-change.png"));
      await session.press("new-order-open");
      const [moving] = await session.waitFor('[data-testid="order-new-address"]');
      const where = await moving.text();
      if (!where.includes("Rua do Amparo, 88") || !where.includes("Olinda/PE") || !where.includes("53020-140")) {
        throw new Error(`the order page says the new address as "${where}"`);
      }
      const heading = await session.text('[data-testid="order-page"] h1');
      if (!heading.includes("Mudança de endereço")) throw new Error(`the order opened is "${heading}"`);
      await session.screenshot(e2e.shot("09-address-change-order.png"));
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
