// End-to-end test of the agenda in the real Campo app (tauri-driver + WebKitWebDriver, Xvfb):
// the coordinator schedules a waiting order from the queue onto a technician's period (by
// selecting it and the cell, as with the keyboard) and another by drag and drop; the
// technician's "Meu dia" shows the visit, marks it not done with a reason, and the order
// returns to the top of the coordinator's queue; an order's deadline is paused with a reason
// and resumed (how far a pause moves the deadline is checked by the store's tests, since it
// depends on the business hours the pause spans); a technician recorded as away gets striped
// cells that take no order; the deadline rule editor refuses an impossible rule by name and
// saves a possible one; where the provider requires the customer's signature, finishing a visit
// opens the signature pad and the visit closes once the customer signed.
//   usage: xvfb-run -a node tests/e2e/agenda.mjs /abs/path/to/target/debug/campo
import { execFileSync } from "node:child_process";
import { Session, harness, runSteps } from "./webdriver.mjs";

const e2e = await harness({ name: "agenda" });
const app = e2e.app;
let session;
const js = (body, ...args) => session.execute(body, args);
const textOf = (css) => js(`const e = document.querySelector(arguments[0]); return e ? e.textContent : "";`, css);
const click = (css) => session.click(css);

/** The first installation in progress in the order list: its id and its technician's name
 *  (the list's filters of an earlier step are cleared first). */
async function inProgressInstallation() {
  await click('[data-testid="nav-orders"]');
  await session.waitFor('[data-testid="order-list"]');
  await js(`const b = document.querySelector('[data-testid="filter-clear"]'); if (!b.disabled) b.click();`);
  await click('[data-testid="filter-status-in_progress"]');
  await js(`const s = document.querySelector('[data-testid="filter-kind"]'); s.value = "installation"; s.dispatchEvent(new Event("change", { bubbles: true }));`);
  await session.waitUntil(async () => {
    const rows = await js(`return [...document.querySelectorAll('[data-testid="order-row"][data-order-id]')].map((r) => r.textContent);`);
    return rows.length > 0 && rows.every((r) => r.includes("Em execução") && r.includes("Instalação"));
  }, "installations in progress listed");
  return js(`const r = document.querySelector('[data-testid="order-row"][data-order-id]'); return [r.dataset.orderId, r.querySelector('[data-testid="technician-name"]').textContent.trim()];`);
}

/** A cell of the board that takes orders, an empty one if any: today may be a Sunday or a
 *  holiday on the machine running this, so the board moves on to an open day first. Anywhere
 *  in an empty cell is the target (it used to be only the thin load line). */
async function openCell() {
  for (let i = 0; i < 10; i++) {
    const enabled = await js(`return [...document.querySelectorAll('[data-testid="agenda-slot"]')].filter((b) => b.getAttribute("aria-disabled") === "false").length;`);
    if (enabled > 0) break;
    const shown = await js(`return document.querySelector('td[data-date]').dataset.date;`);
    await click('button[aria-label="Próximo dia"]');
    await session.waitUntil(async () => (await js(`return document.querySelector('td[data-date]').dataset.date;`)) !== shown, "the next day on the board");
  }
  return js(`const open = [...document.querySelectorAll('[data-testid="agenda-slot"]')].filter((b) => b.getAttribute("aria-disabled") === "false").map((b) => b.closest('td'));
    const td = open.find((td) => td.querySelectorAll('[data-testid="board-order"]').length === 0) ?? open[0];
    return { tech: td.dataset.technician, date: td.dataset.date, period: td.dataset.period };`);
}

/** Meu dia of the technician named `tech`, today. */
async function myDayOf(tech) {
  await click('[data-testid="nav-myDay"]');
  await session.waitFor('[data-testid="my-day-technician"]');
  await js(`const s = document.querySelector('[data-testid="my-day-technician"]'); const o = [...s.options].find((o) => o.textContent.trim() === arguments[0]); s.value = o.value; s.dispatchEvent(new Event("change", { bubbles: true }));`, tech);
  await session.typeDate('[data-testid="my-day-date"]', TODAY_ISO);
}

