import { appendEntry } from "./effect-log";
import { callApi, sleep } from "./http-client";
import type { PlannedMessage } from "./plan";
import type { Published } from "./publisher";

export interface CancelSettings {
  readonly url: string;
  readonly apiKey: string;
  readonly queue: string;
  readonly effectLog: string;
  readonly deadlineMs: number;
}

/**
 * dedupId → the final answer to its cancel: 204 (cancelled), 409 (already released), another status, or 0 when
 * no request was answered by its deadline (it may have been cancelled or not).
 */
export type CancelAnswers = ReadonlyMap<string, number>;

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** After its release, a cancel is tried this long more (its answer can only be 409 then). */
const AFTER_RELEASE_MS = 30_000;

/** One cancel over the API with the producer key, repeated while the stack is down or busy, until `until`. */
const cancelOne = async (settings: CancelSettings, scheduledId: string, until: number): Promise<number> => {
  const path = `${settings.url}/queues/${settings.queue}/scheduled/${encodeURIComponent(scheduledId)}`;
  while (Date.now() < Math.min(until, settings.deadlineMs)) {
    const answer = await callApi(path, settings.apiKey, { method: "DELETE" });
    if (answer.ok && !RETRYABLE.has(answer.status)) return answer.status;
    await sleep(300);
  }
  return 0;
};

/**
 * Cancels the delayed messages the plan names, each at its `cancelAt` share of its wait after it was accepted
 * (some before, some racing, a few after their release). Only messages accepted at their first request: one
 * whose earlier request had an unknown outcome may have been scheduled twice, and a cancel names one of them.
 */
export const createCanceller = (settings: CancelSettings) => {
  const answers = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const cancelLater = async (id: string, scheduledId: string, waitMs: number, releaseAt: number) => {
    await sleep(waitMs);
    const status = await cancelOne(settings, scheduledId, Math.max(Date.now(), releaseAt) + AFTER_RELEASE_MS);
    answers.set(id, status);
    appendEntry(settings.effectLog, { k: "cancel", id, at: Date.now(), status });
  };
  return {
    /** Called for each accepted message. */
    onAccepted(message: PlannedMessage, published: Published): void {
      const share = message.delay?.cancelAt;
      const { scheduledId, releaseAt } = published;
      if (share === undefined || !scheduledId || releaseAt === undefined || published.attempts > 1) return;
      const waitMs = Math.max(0, Math.round(share * (releaseAt - published.at)));
      pending.push(cancelLater(message.body.id, scheduledId, waitMs, releaseAt));
    },
    /** The answers so far (a message whose cancel is under way is not in it yet). */
    answers: answers as CancelAnswers,
    /** Every planned cancel, answered. */
    async settled(): Promise<CancelAnswers> {
      await Promise.all(pending);
      return answers;
    },
  };
};
