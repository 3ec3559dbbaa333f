/** Runs `work` after every earlier call with the same key has finished (its turn), whatever their outcome. */
export type GroupTurns = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/**
 * One process's turns per message group: the releases of one group it runs go one after the other, so the
 * second finds what the first sent already marked and sends nothing twice. Across processes (Lambda
 * containers) releases still overlap; the release protocol is correct either way (see `releaseScheduled`).
 */
export const createGroupTurns = (): GroupTurns => {
  const tails = new Map<string, Promise<void>>();
  return async (key, work) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
};

/** The ids this process sent and marked `sent` lately (bounded): a later release of one of them needs no I/O. */
export interface RecentlySent {
  has(id: string): boolean;
  add(id: string): void;
}

/** Forgets the oldest id beyond `limit`. An id it holds is sent and marked; one it forgot is read as before. */
export const createRecentlySent = (limit = 10_000): RecentlySent => {
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.add(id);
      if (ids.size > limit) ids.delete(ids.values().next().value as string);
    },
  };
};
