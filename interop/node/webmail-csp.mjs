// The content policy in a real browser: an injected inline script, inline event handler and
// inline style do not take effect and each raises a securitypolicyviolation event; every script
// and style the page loads carries an integrity attribute that matches the bytes served; and a
// script whose bytes differ from its integrity is not run.
import { launch, openWebmail, report, main, baseUrl } from "./browser.mjs";

await main(async () => {
  const { context, close } = await launch();
  try {
    const { page, response } = await openWebmail(context);
    const csp = response.headers()["content-security-policy"];
    const integrity = await page.evaluate(async () => {
      const elements = [...document.querySelectorAll("script, link[rel=stylesheet]")];
      const checked = [];
      for (const element of elements) {
        const url = element.src || element.href;
        const bytes = await (await fetch(url)).arrayBuffer();
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-384", bytes));
        const computed = "sha384-" + btoa(String.fromCharCode(...digest));
        checked.push({ url, integrity: element.integrity, crossOrigin: element.crossOrigin,
          matches: element.integrity === computed });
      }
      return checked;
    });
    const injected = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener("securitypolicyviolation",
        (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }));
      const script = document.createElement("script");
      script.textContent = "window.inlineScriptRan = true;";
      document.head.append(script);
      const handler = document.createElement("div");
      handler.setAttribute("onclick", "window.inlineHandlerRan = true;");
      document.body.append(handler);
      handler.click();
      const style = document.createElement("style");
      style.textContent = "body { background-color: rgb(1, 2, 3) !important; }";
      document.head.append(style);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return {
        inlineScriptRan: window.inlineScriptRan === true,
        inlineHandlerRan: window.inlineHandlerRan === true,
        inlineStyleApplied: getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)",
        violations,
      };
    });
    const ownScriptsRan = await page.evaluate(() => typeof hashwasm === "object" && !document.getElementById("login").hidden);

    // The same page, with app.js's bytes changed on the way: the browser must not run it.
    const tampered = await context.newPage();
    const blocked = [];
    tampered.on("console", (message) => { if (message.type() === "error") blocked.push(message.text()); });
    const appJs = await page.evaluate(async () => (await fetch(document.querySelector("script[src*=app]").src)).text());
    await tampered.route("**/assets/*/app.js", (route) => route.fulfill({
      status: 200, contentType: "text/javascript; charset=utf-8", body: appJs + "\n// changed in transit\n",
    }));
    await tampered.goto(baseUrl + "/");
    await tampered.waitForTimeout(1500);
    const tamperedRan = await tampered.evaluate(() => document.body.dataset.ready === "true");

    report({ csp, injected, integrity, ownScriptsRan, tamperedRan, tamperedErrors: blocked });
  } finally {
    await close();
  }
});
