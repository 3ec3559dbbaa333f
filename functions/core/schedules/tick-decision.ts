import type { Logger } from "../logging/logger";
import type { QueueTargets } from "../producer/queues";
import type { MessageSender } from "../producer/types";
import type { parseTickEvent } from "./eventbridge-cron";
import { publishTick } from "./tick";
import type { ScheduleRecord, ScheduleStore } from "./types";

/** A tick event as `parseTickEvent` checked it. */
export type ParsedTick = NonNullable<ReturnType<typeof parseTickEvent>>;

type Publishable = Parameters<typeof publishTick>[0];

export type TickDecision = { readonly publish: Publishable } | { readonly skip: "paused" | "deleted" };

/**
 * What a tick does, by its schedule's record (the source of truth): a paused schedule publishes nothing; an
 * API-managed one publishes its record's definition, and nothing once its record is gone (deleted); a configured
 * one publishes the definition its tick carries.
 */
export const decideTick = (tick: ParsedTick, record: ScheduleRecord | undefined): TickDecision => {
  if (record?.paused) return { skip: "paused" };
  if (tick.origin !== "api") return { publish: tick };
  return record?.origin === "api" ? { publish: record.definition } : { skip: "deleted" };
};

export interface TickDeps {
  readonly store: ScheduleStore;
  readonly sender: MessageSender;
  readonly queues: QueueTargets;
  readonly logger: Logger;
}

/** Runs one tick: reads the schedule's record, then publishes its message or logs why not. Throws to be retried. */
export const runTick = async (tick: ParsedTick, deps: TickDeps): Promise<void> => {
  const decision = decideTick(tick, await deps.store.get(tick.name));
  const fields = { schedule: tick.name, tick: tick.scheduledTime };
  if ("skip" in decision) {
    deps.logger.info("tick", { outcome: "skipped", reason: decision.skip, ...fields });
    return;
  }
  const sent = await publishTick(decision.publish, tick.tick, deps);
  deps.logger.info("tick", { outcome: "published", ...fields, messageId: sent.messageId });
};
