import type { APIGatewayProxyResult } from "aws-lambda";
import { ERROR_CODES } from "../../functions/core/http/errors";
import { GATEWAY_ERRORS, type GatewayErrorAnswer } from "../../functions/core/http/gateway-errors";

/**
 * The answers the gateway gives itself, without calling the function: the same statuses, codes, messages
 * and headers as the cloud stack's Gateway Responses, from the one definition (`GATEWAY_ERRORS`).
 */
const gatewayError = (answer: GatewayErrorAnswer, message = answer.message ?? ""): APIGatewayProxyResult => ({
  statusCode: answer.status,
  headers: {
    "content-type": "application/json",
    ...(answer.retryAfterSeconds === undefined ? {} : { "retry-after": String(answer.retryAfterSeconds) }),
  },
  body: JSON.stringify({ error: { code: answer.code, message } }),
});

/** INVALID_API_KEY and MISSING_AUTHENTICATION_TOKEN. */
export const unauthorized = (): APIGatewayProxyResult => gatewayError(GATEWAY_ERRORS.unauthorized);

/** REQUEST_TOO_LARGE (API Gateway's 10 MB payload limit). */
export const payloadTooLarge = (): APIGatewayProxyResult => gatewayError(GATEWAY_ERRORS.payloadTooLarge);

/** THROTTLED (the usage plan's rate and burst per API key). */
export const throttled = (): APIGatewayProxyResult => gatewayError(GATEWAY_ERRORS.throttled);

/** DEFAULT_5XX: the function threw or answered something that is not a proxy result. */
export const functionFailed = (): APIGatewayProxyResult => gatewayError(GATEWAY_ERRORS.unavailable);

/**
 * A path outside the stage. The cloud answers such paths with a bare 403 `Forbidden`; locally the answer
 * names the stage, since the usual cause is a URL without `/v1`.
 */
export const outsideStage = (stage: string): APIGatewayProxyResult =>
  gatewayError(
    { status: 404, code: ERROR_CODES.notFound },
    `The API is served under its stage, /${stage} (e.g. /${stage}/queues), as in the cloud URL.`,
  );
