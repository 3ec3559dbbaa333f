import type { RouteDeclaration } from "../../../contract";

/** A transport-neutral HTTP request: the API Lambda builds it from an API Gateway event. */
export interface HttpRequest {
  /** Upper case, e.g. `POST`. */
  readonly method: string;
  /** Path without stage or base path, e.g. `/queues/orders/messages`. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** The raw body as text (already base64-decoded), or undefined when there is none. */
  readonly body: string | undefined;
  /** The id of the API key the gateway accepted the request with (`requestContext.identity.apiKeyId`). */
  readonly apiKeyId?: string | undefined;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialized as JSON; omitted (empty body) when undefined, e.g. for 204. */
  readonly body?: unknown;
  /** Sent as it is instead of `body`, with the Content-Type in `headers` (the web console's files). */
  readonly text?: string;
}

/** A request matched to a route, with the path parameters the pattern captured. */
export interface RouteRequest extends HttpRequest {
  readonly params: Readonly<Record<string, string>>;
}

/** Per-request context a route can use; `annotate` adds fields to the request's one log line. */
export interface RouteContext {
  annotate(fields: Readonly<Record<string, unknown>>): void;
}

export type RouteHandler = (request: RouteRequest, context: RouteContext) => Promise<HttpResponse>;

/** A route of the contract's table (`contract/routes.ts`) with the handler that serves it. */
export interface Route extends RouteDeclaration {
  readonly handler: RouteHandler;
}
