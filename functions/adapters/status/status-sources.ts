import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { UpstreamRejectedError, UpstreamUnavailableError } from "../../core/http/errors";
import { StoreError, StoreUnavailableError } from "../../core/idempotency/errors";
import type { IdempotencyStore } from "../../core/idempotency/store-port";
import type { StatusSources } from "../../core/status/lookup";
import { latestDeadLetter } from "../dead-letters/dead-letter-by-dedup";
import { createDynamoDbIdempotencyStore } from "../dynamodb/idempotency-store";
import { currentHolder } from "../scheduled/scheduled-create";

export interface StatusTables {
  readonly dynamo: DynamoDBClient;
  readonly deadLetterTable: string;
  /** Unset: the claims are not read. */
  readonly idempotencyTable?: string | undefined;
  /** Unset: the deployment has no delayed messages. */
  readonly scheduledTable?: string | undefined;
  readonly now: () => number;
}

/** An idempotency store failure as the API's: retryable → 503, else 500 (the store's message is logged). */
const apiError = (error: unknown): unknown => {
  if (!(error instanceof StoreError)) return error;
  if (error instanceof StoreUnavailableError)
    return new UpstreamUnavailableError("the idempotency table could not be read; retry", { cause: error });
  return new UpstreamRejectedError("DynamoDB", "the status read of the idempotency table", error.name, {
    cause: error,
  });
};

const claimReads = (store: IdempotencyStore): NonNullable<StatusSources["idempotency"]> => ({
  readClaims: (keys) => store.readClaims(keys).catch((error) => Promise.reject(apiError(error))),
  readCommits: (keys) => store.readCommits(keys).catch((error) => Promise.reject(apiError(error))),
});

/**
 * The status route's reads on DynamoDB, each on a key: the claim and its commit through the idempotency
 * store's own reads (strongly consistent PartiQL SELECTs), the latest dead letter through the `byDedup`
 * index, the scheduled holder through its dedup item.
 */
export const createStatusSources = (tables: StatusTables): StatusSources => {
  const { dynamo, idempotencyTable, scheduledTable } = tables;
  return {
    ...(idempotencyTable && {
      idempotency: claimReads(createDynamoDbIdempotencyStore({ dynamo, table: idempotencyTable })),
    }),
    latestDeadLetter: (queue, groupId, dedupId) =>
      latestDeadLetter(
        { dynamo, table: tables.deadLetterTable },
        { queue, groupId, dedupId, nowMs: tables.now() },
      ),
    ...(scheduledTable && {
      scheduled: async (queue, groupId, dedupId) =>
        (await currentHolder({ dynamo, table: scheduledTable }, { queue, groupId, dedupId }))?.record,
    }),
  };
};
