import { API_ROUTES } from "../../contract";
import { NotFoundError } from "../core/http/errors";
import { pathParam } from "../core/http/params";
import { plainRoute } from "../core/http/route";
import type { HttpResponse, Route } from "../core/http/types";
import { CONSOLE_ASSETS } from "./console-assets";

/**
 * The console's Content-Security-Policy: its own script and style files only (no inline script), API calls
 * to its own origin, no framing, and Trusted Types so that no string can reach an HTML sink.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONSOLE_CSP,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cache-Control": "no-cache",
};

/** The files under `/console/`; the page itself is `/console` (its relative links resolve from there). */
const FILES: readonly string[] = ["app.js", "app.css"];

const serve = (name: string): HttpResponse => {
  const asset = Object.hasOwn(CONSOLE_ASSETS, name) ? CONSOLE_ASSETS[name] : undefined;
  if (!asset) throw new Error(`console asset ${name} is missing; run npm run build:console`);
  return {
    status: 200,
    headers: { "Content-Type": asset.contentType, ...SECURITY_HEADERS },
    text: asset.text,
  };
};

/**
 * `GET /console` (the page) and `GET /console/{file}` (its script and style). They need no key, in the
 * cloud (`apiKeyRequired: false` on these methods) and locally: the page asks for one and sends it with
 * each API call. `/console/` redirects to `/console`, so the page's relative links always resolve.
 */
export const consoleRoutes = (): Route[] => [
  plainRoute(API_ROUTES.console, async () => serve("index.html")),
  // Declared with its trailing slash: the router matches a trailing slash only where a route declares one.
  plainRoute(API_ROUTES.consoleSlash, async () => ({ status: 308, headers: { Location: "../console" } })),
  plainRoute(API_ROUTES.consoleFile, async (request) => {
    const file = pathParam(request, "file");
    if (!FILES.includes(file)) throw new NotFoundError(`the console has no file "${file}"; open /console`);
    return serve(file);
  }),
];
