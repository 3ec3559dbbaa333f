import { API_ROUTES, type HttpMethod } from "../../contract";

/** A route that needs no key, as a gateway sees it. */
export interface KeylessRoute {
  readonly method: HttpMethod;
  /** The API Gateway resource path (a trailing `/` dropped: `/console/` is the resource `/console`). */
  readonly resource: string;
}

const resourceOf = (path: string): string =>
  path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;

/**
 * THE routes that need no key, derived from each route's declared access (`contract/routes.ts`): the cloud's
 * REST API opens these methods (`apiKeyRequired: false`, no authorizer) and the local gateway lets them through
 * without a key. One entry per resource and method.
 */
export const KEYLESS_ROUTES: readonly KeylessRoute[] = [
  ...new Map(
    Object.values(API_ROUTES)
      .filter((route) => route.access === "keyless")
      .map((route) => {
        const resource = resourceOf(route.path);
        return [`${route.method} ${resource}`, { method: route.method, resource }] as const;
      }),
  ).values(),
];

const isParam = (segment: string): boolean => segment.startsWith("{") && segment.endsWith("}");

const segmentsMatch = (pattern: readonly string[], actual: readonly string[]): boolean =>
  pattern.length === actual.length &&
  pattern.every((expected, position) => {
    const value = actual[position] ?? "";
    return isParam(expected) ? value !== "" : expected === value;
  });

/**
 * Whether a request reaches a keyless route, as API Gateway matches resources: the path as sent
 * (percent-encoded, one trailing `/` ignored), a `{param}` standing for one non-empty segment.
 */
export const isKeylessRequest = (method: string, rawPath: string): boolean => {
  const actual = resourceOf(rawPath).split("/");
  return KEYLESS_ROUTES.some(
    (route) => route.method === method && segmentsMatch(route.resource.split("/"), actual),
  );
};
