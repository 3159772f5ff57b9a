// End-to-end: proof of service across computers and a real campo-server. The administrator
// requires, for installations, the customer's signature and two photos; the office schedules
// an installation for Josué today (another office computer, e2e-office). On his laptop,
// offline, he sets out, starts the work, attaches two camera-sized photos and finishes — the
// signature pad opens and the order closes once signed. Back online everything reaches the
// server, the files included. On the coordinator's own computer the order shows both photos
// and the signature, and the visit report — the PDF his laptop made and kept on the order when
// the visit closed — holds both photos and the signer.
//   usage: xvfb-run -a node tests/e2e/proof.mjs /abs/path/campo /abs/path/campo-server /abs/path/e2e-office
import { execFileSync, spawnSync } from "node:child_process";
import { Session, harness, recifeProvider, runSteps, startServer } from "./webdriver.mjs";

const e2e = await harness({ name: "proof", usage: ["campo binary", "campo-server binary", "e2e-office binary"] });
const [app, serverBin, officeBin] = e2e.argv;
const password = "senha-forte-123";
const { url, stop, pause, resume } = await startServer(
  serverBin,
  [
    ["josue", "Josué Lins", "technician"],
    ["mariana", "Mariana Lima", "coordinator"],
  ],
  password,
  {
    init: recifeProvider(),
  },
);
e2e.atEnd(stop);
let session;
const text = async (css) => (await session.text(css)).replace(/\u00a0/g, " ");
const js = (script, ...args) => session.execute(script, args);
const click = (css) => session.click(css);
const syncNow = async () => {
  await click('[data-testid="nav-sync"]');
  await click('[data-testid="sync-now"]');
  await session.waitUntil(async () => (await text('[data-testid="sync-pending"]')) === "0", "everything sent", 60_000);
  if ((await text('[data-testid="sync-refused"]')) !== "0") throw new Error("the server refused a change");
};
/** A new computer: the person joins the server from the first screen. */
const joinNew = async (login) => {
  session = await Session.start(app);
  await session.join(url, login, password);
};
const openOnlyOrder = async () => {
  await click('[data-testid="nav-orders"]');
  await session.waitUntil(async () => (await js(`return document.querySelectorAll('[data-testid="order-row"][data-order-id]').length;`)) === 1, "the order listed", 30_000);
  await click('[data-testid="order-row"][data-order-id]');
  await session.waitFor('[data-testid="order-photos"]');
};
const photosShown = () => js(`return [...document.querySelectorAll('[data-testid="photo"] img')].filter((i) => i.complete && i.naturalWidth > 0).length;`);

