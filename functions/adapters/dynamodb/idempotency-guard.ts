import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { IdempotencyGuard } from "../../core/consumer/idempotency-port";
import { createIdempotencyGuard } from "../../core/idempotency/guard";
import type { Logger } from "../../core/logging/logger";
import { createDynamoDbIdempotencyStore } from "./idempotency-store";

export interface DynamoDbIdempotencyGuardOptions {
  readonly dynamo: DynamoDBClient;
  /** The idempotency table (key `pk` S, TTL `expiresAt`). */
  readonly table: string;
  readonly queue: string;
  readonly windowSeconds: number;
  readonly logger: Logger;
  /** Measures the time finish spends retrying (the protocol's "now" is `batch.nowMs`). @default Date.now */
  readonly clock?: () => number;
  /** Added to the invocation deadline to form a claim's lease. @default 2000 */
  readonly leaseGraceMs?: number;
}

/** The idempotency protocol (core/idempotency/guard.ts) on a DynamoDB table. */
export const createDynamoDbIdempotencyGuard = (
  options: DynamoDbIdempotencyGuardOptions,
): IdempotencyGuard => {
  const { dynamo, table, ...protocol } = options;
  return createIdempotencyGuard(createDynamoDbIdempotencyStore({ dynamo, table }), protocol);
};
