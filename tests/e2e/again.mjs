// Runs one e2e suite (`node again.mjs <suite.mjs> <its arguments…>`) and, only when it failed
// because the WebDriver session was lost under it (exit LOST_SESSION: WebKit's web view or
// driver stopped, which happens rarely on a loaded machine and says nothing of the app), once
// more from the start. Any other failure, or a second lost session, fails as it is.
import { spawnSync } from "node:child_process";
import { LOST_SESSION } from "./webdriver.mjs";

const [suite, ...args] = process.argv.slice(2);
const run = () => spawnSync(process.execPath, [suite, ...args], { stdio: "inherit" }).status ?? 1;
let status = run();
if (status === LOST_SESSION) {
  console.log(`${suite}: the WebDriver session was lost; running the suite once more`);
  status = run();
}
process.exit(status);
