import type { QueueRegistry } from "../../functions/api/deps";
import type { ResolvedScheduleConfig } from "../../functions/core/config/schedules";
import type { Logger } from "../../functions/core/logging/logger";
import type { MessageSender } from "../../functions/core/producer/types";
import { parseCron } from "../../functions/core/schedules/cron";
import { nextFire } from "../../functions/core/schedules/next-fire";
import { publishTick } from "../../functions/core/schedules/tick";

/** setTimeout's longest wait; a later tick is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Tries per tick before it is logged as given up (in the cloud: Scheduler's retry policy, then its DLQ). */
const TICK_ATTEMPTS = 5;

export interface LocalTicks {
  stop(): void;
}

/**
 * The configuration's recurring schedules in the local stack: one timer per schedule for its next fire (no
 * polling); each tick publishes its one message through the same `publishTick` the cloud's tick runs.
 * Ticks that fell while the stack was down are not replayed (the cloud's Scheduler is always up).
 */
export const startLocalTicks = (input: {
  readonly schedules: readonly ResolvedScheduleConfig[];
  readonly sender: MessageSender;
  readonly queues: QueueRegistry;
  readonly logger: Logger;
}): LocalTicks => {
  const timers = new Map<string, NodeJS.Timeout>();
  const logger = input.logger.child({ component: "local-scheduler" });
  const fire = async (schedule: ResolvedScheduleConfig, tick: number) => {
    for (let attempt = 1; attempt <= TICK_ATTEMPTS; attempt += 1) {
      try {
        const sent = await publishTick(schedule, tick, input);
        logger.info("tick", {
          outcome: "published",
          schedule: schedule.name,
          tick: new Date(tick).toISOString(),
          messageId: sent.messageId,
        });
        return;
      } catch (error) {
        logger.warn("tick", {
          outcome: "failed",
          schedule: schedule.name,
          attempt,
          error: String(error).slice(0, 300),
        });
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
    logger.error("tick", { outcome: "gave-up", schedule: schedule.name, tick: new Date(tick).toISOString() });
  };
  const arm = (schedule: ResolvedScheduleConfig, after: number) => {
    const parsed = parseCron(schedule.cron);
    const next = parsed.ok ? nextFire(parsed.spec, schedule.timezone, after) : undefined;
    if (next === undefined) return;
    const wait = next - Date.now();
    const timer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) return arm(schedule, after);
        arm(schedule, next);
        void fire(schedule, next);
      },
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
    timer.unref();
    timers.set(schedule.name, timer);
  };
  for (const schedule of input.schedules) arm(schedule, Date.now());
  return {
    stop: () => {
      for (const timer of timers.values()) clearTimeout(timer);
    },
  };
};
