import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDbClient } from "../../../functions/adapters/aws-clients";
import { StoreRejectedError, StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import { freePort } from "../../../local/emulators/free-port";
import { deliver, guardBatch, guardRecords, kinds } from "../../unit/idempotency/support";
import { countRequests, createIdempotencyTable, dynamoGuard, startProxy } from "./support";

const BUDGET_MS = 30_000;

describe("idempotency guard when DynamoDB is unavailable", () => {
  let endpoint: string;
  let dynamo: DynamoDBClient;
  let table: string;

  beforeAll(async () => {
    ({ endpoint, dynamo, table } = await createIdempotencyTable());
  });
  afterAll(() => dynamo.destroy());

  it("makes every record unavailable when DynamoDB cannot be reached, and runs nothing", async () => {
    // Arrange: a client pointed at a closed port
    const down = createDynamoDbClient({ endpoint: `http://127.0.0.1:${await freePort()}` });
    const attempts = countRequests(down);
    // Act
    const { decisions, ran } = await deliver(
      dynamoGuard({ dynamo: down, table }),
      guardBatch("b1", Date.now()),
      guardRecords(3),
    );
    // Assert: unavailable with a domain error that keeps the SDK's as cause; the SDK retried, the guard did not
    expect(kinds(decisions)).toEqual(["unavailable", "unavailable", "unavailable"]);
    const decision = decisions.get("m-order-0");
    const error = decision?.kind === "unavailable" ? decision.error : undefined;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error?.cause).toMatchObject({ code: "ECONNREFUSED" });
    expect(ran).toEqual([]);
    expect(attempts).toEqual(Array(3).fill("BatchExecuteStatementCommand"));
    down.destroy();
  });

  it("makes every record unavailable, as rejected, when the table does not exist", async () => {
    // Arrange
    const guard = dynamoGuard({ dynamo, table: "fifoq-no-such-table" });
    // Act
    const { decisions } = await guard.begin(guardBatch("b1", Date.now()), guardRecords(1));
    // Assert
    const decision = decisions.get("m-order-0");
    expect(decision?.kind === "unavailable" && decision.error).toBeInstanceOf(StoreRejectedError);
  });

  it("reports records unrecorded when DynamoDB stops mid-batch; nothing is applied twice", async () => {
    // Arrange: a guard whose DynamoDB goes away between begin and finish
    const proxy = await startProxy(endpoint);
    const viaProxy = createDynamoDbClient({ endpoint: proxy.endpoint });
    const queue = "orders-outage";
    const guard = dynamoGuard({ dynamo: viaProxy, table, queue });
    const records = guardRecords(2);
    const t0 = Date.now();
    const batch = guardBatch("b1", t0, BUDGET_MS);
    const begun = await guard.begin(batch, records);
    expect(kinds(begun.decisions)).toEqual(["run", "run"]);
    await proxy.stop();
    // Act: the effects were applied and finish cannot reach DynamoDB
    const finished = await begun.finish(
      records.map((r) => ({ messageId: r.messageId, status: "succeeded" })),
    );
    // Assert: nothing is acknowledged, and a redelivery meanwhile does not run them again
    expect([...finished.values()]).toEqual(["unrecorded", "unrecorded"]);
    const meanwhile = await deliver(
      dynamoGuard({ dynamo, table, queue }),
      guardBatch("b2", Date.now()),
      records,
    );
    expect(kinds(meanwhile.decisions)).toEqual(["busy", "busy"]);
    // Act: DynamoDB is back and the same container begins its next batch, the late commit lands
    await proxy.restart();
    await guard.begin(guardBatch("b3", Date.now()), guardRecords(1, { prefix: "next" }));
    // Assert: the redelivery after the lease is duplicate: applied once
    const after = await deliver(
      dynamoGuard({ dynamo, table, queue }),
      guardBatch("b4", t0 + 6 * BUDGET_MS),
      records,
    );
    expect(kinds(after.decisions)).toEqual(["duplicate", "duplicate"]);
    viaProxy.destroy();
    await proxy.stop();
  });
});
