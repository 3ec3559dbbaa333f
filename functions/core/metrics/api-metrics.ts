import { countOf, emfDocument, METRIC, type MetricsEmitter } from "./emf";

/** The API's metrics port: called once per request, after the response, with the request's log line. */
export interface ApiMetrics {
  request(line: Readonly<Record<string, unknown>>, atMs: number): void;
}

type Line = Readonly<Record<string, unknown>>;

interface RouteMetric {
  /** The status of a successful answer; any other status counts nothing. */
  readonly status: number;
  readonly metric: string;
  /** How many messages the request moved, from its log line. */
  readonly value: (line: Line) => unknown;
  /** Further counts of the same request (delayed messages of a publish). @default none */
  readonly more?: readonly { readonly metric: string; readonly value: (line: Line) => unknown }[];
}

/** A publish's delayed messages, as the route annotated them (`scheduled`). */
const SCHEDULED = [{ metric: METRIC.scheduled, value: (line: Line) => line.scheduled }];

/**
 * What each route counts, keyed `<method> <route pattern>` as the router names it. A repeated redrive of a
 * record that was already redriven answers 202 again and counts again (it sends nothing).
 */
const ROUTE_METRICS: Readonly<Record<string, RouteMetric>> = {
  "POST /queues/{queue}/messages": {
    status: 202,
    metric: METRIC.published,
    value: () => 1,
    more: SCHEDULED,
  },
  "POST /queues/{queue}/messages/batch": {
    status: 200,
    metric: METRIC.published,
    value: (line) => line.accepted,
    more: SCHEDULED,
  },
  "POST /queues/{queue}/dead-letters/{id}/redrive": { status: 202, metric: METRIC.redriven, value: () => 1 },
  "POST /queues/{queue}/dead-letters/redrive": {
    status: 202,
    metric: METRIC.redriven,
    value: (line) => line.count,
  },
};

const wholeNumber = (value: unknown): number =>
  typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 0;

/**
 * The metrics document of one request line (`method`, `route`, `status`, `queue`, `count`, `accepted`,
 * `scheduled`), or
 * `undefined` when the request moved nothing. Only a successful answer counts, so `queue` is a configured one.
 */
export const apiRequestMetrics = (
  stack: string,
  line: Line,
  atMs: number,
): Record<string, unknown> | undefined => {
  const key = `${String(line.method)} ${String(line.route)}`;
  const spec = Object.hasOwn(ROUTE_METRICS, key) ? ROUTE_METRICS[key] : undefined;
  if (!spec || line.status !== spec.status || typeof line.queue !== "string") return undefined;
  return emfDocument({ stack, queue: line.queue }, atMs, [
    countOf(spec.metric, wholeNumber(spec.value(line))),
    ...(spec.more ?? []).map(({ metric, value }) => countOf(metric, wholeNumber(value(line)))),
  ]);
};

/** Writes one EMF line per request that published or redrove messages. */
export const createApiMetrics = (stack: string, emit: MetricsEmitter): ApiMetrics => ({
  request: (line, atMs) => {
    const document = apiRequestMetrics(stack, line, atMs);
    if (document) emit(document);
  },
});
