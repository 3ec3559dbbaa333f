import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { HttpRequest, HttpResponse } from "../core/http/types";

const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** Header names in lower case; single-value headers win, multi-value ones fill the gaps (last value). */
const lowerCaseHeaders = (event: APIGatewayProxyEvent): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    const last = values?.at(-1);
    if (last !== undefined) headers[name.toLowerCase()] = last;
  }
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
};

const definedValues = (record: Record<string, string | undefined> | null): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/**
 * The path to route on, percent-encoded (the router decodes each segment once). Behind `/{proxy+}` the proxy
 * parameter is the path relative to the API whatever the stage or custom-domain base path, but API Gateway
 * delivers it decoded, so it is re-encoded; `event.path` (already encoded) is the fallback, e.g. for `ANY /`.
 */
const routePath = (event: APIGatewayProxyEvent): string => {
  const proxy = event.pathParameters?.proxy;
  if (proxy === undefined) return event.path ?? "/";
  return `/${proxy.split("/").map(encodeURIComponent).join("/")}`;
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
