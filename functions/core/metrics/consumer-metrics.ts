import type { RecordResult } from "../consumer/record-result";
import type { Outcome } from "../consumer/types";
import {
  CONSUMER_METRIC,
  countOf,
  emfDocument,
  type MetricScope,
  type MetricsEmitter,
  type MetricValues,
} from "./emf";

/** The consumer's metrics port: called once per batch, after the batch, with every record's result. */
export interface ConsumerMetrics {
  batch(results: readonly RecordResult[], endedAtMs: number): void;
}

/** The count metric of each outcome. */
const COUNTED: Readonly<Record<Outcome, string>> = {
  processed: CONSUMER_METRIC.processed,
  duplicate: CONSUMER_METRIC.duplicates,
  failed: CONSUMER_METRIC.failed,
  skipped: CONSUMER_METRIC.skipped,
  "dead-lettered": CONSUMER_METRIC.deadLettered,
};

/**
 * A batch's metrics, in one pass: how many records were processed, duplicates, failed, skipped and
 * dead-lettered; the handler time of each record that ran (`parse`/`handle`: not a skip or a duplicate); and,
 * for each processed record, its age when its batch finished (from `SentTimestamp` to the end of processing:
 * the end-to-end latency of the message).
 */
export const consumerBatchMetrics = (results: readonly RecordResult[], endedAtMs: number): MetricValues[] => {
  const counts: Partial<Record<Outcome, number>> = {};
  const handler: number[] = [];
  const age: number[] = [];
  for (const { outcome, durationMs, planned } of results) {
    counts[outcome] = (counts[outcome] ?? 0) + 1;
    if (outcome !== "skipped" && outcome !== "duplicate") handler.push(durationMs);
    const sentAt = planned.envelope.sentAt.getTime();
    if (outcome === "processed" && sentAt > 0) age.push(Math.max(0, endedAtMs - sentAt));
  }
  return [
    ...Object.entries(COUNTED).map(([outcome, name]) => countOf(name, counts[outcome as Outcome] ?? 0)),
    { name: CONSUMER_METRIC.handlerDuration, unit: "Milliseconds", values: handler },
    { name: CONSUMER_METRIC.ageAtProcessing, unit: "Milliseconds", values: age },
  ];
};

/** Writes one EMF line per batch for `scope` (nothing for an empty batch). */
export const createConsumerMetrics = (scope: MetricScope, emit: MetricsEmitter): ConsumerMetrics => ({
  batch: (results, endedAtMs) => {
    const document = emfDocument(scope, endedAtMs, consumerBatchMetrics(results, endedAtMs));
    if (document) emit(document);
  },
});
