// End-to-end: from sale to installation in the real app with a real campo-server, people
// taking turns on one office computer. The administrator puts a plan in the catalogue; the
// seller enters a sale offline (masks as she types, every wrong field named) and it syncs; the
// back office rejects it with a reason; the seller reads it, fixes the sale and sends it again;
// the back office approves it; the coordinator finds the installation in the agenda's queue
// and schedules it for the technician; atendimento (N1) records the customer's call and
// passes it to N2, who opens a repair visit that waits in the agenda's queue with its deadline
// from the call; the technician's computer gets the installation without CPF. The address is
// found on the map through the server's geocoder (a stand-in Nominatim here), not offline.
//   usage: xvfb-run -a node tests/e2e/sales.mjs /abs/path/campo /abs/path/campo-server
import { createServer } from "node:http";
import { Session, harness, recifeProvider, runSteps, startServer } from "./webdriver.mjs";

const e2e = await harness({ name: "sales", usage: ["campo binary", "campo-server binary"] });
const [app, serverBin] = e2e.argv;
const password = "senha-forte-123";
// A stand-in Nominatim: the search as documented (format=jsonv2, structured street/city/state,
// a list of places with lat/lon as strings), knowing one house.
const nominatim = createServer((req, res) => {
  const q = new URL(req.url, "http://127.0.0.1").searchParams;
  const key = `${q.get("street")}|${q.get("city")}|${q.get("state")}`;
  const known = req.url.startsWith("/search?") && q.get("format") === "jsonv2" && key === "1210 Rua dos Navegantes|Recife|Pernambuco";
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(known ? [{ place_id: 1, lat: "-8.12345", lon: "-34.90012", display_name: "1210, Rua dos Navegantes, Boa Viagem, Recife, Pernambuco, 51020-010, Brasil" }] : []));
});
await new Promise((resolve) => nominatim.listen(0, "127.0.0.1", resolve));
e2e.atEnd(() => nominatim.close());
// A stand-in ViaCEP: GET /ws/{cep}/json/ as documented, knowing one CEP; {"erro": true} else.
const viacep = createServer((req, res) => {
  const known = req.url === "/ws/51020010/json/";
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(known
    ? { cep: "51020-010", logradouro: "Rua dos Navegantes", complemento: "", unidade: "", bairro: "Boa Viagem", localidade: "Recife", uf: "PE", estado: "Pernambuco", regiao: "Nordeste", ibge: "2611606", gia: "", ddd: "81", siafi: "2531" }
    : { erro: true }));
});
await new Promise((resolve) => viacep.listen(0, "127.0.0.1", resolve));
e2e.atEnd(() => viacep.close());
const { url, stop, pause, resume } = await startServer(
  serverBin,
  [
    ["sofia", "Sofia Castro", "seller"],
    ["warley", "Warley Souza", "backoffice"],
    ["josue", "Josué Lins", "technician"],
    ["rosa", "Rosa Lima", "support"],
    ["mariana", "Mariana Alves", "coordinator"],
  ],
  password,
  {
    init: recifeProvider(),
    serveArgs: [
      "--geocoder-url", `http://127.0.0.1:${nominatim.address().port}`, "--geocoder-per-second", "20",
      "--cep-url", `http://127.0.0.1:${viacep.address().port}`,
    ],
  },
);
e2e.atEnd(stop);
let session;
let order;
/** The day the installation is scheduled for: today, or the next day the agenda takes visits. */
let visitDay;
const text = async (css) => (await session.text(css)).replace(/\u00a0/g, " ");
const fill = (testid, value) => session.fill(testid, value);
const js = (script) => session.execute(script, []);
const click = (css) => session.click(css);
const areas = () => js(`return [...document.querySelectorAll('nav [data-testid^="nav-"]')].filter((e) => e.tagName === "BUTTON").map((e) => e.dataset.testid.slice(4));`);
const select = (testid, value) =>
  js(`const s = document.querySelector('[data-testid="${testid}"]'); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event("change", { bubbles: true }));`);
const syncNow = async () => {
  await click('[data-testid="nav-sync"]');
  await click('[data-testid="sync-now"]');
  await session.waitUntil(async () => (await text('[data-testid="sync-pending"]')) === "0", "everything sent", 40_000);
  if ((await text('[data-testid="sync-refused"]')) !== "0") throw new Error("the server refused a change");
};
/** Someone joins this computer for the first time (the first person: from the welcome). */
const joinHere = async (login, first = false) => {
  if (!first) {
    await click('[data-testid="switch-person"]');
    await click('[data-testid="people-another"]');
  } else {
    await session.waitFor('[data-testid="welcome"]', 60_000);
    await fill("join-url", url);
  }
  await fill("join-login", login);
  await fill("join-password", password);
  await click('[data-testid="join-submit"]');
  await session.waitUntil(async () => (await text('[data-testid="sync-indicator"]')).includes("Sincronizado"), "the synced indicator", 60_000);
};
/** Someone who used this computer before opens their data again. */
const comeBack = async (name) => {
  await click('[data-testid="switch-person"]');
  await session.waitFor('[data-testid="people"]');
  await js(`[...document.querySelectorAll('[data-testid="person"]')].find((b) => b.textContent.includes(${JSON.stringify(name)})).click();`);
  await fill("unlock-password", password);
  await click('[data-testid="unlock"]');
  await session.waitUntil(async () => (await text('[data-testid="person-name"]')) === name, `${name}'s data open`, 30_000);
};

