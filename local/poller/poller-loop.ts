import { setTimeout as sleep } from "node:timers/promises";
import { type Message, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { type MappingTarget, processBatch } from "./process-batch";

export interface PollerSettings {
  /** MaxNumberOfMessages, 1–10. */
  readonly batchSize: number;
  /** Long polling, 0–20 s. */
  readonly waitTimeSeconds: number;
}

const MAX_BACKOFF_MS = 10_000;

const receive = async (
  target: MappingTarget,
  settings: PollerSettings,
  stop: AbortSignal,
): Promise<Message[]> => {
  const command = new ReceiveMessageCommand({
    QueueUrl: target.queueUrl,
    MaxNumberOfMessages: settings.batchSize,
    WaitTimeSeconds: settings.waitTimeSeconds,
    AttributeNames: ["All"],
    MessageSystemAttributeNames: ["All"],
    MessageAttributeNames: ["All"],
  });
  const { Messages } = await target.sqs.send(command, { abortSignal: stop });
  return Messages ?? [];
};

const pause = (ms: number, stop: AbortSignal): Promise<void> =>
  sleep(ms, undefined, { signal: stop }).catch(() => undefined);

/**
 * One poller: long-poll, invoke the function with what arrived, delete the successes, again — until `stop`
 * aborts (which also cancels a pending long poll). A receive error is logged and retried with backoff.
 * `abandon` ends a running invocation early once the mapping's stop grace has passed. Never rejects.
 */
export const runPoller = async (
  target: MappingTarget,
  settings: PollerSettings,
  signals: { readonly stop: AbortSignal; readonly abandon: AbortSignal },
): Promise<void> => {
  let backoffMs = 0;
  while (!signals.stop.aborted) {
    let messages: Message[];
    try {
      messages = await receive(target, settings, signals.stop);
      backoffMs = 0;
    } catch (error) {
      if (signals.stop.aborted) break;
      backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(500, backoffMs * 2));
      target.logger.warn("ReceiveMessage failed; retrying", { retryInMs: backoffMs, error: String(error) });
      await pause(backoffMs, signals.stop);
      continue;
    }
    if (messages.length === 0) continue;
    await processBatch(messages, target, signals.abandon).catch((error: unknown) =>
      target.logger.error("local event source mapping failed on a batch", { error: String(error) }),
    );
  }
};
