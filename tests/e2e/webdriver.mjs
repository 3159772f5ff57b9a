// A small WebDriver client (W3C protocol over fetch) and a tauri-driver launcher for
// Campo's end-to-end tests. No dependencies: Node 20's fetch is enough.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
export const DRIVER_PORT = 4444;
const BASE = `http://127.0.0.1:${DRIVER_PORT}`;

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** A data folder of its own, so tests never touch the user's app data. */
export function freshDataDir(prefix = "campo-e2e-") {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const env = {
    CAMPO_DATA_DIR: join(root, "data"),
    XDG_DATA_HOME: join(root, "xdg-data"),
    XDG_CACHE_HOME: join(root, "xdg-cache"),
    XDG_CONFIG_HOME: join(root, "xdg-config"),
  };
  for (const dir of Object.values(env)) mkdirSync(dir, { recursive: true });
  return { root, env };
}

async function call(method, path, body, timeoutMs = 60_000) {
  const res = await fetch(BASE + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`${method} ${path}: ${res.status} ${v.error ?? ""} ${v.message ?? ""}`);
  }
  return json.value;
}

/** Starts tauri-driver (which starts WebKitWebDriver) with `env` added. */
export async function startDriver(env) {
  const driver = spawn("tauri-driver", ["--port", String(DRIVER_PORT)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`${BASE}/status`, { signal: AbortSignal.timeout(1_000) });
      return driver;
    } catch {
      await sleep(200);
    }
  }
  driver.kill("SIGKILL");
  throw new Error("tauri-driver did not start within 20 s");
}

export class Session {
  constructor(id) {
    this.id = id;
  }

