import fc from "fast-check";

/**
 * Arbitrary HTTP requests for the API, as an attacker or an unlucky client sends them: paths made of the
 * API's own words, hostile raw segments and arbitrary text; any method; arbitrary headers and query strings;
 * any JSON value, envelope-shaped JSON (sometimes valid) or text that is not JSON.
 */

/** Raw (already percent-encoded) path segments. */
const rawSegment = fc.oneof(
  fc.constantFrom("queues", "orders", "messages", "batch", "dead-letters", "redrive", "nope"),
  fc.constantFrom("", "%2F", "%2f", "..", ".", "%00", "%25", "__proto__", "constructor", "%E0%A4%A"),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ minLength: 129, maxLength: 300 }).map(encodeURIComponent),
);

export const arbitraryPath = fc
  .array(rawSegment, { minLength: 0, maxLength: 6 })
  .map((segments) => `/${segments.join("/")}`);

/** Paths of the API's routes with arbitrary parameters, so the handlers (not only the router) are reached. */
export const routePath = fc.oneof(
  fc.constant("/queues"),
  fc.constant("/queues/orders/messages"),
  fc.constant("/queues/orders/messages/batch"),
  fc.constant("/queues/orders/dead-letters"),
  fc.constant("/queues/orders/dead-letters/redrive"),
  rawSegment.map((id) => `/queues/orders/dead-letters/${id}`),
  rawSegment.map((id) => `/queues/orders/dead-letters/${id}/redrive`),
  rawSegment.map((queue) => `/queues/${queue}/messages`),
);

export const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get");

const headerName = fc.oneof(
  fc.constantFrom("Idempotency-Key", "idempotency-key", "x-api-key", "__proto__", "constructor", "prototype"),
  fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/),
);

export const headers = fc.dictionary(headerName, fc.string({ maxLength: 200 }), { maxKeys: 4 });

export const query = fc.option(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom("limit", "cursor", "groupId", "status", "__proto__", "constructor"),
      fc.string(),
    ),
    fc.string({ maxLength: 200 }),
    { maxKeys: 4 },
  ),
  { nil: undefined },
);

export const contentType = fc.option(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/json; charset=latin1",
  ),
  { nil: null },
);

const id = fc.oneof(
  fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  fc.string({ maxLength: 140 }),
  fc.constant("fifoq-x"),
);

const attributes = fc.dictionary(
  fc.oneof(
    fc.constantFrom("__proto__", "constructor", "prototype", "fifoq-dedup-id", "AWS.x"),
    fc.string({ maxLength: 20 }),
  ),
  fc.oneof(fc.string({ maxLength: 50 }), fc.jsonValue()),
  { maxKeys: 12 },
);

/** An envelope `{ body, groupId, dedupId?, attributes? }`, each field present or not, valid or not. */
const envelope = fc.record(
  { body: fc.jsonValue({ maxDepth: 4 }), groupId: id, dedupId: id, attributes, extra: fc.jsonValue() },
  { requiredKeys: [] },
);

/** An envelope that is valid (a content-based dedup id is used without `dedupId`). */
const validEnvelope = fc.record(
  {
    body: fc.jsonValue({ maxDepth: 3 }),
    groupId: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
    dedupId: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  },
  { requiredKeys: ["body", "groupId"] },
);

export const body = fc.oneof(
  validEnvelope.map((value) => JSON.stringify(value)),
  fc.array(validEnvelope, { minLength: 1, maxLength: 20 }).map((messages) => JSON.stringify({ messages })),
  fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.stringify(value)),
  envelope.map((value) => JSON.stringify(value)),
  fc.array(envelope, { maxLength: 12 }).map((messages) => JSON.stringify({ messages })),
  fc.string({ maxLength: 200 }),
  fc
    .integer({ min: 100, max: 6000 })
    .map((depth) => `{"body":${"[".repeat(depth)}${"]".repeat(depth)},"groupId":"g"}`),
  fc.constant(undefined),
);
