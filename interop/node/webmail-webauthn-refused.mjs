// What the server refuses: assertions signed with the virtual authenticators' own private keys
// (read over the DevTools protocol), made exactly as an authenticator makes them, for a wrong
// origin and for a key the user removed on the security-keys page. The same construction for the
// right origin and a registered key is accepted, so the refusals are the server's checks at work.
import { createHash, createPrivateKey, sign } from "node:crypto";
import { launch, openWebmail, logIn, report, main, address, password, baseUrl } from "./browser.mjs";
import { addAuthenticator } from "./virtual-authenticator.mjs";

const base64url = (bytes) => Buffer.from(bytes).toString("base64url");
const sha256 = (bytes) => createHash("sha256").update(bytes).digest();
let counter = 1000;

/** An assertion (credential.toJSON() of a PublicKeyCredential) for the challenge, signed with the credential's key. */
function assertion(credential, challenge, origin) {
  const clientData = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin, crossOrigin: false }));
  const signCount = Buffer.alloc(4);
  signCount.writeUInt32BE(++counter);
  // WebAuthn §6.1: rpIdHash, flags (UP | UV), signCount.
  const authenticatorData = Buffer.concat([sha256(credential.rpId), Buffer.from([0x05]), signCount]);
  const key = createPrivateKey({ key: Buffer.from(credential.privateKey, "base64"), format: "der", type: "pkcs8" });
  const signature = sign("sha256", Buffer.concat([authenticatorData, sha256(clientData)]), key);
  const id = base64url(Buffer.from(credential.credentialId, "base64"));
  return {
    id, rawId: id, type: "public-key", authenticatorAttachment: "platform", clientExtensionResults: {},
    response: {
      clientDataJSON: base64url(clientData), authenticatorData: base64url(authenticatorData),
      signature: base64url(signature), userHandle: credential.userHandle ? base64url(Buffer.from(credential.userHandle, "base64")) : undefined,
    },
  };
}

async function register(page, name) {
  await page.fill("#security-key-name", name);
  await page.click("#add-security-key-submit");
  await page.waitForSelector(`#security-keys li[data-name="${name}"]`);
}

/** Logs in from the page with the password, answering the second factor with an assertion made by `answer`. */
async function tryLogin(page, answer) {
  const first = await page.evaluate(async ([address, password]) => {
    if (!window.testAuthKey) {
      const prelogin = await (await fetch("/api/auth/prelogin", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ address }),
      })).json();
      window.testAuthKey = await deriveAuthKey(password, prelogin);
    }
    const response = await fetch("/api/auth/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ address, authKey: window.testAuthKey }),
    });
    return { status: response.status, body: await response.json() };
  }, [address, password]);
  if (first.status !== 401 || !first.body.webauthn) throw new Error("no security key asked: " + JSON.stringify(first));
  const webauthn = answer(first.body.webauthn.challenge);
  return page.evaluate(async ([address, webauthn]) => {
    const response = await fetch("/api/auth/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ address, authKey: window.testAuthKey, webauthn }),
    });
    const body = await response.json();
    return { status: response.status, kind: String(body.type || "").split(":").pop() };
  }, [address, webauthn]);
}

await main(async () => {
  const { context, close } = await launch();
  try {
    const { page } = await openWebmail(context);
    const first = await addAuthenticator(context, page);
    await logIn(page);
    await register(page, "removed key");
    const [removedCredential] = await first.credentials();
    await first.remove();
    const second = await addAuthenticator(context, page);
    await register(page, "kept key");
    const [keptCredential] = await second.credentials();
    await page.click('#security-keys li[data-name="removed key"] button');
    await page.waitForSelector('#security-keys li[data-name="removed key"]', { state: "detached" });
    await page.click("#logout");
    await page.waitForSelector("#login", { state: "visible" });

    const wrongOrigin = await tryLogin(page, (challenge) =>
      assertion(keptCredential, challenge, "https://evil.example:" + new URL(baseUrl).port));
    const removedKey = await tryLogin(page, (challenge) => assertion(removedCredential, challenge, baseUrl));
    const rightOriginKeptKey = await tryLogin(page, (challenge) => assertion(keptCredential, challenge, baseUrl));

    report({ wrongOrigin, removedKey, rightOriginKeptKey, rpId: keptCredential.rpId });
  } finally {
    await close();
  }
});
