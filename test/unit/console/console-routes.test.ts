import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildConsoleAssets } from "../../../console/build";
import { CONSOLE_ASSETS } from "../../../functions/api/console-assets";
import { createApiHandler } from "../../../functions/api/create-api-handler";
import { apiEvent } from "../../factories/api-gateway";
import { offlineApiDeps } from "../../support/offline-api-deps";

// The console's routes touch neither SQS nor DynamoDB, and need no queue.
const handler = createApiHandler(offlineApiDeps({ queues: {} }));

/** The console's files are routes of the API function, reached through `/console` and `/console/{file}`. */
const get = (path: string) => handler(apiEvent({ path, headers: { "x-api-key": "" } }));

describe("web console routes", () => {
  it("serves the page as HTML with a CSP that allows no inline script, other origins or framing", async () => {
    const response = await get("/console");

    expect(response.statusCode).toBe(200);
    expect(response.headers?.["Content-Type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toContain('<script src="console/app.js" defer></script>');
    expect(response.body).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const csp = String(response.headers?.["Content-Security-Policy"]);
    expect(csp.split("; ")).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "require-trusted-types-for 'script'",
      ]),
    );
    expect(csp).not.toContain("unsafe");
    expect(response.headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
    });
  });

  it("serves the script and the style as files of their own, with the same headers", async () => {
    const script = await get("/console/app.js");
    const style = await get("/console/app.css");

    expect(script).toMatchObject({
      statusCode: 200,
      headers: { "Content-Type": "text/javascript; charset=utf-8" },
    });
    expect(style).toMatchObject({ statusCode: 200, headers: { "Content-Type": "text/css; charset=utf-8" } });
    expect(script.headers?.["Content-Security-Policy"]).toBeDefined();
    expect(script.body).toBe(CONSOLE_ASSETS["app.js"]?.text);
  });

  it("answers an unknown file with 404 NOT_FOUND and redirects /console/ to /console", async () => {
    const unknown = await get("/console/index.html");
    const slash = await get("/console/");

    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(slash).toMatchObject({ statusCode: 308, headers: { Location: "../console" } });
  });

  it("script never writes HTML: no innerHTML, outerHTML, insertAdjacentHTML or document.write", () => {
    const script = CONSOLE_ASSETS["app.js"]?.text ?? "";

    expect(script.length).toBeGreaterThan(1000);
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it("is built from console/ as committed (run npm run build:console after changing it)", async () => {
    const fresh = await buildConsoleAssets();

    const digest = (text = "") => createHash("sha256").update(text).digest("hex");

    expect(Object.keys(CONSOLE_ASSETS).sort()).toEqual(Object.keys(fresh).sort());
    for (const [name, asset] of Object.entries(fresh)) {
      const committed = CONSOLE_ASSETS[name];
      expect(committed?.contentType, name).toBe(asset.contentType);
      expect(digest(committed?.text), `${name} is stale: run npm run build:console`).toBe(digest(asset.text));
    }
  });
});
