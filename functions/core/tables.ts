/**
 * DynamoDB table layouts, shared by the CDK stack, the local stack and the adapters (no AWS SDK here).
 */
export const IDEMPOTENCY_TABLE = {
  partitionKey: "pk",
  ttlAttribute: "expiresAt",
} as const;

export const DEAD_LETTER_TABLE = {
  partitionKey: "queue",
  sortKey: "id",
  ttlAttribute: "expiresAt",
  /** Newest-first listing: partition `queue`, sort `deadLetteredAt` (ISO-8601, sorts as time). */
  byTimeIndex: { name: "byTime", partitionKey: "queue", sortKey: "deadLetteredAt" },
  /**
   * A message's dead letters, newest last: partition `queue`, sort `dedupKey` (`deadLetterDedupKey`: the
   * group, the dedup id, then `deadLetteredAt`). Projects only what the status route reads (`status`,
   * `redrivenAt`, the TTL). Sparse: dead letters recorded before it existed have no `dedupKey`.
   */
  byDedupIndex: {
    name: "byDedup",
    partitionKey: "queue",
    sortKey: "dedupKey",
    projected: ["status", "redrivenAt", "expiresAt"],
  },
} as const;

/**
 * Scheduled (delayed) messages: message items (`id` = the scheduled id) and, beside them, one dedup item per
 * (group, dedupId) (`id` = `~dedup#` + its key; `~` sorts after every scheduled id). `byGroupDue` is sparse:
 * only still-scheduled items carry its keys, so a group's due messages are one query. The recurring schedules'
 * records share the table in their own partition (`schedulesPartition`), without TTL or index keys.
 */
export const SCHEDULED_TABLE = {
  partitionKey: "queue",
  sortKey: "id",
  ttlAttribute: "expiresAt",
  dedupPrefix: "~dedup#",
  /** Recurring schedules' records (`id` = the schedule's name): a partition no queue name can be (`~`). */
  schedulesPartition: "~schedules",
  byGroupDueIndex: { name: "byGroupDue", partitionKey: "groupKey", sortKey: "dueKey" },
} as const;
