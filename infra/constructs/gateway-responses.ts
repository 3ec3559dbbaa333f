import * as apigw from "aws-cdk-lib/aws-apigateway";
import type { ApiAuth } from "../../functions/core/config/types";

/** `$context.error.messageString` is API Gateway's own message, already quoted as a JSON string. */
const GATEWAY_MESSAGE = "$context.error.messageString";

const UNAUTHORIZED_MESSAGE = "Missing or invalid API key: send a valid key in the x-api-key header.";

/** One error API Gateway answers itself (the Lambda never sees the request), in the contract's shape. */
export interface GatewayError {
  /** Construct id of the gateway response. */
  readonly id: string;
  readonly type: apigw.ResponseType;
  /** HTTP status; when absent API Gateway keeps its own (e.g. 400, 404 or 409 for DEFAULT_4XX). */
  readonly statusCode?: string;
  /** The contract's stable error code. */
  readonly code: string;
  /** A fixed message; when absent, API Gateway's own message. */
  readonly message?: string;
  /** Whether to tell the client when to retry (`Retry-After: 1`). */
  readonly retryAfter?: boolean;
}

/**
 * Errors API Gateway produces before (or instead of) invoking the API function. Codes are the contract's
 * stable codes, so a client handles them like the ones the Lambda returns.
 */
export const GATEWAY_ERRORS: readonly GatewayError[] = [
  {
    id: "ApiKeyInvalid",
    type: apigw.ResponseType.INVALID_API_KEY,
    statusCode: "403",
    code: "UNAUTHORIZED",
    message: UNAUTHORIZED_MESSAGE,
  },
  {
    id: "MissingAuthenticationToken",
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    statusCode: "403",
    code: "UNAUTHORIZED",
    message: UNAUTHORIZED_MESSAGE,
  },
  { id: "AccessDenied", type: apigw.ResponseType.ACCESS_DENIED, statusCode: "403", code: "UNAUTHORIZED" },
  {
    id: "Throttled",
    type: apigw.ResponseType.THROTTLED,
    statusCode: "429",
    code: "THROTTLED",
    message: "Too many requests for this API key: slow down and retry after the Retry-After seconds.",
    retryAfter: true,
  },
  {
    id: "QuotaExceeded",
    type: apigw.ResponseType.QUOTA_EXCEEDED,
    statusCode: "429",
    code: "THROTTLED",
    message: "The usage plan's request quota for this API key is used up.",
  },
  {
    id: "RequestTooLarge",
    type: apigw.ResponseType.REQUEST_TOO_LARGE,
    statusCode: "413",
    code: "PAYLOAD_TOO_LARGE",
    message: "The request body is larger than API Gateway accepts; send fewer or smaller messages.",
  },
  {
    id: "UnsupportedMediaType",
    type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    statusCode: "415",
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "Send the request body as application/json.",
  },
  { id: "Default4xx", type: apigw.ResponseType.DEFAULT_4XX, code: "BAD_REQUEST" },
  {
    id: "Default5xx",
    type: apigw.ResponseType.DEFAULT_5XX,
    statusCode: "503",
    code: "UPSTREAM_UNAVAILABLE",
    message: "fifoq is unavailable for a moment; retry after the Retry-After seconds.",
    retryAfter: true,
  },
];

/** The body template: `{"error":{"code","message"}}`, as every fifoq error. */
export const errorBodyTemplate = (error: GatewayError): string =>
  `{"error":{"code":${JSON.stringify(error.code)},"message":${
    error.message === undefined ? GATEWAY_MESSAGE : JSON.stringify(error.message)
  }}}`;

const SIGV4_MESSAGE =
  "Missing or invalid AWS credentials: sign the request with SigV4 (service execute-api) as a principal the stack's producer or operator policy allows.";

/**
 * The gateway errors for an authentication mode. With `iam`, a missing or wrong signature is `UNAUTHORIZED`
 * with a SigV4 message, and a valid signature whose policy does not allow the route (a producer on a
 * dead-letter route) is `403 FORBIDDEN`, as the contract answers a producer key there.
 */
export const gatewayErrors = (auth: ApiAuth): readonly GatewayError[] => {
  if (auth === "apiKey") return GATEWAY_ERRORS;
  const signature = { statusCode: "403", code: "UNAUTHORIZED", message: SIGV4_MESSAGE } as const;
  return [
    ...GATEWAY_ERRORS.filter(
      (error) => !["ApiKeyInvalid", "MissingAuthenticationToken", "AccessDenied"].includes(error.id),
    ),
    { id: "MissingAuthenticationToken", type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, ...signature },
    { id: "InvalidSignature", type: apigw.ResponseType.INVALID_SIGNATURE, ...signature },
    { id: "ExpiredToken", type: apigw.ResponseType.EXPIRED_TOKEN, ...signature },
    {
      id: "AccessDenied",
      type: apigw.ResponseType.ACCESS_DENIED,
      statusCode: "403",
      code: "FORBIDDEN",
      message: "These credentials may not call this route: dead-letter routes need the operator policy.",
    },
  ];
};

/** Makes every error in `GATEWAY_ERRORS` answer in the contract's JSON shape. */
export const addGatewayErrors = (
  api: apigw.RestApi,
  errors: readonly GatewayError[] = GATEWAY_ERRORS,
): void => {
  for (const error of errors) {
    api.addGatewayResponse(error.id, {
      type: error.type,
      ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
      responseHeaders: {
        "Content-Type": "'application/json'",
        ...(error.retryAfter ? { "Retry-After": "'1'" } : {}),
      },
      templates: { "application/json": errorBodyTemplate(error) },
    });
  }
};
