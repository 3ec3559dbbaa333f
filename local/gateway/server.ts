import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { isKeylessRequest } from "../../functions/api/keyless-routes";
import type { Logger } from "../../functions/core/logging/logger";
import { GatewayBodyTooLargeError, GatewayListenError } from "../errors";
import { functionFailed, outsideStage, payloadTooLarge, throttled, unauthorized } from "./gateway-response";
import { MAX_BODY_BYTES, readBody } from "./read-body";
import { splitTarget, withGatewayHeaders } from "./request-parts";
import { matchStage, type StageRoute } from "./stage-route";
import { createThrottle, type Throttle, type ThrottleLimits } from "./throttle";
import { type GatewayRequest, toProxyEvent } from "./to-proxy-event";
import { isProxyResult, writeProxyResult } from "./write-result";

export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** An API key of the usage plan: its value (sent in `x-api-key`) and its id (handed to the function). */
export interface GatewayApiKey {
  readonly id: string;
  readonly value: string;
}

export interface GatewayOptions {
  /** The API function (the same `createApiHandler(deps)` the cloud Lambda runs). */
  readonly handler: ProxyHandler;
  /** The keys the usage plan accepts; the function sees which one came as `requestContext.identity.apiKeyId`. */
  readonly apiKeys: readonly GatewayApiKey[];
  readonly logger: Logger;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default "v1" */
  readonly stage?: string;
  /** @default 10 MB (API Gateway's limit) */
  readonly maxBodyBytes?: number;
  /** Usage-plan throttling, for each key on its own; `undefined` turns it off. */
  readonly throttle?: ThrottleLimits | undefined;
  readonly now?: () => number;
}

export interface RunningGateway {
  /** Base URL including the stage, e.g. `http://127.0.0.1:3000/v1`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface Gate {
  readonly options: GatewayOptions;
  readonly stage: string;
  /** One token bucket per key id, as a usage plan throttles each key. */
  readonly throttles: ReadonlyMap<string, Throttle> | undefined;
  readonly now: () => number;
}

const sameKey = (sent: string, expected: string): boolean => {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The usage plan's key whose value was sent, compared in constant time; every key is compared. */
const keyOf = (gate: Gate, sent: string | string[] | undefined): GatewayApiKey | undefined => {
  if (typeof sent !== "string") return undefined;
  let found: GatewayApiKey | undefined;
  for (const key of gate.options.apiKeys) if (sameKey(sent, key.value)) found = key;
  return found;
};

const invoke = async (gate: Gate, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  try {
    const result: unknown = await gate.options.handler(event);
    if (isProxyResult(result)) return result;
    gate.options.logger.error("API function returned a malformed proxy response", {
      requestId: event.requestContext.requestId,
    });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    gate.options.logger.error("API function failed", {
      requestId: event.requestContext.requestId,
      error: { name, message },
    });
  }
  return functionFailed();
};

const toRequest = (incoming: IncomingMessage, body: Buffer, port: number): GatewayRequest => {
  const sourceIp = incoming.socket.remoteAddress ?? "127.0.0.1";
  const traceId = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  return {
    method: incoming.method ?? "GET",
    target: incoming.url ?? "/",
    rawHeaders: withGatewayHeaders(incoming.rawHeaders, {
      "X-Forwarded-For": sourceIp,
      "X-Forwarded-Port": String(port),
      "X-Forwarded-Proto": "http",
      "X-Amzn-Trace-Id": traceId,
    }),
    body,
    sourceIp,
    protocol: `HTTP/${incoming.httpVersion}`,
  };
};

/** API Gateway's order: stage and resource, payload limit, API key, usage-plan throttle, then the function. */
const answer = async (
  gate: Gate,
  incoming: IncomingMessage,
  requestId: string,
): Promise<APIGatewayProxyResult> => {
  const arrived = gate.now();
  const route: StageRoute | undefined = matchStage(splitTarget(incoming.url ?? "/").rawPath, gate.stage);
  let body: Buffer;
  try {
    body = await readBody(incoming, gate.options.maxBodyBytes ?? MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof GatewayBodyTooLargeError)
      return route ? payloadTooLarge() : outsideStage(gate.stage);
    throw error;
  }
  if (!route) return outsideStage(gate.stage);
  const key = keyOf(gate, incoming.headers["x-api-key"]);
  // Keyless routes (the console, /openapi.json) need no key, as in the cloud (`apiKeyRequired: false`).
  if (!isKeylessRequest(incoming.method ?? "GET", route.path)) {
    if (!key) return unauthorized();
    if (gate.throttles?.get(key.id)?.take() === false) return throttled();
  }
  const port = incoming.socket.localPort ?? 0;
  const event = toProxyEvent(toRequest(incoming, body, port), route, {
    stage: gate.stage,
    requestId,
    requestTimeEpoch: arrived,
    domainName: incoming.headers.host ?? `127.0.0.1:${port}`,
    apiId: "local",
    accountId: "000000000000",
    apiKey: key?.value ?? null,
    apiKeyId: key?.id ?? null,
  });
  return invoke(gate, event);
};

const onRequest = (gate: Gate) => (incoming: IncomingMessage, response: ServerResponse) => {
  const requestId = randomUUID();
  answer(gate, incoming, requestId)
    .catch((error: unknown) => {
      gate.options.logger.error("local gateway failed", { requestId, error: String(error) });
      return functionFailed();
    })
    .then((result) => writeProxyResult(response, result, { "x-amzn-RequestId": requestId }))
    .catch((error: unknown) =>
      gate.options.logger.warn("local gateway could not answer", { requestId, error: String(error) }),
    );
};

const listen = (server: Server, host: string, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", (cause) => reject(new GatewayListenError(host, port, { cause })));
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), 2000);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });

/**
 * Starts the local API Gateway: REST API v1, `ANY /` and `ANY /{proxy+}` to the API function, one of the usage
 * plan's API keys required (its id reaches the function, as in the cloud).
 */
export const startGateway = async (options: GatewayOptions): Promise<RunningGateway> => {
  const now = options.now ?? Date.now;
  const limits = options.throttle;
  const throttles = limits
    ? new Map(options.apiKeys.map((key) => [key.id, createThrottle(limits, now)]))
    : undefined;
  const gate: Gate = { options, stage: options.stage ?? "v1", throttles, now };
  const server = createServer(onRequest(gate));
  const host = options.host ?? "127.0.0.1";
  const port = await listen(server, host, options.port ?? 0);
  return { url: `http://${host}:${port}/${gate.stage}`, port, close: () => closeServer(server) };
};
