// End-to-end test of route planning in the real Campo app (tauri-driver + WebKitWebDriver,
// Xvfb): the coordinator plans a day of the demo data and sees every stop on the map; draws a
// loop on the map and plans only the orders inside it; plans the whole day again, drags one
// stop before another (the plan is re-evaluated); applies it and sees every stop on the
// board; and the technician's day lists the visits in the new order.
//   usage: xvfb-run -a node tests/e2e/routes.mjs /abs/path/to/target/debug/campo
import { Session, harness, runSteps } from "./webdriver.mjs";

const e2e = await harness({ name: "routes" });
const app = e2e.app;
let session;
const js = (body, ...args) => session.execute(body, args);
const click = (css) => session.click(css);
const stopIds = () => js(`return [...document.querySelectorAll('[data-testid="route-stop"]')].map((s) => s.dataset.orderId);`);

let date = "";
let tech = "";
let swapped = [];
const ok = await runSteps(
  [
    ["the coordinator plans a day and sees every stop on the map", async () => {
      session = await Session.startDemo(app);
      await click('[data-testid="nav-routes"]');
      // The first day (from today) with orders to plan.
      for (let i = 0; i < 7; i++) {
        await click('[data-testid="routes-plan"]');
        await session.waitUntil(async () => js(`return !!document.querySelector('[data-testid="routes-meta"]') && !document.querySelector('[data-testid="routes-cancel"]');`), "a plan");
        if ((await stopIds()).length > 0) break;
        await click('button[aria-label="Próximo dia"]');
      }
      const stops = await stopIds();
      if (stops.length === 0) throw new Error("no day with orders in the coming week");
      await session.waitUntil(async () => (await js(`return document.querySelectorAll('[data-testid="route-map"] .stop-icon').length;`)) === stops.length + 1, "a marker per stop plus the base");
      date = await js(`return document.querySelector('[data-testid="routes-date"]').textContent;`);
      // "Aplicar à agenda" is in view without scrolling past the routes (it sat below all of them).
      const applyInView = await js(`const r = document.querySelector('[data-testid="routes-apply"]').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;`);
      if (!applyInView) throw new Error("the apply button is out of view");
      // Without internet the street map cannot load: the map says so instead of staying blank.
      await session.waitUntil(
        async () => js(`return !!document.querySelector('[data-testid="map-offline"]') || !!document.querySelector('[data-testid="route-map"] img.leaflet-tile-loaded');`),
        "street tiles, or the line saying why they are missing",
      );
      await session.screenshot(e2e.shot("routes-01-plan.png"));
    }],
    ["a loop drawn on the map chooses the orders to plan", async () => {
      await click('[data-testid="routes-choose"]');
      await session.waitFor('[data-testid="routes-candidates"]');
      const total = await js(`return document.querySelectorAll('[data-testid="route-map"] .stop-icon.candidate').length;`);
      if (total < 2) throw new Error(`only ${total} orders on the map`);
      await click('[data-testid="map-lasso"]');
      const [map] = await session.waitFor('[data-testid="route-map"]');
      // A loop around the left half of the map.
      const { w, h } = await js(`const r = document.querySelector('[data-testid="route-map"]').getBoundingClientRect(); return { w: r.width, h: r.height };`);
      const [x0, x1, y0, y1] = [Math.round(-w / 2 + 4), 0, Math.round(-h / 2 + 4), Math.round(h / 2 - 4)];
      await session.drawPath(map, [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0 + 2]]);
      const picked = await session.waitUntil(async () => js(`return document.querySelectorAll('[data-testid="route-map"] .stop-icon.chosen').length;`), "orders chosen by the loop");
      if (picked >= total) throw new Error(`the loop took all ${total} orders`);
      const said = await js(`return document.querySelector('[data-testid="routes-picked"]').textContent;`);
      if (!said.includes(String(picked))) throw new Error(`the page says "${said}", ${picked} chosen`);
      await session.screenshot(e2e.shot("routes-02-lasso.png"));
      await click('[data-testid="routes-plan"]');
      await session.waitUntil(async () => js(`return !!document.querySelector('[data-testid="routes-meta"]') && !document.querySelector('[data-testid="routes-cancel"]');`), "a plan");
      const planned = await js(`return document.querySelectorAll('[data-testid="route-stop"]').length + document.querySelectorAll('[data-testid="routes-unassigned"] li').length;`);
      if (planned !== picked) throw new Error(`${picked} orders chosen, ${planned} planned`);
      // Back to the whole day.
      await click('[data-testid="routes-clear"]');
      await click('[data-testid="routes-plan"]');
      await session.waitUntil(async () => js(`return !document.querySelector('[data-testid="routes-cancel"]') && document.querySelectorAll('[data-testid="route-stop"]').length > ${planned};`), "the whole day planned again");
    }],
    ["dragging a stop before another re-evaluates the route", async () => {
      // A route with two neighbouring stops in the same window: swapping them keeps it valid.
      const pick = await js(`for (const r of document.querySelectorAll('[data-testid="route"]')) {
          const s = [...r.querySelectorAll('[data-testid="route-stop"]')];
          for (let i = 0; i + 1 < s.length; i++) {
            const w = (x) => (x.textContent.match(/janela (\\S+)/) || [])[1];
            if (w(s[i]) && w(s[i]) === w(s[i + 1])) return { tech: r.dataset.technician, a: s[i].dataset.orderId, b: s[i + 1].dataset.orderId };
          }
        } return null;`);
      if (!pick) throw new Error("no two neighbouring stops in the same window");
      tech = pick.tech;
      // The webview's HTML drag and drop is not driven by WebDriver: the page gets the events
      // a drag of the second stop onto the first makes.
      await js(`const from = document.querySelector('[data-testid="route-stop"][data-order-id="${pick.b}"]');
        const to = document.querySelector('[data-testid="route-stop"][data-order-id="${pick.a}"]');
        const dt = new DataTransfer();
        from.dispatchEvent(new DragEvent("dragstart", { dataTransfer: dt, bubbles: true }));
        to.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
        to.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));`);
      await session.waitUntil(async () => {
        const ids = await js(`return [...document.querySelectorAll('[data-technician="${tech}"] [data-testid="route-stop"]')].map((s) => s.dataset.orderId);`);
        const ia = ids.indexOf(pick.a);
        return ia > 0 && ids[ia - 1] === pick.b;
      }, "the two stops swapped");
      swapped = await js(`return [...document.querySelectorAll('[data-technician="${tech}"] [data-testid="route-stop"]')].map((s) => s.dataset.orderId);`);
    }],
    ["applying puts every stop on the board", async () => {
      const problems = await js(`return [...document.querySelectorAll('[data-testid="route-problem"]')].map((p) => p.textContent);`);
      if (problems.length > 0) throw new Error(`the swap broke a rule: ${problems}`);
      const all = await stopIds();
      const leftOut = await js(`return document.querySelectorAll('[data-testid="routes-unassigned"] li').length;`);
      await click('[data-testid="routes-apply"]');
      await session.waitFor('[data-testid="routes-notice"]');
      // What happens to the orders left out is said, not left to guess.
      const said = await js(`return document.querySelector('[data-testid="routes-notice"]').textContent;`);
      if (leftOut > 0 && !said.includes("fora do plano")) throw new Error(`${leftOut} left out, the notice says "${said}"`);
      await click('[data-testid="nav-agenda"]');
      await session.waitFor('[data-testid="agenda-grid"]');
      // Go to the planned day on the board.
      for (let i = 0; i < 8; i++) {
        if ((await js(`return document.querySelector('[data-testid="agenda-range"]').textContent;`)).trim() === date.trim()) break;
        const shown = await js(`return document.querySelector('td[data-date]').dataset.date;`);
        await click('button[aria-label="Próximo dia"]');
        await session.waitUntil(async () => (await js(`return document.querySelector('td[data-date]').dataset.date;`)) !== shown, "the next day on the board");
      }
      await session.waitUntil(async () => js(`const ids = new Set([...document.querySelectorAll('[data-testid="board-order"]')].map((b) => b.dataset.orderId)); return ${JSON.stringify(all)}.every((id) => ids.has(id));`), "every planned stop on the board");
    }],
    ["the technician's day follows the new order", async () => {
      await click('[data-testid="nav-myDay"]');
      await session.waitFor('[data-testid="my-day-technician"]');
      await js(`const s = document.querySelector('[data-testid="my-day-technician"]'); s.value = "${tech}"; s.dispatchEvent(new Event("change", { bubbles: true }));`);
      const [d, m, y] = date.trim().split("/");
      await session.typeDate('[data-testid="my-day-date"]', `${y}-${m}-${d}`);
      await session.waitUntil(async () => {
        const visits = await js(`return [...document.querySelectorAll('[data-testid="visit"]')].map((v) => v.dataset.orderId);`);
        return JSON.stringify(visits.slice(0, swapped.length)) === JSON.stringify(swapped);
      }, "the visits in the route's order");
      await session.screenshot(e2e.shot("routes-03-my-day.png"));
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
