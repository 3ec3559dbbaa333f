import type { ErrorCode } from "./errors.js";
import type { RequestBodies, ResponseBodies } from "./types.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call a route: `keyless` needs no key (in the cloud and locally); `producer` takes any key the
 * gateway accepts (producer and operator keys); `operator` only an operator key (a producer key gets
 * `403 FORBIDDEN`).
 */
export type RouteAccess = "keyless" | "producer" | "operator";

/** A query parameter or request header a route reads. */
export interface RouteParameter {
  readonly name: string;
  readonly description: string;
  readonly schema:
    | { readonly type: "string"; readonly enum?: readonly string[]; readonly maxLength?: number }
    | { readonly type: "integer"; readonly minimum: number; readonly maximum: number };
}

/**
 * One route of the HTTP API, declared once: the server binds its handler to it (`functions/api`), both
 * gateways take `keyless` routes from it, and the OpenAPI document is generated from it.
 */
export interface RouteDeclaration {
  readonly method: HttpMethod;
  /** Pattern with `{name}` segments, e.g. `/queues/{queue}/messages`. */
  readonly path: string;
  readonly access: RouteAccess;
  readonly summary: string;
  /** The success status. */
  readonly status: number;
  /** The success answer's JSON body, by name; the server's handler must return that type. */
  readonly response?: keyof ResponseBodies;
  /** A success answer that is not a contract type: its media types (the console's files, this document). */
  readonly media?: readonly string[];
  readonly request?: keyof RequestBodies;
  readonly query?: readonly RouteParameter[];
  readonly headers?: readonly RouteParameter[];
  /** Error codes the route itself answers; those every route (or every keyed route) may get are added. */
  readonly errors: readonly ErrorCode[];
}

