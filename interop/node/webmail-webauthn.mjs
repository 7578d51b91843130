// A security key through the webmail page with Chromium's virtual authenticator (CTAP2, internal
// transport, resident keys, user verification): log in with the password typed into the form,
// register the key on the security-keys page, log out, log in again and pass the second factor.
import { launch, openWebmail, logIn, report, main, password } from "./browser.mjs";
import { addAuthenticator } from "./virtual-authenticator.mjs";

await main(async () => {
  const { context, close } = await launch();
  try {
    const { page } = await openWebmail(context);
    const sent = [];
    page.on("request", (request) => sent.push({ url: request.url(), headers: JSON.stringify(request.headers()),
      body: request.postData() || "" }));
    const authenticator = await addAuthenticator(context, page);

    const started = Date.now();
    await logIn(page);
    const loginMillis = Date.now() - started;
    const keysBefore = await page.locator("#security-keys li[data-name]").count();
    await page.fill("#security-key-name", "virtual key");
    await page.click("#add-security-key-submit");
    await page.waitForSelector('#security-keys li[data-name="virtual key"]');
    const credentials = await authenticator.credentials();

    await page.click("#logout");
    await page.waitForSelector("#login", { state: "visible" });
    const afterLogout = await page.evaluate(async () => (await fetch("/api/account")).status);
    await logIn(page, "#second-factor");
    const keyOffered = await page.isVisible("#use-security-key");
    await page.click("#use-security-key");
    await page.waitForSelector("#account", { state: "visible" });
    const listed = await page.textContent('#security-keys li[data-name="virtual key"]');
    const after = await authenticator.credentials();
    const account = await page.evaluate(async () => (await fetch("/api/account")).json());

    const logins = sent.filter((r) => r.url.endsWith("/api/auth/login")).map((r) => JSON.parse(r.body));
    report({
      passwordSent: sent.some((r) => (r.body + r.headers + r.url).includes(password)),
      loginFields: logins.map((body) => Object.keys(body).sort().join(",")),
      authKeyLengths: logins.map((body) => Buffer.from(body.authKey, "base64").length),
      loginMillis, afterLogout, keysBefore, keyOffered, listed,
      registered: credentials.map((c) => ({ rpId: c.rpId, resident: c.isResidentCredential, signCount: c.signCount })),
      signCountAfterLogin: after.map((c) => c.signCount),
      account: { address: account.address, keys: account.securityKeys.map((k) => k.name) },
    });
  } finally {
    await close();
  }
});