const ok = await runSteps(
  [
    ["the administrator puts a plan in the catalogue", async () => {
      session = await Session.start(app);
      await joinHere("ana", true);
      await session.waitUntil(async () => (await areas()).join(",") === "orders,sales,analysis,calls,agenda,myDay,routes,stock,activation,finance,indicators,sync,admin", "every area", 10_000);
      await click('[data-testid="nav-admin"]');
      // The administration's panels load one by one and move the page as they do: pressed
      // where it is now, not where a scroll left it a moment ago.
      await session.waitFor('[data-testid="add-plan"]');
      await js(`document.querySelector('[data-testid="add-plan"]').click();`);
      await fill("plan-name", "Fibra 500 Mega");
      await fill("plan-speed", "500");
      await fill("plan-price", "119,90");
      await click('[data-testid="save-plan"]');
      await session.waitUntil(async () => (await text('[data-testid="plan-row"]')).includes("R$ 119,90"), "the plan listed");
      await syncNow();
    }],
    ["the seller, offline, enters a sale: masks as she types, every wrong field named, then sent", async () => {
      await joinHere("sofia");
      await session.waitUntil(async () => (await areas()).join(",") === "sales,sync", "the seller's areas", 10_000);
      await session.waitFor('[data-testid="sales-page"]');
      await pause();
      await click('[data-testid="new-sale"]');
      await fill("sale-name", "Maria das Graças Silva");
      await fill("sale-cpf", "52998224724");
      await fill("sale-email", "maria@exemplo.com.br");
      await fill("sale-motherName", "Josefa Silva");
      await session.typeDate('[data-testid="sale-birthDate"]', "2015-04-12");
      await fill("sale-phone1", "81998765432");
      await fill("sale-phone2", "8132221100");
      await fill("sale-cep", "51020010");
      await fill("sale-street", "Rua dos Navegantes");
      await fill("sale-number", "1200");
      await fill("sale-neighbourhood", "Boa Viagem");
      await fill("sale-city", "Recife");
      await fill("sale-uf", "pe");
      await fill("sale-reference", "Em frente à padaria");
      // Offline the address search says why it cannot; the pin goes by hand.
      await click('[data-testid="address-search"]');
      await session.waitUntil(async () => (await text('[data-testid="address-search-error"]')).includes("Servidor inacessível"), "the search offline told");
      await fill("sale-coordinates", "-8.1200, -34.9000");
      await js(`document.querySelector('[data-testid="sale-coordinates"]').dispatchEvent(new Event("change", { bubbles: true }));`);
      await fill("sale-operator", "Conecta Fibra");
      const plan = await js(`return [...document.querySelectorAll('[data-testid="sale-planId"] option')].find((o) => o.textContent.includes("Fibra 500"))?.value ?? "";`);
      await select("sale-planId", plan);
      await select("sale-dueDay", "10");
      await click('[data-testid="sale-period-afternoon"]');
      await click('[data-testid="sale-consent"]');
      const cpf = await js(`return document.querySelector('[data-testid="sale-cpf"]').value;`);
      if (cpf !== "529.982.247-24") throw new Error(`CPF not masked: ${cpf}`);
      await click('[data-testid="sale-send"]');
      await session.waitUntil(async () => (await text('[data-testid="error-cpf"]')) === "CPF inválido: verifique os dígitos", "the CPF named");
      // The day typed may reach the form after the first sending: send again until it has.
      await session.waitUntil(async () => {
        if ((await text('[data-testid="error-birthDate"]')) === "O titular precisa ter 18 anos ou mais") return true;
        await click('[data-testid="sale-send"]');
        return false;
      }, "the minor named");
      await session.screenshot(e2e.shot("sales-01-form-errors.png"));
      await fill("sale-cpf", "52998224725");
      await session.typeDate('[data-testid="sale-birthDate"]', "1980-04-12");
      await click('[data-testid="sale-send"]');
      await session.waitUntil(async () => (await text('[data-testid="sales-notice"]')).includes("Venda enviada para análise"), "the sale sent");
      await session.waitUntil(async () => (await text('[data-testid="sale-status"]')) === "Em análise", "in analysis");
      await session.screenshot(e2e.shot("sales-02-sent-offline.png"));
      await resume();
      await syncNow();
    }],
    ["the back office finds it in the queue and rejects it with a reason", async () => {
      await joinHere("warley");
      await session.waitUntil(async () => (await areas()).join(",") === "analysis,orders,indicators,sync", "the back office's areas", 10_000);
      await click('[data-testid="nav-analysis"]');
      await click('[data-testid="queue-row"]');
      await session.waitUntil(async () => (await text('[data-testid="sale-cpf"]')) === "529.982.247-25", "the sale open");
      await session.screenshot(e2e.shot("sales-03-analysis.png"));
      await click('[data-testid="reject-sale"]');
      await select("reject-reason", "data_mismatch");
      await fill("reject-note", "O número da casa não confere com o comprovante");
      await click('[data-testid="confirm-reject"]');
      await session.waitUntil(async () => (await text('[data-testid="analysis-notice"]')).includes("Venda reprovada"), "rejected");
      await syncNow();
    }],
    ["the seller reads why, fixes the sale and sends it again", async () => {
      await comeBack("Sofia Castro");
      await syncNow();
      await click('[data-testid="nav-sales"]');
      await session.waitUntil(async () => (await text('[data-testid="sale-reason"]')).includes("O número da casa não confere"), "the reason shown", 20_000);
      await session.screenshot(e2e.shot("sales-04-rejected.png"));
      await click('[data-testid="fix-sale"]');
      await session.waitFor('[data-testid="sale-fixing"]');
      // Online, the CEP fills the street and neighbourhood again (from the provider's server).
      await fill("sale-street", "");
      await fill("sale-neighbourhood", "");
      await click('[data-testid="cep-search"]');
      await session.waitUntil(async () => (await js(`return document.querySelector('[data-testid="sale-street"]').value;`)) === "Rua dos Navegantes", "the street from the CEP");
      if ((await js(`return document.querySelector('[data-testid="sale-neighbourhood"]').value;`)) !== "Boa Viagem") throw new Error("the neighbourhood not filled from the CEP");
      await session.waitUntil(async () => (await text('[data-testid="cep-found"]')).includes("confira e informe o número"), "the CEP's note");
      await js(`document.querySelector('[data-testid="cep-lookup"]').scrollIntoView({ block: "center" });`);
      await session.screenshot(e2e.shot("sales-04-cep-filled.png"));
      await fill("sale-number", "1210");
      // Online, the house is found by its address: the one place found takes the pin.
      await click('[data-testid="address-search"]');
      await session.waitUntil(async () => (await text('[data-testid="address-places"]')).includes("1210, Rua dos Navegantes, Boa Viagem"), "the place found");
      await session.waitUntil(async () => (await js(`return document.querySelector('[data-testid="sale-coordinates"]').value;`)) === "-8.12345, -34.90012", "the pin on the place found");
      await js(`document.querySelector('[data-testid="address-places"]').scrollIntoView({ block: "center" });`);
      await session.screenshot(e2e.shot("sales-04a-address-found.png"));
      await click('[data-testid="sale-send"]');
      await session.waitUntil(async () => (await text('[data-testid="sale-status"]')) === "Em análise", "in analysis again");
      await syncNow();
    }],
    ["the back office approves the second round with the operator's protocol", async () => {
      await comeBack("Warley Souza");
      await syncNow();
      await click('[data-testid="nav-analysis"]');
      await click('[data-testid="queue-row"]');
      await session.waitUntil(async () => (await js(`return document.querySelectorAll('[data-testid="sale-event"]').length;`)) === 3, "three lines of history");
      await session.waitUntil(async () => (await js(`return document.body.innerText;`)).includes("-8.12345, -34.90012"), "the place found, in the analysis");
      await fill("sale-protocol", "OP-2026-0042");
      await click('[data-testid="approve-sale"]');
      await session.waitUntil(async () => (await text('[data-testid="analysis-notice"]')).includes("Venda aprovada"), "approved");
      // The back office's indicators: the funnel's rejections open to this sale.
      await click('[data-testid="nav-indicators"]');
      await click('[data-testid="funnel-open-rejected"]');
      await session.waitUntil(async () => (await text('[data-testid="funnel-sale"]')).includes("Sofia Castro"), "the rejected sale behind the figure");
      await session.screenshot(e2e.shot("sales-04b-funnel.png"));
      await syncNow();
    }],
    ["the coordinator finds the installation in the agenda's queue and schedules it for the technician", async () => {
      await joinHere("mariana");
      await session.waitUntil(async () => (await areas()).includes("agenda"), "the coordinator's areas", 10_000);
      await click('[data-testid="nav-agenda"]');
      await session.waitFor('[data-testid="queue-order"]', 20_000);
      order = await js(`return document.querySelector('[data-testid="queue-order"]').dataset.orderId;`);
      await click(`[data-testid="queue-order"][data-order-id="${order}"]`);
      for (let i = 0; i < 10; i++) {
        const open = await js(`return [...document.querySelectorAll('[data-testid="agenda-slot"]')].filter((b) => b.getAttribute("aria-disabled") === "false").length;`);
        if (open > 0) break;
        const shown = await js(`return document.querySelector('td[data-date]').dataset.date;`);
        await click('button[aria-label="Próximo dia"]');
        await session.waitUntil(async () => (await js(`return document.querySelector('td[data-date]').dataset.date;`)) !== shown, "the next day");
      }
      const slot = await js(`const td = [...document.querySelectorAll('[data-testid="agenda-slot"]')].find((b) => b.getAttribute("aria-disabled") === "false").closest('td');
        return { tech: td.dataset.technician, date: td.dataset.date, period: td.dataset.period };`);
      await click(`td[data-technician="${slot.tech}"][data-date="${slot.date}"][data-period="${slot.period}"]`);
      await session.waitUntil(async () => (await text('[data-testid="agenda-notice"]')).includes("agendada"), "scheduled");
      visitDay = slot.date;
      await session.screenshot(e2e.shot("sales-05-scheduled.png"));
      await syncNow();
    }],
    ["atendimento (N1) finds the customer, records her call with the deadline promised and passes it to N2", async () => {
      await joinHere("rosa");
      await session.waitUntil(async () => (await areas()).join(",") === "calls,orders,sync", "atendimento's areas", 10_000);
      await click('[data-testid="nav-calls"]');
      await click('[data-testid="new-call"]');
      await fill("call-customer-search", "Maria");
      await click('[data-testid="customer-hit"]');
      await select("call-problem", "no_connection");
      await fill("call-description", "Sem internet desde ontem à noite");
      await fill("call-tried", "Reiniciou a ONU; luz LOS vermelha");
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await session.typeDate('[data-testid="call-promised-date"]', tomorrow);
      await click('[data-testid="call-save"]');
      await session.waitUntil(async () => (await text('[data-testid="call-status"]')) === "Com o atendimento (N1)", "the call recorded");
      await click('[data-testid="call-escalate"]');
      await session.waitUntil(async () => (await text('[data-testid="call-status"]')) === "Com o N2", "passed to N2");
      await session.screenshot(e2e.shot("sales-06-call.png"));
      await syncNow();
    }],
    ["N2 at the office opens the visit: a repair waits in the agenda's queue, its deadline from the call", async () => {
      await comeBack("Ana Prado");
      await syncNow();
      await click('[data-testid="nav-calls"]');
      await click('[data-testid="call-row"]');
      await fill("call-note", "Sinal da ONU em -32 dBm: drop rompido");
      await click('[data-testid="call-visit"]');
      await session.waitUntil(async () => (await text('[data-testid="call-status"]')) === "Visita aberta", "the visit opened");
      await click('[data-testid="call-open-order"]');
      await session.waitUntil(async () => (await text("main")).includes("Reparo"), "the repair order's page");
      const page = await text("main");
      if (!page.includes("Chamado 1: Sem conexão")) throw new Error(`the call is not in the visit's notes: ${page.slice(0, 400)}`);
      await session.screenshot(e2e.shot("sales-07-repair.png"));
      await click('[data-testid="nav-agenda"]');
      await session.waitUntil(async () => (await js(`return [...document.querySelectorAll('[data-testid="queue-order"]')].some((c) => c.textContent.includes("Maria das Graças Silva"));`)), "the repair in the queue", 20_000);
      await syncNow();
    }],
    ["the technician's computer gets the visit, without CPF", async () => {
      await session.end();
      session = null;
      await e2e.anotherDevice();
      session = await Session.start(app);
      await joinHere("josue", true);
      await click('[data-testid="nav-orders"]');
      // A technician's list opens on today's visits; on a Sunday this one is on the next day.
      await session.typeDate('[data-testid="filter-date-from"]', visitDay);
      await session.typeDate('[data-testid="filter-date-to"]', visitDay);
      await click(`[data-testid="order-row"][data-order-id="${order}"]`);
      await session.waitUntil(async () => (await text('[data-testid="order-reference"]')).includes("Em frente à padaria"), "the order page with the reference point", 20_000);
      const page = await text("main");
      if (page.includes("529.982.247-25") || page.includes("Josefa")) throw new Error("personal data reached the technician");
      await session.screenshot(e2e.shot("sales-06-technician.png"));
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