  static async start(application) {
    const value = await call("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application } } },
    }, 120_000);
    return new Session(value.sessionId);
  }

  /**
   * Starts the app on a new data folder and chooses, on the first screen, to try Campo with
   * demonstration data; returns once the order list shows (`timeoutMs` for the demo to be
   * generated).
   */
  static async startDemo(application, timeoutMs = 60_000) {
    const session = await Session.start(application);
    const [demo] = await session.waitFor('[data-testid="welcome-demo"]', timeoutMs);
    await demo.click();
    await session.waitFor('[data-testid="order-row"][data-order-id]', timeoutMs);
    return session;
  }

  path(p) {
    return `/session/${this.id}${p}`;
  }

  /** Sizes the app's window (the Xvfb screen must be at least as large). */
  async setWindow(width, height) {
    await call("POST", this.path("/window/rect"), { x: 0, y: 0, width, height });
  }

  async findAll(css) {
    const els = await call("POST", this.path("/elements"), { using: "css selector", value: css });
    return els.map((e) => new Element(this, e[ELEMENT]));
  }

  /** Polls until `css` matches at least one element. */
  async waitFor(css, timeoutMs = 30_000) {
    return this.waitUntil(async () => {
      const els = await this.findAll(css);
      return els.length > 0 ? els : null;
    }, `no element matches ${css}`, timeoutMs);
  }

  async waitUntil(check, what, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        const v = await check();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new Error(`timed out after ${timeoutMs} ms: ${what}${last ? ` (${last.message})` : ""}`);
  }

  async execute(script, args = []) {
    return call("POST", this.path("/execute/sync"), { script, args });
  }

  /** Runs `script`, which calls its last argument with the result. */
  async executeAsync(script, args = []) {
    return call("POST", this.path("/execute/async"), { script, args });
  }

  /**
   * Saves what the window shows to `file`, for a person to look at. WebKitWebDriver now and
   * then answers a screenshot with "500 unknown error" while the page is fine: it is asked
   * again, and a picture it still cannot take is reported, not taken for a failure of the app
   * (a lost session still fails the step).
   */
  async screenshot(file) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const b64 = await call("GET", this.path("/screenshot"));
        writeFileSync(file, Buffer.from(b64, "base64"));
        return;
      } catch (e) {
        if (/invalid session id/i.test(e.message)) throw e;
        if (attempt === 3) {
          console.warn(`screenshot ${file} not taken: ${e.message}`);
          return;
        }
        await sleep(1_000);
      }
    }
  }

  async keys(text) {
    const actions = [...text].flatMap((c) => [{ type: "keyDown", value: c }, { type: "keyUp", value: c }]);
    await call("POST", this.path("/actions"), { actions: [{ type: "key", id: "kbd", actions }] });
    await call("DELETE", this.path("/actions"));
  }

  /** Types a day into a date field as a person does: clears it, clicks it and types the digits
   *  of dd/mm/aaaa (the field puts in the slashes). `day` is `YYYY-MM-DD` or already typed
   *  text such as "3102". */
  async typeDate(css, day) {
    const digits = /^\d{4}-\d{2}-\d{2}$/.test(day) ? day.split("-").reverse().join("") : day;
    await this.execute(
      `const d = document.querySelector(arguments[0]); d.value = ""; d.dispatchEvent(new Event("input", { bubbles: true }));`,
      [css],
    );
    const [field] = await this.waitFor(css);
    await field.click();
    await this.keys(digits);
    // Leaving the field is when a half-typed day is judged.
    await this.keys("\uE004");
  }

  /** Presses the mouse at the first point, moves through the others and releases: points are
   *  offsets in pixels from the centre of `element` (a lasso, a drag on a map). */
  async drawPath(element, points) {
    const origin = { [ELEMENT]: element.id };
    const [first, ...rest] = points;
    const actions = [
      { type: "pointerMove", duration: 0, origin, x: first[0], y: first[1] },
      { type: "pointerDown", button: 0 },
      ...rest.map(([x, y]) => ({ type: "pointerMove", duration: 30, origin, x, y })),
      { type: "pointerUp", button: 0 },
    ];
    await call("POST", this.path("/actions"), {
      actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }],
    });
    await call("DELETE", this.path("/actions"));
  }

  /** The trimmed text of the first element matching `css` ("" when there is none). */
  async text(css) {
    const [el] = await this.findAll(css);
    return el ? this.execute("return arguments[0].textContent.trim()", [{ [ELEMENT]: el.id }]) : "";
  }

  /**
   * Chooses a file in the file input `[data-testid=testid]`, as the person does in the file
   * dialog (which belongs to the operating system, out of WebDriver's reach): the file's bytes
   * are put on the input and its change event fires, as after the dialog.
   */
  async chooseFile(testid, name, content) {
    await this.execute(
      `const input = document.querySelector('[data-testid="' + arguments[0] + '"]');
       const file = new File([arguments[2]], arguments[1], { type: "text/csv" });
       const list = new DataTransfer();
       list.items.add(file);
       input.files = list.files;
       input.dispatchEvent(new Event("change", { bubbles: true }));`,
      [testid, name, content],
    );
  }

  /**
   * Presses the button `[data-testid=testid]` where it is now: a page whose panels load one by
   * one moves as they do, so a WebDriver click (scroll, then press) could miss.
   */
  async press(testid) {
    await this.waitFor(`[data-testid="${testid}"]`);
    await this.execute(`document.querySelector('[data-testid="' + arguments[0] + '"]').click();`, [testid]);
  }

  /** Waits for the element `css` and clicks it (scrolled into view, as a person would). */
  async click(css, timeoutMs = 30_000) {
    const [el] = await this.waitFor(css, timeoutMs);
    await el.click();
  }

  /**
   * From the welcome screen: joins the server at `url` as `login` and waits until the first
   * sync is over (the indicator says so).
   */
  async join(url, login, password) {
    await this.waitFor('[data-testid="welcome"]', 60_000);
    await this.fill("join-url", url);
    await this.fill("join-login", login);
    await this.fill("join-password", password);
    await this.click('[data-testid="join-submit"]');
    await this.waitUntil(
      async () => (await this.text('[data-testid="sync-indicator"]')).includes("Sincronizado"),
      "the synced indicator",
      60_000,
    );
  }

  /** Clears the field `[data-testid=testid]` and types `value` into it (nothing: left empty). */
  async fill(testid, value) {
    const [el] = await this.waitFor(`[data-testid="${testid}"]`);
    await this.execute("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", [{ [ELEMENT]: el.id }]);
    if (value) await el.type(value);
  }

  /**
   * Attaches a camera-sized photo (4000×3000 pixels, a JPEG picked as a file) on the order
   * page's photo form with `caption`; `hue` tells one photo from another.
   */
  async attachCameraPhoto(caption, hue) {
    await this.execute(`
      const c = document.createElement("canvas");
      c.width = 4000; c.height = 3000;
      const g = c.getContext("2d");
      const grad = g.createLinearGradient(0, 0, 4000, 3000);
      grad.addColorStop(0, "hsl(" + arguments[0] + ", 70%, 45%)");
      grad.addColorStop(1, "hsl(" + (arguments[0] + 90) + ", 60%, 70%)");
      g.fillStyle = grad; g.fillRect(0, 0, 4000, 3000);
      for (let i = 0; i < 400; i++) { g.fillStyle = "rgba(0,0,0,0.2)"; g.fillRect((i * 97) % 4000, (i * 61) % 3000, 40, 40); }
      c.toBlob((blob) => {
        const dt = new DataTransfer();
        dt.items.add(new File([blob], "IMG_0001.jpg", { type: "image/jpeg" }));
        const input = document.querySelector('[data-testid="photo-file"]');
        input.files = dt.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }, "image/jpeg", 0.95);`, [hue]);
    const [field] = await this.waitFor('[data-testid="photo-caption"]');
    await field.type(caption);
    await this.press("photo-save");
    await this.waitUntil(
      async () => !(await this.execute(`return !!document.querySelector('[data-testid="photo-form"]');`)),
      `the photo "${caption}" attached`,
      60_000,
    );
  }

  async end() {
    await call("DELETE", this.path(""), undefined, 10_000).catch(() => {});
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  path(p) {
    return this.session.path(`/element/${this.id}${p}`);
  }

  text() {
    return call("GET", this.path("/text"));
  }

  attr(name) {
    return call("GET", this.path(`/attribute/${name}`));
  }

  click() {
    return call("POST", this.path("/click"), {});
  }

  type(text) {
    return call("POST", this.path("/value"), { text });
  }
}

