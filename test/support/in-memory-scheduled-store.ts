import { dedupKeyOf, dueKeyOf, holdsDedupKey } from "../../functions/core/scheduled/rules";
import type {
  CreateOutcome,
  ReleaseStore,
  ScheduledMessage,
  ScheduledPage,
  ScheduledRef,
  ScheduledStore,
  TransitionOutcome,
} from "../../functions/core/scheduled/types";

/** Lets concurrent callers interleave between steps, as network round trips would. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface InMemoryScheduledStore extends ScheduledStore, ReleaseStore {
  readonly records: ReadonlyMap<string, ScheduledMessage>;
}

const refKey = (ref: ScheduledRef) => `${ref.queue}/${ref.id}`;

/** The port with the DynamoDB adapter's conditional semantics, in process (for the core's unit tests). */
export const createInMemoryScheduledStore = (): InMemoryScheduledStore => {
  const records = new Map<string, ScheduledMessage>();
  const dedup = new Map<string, string>();
  const get = (ref: ScheduledRef) => records.get(refKey(ref));
  const transition = async (
    ref: ScheduledRef,
    to: "released" | "cancelled",
    at: number,
  ): Promise<TransitionOutcome> => {
    await tick();
    const current = get(ref);
    if (current?.state !== "scheduled") return { won: false, record: current };
    const next: ScheduledMessage =
      to === "released"
        ? { ...current, state: to, releasedAt: at }
        : { ...current, state: to, cancelledAt: at };
    records.set(refKey(ref), next);
    return { won: true, record: next };
  };
  return {
    records,
    async create(record, now): Promise<CreateOutcome> {
      await tick();
      const key = `${record.queue}/${dedupKeyOf(record.groupId, record.dedupId)}`;
      const holderId = dedup.get(key);
      const holder = holderId === undefined ? undefined : get({ queue: record.queue, id: holderId });
      if (holder && holdsDedupKey(holder, now)) return { created: false, record: holder };
      records.set(refKey(record), record);
      dedup.set(key, record.id);
      return { created: true, record };
    },
    async get(ref) {
      await tick();
      return get(ref);
    },
    transition,
    release: (record, at) => transition(record, "released", at),
    async markSent(ref, messageId) {
      await tick();
      const current = get(ref);
      if (current) records.set(refKey(ref), { ...current, sent: true, messageId });
    },
    async dueInGroup(queue, groupId, dueKey) {
      await tick();
      return [...records.values()]
        .filter(
          (r) =>
            r.queue === queue &&
            r.groupId === groupId &&
            (r.state === "scheduled" || (r.state === "released" && !r.sent)) &&
            dueKeyOf(r) <= dueKey,
        )
        .sort((a, b) => (dueKeyOf(a) < dueKeyOf(b) ? -1 : 1));
    },
    async list(queue, limit, cursor): Promise<ScheduledPage> {
      const all = [...records.values()]
        .filter((r) => r.queue === queue)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const start = cursor === undefined ? 0 : all.findIndex((r) => r.id > cursor);
      const items = start < 0 ? [] : all.slice(start, start + limit);
      const last = items.at(-1);
      return { items, ...(last && start + limit < all.length ? { nextCursor: last.id } : {}) };
    },
    async pending(queue) {
      return [...records.values()].filter((r) => r.queue === queue && r.state === "scheduled");
    },
  };
};
