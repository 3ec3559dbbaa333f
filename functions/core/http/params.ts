import type { RouteRequest } from "./types";

/** A path parameter the route pattern declares; a missing one is a bug in the route table. */
export const pathParam = (request: RouteRequest, name: string): string => {
  const value = request.params[name];
  if (value === undefined) throw new Error(`route ${request.path} has no path parameter {${name}}`);
  return value;
};
