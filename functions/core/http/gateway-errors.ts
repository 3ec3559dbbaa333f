import { ERROR_CODES } from "./errors";

/** One error the API gateway answers itself, before (or instead of) the API function. */
export interface GatewayErrorAnswer {
  readonly status: number;
  /** The contract's stable code. */
  readonly code: string;
  /** A fixed message; `undefined`: the gateway's own. */
  readonly message?: string;
  /** Sent as `Retry-After`. */
  readonly retryAfterSeconds?: number;
}

const API_KEY_MESSAGE = "Missing or invalid API key: send a valid key in the x-api-key header.";

/**
 * THE errors the gateway answers itself, defined once: the cloud stack's Gateway Responses
 * (`infra/constructs/gateway-responses.ts`) and the local gateway (`local/gateway/gateway-response.ts`) both
 * answer with these statuses, codes and messages.
 */
export const GATEWAY_ERRORS = {
  /** No key, or one the usage plan does not hold (INVALID_API_KEY, MISSING_AUTHENTICATION_TOKEN). */
  unauthorized: { status: 403, code: ERROR_CODES.unauthorized, message: API_KEY_MESSAGE },
  /** No SigV4 signature, or a wrong or expired one (`api.auth: "iam"`). */
  unsigned: {
    status: 403,
    code: ERROR_CODES.unauthorized,
    message:
      "Missing or invalid AWS credentials: sign the request with SigV4 (service execute-api) as a principal the stack's producer or operator policy allows.",
  },
  /** A caller the gateway knows, without the right to the route (ACCESS_DENIED, e.g. an IAM producer). */
  forbidden: {
    status: 403,
    code: ERROR_CODES.forbidden,
    message: "These credentials may not call this route: dead-letter routes need the operator policy.",
  },
  throttled: {
    status: 429,
    code: ERROR_CODES.throttled,
    message: "Too many requests for this API key: slow down and retry after the Retry-After seconds.",
    retryAfterSeconds: 1,
  },
  quotaExceeded: {
    status: 429,
    code: ERROR_CODES.throttled,
    message: "The usage plan's request quota for this API key is used up.",
  },
  payloadTooLarge: {
    status: 413,
    code: ERROR_CODES.payloadTooLarge,
    message: "The request body is larger than API Gateway accepts; send fewer or smaller messages.",
  },
  unsupportedMediaType: {
    status: 415,
    code: ERROR_CODES.unsupportedMediaType,
    message: "Send the request body as application/json.",
  },
  /** The function threw or answered something that is not a proxy result (DEFAULT_5XX). */
  unavailable: {
    status: 503,
    code: ERROR_CODES.upstreamUnavailable,
    message: "fifoq is unavailable for a moment; retry after the Retry-After seconds.",
    retryAfterSeconds: 1,
  },
} as const satisfies Record<string, GatewayErrorAnswer>;
