// Launches Debian's Chromium for the webmail tests: a fresh profile, no network but loopback,
// the test's host names mapped to 127.0.0.1. Trust in the test CA comes from the NSS database
// under $HOME/.pki/nssdb that the Python test made with certutil: no certificate error is ignored
// (Chromium refuses WebAuthn on a page with a certificate error).
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const baseUrl = process.env.COFFER_URL;
export const address = process.env.COFFER_ADDRESS;
export const password = process.env.COFFER_PASSWORD;

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "coffer-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    timeout: 60_000,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
      // Every name the test uses is this machine; anything else does not resolve.
      "--host-resolver-rules=" + process.env.COFFER_HOST_RULES + ", MAP * ~NOTFOUND",
    ],
  });
  context.setDefaultTimeout(30_000);
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

export async function openWebmail(context, url = baseUrl) {
  const page = context.pages()[0] || await context.newPage();
  const response = await page.goto(url + "/");
  await page.waitForSelector("body[data-ready=true]", { state: "attached" });
  return { page, response };
}

/** Types the address and password into the login form and waits for the next step. */
export async function logIn(page, next = "#account") {
  await page.fill("#address", address);
  await page.fill("#password", password);
  await page.click("#login-submit");
  await page.waitForSelector(next, { state: "visible", timeout: 60_000 });
}

export function report(result) {
  process.stdout.write(JSON.stringify(result) + "\n");
}

export async function main(run) {
  try {
    await run();
  } catch (error) {
    process.stderr.write((error && error.stack) || String(error));
    process.exit(1);
  }
}
