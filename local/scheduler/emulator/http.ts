import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../../../functions/core/logging/logger";
import { invalid, SchedulerApiError } from "./errors";
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  type OperationsDeps,
  type Query,
  updateSchedule,
} from "./operations";

/** A request body larger than this is refused (a schedule's Input is at most 8,192 characters). */
const MAX_BODY_BYTES = 64 * 1024;

type Operation = (deps: OperationsDeps, name: string, query: Query, body: unknown) => object;

/** The REST-JSON routes of EventBridge Scheduler's schedule operations (`@aws-sdk/client-scheduler`'s own). */
const ROUTES: Readonly<Record<string, Operation>> = {
  "POST /schedules/": (deps, name, _query, body) => createSchedule(deps, name, body),
  "PUT /schedules/": (deps, name, _query, body) => updateSchedule(deps, name, body),
  "GET /schedules/": (deps, name, query) => getSchedule(deps, name, query),
  "DELETE /schedules/": (deps, name, query) => deleteSchedule(deps, name, query),
  "GET /schedules": (deps, _name, query) => listSchedules(deps, query),
};

const readBody = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw invalid(`the request body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw invalid("the request body is not JSON");
  }
};

const queryOf = (url: URL): Query => {
  const query: Record<string, string> = Object.create(null);
  for (const [key, value] of url.searchParams) query[key] = value;
  return query;
};

/** `/schedules/{Name}` → the route key and the name; `/schedules` → the list route. */
const routeOf = (method: string, path: string): { key: string; name: string } => {
  const match = /^\/schedules(?:\/([^/]*))?$/.exec(path);
  if (!match) return { key: `${method} ${path.slice(0, 100)}`, name: "" };
  const name = match[1];
  if (name === undefined) return { key: `${method} /schedules`, name: "" };
  try {
    return { key: `${method} /schedules/`, name: decodeURIComponent(name) };
  } catch {
    throw invalid("Name is not valid");
  }
};

const send = (response: ServerResponse, status: number, body: object, type?: string) => {
  response.writeHead(status, {
    "content-type": "application/json",
    ...(type === undefined ? {} : { "x-amzn-errortype": type }),
  });
  response.end(JSON.stringify(body));
};

const handle = async (deps: OperationsDeps, request: IncomingMessage, response: ServerResponse) => {
  const url = new URL(request.url ?? "/", "http://scheduler.local");
  const { key, name } = routeOf(request.method ?? "GET", url.pathname);
  const operation = Object.hasOwn(ROUTES, key) ? ROUTES[key] : undefined;
  if (!operation) {
    request.resume();
    return send(response, 404, { Message: `${key} is not emulated locally` }, "UnknownOperationException");
  }
  const body = await readBody(request);
  send(response, 200, operation(deps, name, queryOf(url), body));
};

/** The HTTP server of the emulator: errors as the SDK parses them (`x-amzn-errortype` header, `{ Message }`). */
export const createSchedulerServer = (deps: OperationsDeps, logger: Logger): Server =>
  createServer((request, response) => {
    handle(deps, request, response).catch((error: unknown) => {
      if (error instanceof SchedulerApiError) {
        request.resume();
        return send(response, error.status, { Message: error.detail }, error.type);
      }
      logger.error("scheduler emulator request failed", { error: String(error).slice(0, 300) });
      send(response, 500, { Message: "internal error" }, "InternalServerException");
    });
  });
