import * as apigw from "aws-cdk-lib/aws-apigateway";
import type { ApiAuth } from "../../functions/core/config/types";
import { GATEWAY_ERRORS, type GatewayErrorAnswer } from "../../functions/core/http/gateway-errors";

/** `$context.error.messageString` is API Gateway's own message, already quoted as a JSON string. */
const GATEWAY_MESSAGE = "$context.error.messageString";

/** One error API Gateway answers itself (the Lambda never sees the request), in the contract's shape. */
export interface GatewayResponseSpec {
  /** Construct id of the gateway response. */
  readonly id: string;
  readonly type: apigw.ResponseType;
  /** Status, code, message and Retry-After; an absent status keeps API Gateway's own (e.g. for DEFAULT_4XX). */
  readonly answer: Omit<GatewayErrorAnswer, "status"> & { readonly status?: number };
}

/** The answers that do not depend on how callers authenticate. */
const COMMON: readonly GatewayResponseSpec[] = [
  { id: "Throttled", type: apigw.ResponseType.THROTTLED, answer: GATEWAY_ERRORS.throttled },
  { id: "QuotaExceeded", type: apigw.ResponseType.QUOTA_EXCEEDED, answer: GATEWAY_ERRORS.quotaExceeded },
  {
    id: "RequestTooLarge",
    type: apigw.ResponseType.REQUEST_TOO_LARGE,
    answer: GATEWAY_ERRORS.payloadTooLarge,
  },
  {
    id: "UnsupportedMediaType",
    type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    answer: GATEWAY_ERRORS.unsupportedMediaType,
  },
  { id: "Default4xx", type: apigw.ResponseType.DEFAULT_4XX, answer: { code: "BAD_REQUEST" } },
  { id: "Default5xx", type: apigw.ResponseType.DEFAULT_5XX, answer: GATEWAY_ERRORS.unavailable },
];

const API_KEY: readonly GatewayResponseSpec[] = [
  { id: "ApiKeyInvalid", type: apigw.ResponseType.INVALID_API_KEY, answer: GATEWAY_ERRORS.unauthorized },
  {
    id: "MissingAuthenticationToken",
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    answer: GATEWAY_ERRORS.unauthorized,
  },
  { id: "AccessDenied", type: apigw.ResponseType.ACCESS_DENIED, answer: GATEWAY_ERRORS.forbidden },
];

/** With IAM, a valid signature whose policy does not allow the route (a producer on a dead letter) is FORBIDDEN. */
const IAM: readonly GatewayResponseSpec[] = [
  {
    id: "MissingAuthenticationToken",
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    answer: GATEWAY_ERRORS.unsigned,
  },
  { id: "InvalidSignature", type: apigw.ResponseType.INVALID_SIGNATURE, answer: GATEWAY_ERRORS.unsigned },
  { id: "ExpiredToken", type: apigw.ResponseType.EXPIRED_TOKEN, answer: GATEWAY_ERRORS.unsigned },
  { id: "AccessDenied", type: apigw.ResponseType.ACCESS_DENIED, answer: GATEWAY_ERRORS.forbidden },
];

/**
 * Errors API Gateway produces before (or instead of) invoking the API function, for an authentication mode,
 * answered as the local gateway answers them: both take statuses, codes and messages from `GATEWAY_ERRORS`
 * (functions/core).
 */
export const gatewayErrors = (auth: ApiAuth): readonly GatewayResponseSpec[] => [
  ...(auth === "iam" ? IAM : API_KEY),
  ...COMMON,
];

/** The body template: `{"error":{"code","message"}}`, as every fifoq error. */
const errorBodyTemplate = ({ code, message }: GatewayResponseSpec["answer"]): string =>
  `{"error":{"code":${JSON.stringify(code)},"message":${
    message === undefined ? GATEWAY_MESSAGE : JSON.stringify(message)
  }}}`;

/** Makes every error API Gateway answers itself answer in the contract's JSON shape. */
export const addGatewayErrors = (api: apigw.RestApi, errors: readonly GatewayResponseSpec[]): void => {
  for (const { id, type, answer } of errors) {
    api.addGatewayResponse(id, {
      type,
      ...(answer.status === undefined ? {} : { statusCode: String(answer.status) }),
      responseHeaders: {
        "Content-Type": "'application/json'",
        ...(answer.retryAfterSeconds === undefined ? {} : { "Retry-After": `'${answer.retryAfterSeconds}'` }),
      },
      templates: { "application/json": errorBodyTemplate(answer) },
    });
  }
};