/** Errors any route may answer: a bug (logged) or the function being unavailable (the gateway's 503). */
export const COMMON_ERRORS: readonly ErrorCode[] = ["INTERNAL", "UPSTREAM_UNAVAILABLE"];
/** Errors the gateway answers on a route that needs a key, before the function runs. */
export const KEYED_ERRORS: readonly ErrorCode[] = ["UNAUTHORIZED", "THROTTLED"];
/** Errors of a route that takes a JSON body, answered by the gateway or the function. */
const BODY_ERRORS: readonly ErrorCode[] = ["INVALID_JSON", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"];
/** Errors of a route that reads or writes a table: DynamoDB refused the call (a permission, a missing table). */
const STORE_ERRORS: readonly ErrorCode[] = ["UPSTREAM_REJECTED"];

const QUEUES = "/queues";
const DEAD_LETTERS = "/queues/{queue}/dead-letters";
const SCHEDULES = "/schedules";
const SCHEDULE = "/schedules/{name}";

const idempotencyKey: RouteParameter = {
  name: "Idempotency-Key",
  description: "The dedup id of a message that has no `dedupId` (a batch: of every such entry).",
  schema: { type: "string", maxLength: 128 },
};

/** `?limit=&cursor=` of a listing a page at a time. */
const pageQuery = (limitNote: string, cursorMaxLength: number): readonly RouteParameter[] => [
  {
    name: "limit",
    description: `Page size (default 20)${limitNote}.`,
    schema: { type: "integer", minimum: 1, maximum: 100 },
  },
  {
    name: "cursor",
    description: "The `nextCursor` of the previous page.",
    schema: { type: "string", maxLength: cursorMaxLength },
  },
];

const groupFilter: RouteParameter = {
  name: "groupId",
  description: "Only the dead letters of this message group.",
  schema: { type: "string", maxLength: 128 },
};

/** `POST /schedules/{name}/pause|resume`: the operator's switch of any schedule, answering it. */
const scheduleSwitch = <V extends "pause" | "resume">(verb: V, summary: string) =>
  ({
    method: "POST",
    path: `${SCHEDULE}/${verb}`,
    access: "operator",
    summary,
    status: 200,
    response: "Schedule",
    errors: ["NOT_FOUND", ...STORE_ERRORS],
  }) as const;

/** The whole route table of the HTTP API. Adding a route: one entry here, its body types in `types.ts`. */
export const API_ROUTES = {
  listQueues: {
    method: "GET",
    path: QUEUES,
    access: "producer",
    summary: "The configured queues with approximate depth, in-flight and dead-letter counts",
    status: 200,
    response: "QueueList",
    errors: ["UPSTREAM_REJECTED"],
  },
  publishMessage: {
    method: "POST",
    path: `${QUEUES}/{queue}/messages`,
    access: "producer",
    summary: "Publish one message",
    status: 202,
    request: "PublishMessageRequest",
    response: "PublishResult",
    headers: [idempotencyKey],
    errors: ["QUEUE_NOT_FOUND", ...BODY_ERRORS, "INVALID_MESSAGE", "UPSTREAM_REJECTED"],
  },
  publishBatch: {
    method: "POST",
    path: `${QUEUES}/{queue}/messages/batch`,
    access: "producer",
    summary: "Publish up to 100 messages; every entry is validated before any is sent",
    status: 200,
    request: "PublishBatchRequest",
    response: "PublishBatchResponse",
    headers: [idempotencyKey],
    errors: ["QUEUE_NOT_FOUND", ...BODY_ERRORS, "INVALID_MESSAGE", "BATCH_TOO_LARGE"],
  },
  listScheduled: {
    method: "GET",
    path: `${QUEUES}/{queue}/scheduled`,
    access: "operator",
    summary: "The queue's scheduled (delayed) messages, in any state, oldest publish first",
    status: 200,
    response: "ScheduledPage",
    query: pageQuery("", 512),
    // NOT_FOUND: a deployment without delayed messages (no scheduled-message store).
    errors: ["QUEUE_NOT_FOUND", "NOT_FOUND", "INVALID_QUERY", "INVALID_CURSOR", ...STORE_ERRORS],
  },
  getScheduled: {
    method: "GET",
    path: `${QUEUES}/{queue}/scheduled/{id}`,
    access: "operator",
    summary: "One scheduled message",
    status: 200,
    response: "ScheduledMessage",
    errors: ["QUEUE_NOT_FOUND", "NOT_FOUND", ...STORE_ERRORS],
  },
  cancelScheduled: {
    method: "DELETE",
    path: `${QUEUES}/{queue}/scheduled/{id}`,
    access: "producer",
    summary: "Cancel a scheduled message before its release (again: 204)",
    status: 204,
    errors: ["QUEUE_NOT_FOUND", "NOT_FOUND", "ALREADY_RELEASED", ...STORE_ERRORS],
  },
  // Where a message is (issue 19): answered from the idempotency, dead-letter and scheduled records.
  messageStatus: {
    method: "GET",
    path: `${QUEUES}/{queue}/messages/{dedupId}`,
    access: "operator",
    summary:
      "Where a message is now: scheduled, queued, processed or dead-lettered (within the idempotency window)",
    status: 200,
    response: "MessageStatus",
    query: [
      {
        name: "groupId",
        description: "The message's group (required).",
        schema: { type: "string", maxLength: 128 },
      },
    ],
    errors: ["QUEUE_NOT_FOUND", "INVALID_QUERY", "MESSAGE_NOT_FOUND", ...STORE_ERRORS],
  },
  // Recurring schedules (issue 19): configured and API-managed, operator key only.
  listSchedules: {
    method: "GET",
    path: SCHEDULES,
    access: "operator",
    summary:
      "The recurring schedules (configured by name, then API-managed by name), paused or not, with their next fire times, a page at a time",
    status: 200,
    response: "ScheduleList",
    query: pageQuery("; a page also stops early near 5 MB", 256),
    // NOT_FOUND: a deployment without a schedule store (no scheduled-message table).
    errors: ["NOT_FOUND", "INVALID_QUERY", "INVALID_CURSOR", ...STORE_ERRORS],
  },
  getSchedule: {
    method: "GET",
    path: SCHEDULE,
    access: "operator",
    summary: "One recurring schedule with its next fire times",
    status: 200,
    response: "Schedule",
    errors: ["NOT_FOUND", ...STORE_ERRORS],
  },
  putSchedule: {
    method: "PUT",
    path: SCHEDULE,
    access: "operator",
    summary: "Create or replace an API-managed schedule (a configured name: 409 SCHEDULE_DECLARED)",
    status: 200,
    request: "ScheduleDefinition",
    response: "Schedule",
    errors: [...BODY_ERRORS, "NOT_FOUND", "INVALID_SCHEDULE", "SCHEDULE_DECLARED", ...STORE_ERRORS],
  },
  deleteSchedule: {
    method: "DELETE",
    path: SCHEDULE,
    access: "operator",
    summary: "Delete an API-managed schedule (a configured name: 409 SCHEDULE_DECLARED)",
    status: 204,
    errors: ["NOT_FOUND", "SCHEDULE_DECLARED", ...STORE_ERRORS],
  },
  pauseSchedule: scheduleSwitch(
    "pause",
    "Pause a schedule (configured or API-managed): its ticks publish nothing until resumed",
  ),
  resumeSchedule: scheduleSwitch(
    "resume",
    "Resume a paused schedule from its next fire time (missed ticks are not replayed)",
  ),
  listDeadLetters: {
    method: "GET",
    path: DEAD_LETTERS,
    access: "operator",
    summary: "The queue's dead letters, newest first",
    status: 200,
    response: "DeadLetterPage",
    query: [
      {
        name: "limit",
        description: "Page size (default 20).",
        schema: { type: "integer", minimum: 1, maximum: 100 },
      },
      { name: "cursor", description: "`nextCursor` of the previous page.", schema: { type: "string" } },
      groupFilter,
      {
        name: "status",
        description: "Only dead letters in this state.",
        schema: { type: "string", enum: ["new", "redriving", "redriven", "discarded"] },
      },
    ],
    errors: ["QUEUE_NOT_FOUND", "INVALID_QUERY", "INVALID_CURSOR", ...STORE_ERRORS],
  },
  redriveAll: {
    method: "POST",
    path: `${DEAD_LETTERS}/redrive`,
    access: "operator",
    summary: "Send the queue's new dead letters (or one group's) back to it; call again while `more`",
    status: 202,
    response: "RedriveAllResponse",
    query: [groupFilter],
    errors: ["QUEUE_NOT_FOUND", "INVALID_QUERY", ...STORE_ERRORS],
  },
  getDeadLetter: {
    method: "GET",
    path: `${DEAD_LETTERS}/{id}`,
    access: "operator",
    summary: "One dead letter",
    status: 200,
    response: "DeadLetter",
    errors: ["QUEUE_NOT_FOUND", "NOT_FOUND", ...STORE_ERRORS],
  },
  getDeadLetterBody: {
    method: "GET",
    path: `${DEAD_LETTERS}/{id}/body`,
    access: "operator",
    summary:
      "One dead letter's body exactly as SQS delivered it, a slice at a time (a body too large for one answer)",
    status: 200,
    response: "DeadLetterBodyChunk",
    query: [
      {
        name: "offset",
        description:
          "Where to start, in UTF-16 code units: 0 (the default), then the previous answer's `nextOffset`; at most the body's length.",
        schema: { type: "integer", minimum: 0, maximum: 16_777_216 },
      },
    ],
    errors: ["QUEUE_NOT_FOUND", "NOT_FOUND", "INVALID_QUERY", ...STORE_ERRORS],
  },
  redriveDeadLetter: {
    method: "POST",
    path: `${DEAD_LETTERS}/{id}/redrive`,
    access: "operator",
    summary: "Send one dead letter back to its queue, in its original group",
    status: 202,
    response: "RedriveResult",
    query: [
      {
        name: "force",
        description:
          "`true`: resend a dead letter left `redriving` longer than SQS's 5-minute dedup window (it may have run).",
        schema: { type: "string", enum: ["true", "false"] },
      },
    ],
    errors: [
      "QUEUE_NOT_FOUND",
      "NOT_FOUND",
      "DEAD_LETTER_CONFLICT",
      "DEAD_LETTER_NOT_REDRIVABLE",
      "REDRIVE_UNCERTAIN",
      "INVALID_QUERY",
      ...STORE_ERRORS,
    ],
  },
  discardDeadLetter: {
    method: "DELETE",
    path: `${DEAD_LETTERS}/{id}`,
    access: "operator",
    summary: "Set one dead letter aside (status `discarded`)",
    status: 204,
    errors: ["QUEUE_NOT_FOUND", "NOT_FOUND", "DEAD_LETTER_CONFLICT", ...STORE_ERRORS],
  },
  console: {
    method: "GET",
    path: "/console",
    access: "keyless",
    summary: "The web console's page (it asks for a key)",
    status: 200,
    media: ["text/html"],
    errors: [],
  },
  consoleSlash: {
    method: "GET",
    path: "/console/",
    access: "keyless",
    summary: "Redirects to /console",
    status: 308,
    errors: [],
  },
  consoleFile: {
    method: "GET",
    path: "/console/{file}",
    access: "keyless",
    summary: "The web console's script and style",
    status: 200,
    media: ["text/javascript", "text/css"],
    errors: ["NOT_FOUND"],
  },
  openApi: {
    method: "GET",
    path: "/openapi.json",
    access: "keyless",
    summary: "This document (OpenAPI 3.1)",
    status: 200,
    media: ["application/json"],
    errors: [],
  },
} as const satisfies Readonly<Record<string, RouteDeclaration>>;
