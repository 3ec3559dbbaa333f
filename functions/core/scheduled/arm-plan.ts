import type { ScheduledMessage } from "./types";

/** SQS's longest per-message delay. */
export const MAX_DELAY_QUEUE_SECONDS = 900;

/** How long before `releaseAt` a long delay's one-time schedule fires (absorbs Scheduler's own lateness). */
export const SCHEDULER_LEAD_SECONDS = 600;

/** What arming a release means now: a delay-queue hop, or a one-time schedule for long delays. */
export type ArmPlan =
  | { readonly via: "delay-queue"; readonly delaySeconds: number }
  | { readonly via: "scheduler"; readonly at: number };

/**
 * Within 15 minutes: the delay queue, for the whole seconds left (rounded down: the release waits out the
 * fraction, so it is never early). Beyond: a one-time schedule at `releaseAt` − 10 minutes when there is a
 * scheduler, else (the local stack) a 15-minute hop on the delay queue, re-armed on arrival.
 */
export const armPlan = (record: ScheduledMessage, now: number, hasScheduler: boolean): ArmPlan => {
  const seconds = Math.max(0, Math.floor((record.releaseAt - now) / 1000));
  if (seconds <= MAX_DELAY_QUEUE_SECONDS) return { via: "delay-queue", delaySeconds: seconds };
  if (!hasScheduler) return { via: "delay-queue", delaySeconds: MAX_DELAY_QUEUE_SECONDS };
  return { via: "scheduler", at: record.releaseAt - SCHEDULER_LEAD_SECONDS * 1000 };
};

/** The body of a delay-queue message (and of a one-time schedule's target input). */
export const releaseEventBody = (record: Pick<ScheduledMessage, "queue" | "id">): string =>
  JSON.stringify({ queue: record.queue, id: record.id });

/** Parses a delay-queue message body; undefined when it is not one fifoq wrote. */
export const parseReleaseEvent = (body: string): { queue: string; id: string } | undefined => {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== "object" || value === null) return undefined;
    const { queue, id } = value as Record<string, unknown>;
    return typeof queue === "string" && typeof id === "string" ? { queue, id } : undefined;
  } catch {
    return undefined;
  }
};
