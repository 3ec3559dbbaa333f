import type { ServerResponse } from "node:http";
import type { APIGatewayProxyResult } from "aws-lambda";

type HeaderValue = boolean | number | string;

/** Headers the gateway sets itself from the body it writes. */
const HOP_HEADERS = new Set(["content-length", "transfer-encoding", "connection"]);

/** Checks what the function returned the way API Gateway does before it answers (else its DEFAULT_5XX). */
export const isProxyResult = (value: unknown): value is APIGatewayProxyResult => {
  if (typeof value !== "object" || value === null) return false;
  const result = value as Record<string, unknown>;
  const status = result.statusCode;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) return false;
  if (result.body !== undefined && result.body !== null && typeof result.body !== "string") return false;
  const isMap = (map: unknown) => map === undefined || map === null || typeof map === "object";
  return isMap(result.headers) && isMap(result.multiValueHeaders);
};

/**
 * Merges `headers` and `multiValueHeaders` as REST API does: a name present in `multiValueHeaders` takes
 * its values from there. Names are compared without case.
 */
export const mergeResultHeaders = (result: APIGatewayProxyResult): Map<string, string[]> => {
  const merged = new Map<string, { name: string; values: string[] }>();
  const put = (name: string, values: readonly HeaderValue[]) =>
    merged.set(name.toLowerCase(), { name, values: values.map(String) });
  for (const [name, value] of Object.entries(result.headers ?? {})) put(name, [value]);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) put(name, values);
  return new Map([...merged.values()].map(({ name, values }) => [name, values]));
};

/** Writes a proxy result: status, merged headers (JSON by default), body decoded from base64 when flagged. */
export const writeProxyResult = (
  response: ServerResponse,
  result: APIGatewayProxyResult,
  gatewayHeaders: Readonly<Record<string, string>> = {},
): void => {
  const headers = mergeResultHeaders(result);
  const hasType = [...headers.keys()].some((name) => name.toLowerCase() === "content-type");
  if (!hasType) headers.set("content-type", ["application/json"]);
  for (const name of [...headers.keys()]) if (HOP_HEADERS.has(name.toLowerCase())) headers.delete(name);
  for (const [name, value] of Object.entries(gatewayHeaders)) headers.set(name, [value]);
  const body = Buffer.from(result.body ?? "", result.isBase64Encoded ? "base64" : "utf8");
  response.statusCode = result.statusCode;
  for (const [name, values] of headers)
    response.setHeader(name, values.length === 1 ? (values[0] ?? "") : values);
  response.setHeader("content-length", body.length);
  response.end(body);
};
