// Coffer's first webmail page: the zero-knowledge login of docs/api.md and the security keys.
// The password never leaves the browser: it is stretched with Argon2id (hash-wasm) and only
// authKey = HKDF-SHA256(master, info "coffer auth") is sent (DESIGN §4).
"use strict";

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();
let csrfToken = null;
let pendingLogin = null;
let keyRequestOptions = null;

class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || "The server refused the request.");
    this.problem = problem;
    this.kind = String(problem.type || "").split(":").pop();
  }
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (csrfToken && method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const answer = await response.json().catch(() => ({ title: response.statusText }));
  if (!response.ok) throw new ApiError(answer);
  return answer;
}

function base64(bytes) {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function unbase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** DESIGN §4: master = Argon2id(password, salt, m, t, p); authKey = HKDF-SHA256(master, "", "coffer auth", 32). */
async function deriveAuthKey(password, prelogin) {
  const kdf = prelogin.kdf;
  if (kdf.alg !== "argon2id") throw new Error("This server asks for an unknown key derivation: " + kdf.alg);
  const master = await hashwasm.argon2id({
    password: encoder.encode(password), salt: unbase64(prelogin.salt),
    memorySize: kdf.m, iterations: kdf.t, parallelism: kdf.p, hashLength: 32, outputType: "binary",
  });
  const ikm = await crypto.subtle.importKey("raw", master, "HKDF", false, ["deriveBits"]);
  master.fill(0);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("coffer auth") }, ikm, 256);
  return base64(bits);
}

function show(...sections) {
  for (const id of ["login", "second-factor", "account"]) $(id).hidden = !sections.includes(id);
}

function status(text, info) {
  $("status").textContent = text || "";
  $("status").className = info ? "info" : "";
}

async function logIn(event) {
  event.preventDefault();
  const address = $("address").value.trim();
  const password = $("password").value;
  $("login-submit").disabled = true;
  try {
    status("Deriving your key…", true);
    const prelogin = await api("POST", "/api/auth/prelogin", { address });
    pendingLogin = { address, authKey: await deriveAuthKey(password, prelogin) };
    $("password").value = "";
    await finishLogin({});
  } catch (error) {
    status(error.message);
  } finally {
    $("login-submit").disabled = false;
  }
}

async function finishLogin(secondFactor) {
  try {
    const session = await api("POST", "/api/auth/login", { ...pendingLogin, ...secondFactor });
    pendingLogin = null;
    csrfToken = session.csrfToken;
    status("");
    await showAccount();
  } catch (error) {
    if (error.kind !== "second-factor-required") {
      if (error.kind === "invalid-credentials" || error.kind === "too-many-attempts") {
        pendingLogin = null;
        show("login");
      }
      throw error;
    }
    askSecondFactor(error.problem, Object.keys(secondFactor).length > 0);
  }
}

function askSecondFactor(problem, retry) {
  $("totp-factor").hidden = !problem.totp;
  $("key-factor").hidden = !problem.webauthn;
  keyRequestOptions = problem.webauthn || null;
  show("second-factor");
  status(retry ? "That second factor was not accepted; try again." : "Your account asks for a second factor.", !retry);
}

async function submitTotp(event) {
  event.preventDefault();
  try {
    await finishLogin({ totp: $("totp").value.trim() });
  } catch (error) {
    status(error.message);
  }
}

async function useSecurityKey() {
  try {
    const options = PublicKeyCredential.parseRequestOptionsFromJSON(keyRequestOptions);
    const credential = await navigator.credentials.get({ publicKey: options });
    await finishLogin({ webauthn: credential.toJSON() });
  } catch (error) {
    status(error.message);
  }
}

async function showAccount() {
  const account = await api("GET", "/api/account");
  csrfToken = account.csrfToken;
  $("account-address").textContent = account.address;
  const list = $("security-keys");
  list.replaceChildren();
  for (const key of account.securityKeys) {
    const item = document.createElement("li");
    item.dataset.name = key.name;
    const used = key.lastUsedAt ? ", last used " + key.lastUsedAt : ", never used";
    item.append(key.name + " (added " + key.createdAt + used + ")");
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Remove";
    remove.addEventListener("click", () => removeSecurityKey(key.name));
    item.append(remove);
    list.append(item);
  }
  if (account.securityKeys.length === 0) {
    const none = document.createElement("li");
    none.textContent = "No security key yet.";
    list.append(none);
  }
  show("account");
}

async function addSecurityKey(event) {
  event.preventDefault();
  const name = $("security-key-name").value.trim();
  try {
    const options = await api("POST", "/api/account/security-keys/options", {});
    const credential = await navigator.credentials.create(
      { publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
    await api("POST", "/api/account/security-keys", { name, credential: credential.toJSON() });
    $("security-key-name").value = "";
    status("Security key “" + name + "” registered.", true);
    await showAccount();
  } catch (error) {
    status(error.message);
  }
}

async function removeSecurityKey(name) {
  try {
    await api("DELETE", "/api/account/security-keys/" + encodeURIComponent(name));
    status("Security key “" + name + "” removed.", true);
    await showAccount();
  } catch (error) {
    status(error.message);
  }
}

async function logOut() {
  try {
    await api("POST", "/api/auth/logout", {});
  } finally {
    csrfToken = null;
    status("Logged out.", true);
    show("login");
  }
}

async function start() {
  $("login").addEventListener("submit", logIn);
  $("second-factor").addEventListener("submit", submitTotp);
  $("use-security-key").addEventListener("click", useSecurityKey);
  $("add-security-key").addEventListener("submit", addSecurityKey);
  $("logout").addEventListener("click", logOut);
  try {
    await showAccount();
  } catch (error) {
    if (!(error instanceof ApiError)) status(error.message);
    show("login");
  }
  document.body.dataset.ready = "true";
}

start();
