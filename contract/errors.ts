/**
 * The API's stable error codes and the HTTP status each one is answered with, as data. Every 4xx and 5xx body
 * is an `ErrorResponse` (`types.ts`) carrying one of these codes.
 */
export const ERROR_STATUS = {
  /** No key, or one the gateway does not know (the gateway answers 403, as API Gateway does). */
  UNAUTHORIZED: 403,
  /** A valid key without the right to the route (a producer key on a dead-letter route). */
  FORBIDDEN: 403,
  QUEUE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  /**
   * The status route found no record of the message within the idempotency window: not published, already
   * expired, or published and not yet received.
   */
  MESSAGE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_JSON: 400,
  INVALID_MESSAGE: 400,
  INVALID_QUERY: 400,
  INVALID_CURSOR: 400,
  BATCH_TOO_LARGE: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Another operation on the same dead letter won. */
  DEAD_LETTER_CONFLICT: 409,
  /** The stored body was cut by an older fifoq, or SQS refuses the message: it cannot be rebuilt. */
  DEAD_LETTER_NOT_REDRIVABLE: 409,
  /**
   * The dead letter was claimed by a redrive that did not finish more than SQS's 5-minute dedup window ago: it
   * may have been sent and run already. Redrive it again only with `?force=true`.
   */
  REDRIVE_UNCERTAIN: 409,
  /** A scheduled message that was already released: it can no longer be cancelled. */
  ALREADY_RELEASED: 409,
  /** A schedule definition (`PUT /schedules/{name}`) with a bad field: cron, timezone, queue, groupId, body, attributes. */
  INVALID_SCHEDULE: 400,
  /**
   * The schedule is declared in the configuration (`fifoq.config.ts`): change or remove it there and deploy;
   * over the API it can only be paused and resumed.
   */
  SCHEDULE_DECLARED: 409,
  /** Too many requests for the key; with `Retry-After`. */
  THROTTLED: 429,
  INTERNAL: 500,
  /** AWS refused a call in a way no retry fixes (a deployment or permission problem). */
  UPSTREAM_REJECTED: 500,
  /** Only for faults a retry can fix; with `Retry-After`. */
  UPSTREAM_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Codes of a failed batch entry (`results[i].error.code` of a `200`): not HTTP errors, each entry says whether
 * it was accepted.
 */
export const ENTRY_ERROR_CODES = {
  /** SQS refused this entry (sender fault): retrying it unchanged will fail again. */
  rejected: "REJECTED_BY_QUEUE",
  /** SQS could not be reached, was throttling, or failed on its side: retry. */
  upstreamUnavailable: "UPSTREAM_UNAVAILABLE",
  /** Not sent because an earlier entry of the same group failed; sending it would break the group's order. */
  notSentOrderPreserved: "NOT_SENT_ORDER_PRESERVED",
  /** The call failed for another reason (e.g. permissions); see the API's logs. */
  sendFailed: "SEND_FAILED",
} as const;

/** An entry held back because an earlier entry of its group failed (the API's and the client's). */
export const NOT_SENT_ORDER_PRESERVED = ENTRY_ERROR_CODES.notSentOrderPreserved;
