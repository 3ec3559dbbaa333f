/** Header and query maps as API Gateway REST API (v1) builds them for a Lambda proxy event. */
export interface ValueMaps {
  /** The last value of each name (`headers`, `queryStringParameters`). */
  readonly single: Record<string, string>;
  /** Every value of each name, in order (`multiValueHeaders`, `multiValueQueryStringParameters`). */
  readonly multi: Record<string, string[]>;
}

/** Maps without prototype: a header or parameter named `__proto__` or `constructor` is a name like any other. */
const collect = (pairs: Iterable<readonly [string, string]>): ValueMaps => {
  const single: Record<string, string> = Object.create(null);
  const multi: Record<string, string[]> = Object.create(null);
  for (const [name, value] of pairs) {
    single[name] = value;
    const values = multi[name] ?? [];
    values.push(value);
    multi[name] = values;
  }
  return { single, multi };
};

function* rawPairs(rawHeaders: readonly string[]): Generator<readonly [string, string]> {
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index];
    const value = rawHeaders[index + 1];
    if (name !== undefined && value !== undefined) yield [name, value];
  }
}

/** Header names keep the case the client sent (as in API Gateway); a repeated header keeps every value. */
export const headerMaps = (rawHeaders: readonly string[]): ValueMaps => collect(rawPairs(rawHeaders));

/** Query parameters, URL-decoded; `undefined` when the request has no query string (the event then has `null`). */
export const queryMaps = (search: string): ValueMaps | undefined => {
  const query = search.startsWith("?") ? search.slice(1) : search;
  if (query === "") return undefined;
  return collect(new URLSearchParams(query));
};

/** Headers API Gateway adds in front of the integration, unless the client already sent them. */
export const withGatewayHeaders = (
  rawHeaders: readonly string[],
  added: Readonly<Record<string, string>>,
): string[] => {
  const present = new Set<string>();
  for (const [name] of rawPairs(rawHeaders)) present.add(name.toLowerCase());
  const result = [...rawHeaders];
  for (const [name, value] of Object.entries(added)) {
    if (!present.has(name.toLowerCase())) result.push(name, value);
  }
  return result;
};

/** Splits a request target (`/v1/queues?x=1`) into its path, still percent-encoded, and its search part. */
export const splitTarget = (target: string): { readonly rawPath: string; readonly search: string } => {
  const mark = target.indexOf("?");
  return mark === -1
    ? { rawPath: target, search: "" }
    : { rawPath: target.slice(0, mark), search: target.slice(mark) };
};

/** `decodeURIComponent` that keeps the raw text when it is not valid percent-encoding. */
export const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};
