import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { isApiError, toErrorResponse } from "../core/http/error-response";
import { ForbiddenError } from "../core/http/errors";
import { createRouter, type RouteMatch } from "../core/http/router";
import type { HttpRequest, HttpResponse, Route, RouteContext } from "../core/http/types";
import type { ApiDeps } from "./deps";
import { toHttpRequest, toProxyResult } from "./event";
import { apiRoutes } from "./routes";

export type ApiHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

export interface ApiHandlerOptions {
  /** The route table. @default apiRoutes (producer routes, then any others registered there) */
  readonly routes?: (deps: ApiDeps) => readonly Route[];
}

type Matcher = (method: string, path: string) => RouteMatch;

const errorFields = (error: unknown) => {
  const cause = error instanceof Error ? error.cause : undefined;
  const describe = (value: unknown) =>
    value instanceof Error
      ? { name: value.name, message: value.message }
      : { name: "Error", message: String(value) };
  return { error: { ...describe(error), ...(cause !== undefined ? { cause: describe(cause) } : {}) } };
};

/** Whether the caller may use the route: operator routes need the operator key when there is one. */
const mayCall = (route: Route, request: HttpRequest, operatorKeyId: string | undefined): boolean =>
  route.access !== "operator" || operatorKeyId === undefined || request.apiKeyId === operatorKeyId;

/** Routes, authorizes and runs one request; every error becomes a response here, and nowhere else. */
const dispatch = async (
  match: Matcher,
  request: HttpRequest,
  context: RouteContext,
  operatorKeyId: string | undefined,
): Promise<HttpResponse> => {
  try {
    const { route, params } = match(request.method, request.path);
    context.annotate({ route: route.path });
    if (!mayCall(route, request, operatorKeyId)) throw new ForbiddenError();
    return await route.handler({ ...request, params }, context);
  } catch (error) {
    const response = toErrorResponse(error);
    if (isApiError(error)) context.annotate({ code: error.code });
    if (response.status >= 500) context.annotate(errorFields(error));
    return response;
  }
};

/**
 * The API Lambda: parse the event, route, map errors in one place, and write one log line per request:
 * `{ method, path, route, status, queue, count, durationMs, ... }` (never a message body); then the metrics
 * port sees that line.
 */
export const createApiHandler = (deps: ApiDeps, options: ApiHandlerOptions = {}): ApiHandler => {
  const match = createRouter((options.routes ?? apiRoutes)(deps));
  const now = deps.now ?? Date.now;
  return async (event) => {
    const started = now();
    const fields: Record<string, unknown> = { queue: null, count: 0 };
    const context: RouteContext = { annotate: (more) => Object.assign(fields, more) };
    const request = toHttpRequest(event);
    const response = await dispatch(match, request, context, deps.operatorKeyId);
    const line = {
      method: request.method,
      path: request.path,
      status: response.status,
      ...fields,
      durationMs: now() - started,
      requestId: event.requestContext?.requestId,
    };
    if (response.status >= 500) deps.logger.error("request", line);
    else deps.logger.info("request", line);
    deps.metrics?.request(line, now());
    return toProxyResult(response);
  };
};
