/**
 * What the console shows is named by the URL hash, so a reload or a pasted link restores it and back/forward
 * move between views: `#/queues/orders`, `#/queues/orders/dead-letters/<id>`, `#/queues/orders/scheduled`, `#/schedules`. The hash is untrusted input
 * (anyone can send a link): it is parsed without recursion, bounded, and anything else is `home`.
 *
 * A new view adds a kind to `Route`, a pattern to `PATTERNS` and a case to `routeHash`.
 */
export type Route =
  | { readonly kind: "home" }
  | { readonly kind: "queue"; readonly queue: string }
  | { readonly kind: "scheduled"; readonly queue: string }
  | { readonly kind: "schedules" }
  | { readonly kind: "dead-letter"; readonly queue: string; readonly id: string };

export const HOME: Route = { kind: "home" };

/** Longer hashes are not links the console makes (a queue name is ≤ 64 characters, an id ≤ 128). */
const MAX_HASH = 1024;
const QUEUE_NAME = /^[a-z0-9-]{1,64}$/;

type Params = Readonly<Record<string, string>>;

interface Pattern {
  readonly path: readonly string[];
  readonly route: (params: Params) => Route | undefined;
}

const queueName = (value: string | undefined) =>
  value !== undefined && QUEUE_NAME.test(value) ? value : undefined;

/** A dead letter's id as the API accepts it: 1–128 characters, no `/`. */
const recordId = (value: string | undefined) =>
  value !== undefined && value.length <= 128 && !value.includes("/") ? value : undefined;

const PATTERNS: readonly Pattern[] = [
  { path: ["schedules"], route: () => ({ kind: "schedules" }) },
  {
    path: ["queues", ":queue"],
    route: (params) => {
      const queue = queueName(params.queue);
      return queue ? { kind: "queue", queue } : undefined;
    },
  },
  {
    path: ["queues", ":queue", "scheduled"],
    route: (params) => {
      const queue = queueName(params.queue);
      return queue ? { kind: "scheduled", queue } : undefined;
    },
  },
  {
    path: ["queues", ":queue", "dead-letters", ":id"],
    route: (params) => {
      const queue = queueName(params.queue);
      const id = recordId(params.id);
      return queue && id ? { kind: "dead-letter", queue, id } : undefined;
    },
  },
];

/** `#/a/b%2Fc` → `["a", "b/c"]`; undefined when a segment is empty or not valid percent-encoding. */
const segments = (hash: string): string[] | undefined => {
  const path = hash.replace(/^#?\/?/, "");
  if (path === "") return [];
  try {
    const parts = path.split("/").map((part) => decodeURIComponent(part));
    return parts.includes("") ? undefined : parts;
  } catch {
    return undefined;
  }
};

const match = (path: readonly string[], parts: readonly string[]): Params | undefined => {
  if (path.length !== parts.length) return undefined;
  const params: Record<string, string> = Object.create(null);
  for (const [index, expected] of path.entries()) {
    const actual = parts[index] ?? "";
    if (expected.startsWith(":")) params[expected.slice(1)] = actual;
    else if (expected !== actual) return undefined;
  }
  return params;
};

/** The route a hash names (`location.hash`, with or without its `#`); `home` for anything else. */
export const parseRoute = (hash: string): Route => {
  if (hash.length > MAX_HASH) return HOME;
  const parts = segments(hash);
  if (!parts) return HOME;
  for (const pattern of PATTERNS) {
    const params = match(pattern.path, parts);
    const route = params && pattern.route(params);
    if (route) return route;
  }
  return HOME;
};

const encode = (value: string) => encodeURIComponent(value);

/** The hash that names a route: `parseRoute(routeHash(route))` is `route`. */
export const routeHash = (route: Route): string => {
  switch (route.kind) {
    case "home":
      return "#/";
    case "queue":
      return `#/queues/${encode(route.queue)}`;
    case "schedules":
      return "#/schedules";
    case "scheduled":
      return `#/queues/${encode(route.queue)}/scheduled`;
    case "dead-letter":
      return `#/queues/${encode(route.queue)}/dead-letters/${encode(route.id)}`;
  }
};
