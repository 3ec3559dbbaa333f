import { PRODUCER_LIMITS } from "./limits";

/** What the planner needs to know about one validated entry (by request index). */
export interface PlanItem {
  readonly groupId: string;
  readonly sizeBytes: number;
}

export interface PlanLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

/** One SQS SendMessageBatch call. */
export interface PlannedBatch {
  /** Request indexes in send order; within a group they keep request order. */
  readonly indexes: readonly number[];
  readonly groups: readonly string[];
  readonly sizeBytes: number;
  /** Earlier batches that must have finished before this one is sent (one per group it continues). */
  readonly dependsOn: readonly number[];
}

interface Piece {
  readonly group: string;
  readonly indexes: number[];
  sizeBytes: number;
}

interface OpenBatch {
  readonly indexes: number[];
  readonly groups: string[];
  sizeBytes: number;
  readonly dependsOn: Set<number>;
}

export const SQS_BATCH_LIMITS: PlanLimits = {
  maxEntries: PRODUCER_LIMITS.sqsBatchMaxEntries,
  maxBytes: PRODUCER_LIMITS.sqsBatchMaxBytes,
};

/** Request indexes per group, groups in order of first appearance. */
const indexesByGroup = (items: readonly PlanItem[]): Map<string, number[]> => {
  const groups = new Map<string, number[]>();
  for (const [index, item] of items.entries()) {
    const list = groups.get(item.groupId);
    if (list) list.push(index);
    else groups.set(item.groupId, [index]);
  }
  return groups;
};

/** Cuts one group's entries, in order, into pieces that each fit in one SQS batch. */
const piecesOf = (
  group: string,
  indexes: readonly number[],
  items: readonly PlanItem[],
  limits: PlanLimits,
) => {
  const pieces: Piece[] = [];
  let current: Piece | undefined;
  for (const index of indexes) {
    const size = items[index]?.sizeBytes ?? 0;
    const full =
      current && (current.indexes.length >= limits.maxEntries || current.sizeBytes + size > limits.maxBytes);
    if (!current || full) {
      current = { group, indexes: [], sizeBytes: 0 };
      pieces.push(current);
    }
    current.indexes.push(index);
    current.sizeBytes += size;
  }
  return pieces;
};

const fits = (batch: OpenBatch, piece: Piece, limits: PlanLimits): boolean =>
  batch.indexes.length + piece.indexes.length <= limits.maxEntries &&
  batch.sizeBytes + piece.sizeBytes <= limits.maxBytes;

/**
 * Plans the SQS batches of one request so that order within a group holds while batches go concurrently.
 *
 * - Entries are taken group by group (groups in order of first appearance, entries in request order) and cut
 *   into pieces of at most `maxEntries` entries and `maxBytes` bytes; a group of ≤ 10 small entries is one piece.
 * - Each piece goes into the first batch with room (first fit), but a group's next piece only into a batch
 *   *after* the one holding its previous piece, and that batch then depends on it. So a group is split across
 *   batches only when it is larger than one batch, and small groups share batches without any dependency.
 * - The runner sends a batch only when every batch it depends on has finished; batches without a common group
 *   have no dependency and go concurrently. Dependencies always point to lower indexes (no cycles).
 *
 * Trade-off: keeping groups whole can use a few more SQS calls than filling every batch to 10 (e.g. groups of 6),
 * in exchange for batches that do not wait on each other.
 */
export const planBatches = (
  items: readonly PlanItem[],
  limits: PlanLimits = SQS_BATCH_LIMITS,
): PlannedBatch[] => {
  const batches: OpenBatch[] = [];
  for (const [group, indexes] of indexesByGroup(items)) {
    let previous: number | undefined;
    for (const piece of piecesOf(group, indexes, items, limits)) {
      const from = previous === undefined ? 0 : previous + 1;
      let batch = batches.find((candidate, position) => position >= from && fits(candidate, piece, limits));
      if (!batch) {
        batch = { indexes: [], groups: [], sizeBytes: 0, dependsOn: new Set() };
        batches.push(batch);
      }
      batch.indexes.push(...piece.indexes);
      batch.groups.push(group);
      batch.sizeBytes += piece.sizeBytes;
      if (previous !== undefined) batch.dependsOn.add(previous);
      previous = batches.indexOf(batch);
    }
  }
  return batches.map((batch) => ({
    indexes: batch.indexes,
    groups: batch.groups,
    sizeBytes: batch.sizeBytes,
    dependsOn: [...batch.dependsOn].sort((a, b) => a - b),
  }));
};
