import { nestsDeeperThan, WIRE_LIMITS } from "../../contract/index.js";

/** Far above any answer of the API (its bodies nest at most 100 levels), far below a JSON.stringify overflow. */
const MAX_RESPONSE_DEPTH = 1_000;

import {
  apiError,
  type ErrorDetail,
  type FifoqApiError,
  FifoqClientError,
  FifoqRedirectError,
  FifoqResponseTooLargeError,
} from "./errors.js";
import { escapeText } from "./escape-text.js";
import { parseRetryAfter } from "./retry.js";

/** The longest answer the client reads unless `maxResponseBytes` says otherwise: 16 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Bounds on what an error answer may put into a `FifoqApiError` (the contract lists at most 20 details). */
const MAX_CODE = 128;
const MAX_MESSAGE = 4_000;
const MAX_LOCATION = 300;

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A 3xx (or a browser's opaque redirect) is refused, naming where it pointed; nothing follows it. */
export const refuseRedirect = (response: Response, method: string, url: string): void => {
  const opaque = response.type === "opaqueredirect";
  if (!opaque && (response.status < 300 || response.status > 399)) return;
  const raw = opaque ? null : response.headers.get("location");
  const location = raw === null ? undefined : escapeText(raw, MAX_LOCATION);
  response.body?.cancel().catch(() => undefined);
  const where = opaque
    ? "elsewhere (the browser hides where)"
    : location
      ? `to "${location}"`
      : "(no Location)";
  throw new FifoqRedirectError(
    `${method} ${url} answered with a redirect${opaque ? "" : ` (HTTP ${response.status})`} ${where}: refused, fifoq never follows a redirect (it would send the key, and the body, to another address). Use the API's own URL (the stack's ApiUrl, or what npm start prints).`,
    { status: response.status, location },
  );
};

/**
 * The answer's text, read chunk by chunk and abandoned (`stop()`, then a `FifoqResponseTooLargeError`) as
 * soon as it passes `maxBytes`; a `Content-Length` above it is refused before reading.
 */
export const readBounded = async (
  response: Response,
  maxBytes: number,
  stop: () => void,
): Promise<string> => {
  const tooLarge = (seen: string) => {
    stop();
    return new FifoqResponseTooLargeError(
      `the answer (HTTP ${response.status}) is larger than maxResponseBytes (${maxBytes} bytes; ${seen}): not read further`,
      maxBytes,
    );
  };
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(`Content-Length ${declared}`);
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.byteLength;
    if (bytes > maxBytes) {
      reader.cancel().catch(() => undefined);
      throw tooLarge(`more than that arrived`);
    }
    parts.push(decoder.decode(chunk.value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join("");
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const readDetails = (value: unknown): ErrorDetail[] | undefined =>
  Array.isArray(value)
    ? value
        .filter((detail): detail is ErrorDetail => typeof detail?.message === "string")
        .slice(0, WIRE_LIMITS.maxErrorDetails)
        .map((detail) => ({ ...detail, message: cut(detail.message, MAX_MESSAGE) }))
    : undefined;

/** An error answer → the error class of its code; a body that is not the contract's shape is described. */
export const toApiError = (response: Response, text: string, now: number): FifoqApiError => {
  const parsed = parseJson(text);
  const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } })?.error;
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), now);
  return apiError({
    status: response.status,
    code: typeof error?.code === "string" ? cut(error.code, MAX_CODE) : `HTTP_${response.status}`,
    message:
      typeof error?.message === "string"
        ? cut(error.message, MAX_MESSAGE)
        : `HTTP ${response.status}: ${cut(text, 300) || response.statusText}`,
    details: readDetails(error?.details),
    retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
    requestId: response.headers.get("x-amzn-requestid") ?? undefined,
  });
};

/** A success answer's JSON (`undefined` when empty); not JSON, or nested past any real answer, is refused. */
export const parseSuccess = <T>(response: Response, text: string): T => {
  if (text === "") return undefined as T;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new FifoqClientError("INVALID_RESPONSE", `HTTP ${response.status} with a body that is not JSON`, {
      cause,
    });
  }
  if (nestsDeeperThan(value, MAX_RESPONSE_DEPTH)) {
    throw new FifoqClientError(
      "INVALID_RESPONSE",
      `HTTP ${response.status} with JSON nested deeper than ${MAX_RESPONSE_DEPTH} levels`,
    );
  }
  return value as T;
};