const ok = await runSteps(
  [
    ["the administrator requires the signature and two photos to close an installation", async () => {
      await joinNew("ana");
      await click('[data-testid="nav-admin"]');
      await session.waitFor('[data-testid="closing-photos-installation"]');
      if (!(await js(`return document.querySelector('[data-testid="closing-signature-installation"]').checked;`))) await click('[data-testid="closing-signature-installation"]');
      await js(`const n = document.querySelector('[data-testid="closing-photos-installation"]'); n.value = "2"; n.dispatchEvent(new Event("input", { bubbles: true }));`);
      if (await js(`return document.querySelector('[data-testid="closing-equipment-installation"]').checked;`)) await click('[data-testid="closing-equipment-installation"]');
      await click('[data-testid="closing-save"]');
      await session.waitUntil(async () => (await text('[data-testid="closing-notice"]')) !== "", "the closing rules saved");
      await syncNow();
      await session.end();
      session = null;
      const office = spawnSync(officeBin, [url, "ana", password, "Josué Lins"], { encoding: "utf8" });
      if (office.status !== 0) throw new Error(`e2e-office: ${office.stderr}`);
    }],
    ["offline, the technician does the installation: two photos, then the signature closes it", async () => {
      await e2e.anotherDevice();
      await joinNew("josue");
      await openOnlyOrder();
      await pause();
      for (const to of ["en_route", "in_progress"]) {
        await click(`[data-testid="transition-${to}"]`);
        await session.waitUntil(async () => !(await js(`return !!document.querySelector('[data-testid="transition-${to}"]');`)), `moved to ${to}`);
      }
      const count = async () => text('[data-testid="photos-count"]');
      if (!(await count()).includes("0 de 2")) throw new Error(`photos counted: ${await count()}`);
      // Camera-sized photos, as files picked from the computer.
      await session.attachCameraPhoto("Sinal da ONU", 200);
      await session.attachCameraPhoto("Fachada com a caixa", 20);
      await session.waitUntil(async () => (await count()).includes("2 de 2"), "two photos counted");
      // The press may land while the photo list settles: press again until the pad shows.
      let pressed = 0;
      const [canvas] = await session.waitUntil(async () => {
        const pad = await session.findAll('[data-testid="signature-canvas"]');
        if (pad.length > 0) return pad;
        if (Date.now() - pressed > 2_000) {
          pressed = Date.now();
          await click('[data-testid="transition-done"]');
        }
        return null;
      }, "the signature pad open");
      await session.drawPath(canvas, [[-200, 10], [-150, -20], [-100, 15], [-50, -25], [0, 20], [50, -15], [100, 10], [150, -20], [200, 5]]);
      await session.drawPath(canvas, [[-180, 35], [180, 30]]);
      await click('[data-testid="signature-save"]');
      await session.waitUntil(async () => (await text("header.title")).includes("Concluída"), "the order done, offline");
      await session.screenshot(e2e.shot("proof-01-technician-offline.png"));
      // Every change waits on the laptop: the moves, both photos, the signature.
      await click('[data-testid="nav-sync"]');
      await session.waitUntil(async () => Number(await text('[data-testid="sync-pending"]')) >= 5, "the changes kept on the laptop");
    }],
    ["back online, the work and its files reach the server", async () => {
      await resume();
      await syncNow();
      await session.end();
      session = null;
    }],
    ["on the coordinator's computer, the order shows the photos and the signature, and the report holds them", async () => {
      await e2e.anotherDevice();
      await joinNew("mariana");
      await openOnlyOrder();
      if (!(await text("header.title")).includes("Concluída")) throw new Error(`the order: ${await text("header.title")}`);
      await session.waitUntil(async () => (await photosShown()) === 2, "both photos shown", 60_000);
      await session.waitFor('[data-testid="signature-view"] path');
      const strokes = await js(`return document.querySelectorAll('[data-testid="signature-view"] path').length;`);
      if (strokes !== 2) throw new Error(`strokes shown: ${strokes}`);
      await session.screenshot(e2e.shot("proof-02-coordinator-order.png"));
      await click('[data-testid="visit-report"]');
      await session.waitUntil(async () => (await text('[data-testid="visit-report-notice"]')).includes(".pdf"), "the report saved", 60_000);
      const saved = (await text('[data-testid="visit-report-notice"]')).replace(/^[^/]*/, "").trim();
      // The file is the one Josué's laptop made and kept when the visit closed.
      await session.waitUntil(async () => (await text('[data-testid="visit-report-kept"]')).includes("por Josué Lins"), "the report kept at closing");
      const words = execFileSync("pdftotext", [saved, "-"], { encoding: "utf8" });
      for (const expected of ["Relatório de visita", "Raimunda Sales", "Sinal da ONU", "Fachada com a caixa", "Titular do contrato", "Josué Lins"]) {
        if (!words.includes(expected)) throw new Error(`${expected} not in the report:\n${words}`);
      }
      const images = execFileSync("pdfimages", ["-list", saved], { encoding: "utf8" }).trim().split("\n").slice(2);
      if (images.length !== 2 || !images.every((l) => l.includes("jpeg"))) throw new Error(`images in the report:\n${images.join("\n")}`);
    }],
  ],
  { onFailure: e2e.onFailure(() => session) },
);

await e2e.finish(ok, session);
