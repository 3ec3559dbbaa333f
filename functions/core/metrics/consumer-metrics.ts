import type { RecordResult } from "../consumer/record-result";
import type { Outcome } from "../consumer/types";
import {
  countOf,
  emfDocument,
  METRIC,
  type MetricScope,
  type MetricsEmitter,
  type MetricValues,
} from "./emf";

/** The consumer's metrics port: called once per batch, after the batch, with every record's result. */
export interface ConsumerMetrics {
  batch(results: readonly RecordResult[], endedAtMs: number): void;
}

/** Outcomes whose `durationMs` is the time spent in `parse`/`handle` (not a skip or a duplicate). */
const RAN: ReadonlySet<Outcome> = new Set(["processed", "failed", "dead-lettered"]);

const count = (results: readonly RecordResult[], outcome: Outcome): number =>
  results.filter((result) => result.outcome === outcome).length;

/**
 * A batch's metrics: how many records were processed, duplicates, failed, skipped and dead-lettered; the
 * handler time of each record that ran; and, for each processed record, its age when its batch finished (from
 * `SentTimestamp` to the end of processing: the end-to-end latency of the message).
 */
export const consumerBatchMetrics = (results: readonly RecordResult[], endedAtMs: number): MetricValues[] => [
  countOf(METRIC.processed, count(results, "processed")),
  countOf(METRIC.duplicates, count(results, "duplicate")),
  countOf(METRIC.failed, count(results, "failed")),
  countOf(METRIC.skipped, count(results, "skipped")),
  countOf(METRIC.deadLettered, count(results, "dead-lettered")),
  {
    name: METRIC.handlerDuration,
    unit: "Milliseconds",
    values: results.filter((result) => RAN.has(result.outcome)).map((result) => result.durationMs),
  },
  {
    name: METRIC.ageAtProcessing,
    unit: "Milliseconds",
    values: results
      .filter((result) => result.outcome === "processed" && result.planned.envelope.sentAt.getTime() > 0)
      .map((result) => Math.max(0, endedAtMs - result.planned.envelope.sentAt.getTime())),
  },
];

/** Writes one EMF line per batch for `scope` (nothing for an empty batch). */
export const createConsumerMetrics = (scope: MetricScope, emit: MetricsEmitter): ConsumerMetrics => ({
  batch: (results, endedAtMs) => {
    const document = emfDocument(scope, endedAtMs, consumerBatchMetrics(results, endedAtMs));
    if (document) emit(document);
  },
});
