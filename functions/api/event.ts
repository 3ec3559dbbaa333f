import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { HttpRequest, HttpResponse } from "../core/http/types";

const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/**
 * Header names in lower case; single-value headers win, multi-value ones fill the gaps (last value). Request
 * maps have no prototype: a header or parameter named `__proto__` or `constructor` is a name like any other,
 * and a name that was not sent reads `undefined`.
 */
const lowerCaseHeaders = (event: APIGatewayProxyEvent): Record<string, string> => {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    const last = values?.at(-1);
    if (last !== undefined) headers[name.toLowerCase()] = last;
  }
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
};

const definedValues = (record: Record<string, string | undefined> | null): Record<string, string> => {
  const values: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(record ?? {})) if (value !== undefined) values[name] = value;
  return values;
};

const decodeOr = (raw: string): string | undefined => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
};

/**
 * The path to route on, still percent-encoded, without stage or custom-domain base path. REST API delivers
 * `event.path` percent-encoded (with any base path) and `pathParameters.proxy` decoded (without it): the route
 * path is the suffix of the raw segments that decodes to the proxy parameter. It is never rebuilt from the
 * decoded proxy, which would turn an encoded `/` into a separator. Without a proxy (`ANY /`), the raw path.
 */
const routePath = (event: APIGatewayProxyEvent): string => {
  const raw = event.path ?? "/";
  const proxy = event.pathParameters?.proxy;
  if (proxy === undefined) return raw;
  const segments = raw.split("/").slice(1);
  for (let start = 0; start < segments.length; start += 1) {
    const suffix = segments.slice(start);
    if (suffix.map(decodeOr).join("/") === proxy) return `/${suffix.join("/")}`;
  }
  return raw;
};

const bodyText = (event: APIGatewayProxyEvent): string | undefined => {
  if (event.body === null || event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
};

/** API Gateway REST (v1) proxy event → transport-neutral request. */
export const toHttpRequest = (event: APIGatewayProxyEvent): HttpRequest => ({
  method: String(event.httpMethod ?? "").toUpperCase(),
  path: routePath(event),
  headers: lowerCaseHeaders(event),
  query: definedValues(event.queryStringParameters),
  body: bodyText(event),
  apiKeyId: event.requestContext?.identity?.apiKeyId ?? undefined,
});

/** Response → API Gateway proxy result; JSON body and content type unless the body is text or empty (204). */
export const toProxyResult = (response: HttpResponse): APIGatewayProxyResult => {
  if (response.text !== undefined) {
    return { statusCode: response.status, headers: { ...response.headers }, body: response.text };
  }
  if (response.body === undefined) {
    return { statusCode: response.status, headers: { ...response.headers }, body: "" };
  }
  return {
    statusCode: response.status,
    headers: { "Content-Type": JSON_CONTENT_TYPE, ...response.headers },
    body: JSON.stringify(response.body),
  };
};
