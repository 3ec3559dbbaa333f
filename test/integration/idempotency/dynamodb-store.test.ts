import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbIdempotencyStore } from "../../../functions/adapters/dynamodb/idempotency-store";
import { StoreRejectedError } from "../../../functions/core/idempotency/errors";
import { describeStoreContract } from "../../unit/idempotency/store-contract";
import { createIdempotencyTable } from "./support";

let dynamo: DynamoDBClient;
let table: string;

beforeAll(async () => {
  ({ dynamo, table } = await createIdempotencyTable());
});
afterAll(() => dynamo.destroy());

describeStoreContract("DynamoDB store", () => createDynamoDbIdempotencyStore({ dynamo, table }));

describe("DynamoDB store limits", () => {
  it("refuses more keys than one BatchExecuteStatement takes (a FIFO batch has at most 10) as rejected", async () => {
    // Arrange: 26 keys, more than one BatchExecuteStatement takes
    const store = createDynamoDbIdempotencyStore({ dynamo, table });
    const claim = {
      batchId: "b",
      slot: 0,
      messageId: "m",
      leaseUntilMs: 1,
      expiresAtS: 1_900_000_000,
      done: false,
    };
    const writes = Array.from({ length: 26 }, (_, i) => ({
      key: `c#limits#${i}`,
      claim: { ...claim, slot: i },
    }));
    // Act and assert
    await expect(store.claimAll(writes)).rejects.toBeInstanceOf(StoreRejectedError);
    await expect(store.readClaims(writes.map((write) => write.key))).rejects.toBeInstanceOf(
      StoreRejectedError,
    );
  });
});
