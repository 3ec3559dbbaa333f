import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { AcceptedMessage } from "./check";
import { type LogEntry, readEntries } from "./effect-log";
import { sleep } from "./http-client";
import { type DeadLetterRow, readDeadLetters } from "./store-reads";

export interface DrainProbe {
  readonly sqs: SQSClient;
  readonly dynamo: DynamoDBClient;
  readonly effectLog: string;
  readonly queueNames: readonly string[];
  /** The messages that must end applied or a dead letter, as known now (a cancel may still be under way). */
  readonly accepted: () => readonly AcceptedMessage[];
}

export interface DrainState {
  readonly unresolved: readonly string[];
  readonly inQueues: number;
  readonly entries: readonly LogEntry[];
  readonly deadLetters: readonly DeadLetterRow[];
}

const messagesIn = async (sqs: SQSClient, name: string): Promise<number> => {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};

/**
 * Ids that have neither run (since their last redrive) nor are a recorded dead letter, and what the queues
 * still hold — read from the emulators directly, past the fault proxies.
 */
export const probeDrain = async (probe: DrainProbe): Promise<DrainState> => {
  const { entries } = readEntries(probe.effectLog);
  const ranFrom = new Map<string, number>();
  const ran = new Set<string>();
  entries.forEach((entry, index) => {
    if (entry.k === "redrive")
      for (const id of entry.ids) {
        ranFrom.set(id, index);
        ran.delete(id);
      }
    if (entry.k === "effect" && index > (ranFrom.get(entry.id) ?? -1)) ran.add(entry.id);
  });
  const deadLetters = await readDeadLetters(probe.dynamo);
  const dead = new Set(deadLetters.filter((row) => row.status === "new").map((row) => row.dedupId));
  const unresolved = probe
    .accepted()
    .filter((m) => !m.cancelled && !ran.has(m.id) && !dead.has(m.id))
    .map((m) => m.id);
  const counts = await Promise.all(probe.queueNames.map((name) => messagesIn(probe.sqs, name)));
  return { unresolved, inQueues: counts.reduce((a, b) => a + b, 0), entries, deadLetters };
};

/** Polls until every message is resolved and the queues are empty, or the deadline passes. */
export const waitForDrain = async (
  probe: DrainProbe,
  deadlineMs: number,
  log: (line: string) => void,
): Promise<DrainState> => {
  let state = await probeDrain(probe);
  let lastLog = 0;
  while ((state.unresolved.length > 0 || state.inQueues > 0) && Date.now() < deadlineMs) {
    if (Date.now() - lastLog > 10_000) {
      log(`draining: ${state.unresolved.length} unresolved, ${state.inQueues} in the queues`);
      lastLog = Date.now();
    }
    await sleep(1000);
    state = await probeDrain(probe);
  }
  return state;
};
