import type { APIGatewayProxyResult } from "aws-lambda";

/**
 * The answers the gateway gives itself, without calling the function: the same statuses, codes, messages
 * and headers as the cloud stack's Gateway Responses (infra/constructs/gateway-responses.ts).
 */
const gatewayError = (
  statusCode: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult => ({
  statusCode,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({ error: { code, message } }),
});

/** INVALID_API_KEY and MISSING_AUTHENTICATION_TOKEN. */
export const unauthorized = (): APIGatewayProxyResult =>
  gatewayError(403, "UNAUTHORIZED", "Missing or invalid API key: send a valid key in the x-api-key header.");

/** REQUEST_TOO_LARGE (API Gateway's 10 MB payload limit). */
export const payloadTooLarge = (): APIGatewayProxyResult =>
  gatewayError(
    413,
    "PAYLOAD_TOO_LARGE",
    "The request body is larger than API Gateway accepts; send fewer or smaller messages.",
  );

/** THROTTLED (the usage plan's rate and burst per API key). */
export const throttled = (): APIGatewayProxyResult =>
  gatewayError(
    429,
    "THROTTLED",
    "Too many requests for this API key: slow down and retry after the Retry-After seconds.",
    { "retry-after": "1" },
  );

/** DEFAULT_5XX: the function threw or answered something that is not a proxy result. */
export const functionFailed = (): APIGatewayProxyResult =>
  gatewayError(
    503,
    "UPSTREAM_UNAVAILABLE",
    "fifoq is unavailable for a moment; retry after the Retry-After seconds.",
    { "retry-after": "1" },
  );

/**
 * A path outside the stage. The cloud answers such paths with a bare 403 `Forbidden`; locally the answer
 * names the stage, since the usual cause is a URL without `/v1`.
 */
export const outsideStage = (stage: string): APIGatewayProxyResult =>
  gatewayError(
    404,
    "NOT_FOUND",
    `The API is served under its stage, /${stage} (e.g. /${stage}/queues), as in the cloud URL.`,
  );