/**
 * Set when a step failed because the WebDriver session itself was gone ("invalid session id":
 * the web view or its driver stopped under the test, not an answer of the app's): `finish`
 * then exits with LOST_SESSION so that `again.mjs` may run the suite once more.
 */
let sessionLost = false;
export const LOST_SESSION = 75;

/** Runs named steps in order, prints a summary line, exits non-zero on failure. */
export async function runSteps(steps, { onFailure } = {}) {
  let passed = 0;
  let failed = 0;
  for (const [name, fn] of steps) {
    const started = Date.now();
    try {
      await fn();
      passed += 1;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${name}\n     ${e.stack ?? e}`);
      if (/invalid session id/.test(String(e?.message ?? e))) {
        sessionLost = true;
        console.log("     the WebDriver session was lost (the web view or its driver stopped)");
      }
      if (onFailure) await onFailure(name).catch(() => {});
      break; // later steps depend on earlier ones
    }
  }
  const skipped = steps.length - passed - failed;
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  return failed === 0 && skipped === 0;
}

/** Where every suite's screenshots go (look at them). */
export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), "screenshots");

/**
 * The harness every suite runs in: checks the binaries named on the command line, gives up
 * after `watchdogMs` (without a display WebKit hangs instead of failing: a hung run must fail,
 * never stall CI), makes a data folder of the suite's own, starts tauri-driver over it (with
 * `env` added), and returns what the steps need plus `finish`, which ends the session, stops
 * the driver, removes the folder and exits with the result.
 */
export async function harness({ name, usage = ["campo binary"], watchdogMs = 240_000, env: extra = {} }) {
  const argv = process.argv.slice(2);
  if (argv.length < usage.length || argv.slice(0, usage.length).some((p) => !existsSync(p))) {
    console.error(`usage: node ${name}.mjs ${usage.map((u) => `<${u}>`).join(" ")} (got ${argv.join(" ")})`);
    process.exit(2);
  }
  mkdirSync(SHOTS, { recursive: true });
  const watchdog = setTimeout(() => {
    console.error(`e2e ${name}: gave up after ${watchdogMs / 1000} s`);
    process.exit(1);
  }, watchdogMs);
  const { root, env } = freshDataDir(`campo-e2e-${name}-`);
  let driver = await startDriver({ ...env, ...extra });
  const roots = [root];
  const cleanups = [];
  return {
    app: argv[0],
    argv,
    root,
    env,
    /** `file` in the screenshots folder. */
    shot: (file) => join(SHOTS, file),
    /** For runSteps: a screenshot of the screen a step failed on. */
    onFailure: (session) => (step) =>
      session()?.screenshot(join(SHOTS, `failure-${name}-${step.replace(/\W+/g, "-")}.png`)),
    /** Runs when the suite ends, before the data folder is removed (a server to stop …). */
    atEnd: (fn) => cleanups.push(fn),
    /**
     * Another computer: the driver starts again over a fresh data folder of its own (end the
     * session first). Returns that folder's environment.
     */
    async anotherDevice() {
      driver.kill("SIGTERM");
      await new Promise((r) => driver.once("exit", r));
      const fresh = freshDataDir(`campo-e2e-${name}-`);
      roots.push(fresh.root);
      driver = await startDriver({ ...fresh.env, ...extra });
      return fresh.env;
    },
    async finish(ok, session) {
      await session?.end();
      driver.kill("SIGTERM");
      await new Promise((r) => driver.once("exit", r));
      for (const fn of cleanups) await Promise.resolve(fn()).catch(() => {});
      clearTimeout(watchdog);
      // The app's last writers (WebKit caches) may still be closing: cleaning up is best effort.
      for (const dir of roots) {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
        } catch (e) {
          console.error(`could not remove ${dir}: ${e.message}`);
        }
      }
      process.exit(ok ? 0 : sessionLost ? LOST_SESSION : 1);
    },
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * `startServer`'s `init` for a provider in Recife: Conecta Recife, its head office as the
 * base, Ana Prado (login `ana`) its administrator, serving `municipalities` (IBGE codes;
 * Recife alone unless told).
 */
export function recifeProvider(municipalities = ["2611606"]) {
  return [
    "--name", "Conecta Recife",
    "--cnpj", "11.222.333/0001-81",
    ...municipalities.flatMap((code) => ["--municipality", code]),
    "--base", "Sede,-8.0476,-34.8770",
    "--admin-login", "ana",
    "--admin-name", "Ana Prado",
  ];
}

/**
 * A real campo-server (`bin`) on a free loopback port over a folder of its own, with `users`
 * (`[login, name, role]`, all with `password`) added through its command line first — after
 * `campo-server init` with `init` (its arguments) when given. Returns its address, `pause` and
 * `resume` (the server goes away and comes back on the same address and data) and `stop`,
 * which ends it and removes the folder.
 */
export async function startServer(bin, users, password, { init, serveArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "campo-e2e-server-"));
  if (init) {
    const made = spawnSync(bin, ["--data-dir", dir, "init", ...init], {
      env: { ...process.env, CAMPO_PASSWORD: password },
      encoding: "utf8",
    });
    if (made.status !== 0) throw new Error(`campo-server init: ${made.stderr}`);
  }
  for (const [login, name, role] of users) {
    const add = spawnSync(bin, ["--data-dir", dir, "user", "add", "--login", login, "--name", name, "--role", role], {
      env: { ...process.env, CAMPO_PASSWORD: password },
      encoding: "utf8",
    });
    if (add.status !== 0) throw new Error(`campo-server user add ${login}: ${add.stderr}`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server = null;
  const serve = async () => {
    server = spawn(bin, ["--data-dir", dir, "serve", "--bind", `127.0.0.1:${port}`, ...serveArgs], { stdio: ["ignore", "ignore", "inherit"] });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        await sleep(100);
      }
    }
  };
  const halt = async () => {
    if (!server) return;
    const ended = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await Promise.race([ended, sleep(5_000)]);
    server = null;
  };
  await serve();
  return {
    url,
    dir,
    /** Stops serving (the device sees an unreachable server); the data stays. */
    pause: halt,
    /** Serves again on the same address and data. */
    resume: serve,
    stop() {
      server?.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
