import { MethodNotAllowedError, NotFoundError } from "./errors";
import type { Route } from "./types";

/** What the router needs of a route: its method and `{param}` pattern. */
export interface RoutePattern {
  readonly method: string;
  readonly path: string;
}

export interface RouteMatch<R extends RoutePattern = Route> {
  readonly route: R;
  readonly params: Readonly<Record<string, string>>;
}

interface CompiledRoute<R extends RoutePattern> {
  readonly route: R;
  readonly segments: readonly string[];
  /** Literal segments count: the most literal pattern wins when several match. */
  readonly literals: number;
}

const isParam = (segment: string): boolean => segment.startsWith("{") && segment.endsWith("}");

/**
 * The segments of a route pattern (written by us: `/queues/{queue}/messages`). A pattern that ends in `/`
 * (`/console/`) has an empty last segment: only a route that declares it matches a trailing slash.
 */
const patternSegments = (path: string): string[] => {
  const segments = path.split("/").filter((segment) => segment !== "");
  return path.length > 1 && path.endsWith("/") ? [...segments, ""] : segments;
};

const decodeSegment = (raw: string): string | undefined => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
};

/**
 * The decoded segments of a request path that is still percent-encoded, split on its raw `/` only. Undefined —
 * no route — when a segment before the last is empty (`//`), a segment holds a `/` once decoded (`%2F`) or is
 * not valid percent-encoding: segments are never collapsed, and never re-split after decoding. A trailing `/`
 * leaves an empty last segment, which no parameter and only a pattern ending in `/` matches.
 */
const requestSegments = (path: string): string[] | undefined => {
  if (path === "/") return [];
  if (!path.startsWith("/")) return undefined;
  const raws = path.slice(1).split("/");
  const segments: string[] = [];
  for (const [position, raw] of raws.entries()) {
    const segment = decodeSegment(raw);
    if (segment === undefined || segment.includes("/")) return undefined;
    if (segment === "" && position < raws.length - 1) return undefined;
    segments.push(segment);
  }
  return segments;
};

const compile = <R extends RoutePattern>(route: R): CompiledRoute<R> => {
  const segments = patternSegments(route.path);
  return { route, segments, literals: segments.filter((segment) => !isParam(segment)).length };
};

const matchSegments = (
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | null => {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = Object.create(null);
  for (const [position, expected] of pattern.entries()) {
    const value = actual[position] ?? "";
    if (isParam(expected)) {
      if (value === "") return null;
      params[expected.slice(1, -1)] = value;
    } else if (expected !== value) return null;
  }
  return params;
};

/**
 * Builds a matcher over a route table. The path is percent-encoded; each segment is decoded once, after
 * splitting (see `requestSegments`). Unknown path → `NotFoundError`; known path with another method →
 * `MethodNotAllowedError` listing the allowed methods. When several patterns match (a literal segment and a
 * `{param}` in the same place), the one with more literal segments wins.
 */
export const createRouter = <R extends RoutePattern = Route>(routes: readonly R[]) => {
  const compiled = routes.map(compile);
  return (method: string, path: string): RouteMatch<R> => {
    const actual = requestSegments(path);
    if (!actual) throw new NotFoundError(`no route for ${path}; see the API reference`);
    const candidates = compiled
      .map((entry) => ({ entry, params: matchSegments(entry.segments, actual) }))
      .filter((candidate) => candidate.params !== null);
    if (candidates.length === 0) throw new NotFoundError(`no route for ${path}; see the API reference`);
    const sameMethod = candidates
      .filter((candidate) => candidate.entry.route.method === method)
      .sort((a, b) => b.entry.literals - a.entry.literals);
    const best = sameMethod[0];
    if (best?.params) return { route: best.entry.route, params: best.params };
    const allowed = [...new Set(candidates.map((candidate) => candidate.entry.route.method))];
    throw new MethodNotAllowedError(method, path, allowed);
  };
};