let first = "";
let slot = null;
/** Today in Recife, `YYYY-MM-DD`. */
const TODAY_ISO = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Recife" }).format(new Date());
const ok = await runSteps(
  [
    ["the board opens with the queue of waiting orders", async () => {
      session = await Session.startDemo(app);
      await click('[data-testid="nav-agenda"]');
      await session.waitFor('[data-testid="agenda-grid"]');
      await session.waitFor('[data-testid="queue-order"]');
      await session.screenshot(e2e.shot("agenda-01-board.png"));
    }],
    ["selecting a waiting order and then a technician's period schedules it", async () => {
      first = await js(`return document.querySelector('[data-testid="queue-order"]').dataset.orderId;`);
      await click(`[data-testid="queue-order"][data-order-id="${first}"]`);
      await session.waitFor('[data-testid="agenda-hint"]');
      slot = await openCell();
      await click(`td[data-technician="${slot.tech}"][data-date="${slot.date}"][data-period="${slot.period}"]`);
      await session.waitUntil(async () => (await textOf('[data-testid="agenda-notice"]')).includes("agendada"), "the scheduled notice");
      const placed = await js(`return !!document.querySelector('td[data-technician="${slot.tech}"][data-date="${slot.date}"][data-period="${slot.period}"] [data-order-id="${first}"]');`);
      if (!placed) throw new Error("the order is not in the chosen cell");
      const stillQueued = await js(`return !!document.querySelector('[data-testid="queue-order"][data-order-id="${first}"]');`);
      if (stillQueued) throw new Error("the order is still in the queue");
    }],
    ["scheduling by keyboard alone takes at most 6 key presses", async () => {
      // It took about 113 Tab presses (the queue's cards came first), with no arrow keys.
      const order = await js(`const c = document.querySelector('[data-testid="queue-order"]'); c.focus(); return c.dataset.orderId;`);
      let presses = 0;
      const press = async (key) => {
        presses++;
        await session.keys(key);
      };
      await press("\uE007"); // Enter: select, and the keyboard is on the grid
      const onCell = await js(`return document.activeElement?.dataset.testid === "agenda-slot";`);
      if (!onCell) throw new Error("Enter on a queue card did not bring the keyboard to the grid");
      await press("\uE014"); // →
      await press("\uE012"); // ←
      await press("\uE014"); // →
      const target = await js(`const td = document.activeElement.closest("td"); return { tech: td.dataset.technician, date: td.dataset.date, period: td.dataset.period, open: document.activeElement.getAttribute("aria-disabled") === "false" };`);
      await session.screenshot(e2e.shot("agenda-02a-keyboard.png"));
      await press("\uE007"); // Enter: place
      if (!target.open) throw new Error(`the keyboard landed on a closed cell: ${JSON.stringify(target)}`);
      await session.waitUntil(
        async () => js(`return !!document.querySelector('td[data-technician="${target.tech}"][data-date="${target.date}"][data-period="${target.period}"] [data-order-id="${order}"]');`),
        "the order placed by keyboard",
      );
      if (presses > 6) throw new Error(`${presses} key presses`);
    }],
    ["dragging a waiting order onto a cell schedules it", async () => {
      const second = await js(`return document.querySelector('[data-testid="queue-order"]').dataset.orderId;`);
      await js(`const card = document.querySelector('[data-testid="queue-order"][data-order-id="${second}"]');
        const cell = document.querySelector('td[data-technician="${slot.tech}"][data-date="${slot.date}"][data-period="${slot.period}"]');
        const dt = new DataTransfer();
        card.dispatchEvent(new DragEvent("dragstart", { dataTransfer: dt, bubbles: true }));
        cell.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
        cell.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));`);
      await session.waitUntil(
        async () => js(`return !!document.querySelector('td[data-technician="${slot.tech}"][data-date="${slot.date}"] [data-order-id="${second}"]');`),
        "the dragged order in the cell",
      );
      await session.screenshot(e2e.shot("agenda-02-scheduled.png"));
    }],
    ["an approved order's page leads to the board with it picked; a click on a cell schedules it", async () => {
      await click('[data-testid="nav-orders"]');
      await session.waitFor('[data-testid="order-list"]');
      await js(`const b = document.querySelector('[data-testid="filter-clear"]'); if (!b.disabled) b.click();`);
      await click('[data-testid="filter-status-approved"]');
      await session.waitUntil(async () => {
        const rows = await js(`return [...document.querySelectorAll('[data-testid="order-row"][data-order-id]')].map((r) => r.textContent);`);
        return rows.length > 0 && rows.every((r) => r.includes("Aprovada"));
      }, "approved orders listed");
      const id = await js(`return document.querySelector('[data-testid="order-row"][data-order-id]').dataset.orderId;`);
      await click(`[data-testid="order-row"][data-order-id="${id}"]`);
      await click('[data-testid="schedule-on-board"]');
      await session.waitUntil(async () => (await textOf('[data-testid="agenda-hint"]')).includes("selecionada"), "the order picked on the board");
      const cell = await openCell();
      await click(`td[data-technician="${cell.tech}"][data-date="${cell.date}"][data-period="${cell.period}"]`);
      await session.waitUntil(async () => (await textOf('[data-testid="agenda-notice"]')).includes("agendada"), "the scheduled notice");
      const placed = await js(`return !!document.querySelector('td[data-technician="${cell.tech}"][data-date="${cell.date}"][data-period="${cell.period}"] [data-order-id="${id}"]');`);
      if (!placed) throw new Error("the order is not in the chosen cell");
      await session.screenshot(e2e.shot("agenda-02b-from-order-page.png"));
    }],
    ["a technician recorded as away gets cells that take no order", async () => {
      const other = await js(`return [...document.querySelectorAll('td[data-date="${slot.date}"]')].map((td) => td.dataset.technician).find((t) => t !== "${slot.tech}");`);
      await js(`document.querySelector('[data-testid="absences"]').open = true;`);
      await js(`const s = document.querySelector('[data-testid="absence-technician"]'); s.value = "${other}"; s.dispatchEvent(new Event("change", { bubbles: true }));`);
      await session.typeDate('[data-testid="absence-from"]', slot.date);
      await session.typeDate('[data-testid="absence-to"]', slot.date);
      const [reason] = await session.waitFor('[data-testid="absence-reason"]');
      await reason.click();
      await session.keys("Treinamento");
      await click('[data-testid="absence-record"]');
      await session.waitUntil(async () => (await textOf('[data-testid="agenda-notice"]')).includes("registrada"), "the absence recorded");
      // The notice can show before the board has been read again: wait for the cells.
      const awayCells = () => js(`return [...document.querySelectorAll('td[data-technician="${other}"][data-date="${slot.date}"] [data-testid="agenda-away"]')].map((e) => e.textContent);`);
      await session.waitUntil(async () => (await awayCells()).length > 0, "the absent technician's cells");
      const away = await awayCells();
      if (away.length !== 2 || !away.every((t) => t.includes("Treinamento"))) throw new Error(`away cells: ${away}`);
      await click('[data-testid="queue-order"]');
      const open = await js(`return [...document.querySelectorAll('td[data-technician="${other}"][data-date="${slot.date}"] [data-testid="agenda-slot"]')].filter((b) => b.getAttribute("aria-disabled") === "false").length;`);
      if (open !== 0) throw new Error(`${open} cell(s) of the absent technician still take orders`);
      await session.keys("\uE00C"); // Esc: drop the selection
      await session.screenshot(e2e.shot("agenda-03-away.png"));
      await js(`[...document.querySelectorAll('[data-testid="absence"] button')].forEach((b) => b.click());`);
      await session.waitUntil(async () => js(`return document.querySelectorAll('td[data-technician="${other}"] [data-testid="agenda-away"]').length === 0;`), "the absence removed");
    }],
    ["a weekday a technician does not work shows as a weekly day off on the board", async () => {
      const other = await js(`return [...document.querySelectorAll('td[data-date="${slot.date}"]')].map((td) => td.dataset.technician).find((t) => t !== "${slot.tech}");`);
      const weekday = (new Date(`${slot.date}T12:00:00`).getDay() + 6) % 7;
      const box = `[data-testid="work-week"][data-technician="${other}"] [data-testid="work-day"]`;
      await js(`document.querySelector('[data-testid="work-weeks"]').open = true;`);
      const offCells = () => js(`return document.querySelectorAll('td[data-technician="${other}"][data-date="${slot.date}"] [data-testid="agenda-off-duty"]').length;`);
      await js(`document.querySelectorAll('${box}')[${weekday}].click();`);
      await session.waitUntil(async () => (await offCells()) === 2, "the weekly day off on the board");
      await session.screenshot(e2e.shot("agenda-03b-off-duty.png"));
      await js(`document.querySelectorAll('${box}')[${weekday}].click();`);
      await session.waitUntil(async () => (await offCells()) === 0, "the day worked again");
    }],
    ["the technician's day shows the visit; not done with a reason returns it to the queue", async () => {
      await click('[data-testid="nav-myDay"]');
      await session.waitFor('[data-testid="my-day-technician"]');
      await js(`const s = document.querySelector('[data-testid="my-day-technician"]'); s.value = "${slot.tech}"; s.dispatchEvent(new Event("change", { bubbles: true }));`);
      await session.waitUntil(async () => js(`return document.querySelector('[data-testid="my-day-technician"]').value === "${slot.tech}";`), "technician chosen");
      await session.typeDate('[data-testid="my-day-date"]', slot.date);
      await session.waitFor(`[data-testid="visit"][data-order-id="${first}"]`);
      await session.screenshot(e2e.shot("agenda-04-my-day.png"));
      await click(`[data-order-id="${first}"] [data-testid="visit-next"]`);
      await session.waitUntil(async () => (await textOf(`[data-testid="visit"][data-order-id="${first}"]`)).includes("Em deslocamento"), "en route");
      await click(`[data-order-id="${first}"] [data-testid="visit-not-done"]`);
      await session.waitFor('[data-testid="fail-reason"]');
      await js(`const s = document.querySelector('[data-testid="fail-reason"]'); s.value = "customer_absent"; s.dispatchEvent(new Event("change", { bubbles: true }));`);
      await click('[data-testid="fail-confirm"]');
      await session.waitUntil(async () => (await textOf(`[data-testid="visit"][data-order-id="${first}"]`)).includes("Não realizada"), "not done");
      await click('[data-testid="nav-agenda"]');
      await session.waitUntil(
        async () => js(`const q = document.querySelector('[data-testid="queue-order"]'); return q && q.dataset.orderId === "${first}" && q.textContent.includes("Visita falhou");`),
        "the failed visit at the top of the queue",
      );
      await session.screenshot(e2e.shot("agenda-05-failed-back.png"));
    }],
    ["pausing an order's deadline asks why and shows the clock paused, then running again", async () => {
      await click('[data-testid="nav-orders"]');
      await session.waitFor('[data-testid="order-list"]');
      await js(`const b = document.querySelector('[data-testid="filter-clear"]'); if (!b.disabled) b.click();`);
      await click('[data-testid="filter-status-scheduled"]');
      await session.waitUntil(async () => js(`const r = document.querySelector('[data-testid="order-row"][data-order-id]'); return !!r && r.textContent.includes("Agendada");`), "scheduled rows");
      await click('[data-testid="order-row"][data-order-id]');
      await click('[data-testid="pause-clock"]');
      const [reason] = await session.waitFor('[data-testid="reason-input"]');
      await reason.click();
      await reason.type("Aguardando o condomínio liberar a passagem do cabo");
      await js(`document.querySelector('[data-testid="reason-input"]').closest("form").requestSubmit();`);
      await session.waitFor('[data-testid="deadline-paused"]');
      const pauses = await textOf('[data-testid="order-pauses"]');
      if (!pauses.includes("Aguardando o condomínio") || !pauses.includes("ainda pausado")) throw new Error(`pauses: ${pauses}`);
      await session.screenshot(e2e.shot("agenda-05b-paused.png"));
      await click('[data-testid="resume-clock"]');
      await session.waitUntil(async () => (await textOf('[data-testid="order-pauses"]')).includes("retomado em"), "the pause to end");
    }],
    ["the deadline rule editor shows every problem at once beside its field, then saves all with one button", async () => {
      await click('[data-testid="nav-admin"]');
      await session.waitFor('[data-testid="sla-rule"][data-kind="repair"]');
      const field = (kind, name) => `[data-testid="sla-rule"][data-kind="${kind}"] [data-testid="sla-${name}"]`;
      const type = async (css, text) => {
        await js(`const i = document.querySelector(arguments[0]); i.value = ""; i.dispatchEvent(new Event("input", { bubbles: true }));`, css);
        await click(css);
        await session.keys(text);
      };
      // Three problems in two rules: all named on the first save (it used to be one per save,
      // under the row), and nothing saved.
      await type(field("repair", "amount"), "0");
      await type(field("repair", "thresholds"), "90, 80");
      await type(field("installation", "thresholds"), "75, 150");
      await click('[data-testid="sla-save"]');
      await session.waitUntil(async () => (await js(`return document.querySelectorAll('[data-testid="sla-error"]').length;`)) === 3, "three problems shown");
      const beside = await js(`return [...document.querySelectorAll('[data-testid="sla-error"]')].map((e) => e.dataset.field + ": " + e.textContent);`);
      for (const want of ["repair.amount: O prazo precisa ser maior que zero", "repair.thresholds: Os avisos precisam estar em ordem crescente", "installation.thresholds: Os avisos precisam estar entre 1% e 100%"]) {
        if (!beside.some((b) => b.startsWith(want))) throw new Error(`missing "${want}" in ${JSON.stringify(beside)}`);
      }
      await session.screenshot(e2e.shot("agenda-06a-sla-problems.png"));
      await type(field("repair", "amount"), "24");
      await type(field("repair", "thresholds"), "80, 90");
      await type(field("installation", "thresholds"), "75, 100");
      await click('[data-testid="sla-save"]');
      await session.waitUntil(async () => (await textOf('[data-testid="sla-notice"]')).includes("Reparo"), "the rules saved");
      const row = await textOf('[data-testid="sla-rule"][data-kind="repair"]');
      if (!row.includes("alterada")) throw new Error(`the rule row: ${row}`);
      await session.screenshot(e2e.shot("agenda-06-sla-rules.png"));
    }],
    ["a company day off added in Administração closes that day on the board until taken back", async () => {
      await session.typeDate('[data-testid="day-off-date"]', slot.date);
      await click('[data-testid="day-off-name"]');
      await session.keys("Inventário anual");
      await click('[data-testid="day-off-add"]');
      await session.waitUntil(async () => (await textOf('[data-testid="day-off-notice"]')).includes("Inventário anual"), "the day off added");
      await session.waitFor(`[data-testid="day-off"][data-date="${slot.date}"] [data-testid="day-off-remove"]`);
      await session.screenshot(e2e.shot("agenda-07-day-off.png"));
      const cellsClosed = () => js(`const cells = [...document.querySelectorAll('td[data-date="${slot.date}"]')]; return cells.length > 0 && cells.every((td) => td.classList.contains("closed"));`);
      // The board opens on today; go forward to that day.
      const showDay = async () => {
        await click('[data-testid="nav-agenda"]');
        await session.waitFor("td[data-date]");
        for (let i = 0; i < 10 && !(await js(`return !!document.querySelector('td[data-date="${slot.date}"]');`)); i++) {
          const shown = await js(`return document.querySelector('td[data-date]').dataset.date;`);
          await click('button[aria-label="Próximo dia"]');
          await session.waitUntil(async () => (await js(`return document.querySelector('td[data-date]').dataset.date;`)) !== shown, "the next day on the board");
        }
      };
      await showDay();
      await session.waitUntil(cellsClosed, "the day closed on the board");
      const head = await js(`return document.querySelector('[data-testid="agenda-grid"] thead').textContent;`);
      if (!head.includes("Inventário anual")) throw new Error(`the board's header: ${head}`);
      await click('[data-testid="nav-admin"]');
      await click(`[data-testid="day-off"][data-date="${slot.date}"] [data-testid="day-off-remove"]`);
      await session.waitUntil(async () => (await textOf('[data-testid="day-off-notice"]')).includes("removido"), "the day off removed");
      await showDay();
      await session.waitUntil(async () => !(await cellsClosed()), "the day open again");
    }],
    ["a visit whose kit is incomplete offers the equipment recorder and finishes only with a reason", async () => {
      // An installation in progress today, with nothing recorded yet.
      const [id, tech] = await inProgressInstallation();
      // On the order's page, "Concluir" is refused for the missing kit, and the dialog offers
      // both ways out: a reason, or recording the equipment.
      await click(`[data-testid="order-row"][data-order-id="${id}"]`);
      await click('[data-testid="transition-done"]');
      await session.waitFor('[data-testid="reason-alternative"]');
      const prompt = await textOf('[data-testid="reason-prompt"]');
      if (!prompt.includes("equipamento")) throw new Error(`the dialog's prompt: ${prompt}`);
      await session.screenshot(e2e.shot("agenda-08-kit-dialog.png"));
      await click('[data-testid="reason-alternative"]');
      await session.waitUntil(async () => !(await js(`return !!document.querySelector('[data-testid="reason-dialog"]');`)), "the dialog closed");
      await session.waitFor('[data-testid="order-equipment"] [data-testid="use-scan-input"]');
      // Meu dia of that technician: recording the kit is the main action, not "Concluir".
      await myDayOf(tech);
      const visit = `[data-testid="visit"][data-order-id="${id}"]`;
      await session.waitFor(`${visit} [data-testid="visit-kit-missing"]`);
      if (await js(`return !!document.querySelector(arguments[0]);`, `${visit} [data-testid="visit-next"]`)) throw new Error("Concluir offered with the kit incomplete");
      await click(`${visit} [data-testid="visit-record-equipment"]`);
      const [scan] = await session.waitFor(`${visit} [data-testid="use-scan-input"]`);
      await scan.click();
      await session.keys("HWTC0000000Z\uE007");
      await session.waitUntil(async () => (await textOf(`${visit} [data-testid="use-scan-problem"]`)) !== "", "the wrong serial named");
      await session.screenshot(e2e.shot("agenda-09-my-day-kit.png"));
      await click(`${visit} [data-testid="visit-finish-without"]`);
      const [reason] = await session.waitFor('[data-testid="reason-input"]');
      await reason.type("Van sem ONU hoje; técnico volta amanhã com o equipamento");
      await click('[data-testid="reason-confirm"]');
      await session.waitUntil(async () => (await textOf(visit)).includes("Concluída"), "the visit done with the reason");
    }],
    ["where the provider requires the customer's signature, the pad opens and the visit closes once they sign", async () => {
      await click('[data-testid="nav-admin"]');
      const [box] = await session.waitFor('[data-testid="closing-signature-installation"]');
      if (!(await js(`return document.querySelector('[data-testid="closing-signature-installation"]').checked;`))) await box.click();
      await click('[data-testid="closing-save"]');
      await session.waitUntil(async () => (await textOf('[data-testid="closing-notice"]')) !== "", "the closing rules saved");
      // Another installation in progress today.
      const [id, tech] = await inProgressInstallation();
      await myDayOf(tech);
      const visit = `[data-testid="visit"][data-order-id="${id}"]`;
      // Told before leaving: the signature is missing.
      await session.waitFor(`${visit} [data-testid="visit-signature-missing"]`);
      const finish = (await js(`return !!document.querySelector(arguments[0]);`, `${visit} [data-testid="visit-next"]`)) ? "visit-next" : "visit-finish-without";
      await click(`${visit} [data-testid="${finish}"]`);
      if (finish === "visit-finish-without") {
        const [reason] = await session.waitFor('[data-testid="reason-input"]');
        await reason.type("Cliente ficou com a ONU da instalação anterior");
        await click('[data-testid="reason-confirm"]');
      }
      const [canvas] = await session.waitFor('[data-testid="signature-canvas"]');
      const error = await textOf(`${visit} [data-testid="visit-error"]`);
      if (!error.includes("assinatura do cliente")) throw new Error(`what the technician was told: ${error}`);
      await session.drawPath(canvas, [[-200, 10], [-150, -20], [-100, 15], [-50, -25], [0, 20], [50, -15], [100, 10], [150, -20], [200, 5]]);
      await session.drawPath(canvas, [[-180, 35], [180, 30]]);
      await session.screenshot(e2e.shot("agenda-10-signature.png"));
      await click('[data-testid="signature-save"]');
      await session.waitUntil(async () => (await textOf(visit)).includes("Concluída"), "the visit done once signed");
      const signed = await textOf(`${visit} [data-testid="visit-signed"]`);
      if (!signed.includes("Titular do contrato")) throw new Error(`the visit's signature: ${signed}`);
      // The order's page shows the signature as drawn.
      await click(`${visit} button.link`);
      await session.waitFor('[data-testid="signature-view"] path');
      const paths = await js(`return document.querySelectorAll('[data-testid="signature-view"] path').length;`);
      if (paths !== 2) throw new Error(`strokes shown: ${paths}`);
      await session.screenshot(e2e.shot("agenda-11-order-signature.png"));
      // The visit report: a PDF on disk with the signer and the visit in it.
      await click('[data-testid="visit-report"]');
      await session.waitUntil(async () => (await textOf('[data-testid="visit-report-notice"]')).includes(".pdf"), "the report saved");
      const saved = (await textOf('[data-testid="visit-report-notice"]')).replace(/^[^/]*/, "").trim();
      const words = execFileSync("pdftotext", [saved, "-"], { encoding: "utf8" });
      for (const expected of ["Relatório de visita", "Titular do contrato", "Equipamentos em comodato"]) {
        if (!words.includes(expected)) throw new Error(`${expected} not in the report:\n${words}`);
      }
    }],
    ["where the provider asks for two photos, the technician attaches them and the report shows them", async () => {
      await click('[data-testid="nav-admin"]');
      await session.waitFor('[data-testid="closing-photos-installation"]');
      await js(`const n = document.querySelector('[data-testid="closing-photos-installation"]'); n.value = "2"; n.dispatchEvent(new Event("input", { bubbles: true }));`);
      // The equipment is this step's concern no longer: photos and the signature are.
      if (await js(`return document.querySelector('[data-testid="closing-equipment-installation"]').checked;`)) await click('[data-testid="closing-equipment-installation"]');
      await click('[data-testid="closing-save"]');
      await session.waitUntil(async () => (await textOf('[data-testid="closing-notice"]')) !== "", "the closing rules saved");
      const [id] = await inProgressInstallation();
      await click(`[data-testid="order-row"][data-order-id="${id}"]`);
      await session.waitFor('[data-testid="order-photos"]');
      const count = async () => textOf('[data-testid="photos-count"]');
      if (!(await count()).includes("0 de 2")) throw new Error(`photos counted: ${await count()}`);
      // Camera-sized photos, as files picked from the computer.
      await session.attachCameraPhoto("Sinal da ONU", 200);
      await session.attachCameraPhoto("Fachada com a caixa", 20);
      await session.waitUntil(async () => (await count()).includes("2 de 2"), "two photos counted");
      await session.waitUntil(async () => (await js(`return document.querySelectorAll('[data-testid="photo"] img').length;`)) === 2, "both photos shown");
      await session.screenshot(e2e.shot("agenda-12-order-photos.png"));
      // Closing asks for the signature still; once signed the order is done.
      await click('[data-testid="transition-done"]');
      const [canvas] = await session.waitFor('[data-testid="signature-canvas"]');
      await session.drawPath(canvas, [[-200, 10], [-150, -20], [-100, 15], [-50, -25], [0, 20], [50, -15], [100, 10], [150, -20], [200, 5]]);
      await click('[data-testid="signature-save"]');
      await session.waitUntil(async () => (await textOf("header.title")).includes("Concluída"), "the order done");
      await click('[data-testid="visit-report"]');
      await session.waitUntil(async () => (await textOf('[data-testid="visit-report-notice"]')).includes(".pdf"), "the report saved");
      const saved = (await textOf('[data-testid="visit-report-notice"]')).replace(/^[^/]*/, "").trim();
      const words = execFileSync("pdftotext", [saved, "-"], { encoding: "utf8" });
      for (const expected of ["Fotos", "Sinal da ONU", "Fachada com a caixa", "Titular do contrato"]) {
        if (!words.includes(expected)) throw new Error(`${expected} not in the report:\n${words}`);
      }
      const images = execFileSync("pdfimages", ["-list", saved], { encoding: "utf8" }).trim().split("\n").slice(2);
      if (images.length !== 2 || !images.every((l) => l.includes("jpeg"))) throw new Error(`images in the report:\n${images.join("\n")}`);
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
