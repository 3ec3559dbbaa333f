import { DeadLetterConflictError, RedriveUncertainError } from "./errors";
import { type RedriveDeps, redriveRecord } from "./redrive-one";
import type { CursorKey, DeadLetterRecord } from "./types";

export interface RedriveAllInput {
  readonly queue: string;
  /** Only this group's dead letters. */
  readonly groupId?: string | undefined;
}

export interface RedriveAllDeps extends RedriveDeps {
  /** Records read per page. @default 100 */
  readonly pageSize?: number;
  /** Groups redriven at once (records of one group always one after another). @default 8 */
  readonly concurrency?: number;
  /** Epoch ms after which no new page is started (the API's own deadline); `more` then says so. */
  readonly deadlineMs?: number;
}

export interface RedriveAllResult {
  /** Dead letters sent back by this call. */
  readonly redriven: number;
  /** `new` dead letters not sent: an error, or an earlier record of the same group failed (order kept). */
  readonly failed: number;
  /** Stopped at the deadline with records left: call again. */
  readonly more: boolean;
  /**
   * `redriving` records claimed past SQS's dedup window (they may have run): not resent, their groups wait.
   * The first `MAX_UNCERTAIN_IDS` ids.
   */
  readonly uncertain: readonly string[];
}

/** How many uncertain ids one answer lists (bounded output). */
export const MAX_UNCERTAIN_IDS = 20;

interface Tally {
  redriven: number;
  failed: number;
  readonly uncertain: string[];
  readonly blocked: Set<string>;
}

/** Records of a page by group, each group in the page's (oldest-first) order. */
const byGroup = (records: readonly DeadLetterRecord[]): DeadLetterRecord[][] => {
  const groups = new Map<string, DeadLetterRecord[]>();
  for (const record of records) {
    const group = groups.get(record.groupId);
    if (group) group.push(record);
    else groups.set(record.groupId, [record]);
  }
  return [...groups.values()];
};

const redriveGroup = async (records: readonly DeadLetterRecord[], tally: Tally, deps: RedriveAllDeps) => {
  for (const record of records) {
    if (tally.blocked.has(record.groupId)) {
      tally.failed += 1;
      continue;
    }
    try {
      const result = await redriveRecord(record, deps);
      if (result.sent) tally.redriven += 1;
    } catch (error) {
      if (error instanceof DeadLetterConflictError) continue; // discarded meanwhile: nothing to keep in order
      tally.blocked.add(record.groupId);
      if (error instanceof RedriveUncertainError) {
        if (tally.uncertain.length < MAX_UNCERTAIN_IDS) tally.uncertain.push(record.id);
        continue;
      }
      tally.failed += 1;
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      deps.logger.warn("dead letter not redriven; later ones of its group wait", {
        queue: record.queue,
        id: record.id,
        groupId: record.groupId,
        error: { name, message },
      });
    }
  }
};

/** Runs `work` over `items` with at most `limit` at a time. */
const forEachLimited = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  const worker = async () => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

/**
 * `POST /queues/{queue}/dead-letters/redrive[?groupId=]`: pages through the `redriving` (left unfinished by
 * an earlier redrive), then the `new` dead letters, OLDEST first
 * and redrives each (groups concurrently, each group in order). A failure stops its group for the rest of
 * the call so a later record never overtakes an earlier one. Safe to call twice: the second finds nothing
 * `new`, and a record seen stale (index lag) is neither resent (SQS dedup) nor counted (conditional mark).
 * A `redriving` record claimed past SQS's dedup window may have run: it is skipped and reported (`uncertain`),
 * never resent here, and its group waits.
 */
export const redriveAll = async (input: RedriveAllInput, deps: RedriveAllDeps): Promise<RedriveAllResult> => {
  const tally: Tally = { redriven: 0, failed: 0, uncertain: [], blocked: new Set() };
  const result = (more: boolean): RedriveAllResult => ({
    redriven: tally.redriven,
    failed: tally.failed,
    more,
    uncertain: tally.uncertain,
  });
  // `redriving` first: those were claimed by an earlier redrive that did not finish (they are older claims).
  for (const status of ["redriving", "new"] as const) {
    let cursor: CursorKey | undefined;
    do {
      if (deps.deadlineMs !== undefined && deps.now() >= deps.deadlineMs) return result(true);
      const page = await deps.store.list(input.queue, {
        limit: deps.pageSize ?? 100,
        cursor,
        groupId: input.groupId,
        status,
        order: "oldest",
      });
      await forEachLimited(byGroup(page.items), deps.concurrency ?? 8, (group) =>
        redriveGroup(group, tally, deps),
      );
      cursor = page.next;
    } while (cursor);
  }
  return result(false);
};
