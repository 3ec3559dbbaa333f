import { MAX_TIMER_MS } from "./clock";
import { fireAfter, type ParsedExpression, parseScheduleExpression } from "./expression";
import type { StoredSchedule } from "./schedule";
import type { ScheduleStore } from "./store";
import { deliver, type TargetDeps } from "./targets";

/** Missed ticks of one schedule fired at a restart (the latest ones); older ones are logged as skipped. */
export const MAX_REPLAYED_TICKS = 100;
/** How many missed ticks a restart counts at most (a minutely schedule down for a year is 525,600). */
const MAX_COUNTED_TICKS = 100_000;

export interface ScheduleRunner {
  /** (Re)arms a schedule's next fire on one timer (none when disabled or done). */
  arm(schedule: StoredSchedule): void;
  disarm(group: string, name: string): void;
  /** At start: fires, late and once each, what fell due while the emulator was down; then arms everything. */
  replay(): void;
  /** Resolves when every fire started so far has been delivered, dead-lettered or given up. */
  idle(): Promise<void>;
  stop(): void;
}

interface Slot {
  cancel?: (() => void) | undefined;
  chain: Promise<void>;
}

const keyOf = (schedule: Pick<StoredSchedule, "GroupName" | "Name">) =>
  `${schedule.GroupName}/${schedule.Name}`;

/** The instant after which a schedule's ticks are due: its last fire, but never before its last change. */
const dueAfter = (schedule: StoredSchedule) =>
  Math.max(schedule.lastFire ?? -Infinity, schedule.LastModificationDate);

const window = (schedule: StoredSchedule) => ({ start: schedule.StartDate, end: schedule.EndDate });

/** One timer per armed schedule (no polling); each schedule's fires run one after another, in order. */
export const createScheduleRunner = (
  store: ScheduleStore,
  deps: TargetDeps & { readonly arnOf: (schedule: StoredSchedule) => string },
): ScheduleRunner => {
  const slots = new Map<string, Slot>();
  const slotOf = (key: string) => {
    const slot = slots.get(key) ?? { chain: Promise.resolve() };
    slots.set(key, slot);
    return slot;
  };
  const logger = deps.logger;

  const complete = (fired: StoredSchedule, tick: number) => {
    const latest = store.get(fired.GroupName, fired.Name);
    if (!latest) return;
    const unchanged = latest.LastModificationDate === fired.LastModificationDate;
    if (unchanged && fired.ActionAfterCompletion === "DELETE" && fired.ScheduleExpression.startsWith("at(")) {
      store.delete(fired.GroupName, fired.Name);
      slots.delete(keyOf(fired));
      return;
    }
    store.put({ ...latest, lastFire: Math.max(latest.lastFire ?? tick, tick) });
  };

  const fire = (schedule: StoredSchedule, tick: number) => {
    const slot = slotOf(keyOf(schedule));
    slot.chain = slot.chain
      .then(async () => {
        const current = store.get(schedule.GroupName, schedule.Name);
        if (!current || current.State === "DISABLED") return;
        await deliver(current, tick, { ...deps, arn: deps.arnOf(current) });
        complete(current, tick);
      })
      .catch((error: unknown) =>
        logger.error("schedule fire failed", {
          schedule: keyOf(schedule),
          error: String(error).slice(0, 300),
        }),
      );
  };

  const disarm = (group: string, name: string) => {
    const slot = slots.get(`${group}/${name}`);
    slot?.cancel?.();
    if (slot) slot.cancel = undefined;
  };

  const arm = (schedule: StoredSchedule, after = Math.max(deps.clock.now(), dueAfter(schedule))): void => {
    disarm(schedule.GroupName, schedule.Name);
    if (schedule.State === "DISABLED") return;
    const parsed = parseScheduleExpression(schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone);
    const next =
      parsed.kind === "at"
        ? schedule.lastFire === undefined
          ? parsed.at
          : undefined
        : fireAfter(parsed, after, window(schedule));
    if (next === undefined) return;
    const wait = next - deps.clock.now();
    const due = (): void => {
      const current = store.get(schedule.GroupName, schedule.Name);
      if (!current) return;
      if (wait > MAX_TIMER_MS) {
        arm(current, after);
        return;
      }
      if (parsed.kind === "cron") arm(current, Math.max(next, deps.clock.now()));
      fire(current, next);
    };
    // A one-time schedule whose time has passed (created late, or while the emulator was down) fires at once.
    if (wait <= 0) due();
    else slotOf(keyOf(schedule)).cancel = deps.clock.after(Math.min(wait, MAX_TIMER_MS), due);
  };

  /** A cron schedule's ticks that fell while the emulator was down: the latest ones fire, late, in order. */
  const replayTicks = (schedule: StoredSchedule, parsed: ParsedExpression, now: number) => {
    const missed: number[] = [];
    let skipped = 0;
    let tick = fireAfter(parsed, dueAfter(schedule), window(schedule));
    while (tick !== undefined && tick <= now && skipped < MAX_COUNTED_TICKS) {
      missed.push(tick);
      if (missed.length > MAX_REPLAYED_TICKS) {
        missed.shift();
        skipped += 1;
      }
      tick = fireAfter(parsed, tick, window(schedule));
    }
    const arn = deps.arnOf(schedule);
    if (skipped > 0)
      logger.warn("missed ticks skipped", { schedule: arn, skipped, atLeast: skipped >= MAX_COUNTED_TICKS });
    if (missed.length > 0) logger.info("missed ticks replayed", { schedule: arn, count: missed.length });
    for (const missedTick of missed) fire(schedule, missedTick);
  };

  return {
    arm: (schedule) => arm(schedule),
    disarm,
    replay() {
      const now = deps.clock.now();
      for (const schedule of store.all()) {
        if (schedule.State === "DISABLED") continue;
        const parsed = parseScheduleExpression(
          schedule.ScheduleExpression,
          schedule.ScheduleExpressionTimezone,
        );
        // A one-time schedule not fired yet is armed as it is: one whose time passed fires at once.
        if (parsed.kind === "cron") replayTicks(schedule, parsed, now);
        arm(schedule, now);
      }
    },
    idle: async () => {
      for (;;) {
        const chains = [...slots.values()].map((slot) => slot.chain);
        await Promise.all(chains);
        if ([...slots.values()].every((slot) => chains.includes(slot.chain))) return;
      }
    },
    stop() {
      for (const slot of slots.values()) slot.cancel?.();
    },
  };
};
