import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach } from "vitest";
import { FifoqClient } from "../../../client/src/index.js";
import type { Schedule, ScheduledMessage } from "../../../contract/index.js";

/** One request as the stub saw it. */
export interface StubRequest {
  readonly method: string;
  readonly url: URL;
  readonly body: string;
}

const record = (id: string, state: ScheduledMessage["state"]): ScheduledMessage => ({
  id,
  queue: "orders",
  groupId: "g-1",
  dedupId: `d-${id}`,
  state,
  releaseAt: "2027-01-31T09:00:00.000Z",
  publishedAt: "2027-01-30T09:00:00.000Z",
  body: { id },
  attributes: {},
});

/** Answers; true (the request was handled). */
const send = (response: ServerResponse, status: number, body?: unknown): true => {
  response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
  response.end(body === undefined ? undefined : JSON.stringify(body));
  return true;
};

const error = (response: ServerResponse, status: number, code: string, message: string) =>
  send(response, status, { error: { code, message } });

const DAILY: Schedule = {
  name: "daily-report",
  cron: "0 9 * * 1-5",
  timezone: "Europe/Berlin",
  queue: "orders",
  groupId: "reports",
  body: { kind: "daily" },
  paused: false,
  nextFires: ["2027-02-01T08:00:00.000Z", "2027-02-02T08:00:00.000Z"],
};

/** The provisional schedule and status routes (`contract/time.ts`); undefined when the path is not one. */
const answerSchedules = (
  schedules: Map<string, Schedule>,
  request: StubRequest,
  response: ServerResponse,
) => {
  const { pathname, searchParams } = request.url;
  const status = /^\/v1\/queues\/orders\/messages\/([^/]+)$/.exec(pathname);
  if (status && request.method === "GET") {
    const groupId = searchParams.get("groupId") ?? "";
    const dedupId = decodeURIComponent(status[1] ?? "");
    return send(response, 200, {
      queue: "orders",
      groupId,
      dedupId,
      status: "processed",
      processedAt: "2027-01-01T00:00:00.000Z",
      attempts: 2,
    });
  }
  if (pathname === "/v1/schedules") return send(response, 200, { schedules: [...schedules.values()] });
  const match = /^\/v1\/schedules\/([^/]+)(?:\/(pause|resume))?$/.exec(pathname);
  if (!match) return false;
  const name = decodeURIComponent(match[1] ?? "");
  const found = schedules.get(name);
  if (request.method === "PUT") {
    const saved = { ...JSON.parse(request.body), name, paused: false, nextFires: DAILY.nextFires };
    schedules.set(name, saved);
    return send(response, 200, saved);
  }
  if (!found) return error(response, 404, "NOT_FOUND", `no schedule "${name}"`);
  if (request.method === "DELETE") {
    schedules.delete(name);
    return send(response, 204);
  }
  if (match[2]) {
    const changed = {
      ...found,
      paused: match[2] === "pause",
      nextFires: match[2] === "pause" ? [] : DAILY.nextFires,
    };
    schedules.set(name, changed);
    return send(response, 200, changed);
  }
  return send(response, 200, found);
};

/** Answers like the API's `scheduled-routes.ts`: pages of `limit` (cursor = the last id), 204, 404, 409. */
const answer = (
  items: ScheduledMessage[],
  schedules: Map<string, Schedule>,
  request: StubRequest,
  response: ServerResponse,
) => {
  const { pathname, searchParams } = request.url;
  const match = /^\/v1\/queues\/orders\/scheduled(?:\/([^/]+))?$/.exec(pathname);
  if (!match && !pathname.endsWith("/orders/messages") && answerSchedules(schedules, request, response))
    return;
  if (pathname === "/v1/queues/orders/messages" && request.method === "POST") {
    const sent = JSON.parse(request.body) as Record<string, unknown>;
    const delayed = "delaySeconds" in sent || "notBefore" in sent;
    const base = { queue: "orders", groupId: String(sent.groupId), dedupId: String(sent.dedupId) };
    return delayed
      ? send(response, 202, { scheduledId: "s-new", releaseAt: "2027-01-31T09:00:00.000Z", ...base })
      : send(response, 202, { messageId: "m-1", sequenceNumber: "1", ...base });
  }
  if (!match) return error(response, 404, "QUEUE_NOT_FOUND", "no such queue");
  const id = match[1];
  if (id === undefined) {
    const limit = Number(searchParams.get("limit") ?? 20);
    const after = searchParams.get("cursor");
    const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1;
    const page = items.slice(start, start + limit);
    const last = page.at(-1);
    const more = start + limit < items.length && last !== undefined;
    return send(response, 200, { items: page, ...(more ? { nextCursor: last.id } : {}) });
  }
  const found = items.find((item) => item.id === decodeURIComponent(id));
  if (!found) return error(response, 404, "NOT_FOUND", `no scheduled message "${id}"`);
  if (request.method === "GET") return send(response, 200, found);
  if (found.state !== "scheduled")
    return error(response, 409, "ALREADY_RELEASED", `scheduled message "${id}" was already released`);
  items.splice(items.indexOf(found), 1, { ...found, state: "cancelled" });
  return send(response, 204);
};

/** A stub of the API's time routes on 127.0.0.1 with `count` scheduled messages (`s-01`…), the last released. */
export const startTimeStub = async (count: number) => {
  const items = Array.from({ length: count }, (_, index) =>
    record(`s-${String(index + 1).padStart(2, "0")}`, index === count - 1 ? "released" : "scheduled"),
  );
  const schedules = new Map<string, Schedule>([[DAILY.name, DAILY]]);
  const seen: StubRequest[] = [];
  const server = createServer((incoming: IncomingMessage, response) => {
    let body = "";
    incoming.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    incoming.on("end", () => {
      const request = {
        method: incoming.method ?? "GET",
        url: new URL(incoming.url ?? "/", "http://127.0.0.1"),
        body,
      };
      seen.push(request);
      answer(items, schedules, request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    items,
    schedules,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export type TimeStub = Awaited<ReturnType<typeof startTimeStub>>;

/** For each test of the file: a fresh stub (`startTimeStub(count)`) and an operator client on it without retries. */
export const useTimeStub = (count: number): { readonly stub: TimeStub; readonly client: FifoqClient } => {
  let current: { readonly stub: TimeStub; readonly client: FifoqClient } | undefined;
  const started = () => {
    if (!current) throw new Error("the time stub starts before each test");
    return current;
  };
  beforeEach(async () => {
    const stub = await startTimeStub(count);
    current = { stub, client: new FifoqClient({ url: stub.url, apiKey: "operator-key", retry: false }) };
  });
  afterEach(() => current?.stub.close());
  return {
    get stub() {
      return started().stub;
    },
    get client() {
      return started().client;
    },
  };
};
