import {
  COMMON_ERRORS,
  ERROR_STATUS,
  type ErrorCode,
  KEYED_ERRORS,
  type RouteDeclaration,
  type RouteParameter,
} from "../../contract";
import type { JsonSchema } from "./schemas";

export interface DocumentInput {
  readonly routes: Readonly<Record<string, RouteDeclaration>>;
  /** The contract's types as JSON Schemas, by name. */
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  readonly version: string;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Statuses that come with `Retry-After`. */
const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];

/** Every error code a route may answer: its own, then those of every route, every keyed or operator route. */
export const routeErrors = (route: RouteDeclaration): ErrorCode[] => {
  const keyed = route.access === "keyless" ? [] : KEYED_ERRORS;
  const forbidden: ErrorCode[] = route.access === "operator" ? ["FORBIDDEN"] : [];
  return [...new Set([...route.errors, ...keyed, ...forbidden, ...COMMON_ERRORS])];
};

/** The error answers of a route, one per status, each naming its codes (`error.code` is one of them). */
const errorResponses = (route: RouteDeclaration) => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrors(route)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const sorted = [...byStatus.entries()].sort(([a], [b]) => a - b);
  return Object.fromEntries(
    sorted.map(([status, codes]) => [
      String(status),
      {
        description: codes.join(", "),
        ...(RETRY_AFTER_STATUSES.includes(status)
          ? { headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } }
          : {}),
        content: {
          "application/json": {
            schema: {
              ...ref("ErrorResponse"),
              properties: { error: { properties: { code: { enum: codes } } } },
            },
          },
        },
      },
    ]),
  );
};

const successContent = (route: RouteDeclaration) => {
  if (route.response) return { content: { "application/json": { schema: ref(route.response) } } };
  if (route.media) {
    const schema = route.media.includes("application/json") ? { type: "object" } : { type: "string" };
    return { content: Object.fromEntries(route.media.map((media) => [media, { schema }])) };
  }
  if (route.status >= 300 && route.status < 400) {
    return { headers: { Location: { description: "Where to go", schema: { type: "string" } } } };
  }
  return {};
};

const parameter = (where: "query" | "header" | "path", param: RouteParameter) => ({
  name: param.name,
  in: where,
  description: param.description,
  schema: param.schema,
});

const pathParameters = (path: string) =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((match) => ({
    name: match[1],
    in: "path",
    required: true,
    schema: { type: "string", minLength: 1, ...(match[1] === "id" ? { maxLength: 128 } : {}) },
  }));

const operation = (name: string, route: RouteDeclaration) => ({
  operationId: name,
  summary: route.summary,
  "x-fifoq-access": route.access,
  security: route.access === "keyless" ? [] : [{ apiKey: [] }],
  parameters: [
    ...pathParameters(route.path),
    ...(route.query ?? []).map((param) => parameter("query", param)),
    ...(route.headers ?? []).map((param) => parameter("header", param)),
  ],
  ...(route.request
    ? { requestBody: { required: true, content: { "application/json": { schema: ref(route.request) } } } }
    : {}),
  responses: {
    [String(route.status)]: { description: route.summary, ...successContent(route) },
    ...errorResponses(route),
  },
});

const DESCRIPTION = [
  "fifoq's HTTP API, generated from the contract module (`contract/`) by `npm run openapi`: do not edit.",
  "Keys go in the `x-api-key` header: producer keys publish and list queues, operator keys also use the",
  'dead-letter routes (`x-fifoq-access`). With `api.auth: "iam"` requests are signed with SigV4 instead.',
  "A known path with another method answers 405 `METHOD_NOT_ALLOWED` (with `Allow`); an unknown path 404 `NOT_FOUND`.",
].join(" ");

/** The OpenAPI 3.1 document of the route table and the contract's types. */
export const buildOpenApiDocument = (input: DocumentInput) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(input.routes)) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(name, route) };
  }
  return {
    openapi: "3.1.0",
    info: { title: "fifoq", version: input.version, description: DESCRIPTION },
    paths,
    components: {
      schemas: { ...input.schemas, ErrorCode: { type: "string", enum: Object.keys(ERROR_STATUS) } },
      securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "x-api-key" } },
    },
  };
};
