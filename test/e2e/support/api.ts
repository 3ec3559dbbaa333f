import { randomUUID } from "node:crypto";
import { inject } from "vitest";

/** The queue every fifoq deployment of this repository has (fifoq.config.ts). */
export const QUEUE = "orders";

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body, `undefined` when the body is empty. */
  readonly body: unknown;
}

/**
 * One request to the stack under test; JSON in and out. It sends the producer key, or the operator key with
 * `as: "operator"`, or `apiKey` (none with `null`).
 */
export const call = async (
  method: string,
  path: string,
  options: {
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    apiKey?: string | null;
    as?: "producer" | "operator";
  } = {},
): Promise<ApiResponse> => {
  const keyOfRole = options.as === "operator" ? inject("e2eOperatorKey") : inject("e2eApiKey");
  const apiKey = options.apiKey === undefined ? keyOfRole : options.apiKey;
  const headers: Record<string, string> = {
    ...(apiKey !== null ? { "x-api-key": apiKey } : {}),
    ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
    ...options.headers,
  };
  const body = options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  const response = await fetch(`${inject("e2eUrl")}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
};

/** A request with the operator key: the dead-letter routes take no other. */
export const operatorCall = (method: string, path: string, options: Parameters<typeof call>[2] = {}) =>
  call(method, path, { ...options, as: "operator" });

/** A valid `orders` message in a group of its own, so runs and tests never share ordering. */
export const order = (amount = 42) => {
  const id = randomUUID();
  return { body: { orderId: `e2e-${id}`, amount }, groupId: `e2e-${id}`, dedupId: `e2e-${id}` };
};

export interface QueueSummary {
  readonly name: string;
  readonly depth: number;
  readonly inFlight: number;
  readonly deadLetters: number;
}

export const queueSummary = async (name: string = QUEUE): Promise<QueueSummary | undefined> => {
  const response = await call("GET", "/queues");
  const queues = (response.body as { queues?: QueueSummary[] } | undefined)?.queues ?? [];
  return queues.find((queue) => queue.name === name);
};
