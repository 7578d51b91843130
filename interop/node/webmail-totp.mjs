// The authenticator-app second factor through the page: TOTP is turned on over the API from the
// logged-in page, then the next login through the form asks for a code, typed into the page.
import { createHmac } from "node:crypto";
import { launch, openWebmail, logIn, report, main } from "./browser.mjs";

function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  return Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
}

/** RFC 6238 with SHA-1, 6 digits, 30-second steps; RFC 4226 §5.3 dynamic truncation. */
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = mac[19] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

await main(async () => {
  const { context, close } = await launch();
  try {
    const { page } = await openWebmail(context);
    await logIn(page);
    const step = Math.floor(Date.now() / 30_000);
    const enrolled = await page.evaluate(async () => {
      const csrf = (await (await fetch("/api/account")).json()).csrfToken;
      const post = (path, body) => fetch(path, {
        method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: JSON.stringify(body),
      });
      const { secret } = await (await post("/api/account/totp", {})).json();
      return { secret };
    });
    const confirmed = await page.evaluate(async (code) => {
      const csrf = (await (await fetch("/api/account")).json()).csrfToken;
      const response = await fetch("/api/account/totp/confirm", {
        method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ code }),
      });
      return response.status;
    }, totp(enrolled.secret, step));

    await page.click("#logout");
    await page.waitForSelector("#login", { state: "visible" });
    await logIn(page, "#second-factor");
    const codeAsked = await page.isVisible("#totp");
    const keyOffered = await page.isVisible("#use-security-key");
    const valid = [-1, 0, 1, 2].map((offset) => totp(enrolled.secret, step + offset));
    const wrong = ["000000", "111111", "222222", "333333", "444444"].find((code) => !valid.includes(code));
    await page.fill("#totp", wrong);
    await page.click("#totp-submit");
    await page.waitForFunction(() => document.getElementById("status").textContent.includes("not accepted"));
    const wrongCodeStatus = await page.textContent("#status");
    // One step ahead: a code already used (at confirmation) is never accepted again.
    await page.fill("#totp", totp(enrolled.secret, step + 1));
    await page.click("#totp-submit");
    await page.waitForSelector("#account", { state: "visible" });
    const address = await page.textContent("#account-address");

    report({ confirmed, codeAsked, keyOffered, wrongCodeStatus, address });
  } finally {
    await close();
  }
});
