import { MethodNotAllowedError, NotFoundError } from "./errors";
import type { Route } from "./types";

export interface RouteMatch {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
  /** Literal segments count: the most literal pattern wins when several match. */
  readonly literals: number;
}

const splitPath = (path: string): string[] => path.split("/").filter((segment) => segment !== "");

const isParam = (segment: string): boolean => segment.startsWith("{") && segment.endsWith("}");

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const compile = (route: Route): CompiledRoute => {
  const segments = splitPath(route.path);
  return { route, segments, literals: segments.filter((segment) => !isParam(segment)).length };
};

const matchSegments = (
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | null => {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [position, expected] of pattern.entries()) {
    const value = actual[position] ?? "";
    if (isParam(expected)) params[expected.slice(1, -1)] = decode(value);
    else if (expected !== value) return null;
  }
  return params;
};

/**
 * Builds a matcher over a route table. Unknown path → `NotFoundError`; known path with another method →
 * `MethodNotAllowedError` listing the allowed methods. When several patterns match (a literal segment and a
 * `{param}` in the same place), the one with more literal segments wins.
 */
export const createRouter = (routes: readonly Route[]) => {
  const compiled = routes.map(compile);
  return (method: string, path: string): RouteMatch => {
    const actual = splitPath(path);
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
