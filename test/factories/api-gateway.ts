import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { safeDecode } from "../../local/gateway/request-parts";
import { gatewayIdentity } from "../../local/gateway/to-proxy-event";

export interface ApiEventInput {
  /** @default "GET" */
  readonly method?: string;
  /** Path relative to the API, e.g. `/queues/orders/messages` (percent-encoded, as a client sends it). */
  readonly path: string;
  /** A string is sent verbatim; anything else is `JSON.stringify`-ed. Absent: no body. */
  readonly body?: unknown;
  /** Extra headers (client case kept); they win over the defaults. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `Content-Type`; `null` sends none. @default "application/json" when there is a body */
  readonly contentType?: string | null;
  readonly query?: Readonly<Record<string, string>>;
  /** Send the body base64-encoded with `isBase64Encoded: true` (binary media types). */
  readonly base64?: boolean;
  /** @default "v1" */
  readonly stage?: string;
  /** The id of the API key the request came with (`requestContext.identity.apiKeyId`). @default "key-id" */
  readonly apiKeyId?: string;
}

const bodyOf = (input: ApiEventInput): string | null => {
  if (input.body === undefined) return null;
  return typeof input.body === "string" ? input.body : JSON.stringify(input.body);
};

const headersOf = (input: ApiEventInput, body: string | null): Record<string, string> => {
  const contentType =
    input.contentType === undefined ? (body === null ? null : "application/json") : input.contentType;
  return {
    Host: "abc123.execute-api.us-east-1.amazonaws.com",
    "User-Agent": "fifoq-tests",
    "x-api-key": "test-api-key",
    "X-Forwarded-Proto": "https",
    ...(contentType === null ? {} : { "Content-Type": contentType }),
    ...input.headers,
  };
};

const multi = (record: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(record).map(([name, value]) => [name, [value]]));

/**
 * A realistic API Gateway REST API (v1) Lambda proxy event for `ANY /{proxy+}`, as the deployed API (and the
 * local gateway) deliver it: stage-less `path`, decoded `pathParameters.proxy`, `null` for absent parts.
 */
export const apiEvent = (input: ApiEventInput): APIGatewayProxyEvent => {
  const method = input.method ?? "GET";
  const stage = input.stage ?? "v1";
  const raw = bodyOf(input);
  const headers = headersOf(input, raw);
  const proxy = safeDecode(input.path.replace(/^\//, "")); // as the local gateway: bad encoding stays raw
  const requestId = randomUUID();
  return {
    resource: "/{proxy+}",
    path: input.path,
    httpMethod: method,
    headers,
    multiValueHeaders: multi(headers),
    queryStringParameters: input.query ? { ...input.query } : null,
    multiValueQueryStringParameters: input.query ? multi(input.query) : null,
    pathParameters: { proxy },
    stageVariables: null,
    body: raw !== null && input.base64 ? Buffer.from(raw, "utf8").toString("base64") : raw,
    isBase64Encoded: Boolean(input.base64 && raw !== null),
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      authorizer: undefined,
      domainName: "abc123.execute-api.us-east-1.amazonaws.com",
      domainPrefix: "abc123",
      extendedRequestId: requestId,
      httpMethod: method,
      identity: gatewayIdentity(
        { apiKey: "test-api-key", apiKeyId: input.apiKeyId ?? "key-id" },
        "203.0.113.7",
        "fifoq-tests",
      ),
      path: `/${stage}${input.path}`,
      protocol: "HTTP/1.1",
      requestId,
      requestTime: "23/Nov/2026:22:23:17 +0000",
      requestTimeEpoch: Date.now(),
      resourceId: "proxy-resource",
      resourcePath: "/{proxy+}",
      stage,
    },
  };
};

/** The parsed JSON body of a proxy result. */
export const jsonBody = <T = Record<string, unknown>>(result: { readonly body: string }): T =>
  JSON.parse(result.body) as T;
