import type { HttpResponse } from "./types";

/** A JSON response; the API edge serializes `body` and sets the JSON content type. */
export const jsonResponse = (
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): HttpResponse => ({ status, body, ...(headers ? { headers } : {}) });
