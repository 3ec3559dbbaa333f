import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { Logger } from "../core/logging/logger";
import { countOf, emfDocument, METRIC, type MetricsEmitter } from "../core/metrics/emf";
import { parseReleaseEvent } from "../core/scheduled/arm-plan";
import { createGroupTurns, createRecentlySent } from "../core/scheduled/group-turns";
import { type ReleaseDeps, releaseScheduled } from "../core/scheduled/release";

export interface ReleaseHandlerDeps extends Omit<ReleaseDeps, "onReleased" | "groupTurns" | "recentlySent"> {
  readonly logger: Logger;
  /** With a stack name: `Released`, `ReleaseLatenessMs`, `ReleaseFailures` per queue. @default no metrics */
  readonly metrics?: { readonly stack: string; readonly emit: MetricsEmitter } | undefined;
}

interface Tally {
  readonly released: Map<string, number[]>;
  readonly failures: Map<string, number>;
}

const describe = (error: unknown) =>
  error instanceof Error
    ? { name: error.name, message: error.message.slice(0, 500) }
    : { name: "Error", message: "?" };

type Running = ReleaseHandlerDeps & Pick<ReleaseDeps, "groupTurns" | "recentlySent">;

const releaseRecord = async (record: SQSRecord, deps: Running, tally: Tally): Promise<boolean> => {
  const ref = parseReleaseEvent(record.body);
  if (!ref) {
    deps.logger.warn("release", {
      outcome: "ignored",
      reason: "not a fifoq release event",
      messageId: record.messageId,
    });
    return true;
  }
  const onReleased: ReleaseDeps["onReleased"] = (released, latenessMs, orderHoldMs) => {
    tally.released.set(released.queue, [
      ...(tally.released.get(released.queue) ?? []),
      Math.max(0, latenessMs),
    ]);
    deps.logger.info("release", {
      outcome: "released",
      queue: released.queue,
      id: released.id,
      groupId: released.groupId,
      latenessMs,
      ...(orderHoldMs > 0 ? { orderHoldMs } : {}),
    });
  };
  try {
    const outcome = await releaseScheduled(ref, { ...deps, onReleased });
    if (outcome !== "released") deps.logger.info("release", { outcome, ...ref });
    // In flight elsewhere: kept on the delay queue (not a failure) until that release has sent it.
    return outcome !== "in-flight";
  } catch (error) {
    tally.failures.set(ref.queue, (tally.failures.get(ref.queue) ?? 0) + 1);
    deps.logger.error("release", { outcome: "failed", ...ref, error: describe(error) });
    return false;
  }
};

const emitMetrics = (deps: ReleaseHandlerDeps, tally: Tally) => {
  if (!deps.metrics) return;
  const queues = new Set([...tally.released.keys(), ...tally.failures.keys()]);
  for (const queue of queues) {
    const lateness = tally.released.get(queue) ?? [];
    const document = emfDocument({ stack: deps.metrics.stack, queue }, deps.now(), [
      countOf(METRIC.released, lateness.length),
      { name: METRIC.releaseLateness, unit: "Milliseconds", values: lateness },
      countOf(METRIC.releaseFailures, tally.failures.get(queue) ?? 0),
    ]);
    if (document) deps.metrics.emit(document);
  }
};

/**
 * The release function (SQS event source on the delay queue, ReportBatchItemFailures): each record names one
 * scheduled message; all run at once (the core keeps a group's order; the container's releases of one group
 * take turns, across invocations). A failed release stays on the delay queue and comes back (its retry sends
 * with the same dedupId).
 */
export const createReleaseHandler = (handlerDeps: ReleaseHandlerDeps) => {
  const deps: Running = {
    ...handlerDeps,
    groupTurns: createGroupTurns(),
    recentlySent: createRecentlySent(),
  };
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const tally: Tally = { released: new Map(), failures: new Map() };
    const outcomes = await Promise.all(event.Records.map((record) => releaseRecord(record, deps, tally)));
    emitMetrics(deps, tally);
    const batchItemFailures = event.Records.filter((_, index) => !outcomes[index]).map((record) => ({
      itemIdentifier: record.messageId,
    }));
    return { batchItemFailures };
  };
};
