import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Logger } from "../../functions/core/logging/logger";
import type { LocalFunction } from "./local-function";
import { runPoller } from "./poller-loop";
import type { MappingTarget } from "./process-batch";

/** Pollers per queue at most, whatever `maxConcurrency` says (each holds a connection while long polling). */
export const LOCAL_MAX_POLLERS = 25;

/** `arn:aws:sqs:<region>:<account>:<name>` → region (us-east-1 when the ARN has none). */
export const regionOfArn = (arn: string): string => arn.split(":")[3] || "us-east-1";

export interface EventSourceMappingOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  /** The function it invokes (its name and timeout are in `fn.settings`). */
  readonly fn: LocalFunction;
  /** Records per invocation, 1–10. */
  readonly batchSize: number;
  /** Concurrent pollers, each invoking one batch at a time (capped at `LOCAL_MAX_POLLERS`). */
  readonly maxConcurrency: number;
  /** @default 20 */
  readonly waitTimeSeconds?: number;
  readonly logger: Logger;
}

export interface RunningEventSourceMapping {
  /**
   * Stops polling at once (pending long polls are aborted) and waits for running invocations; one still
   * running after `graceMs` is abandoned and its messages are not deleted.
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Emulates Lambda's SQS event source mapping with `ReportBatchItemFailures`: long-polling pollers invoke the
 * function with an `SQSEvent` and a Lambda `Context`, delete the records that did not fail, and delete none
 * when the function throws, times out or answers something invalid.
 */
export const startEventSourceMapping = (options: EventSourceMappingOptions): RunningEventSourceMapping => {
  const target: MappingTarget = {
    sqs: options.sqs,
    queueUrl: options.queueUrl,
    source: { queueArn: options.queueArn, region: regionOfArn(options.queueArn) },
    fn: options.fn,
    logger: options.logger,
  };
  const settings = { batchSize: options.batchSize, waitTimeSeconds: options.waitTimeSeconds ?? 20 };
  const stopping = new AbortController();
  const abandoning = new AbortController();
  const signals = { stop: stopping.signal, abandon: abandoning.signal };
  const count = Math.max(1, Math.min(options.maxConcurrency, LOCAL_MAX_POLLERS));
  const pollers = Array.from({ length: count }, () => runPoller(target, settings, signals));
  return {
    async stop(graceMs = 5000) {
      stopping.abort();
      const timer = setTimeout(() => abandoning.abort(), graceMs);
      await Promise.all(pollers);
      clearTimeout(timer);
    },
  };
};
