import type { Logger } from "../logging/logger";

/**
 * CloudWatch embedded metric format (EMF): a JSON log line whose `_aws` member tells CloudWatch Logs which of
 * its fields are metrics. Written by the functions themselves (no SDK call, no agent); the local stack writes
 * the same lines to its log.
 */
export const METRICS_NAMESPACE = "fifoq";

/** Every fifoq metric has these two dimensions: the stack (deployment) and the logical queue name. */
export const METRIC_DIMENSIONS = ["stack", "queue"] as const;

/** The names of the consumer runtime's metrics (its bundle carries only these). */
export const CONSUMER_METRIC = {
  processed: "Processed",
  duplicates: "Duplicates",
  failed: "Failed",
  skipped: "Skipped",
  deadLettered: "DeadLettered",
  handlerDuration: "HandlerDuration",
  ageAtProcessing: "AgeAtProcessing",
} as const;

/** The metric names, shared by the functions that write them and the dashboard that shows them. */
export const METRIC = /* @__PURE__ */ Object.assign(
  {
    published: "Published",
    redriven: "Redriven",
    scheduled: "Scheduled",
    released: "Released",
    releaseLateness: "ReleaseLatenessMs",
    releaseFailures: "ReleaseFailures",
  } as const,
  CONSUMER_METRIC,
);

/** EMF takes at most 100 values per metric in one document. */
export const MAX_VALUES = 100;

export interface MetricValues {
  readonly name: string;
  readonly unit: "Count" | "Milliseconds";
  /** One value per sample (a count is one summed value); an empty list leaves the metric out. */
  readonly values: readonly number[];
}

export interface MetricScope {
  readonly stack: string;
  readonly queue: string;
}

/** Where a finished document goes: one JSON log line on the function's output. */
export type MetricsEmitter = (document: Readonly<Record<string, unknown>>) => void;

/**
 * Metrics as lines of `logger` (message `fifoq metrics`); CloudWatch ignores the extra `level`, `time` and
 * `message` fields. Give it a logger whose level lets `info` through, so metrics do not follow the log level.
 */
export const logEmitter =
  (logger: Logger): MetricsEmitter =>
  (document) =>
    logger.info("fifoq metrics", document);

/** A count as a metric: one summed value, or left out when nothing happened (no cost, no line). */
export const countOf = (name: string, count: number): MetricValues => ({
  name,
  unit: "Count",
  values: count > 0 ? [count] : [],
});

/**
 * One EMF document for `metrics` under `scope`, or `undefined` when every metric is empty. Several samples of
 * a metric travel as one array (one line per batch or request, not one per record).
 */
export const emfDocument = (
  scope: MetricScope,
  timestampMs: number,
  metrics: readonly MetricValues[],
): Record<string, unknown> | undefined => {
  const present = metrics.filter((metric) => metric.values.length > 0);
  if (present.length === 0) return undefined;
  const values = present.map(({ name, values: all }) => {
    const kept = all.slice(0, MAX_VALUES);
    return [name, kept.length === 1 ? kept[0] : kept] as const;
  });
  return {
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[...METRIC_DIMENSIONS]],
          Metrics: present.map(({ name, unit }) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    stack: scope.stack,
    queue: scope.queue,
    ...Object.fromEntries(values),
  };
};
