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
} as const;
