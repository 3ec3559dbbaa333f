/**
 * Item keys of the idempotency table. Queue names are `[a-z0-9-]`, so the first `#` after the prefix ends the
 * queue and the rest is the dedupId or batchId, whatever characters it holds.
 */
export const claimKey = (queue: string, dedupId: string): string => `c#${queue}#${dedupId}`;

export const commitKey = (queue: string, batchId: string): string => `b#${queue}#${batchId}`;
