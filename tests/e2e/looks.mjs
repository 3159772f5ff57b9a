// What a person sees, in both languages, at one screen size: every area of the real app is
// opened in Portuguese and then in English, a screenshot is taken of each (look at them), and
// the interface's own words — headings, labels, buttons, column heads, status lines, not the
// customers' names or addresses — are checked for Portuguese left in English.
//   usage: xvfb-run -a -s "-screen 0 1920x1080x24" node tests/e2e/looks.mjs <campo binary> 1920x1080
import { Session, harness, runSteps, sleep } from "./webdriver.mjs";

const e2e = await harness({ name: "looks", usage: ["campo binary"] });
const [width, height] = (e2e.argv[1] ?? "1366x768").split("x").map(Number);
const size = `${width}x${height}`;
let session;
const js = (body, ...args) => session.execute(body, args);
const click = (css) => session.click(css);

const AREAS = [
  ["orders", '[data-testid="order-row"][data-order-id]'],
  ["sales", '[data-testid="sales-page"] [data-testid="sale-row"]'],
  ["analysis", '[data-testid="analysis-page"] [data-testid="queue-row"]'],
  ["calls", '[data-testid="calls-page"] [data-testid="call-row"]'],
  ["agenda", '[data-testid="agenda-grid"]'],
  ["myDay", '[data-testid="my-day-page"]'],
  ["routes", '[data-testid="routes-page"]'],
  ["stock", '[data-testid="stock-page"], main'],
  ["activation", '[data-testid="activation-page"] [data-testid="activation-pick"]'],
  ["finance", '[data-testid="finance-chart"]'],
  ["indicators", '[data-testid="field-indicators"] [data-testid^="field-card-"]'],
  ["sync", '[data-testid="sync-page"], main'],
  ["admin", '[data-testid="sla-rule"]'],
];

/** The interface's own words on screen: text written directly in chrome elements (not the
 *  options of a select, nor the data inside cards and rows). */
const chromeWords = () =>
  js(`
    const sel = "nav, h1, h2, h3, th, label, summary, legend, button, [role=status], [role=alert], .intro, .hint, .keys, .muted";
    // People's and places' names are data, not the interface's words.
    const skip = '[data-testid="queue-order"], [data-testid="board-order"], [data-testid="order-row"], [data-testid="route-stop"], [data-testid="route"] h2, [data-testid="visit"] .customer, [data-testid="absence"], [data-testid="activation-row"], [data-testid="sale-row"], [data-testid="queue-row"], [data-testid="call-row"], th[scope=row], option';
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
      if (el.closest(skip)) continue;
      const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(" ").trim();
      if (own) out.push(own);
    }
    return out;`);

/** Portuguese letters and words that an English sentence never needs. */
const PORTUGUESE = /[ãõçâêôáéíóúà]|\b(de|da|das|dos|não|ordem|ordens|técnico|agendad[ao]|para|com|sem|hoje|motivo|prazo|informe|salvar|fila|período|turno|meu|dia|agenda)\b/i;
const NAMES = /\b(Recife|Boa Viagem|Pernambuco|CEP|CPF|ONU|SVA)\b/g;
/** A person's or a place's name ("Antônia Ribeiro Ferreira", "Maria das Graças"): data. */
const PROPER = /^\p{Lu}[\p{L}'-]+(\s+(\p{Lu}[\p{L}'-]+|de|da|do|dos|das|e))+$/u;

async function visitAll(lang) {
  for (const [area, ready] of AREAS) {
    await click(`[data-testid="nav-${area}"]`);
    await session.waitFor(ready);
    await new Promise((r) => setTimeout(r, 300));
    await session.screenshot(e2e.shot(`looks-${size}-${lang}-${area}.png`));
    if (lang === "en") {
      const left = (await chromeWords()).filter((w) => !PROPER.test(w) && PORTUGUESE.test(w.replace(NAMES, "")));
      if (left.length > 0) throw new Error(`Portuguese left in English on ${area}: ${JSON.stringify(left.slice(0, 10))}`);
    }
  }
}

const ok = await runSteps(
  [
    [`every area in Portuguese at ${size}`, async () => {
      session = await Session.start(e2e.app);
      await session.setWindow(width, height);
      const [demo] = await session.waitFor('[data-testid="welcome-demo"]', 60_000);
      await sleep(500); // the first frame painted, for the screenshot
      await session.screenshot(e2e.shot(`looks-${size}-pt-welcome.png`));
      await demo.click();
      await session.waitFor('[data-testid="order-row"][data-order-id]', 60_000);
      await visitAll("pt");
    }],
    [`every area in English at ${size}, no Portuguese in the interface's words`, async () => {
      await js(`const s = document.querySelector('[data-testid="language-select"]'); s.value = "en"; s.dispatchEvent(new Event("change", { bubbles: true }));`);
      await session.waitUntil(async () => (await js(`return document.documentElement.lang;`)) === "en", "English");
      // English counts group thousands with a comma ("3.000 orders" kept the Portuguese dot).
      const count = await js(`return document.querySelector('[data-testid="device-order-count"]').textContent;`);
      if (!/^\d{1,3}(,\d{3})* orders? on this device$/.test(count.trim())) throw new Error(`the header says "${count}"`);
      await visitAll("en");
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
