import type { Logger } from "../core/logging/logger";
import type { QueueTargets } from "../core/producer/queues";
import type { MessageSender, SentMessage } from "../core/producer/types";
import { parseTickEvent } from "../core/schedules/eventbridge-cron";
import { publishTick } from "../core/schedules/tick";

export interface TickDeps {
  readonly sender: MessageSender;
  readonly queues: QueueTargets;
  readonly logger: Logger;
}

/**
 * The release function's side for EventBridge Scheduler's cron ticks (`{ fifoqTick }`): the tick's one message,
 * published; `undefined` when the event is not a tick. A tick that throws is retried by Scheduler, then
 * dead-lettered. The Lambda (`handlers/release.ts`) and the local stack's Scheduler emulator both run it.
 */
export const handleTick = async (event: unknown, deps: TickDeps): Promise<SentMessage | undefined> => {
  const tick = parseTickEvent(event);
  if (!tick) return undefined;
  const sent = await publishTick(tick, tick.tick, deps);
  deps.logger.info("tick", {
    outcome: "published",
    schedule: tick.name,
    tick: tick.scheduledTime,
    messageId: sent.messageId,
  });
  return sent;
};
