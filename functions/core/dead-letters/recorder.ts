import { randomBytes } from "node:crypto";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { errorSummary, toError } from "../consumer/errors";
import { groupBy, runGroups } from "../group-order";
import type { Logger } from "../logging/logger";
import { checkOut } from "../payloads/claim-check";
import { PayloadNotFoundError, type PayloadStore } from "../payloads/payload-store";
import { UnknownSourceQueueError } from "./errors";
import type { FailureLog, FailureRecord } from "./failure-log";
import { queueFromDlqArn } from "./queue-name";
import type { DeadLetterStore } from "./store";
import { toDeadLetter } from "./to-dead-letter";

export interface DeadLetterRecorderDeps {
  readonly failureLog: FailureLog;
  readonly store: DeadLetterStore;
  readonly logger: Logger;
  /**
   * The source queue's logical name (`FIFOQ_QUEUE_NAME`). It wins over the DLQ's ARN, whose name in AWS
   * carries the stack prefix (`<stack>-<name>-dlq.fifo`); the ARN is the fallback when it is not set.
   */
  readonly queue?: string | undefined;
  /** Epoch ms. @default Date.now */
  readonly now?: (() => number) | undefined;
  /** Where claim-checked bodies are (a dead letter over 1 MiB arrives as a reference). */
  readonly payloads?: PayloadStore | undefined;
  /** A new dead letter's redrive token. @default 128 random bits, hex */
  readonly redriveToken?: (() => string) | undefined;
}

const randomToken = (): string => randomBytes(16).toString("hex");

export type DeadLetterRecorder = (event: SQSEvent) => Promise<SQSBatchResponse>;

const sameGroup = (failure: FailureRecord | undefined, record: SQSRecord) =>
  failure && failure.groupId === (record.attributes.MessageGroupId ?? failure.groupId) ? failure : undefined;

/**
 * The consumer's failure entry for the original message. SQS keeps the message id when it moves a message
 * (look up by the record's id); the runtime's own DLQ send is a new message whose dedup id is the original
 * message id (look up by that). An entry of another group is not this message's.
 */
const findFailure = async (record: SQSRecord, queue: string, log: FailureLog) => {
  const byId = sameGroup(await log.lookup(queue, record.messageId), record);
  if (byId) return byId;
  const dedupId = record.attributes.MessageDeduplicationId;
  if (!dedupId || dedupId === record.messageId) return undefined;
  return sameGroup(await log.lookup(queue, dedupId), record);
};

/**
 * The user's body of a dead letter, or `undefined` when its claim-checked payload object is gone (expired or
 * never written): retrying cannot bring it back, so the dead letter is stored anyway, not redrivable, rather
 * than blocking its group forever. Any other payload store error is thrown (a retry can fix it).
 */
const bodyOf = async (raw: string, payloads: PayloadStore | undefined): Promise<string | undefined> => {
  try {
    return await checkOut(raw, payloads);
  } catch (error) {
    if (error instanceof PayloadNotFoundError) return undefined;
    throw error;
  }
};

const recordOne = async (record: SQSRecord, deps: DeadLetterRecorderDeps, deadLetteredAtMs: number) => {
  const now = deps.now ?? Date.now;
  const started = now();
  const queue = deps.queue ?? queueFromDlqArn(record.eventSourceARN);
  const fields = { queue, dlqMessageId: record.messageId, groupId: record.attributes.MessageGroupId };
  try {
    if (!queue) throw new UnknownSourceQueueError(record.eventSourceARN);
    const failure = await findFailure(record, queue, deps.failureLog);
    const redriveToken = (deps.redriveToken ?? randomToken)();
    const body = await bodyOf(record.body, deps.payloads);
    const deadLetter = toDeadLetter(record, failure, { queue, now: deadLetteredAtMs, redriveToken, body });
    const stored = await deps.store.putIfAbsent(deadLetter);
    deps.logger.info("dead letter recorded", {
      ...fields,
      outcome: stored === "created" ? "recorded" : "duplicate",
      ...(body === undefined ? { bodyUnavailable: true } : {}),
      id: deadLetter.id,
      dedupId: deadLetter.dedupId,
      receiveCount: deadLetter.receiveCount,
      ...(deadLetter.lastError
        ? { lastError: { name: deadLetter.lastError.name, message: deadLetter.lastError.message } }
        : {}),
      durationMs: now() - started,
    });
    return true;
  } catch (error) {
    deps.logger.error("dead letter not recorded", {
      ...fields,
      outcome: "failed",
      error: errorSummary(toError(error)),
      durationMs: now() - started,
    });
    return false;
  }
};

/**
 * The dead-letter recorder: consumes a queue's dead-letter queue and stores one `new` dead letter per
 * message (put-if-absent, so a redelivered message neither adds a second record nor resets a redriven one).
 * One log line per record. Redrive-all replays a group oldest first by `deadLetteredAt`, so that order must
 * be the DLQ's: stamps are taken in batch order before any lookup and are strictly increasing within this
 * recorder; a group's records are stored one after another, and after a failure the rest of the group is
 * returned as failed too (SQS then delivers them again, still in order).
 */
export const createDeadLetterRecorder = (deps: DeadLetterRecorderDeps): DeadLetterRecorder => {
  const now = deps.now ?? Date.now;
  let lastStamp = 0;
  const stamp = () => {
    lastStamp = Math.max(now(), lastStamp + 1);
    return lastStamp;
  };
  return async (event) => {
    const stamps = event.Records.map(() => stamp());
    const stored: boolean[] = event.Records.map(() => false);
    const entries = event.Records.map((record, index) => ({ record, index }));
    await runGroups(
      groupBy(entries, ({ record }) => record.attributes.MessageGroupId ?? ""),
      {
        run: async ({ record, index }) => {
          const ok = await recordOne(record, deps, stamps[index] ?? stamp());
          stored[index] = ok;
          return ok;
        },
        stops: (ok) => !ok,
        skip: ({ record }, blockedBy) => {
          deps.logger.warn("dead letter held back", {
            dlqMessageId: record.messageId,
            outcome: "skipped",
            blockedBy: blockedBy?.record.messageId,
          });
          return false;
        },
      },
    );
    const failed = event.Records.filter((_, index) => !stored[index]);
    return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
  };
};
