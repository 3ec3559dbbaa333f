import { randomUUID } from "node:crypto";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isCommitRequest } from "../../../chaos/proxy/commit-watch";
import {
  type FaultProxy,
  type ProxiedRequest,
  type ProxyAction,
  startFaultProxy,
} from "../../../chaos/proxy/fault-proxy";
import { type FaultKind, faultAction } from "../../../chaos/proxy/faults";
import { createRandom } from "../../../chaos/random";
import { CHAOS_DLQ_VISIBILITY_SECONDS, shortenDlqVisibility } from "../../../chaos/services";
import { createDynamoDbClient, lazyS3Client } from "../../../functions/adapters/aws-clients";
import { createDynamoDbIdempotencyStore } from "../../../functions/adapters/dynamodb/idempotency-store";
import { translateSdkError } from "../../../functions/adapters/dynamodb/sdk-errors";
import { createS3PayloadStore } from "../../../functions/adapters/s3/payload-store";
import { classifySdkError } from "../../../functions/adapters/sdk-errors";
import { createSqsClient } from "../../../functions/adapters/sqs/sqs-client";
import { StoreUnavailableError } from "../../../functions/core/idempotency/errors";
import type { Claim } from "../../../functions/core/idempotency/store-port";
import { PayloadStoreUnavailableError } from "../../../functions/core/payloads/payload-store";
import { type RunningEmulator, startSqsEmulator } from "../../../local/emulators/sqs";
import { provisionPayloadBucket } from "../../../local/provision/s3";
import { createIdempotencyTable } from "../idempotency/support";

const EXPIRES_AT_S = 9_999_999_999;

const claimOf = (batchId: string): Claim => ({
  batchId,
  slot: 0,
  messageId: "m1",
  leaseUntilMs: Date.now() + 5000,
  expiresAtS: EXPIRES_AT_S,
  done: false,
});

/** A proxy whose first `faults.length` requests get those faults; every later one passes. */
const scripted = (service: "sqs" | "dynamodb", faults: FaultKind[]) => {
  const seen: ProxiedRequest[] = [];
  const random = createRandom(7);
  return {
    seen,
    policy: {
      decide: (request: ProxiedRequest): ProxyAction => {
        seen.push(request);
        const kind = faults.shift();
        return kind ? faultAction(kind, service, random, request) : { kind: "forward" };
      },
      rewrite: shortenDlqVisibility,
    },
  };
};

describe("chaos fault proxy in front of the emulators", () => {
  let fauxqs: RunningEmulator;
  let ddb: Awaited<ReturnType<typeof createIdempotencyTable>>;
  const proxies: FaultProxy[] = [];

  beforeAll(async () => {
    fauxqs = await startSqsEmulator();
    ddb = await createIdempotencyTable();
  });
  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    ddb.dynamo.destroy();
    await fauxqs.stop();
  });

  const proxied = async (upstream: string, policy: Parameters<typeof startFaultProxy>[1]) => {
    const proxy = await startFaultProxy(upstream, policy);
    proxies.push(proxy);
    return proxy.endpoint;
  };

  it.each<FaultKind>(["throttle", "server-error"])(
    "answers SQS %s in its JSON protocol: the SDK retries it, fifoq calls it unavailable",
    async (kind) => {
      // Arrange
      const first = scripted("sqs", [kind]);
      const again = scripted("sqs", [kind, kind, kind]);
      const retrying = createSqsClient({ endpoint: await proxied(fauxqs.endpoint, first.policy) });
      const failing = createSqsClient({ endpoint: await proxied(fauxqs.endpoint, again.policy) });

      // Act
      await retrying.send(new ListQueuesCommand({}));
      const error = await failing.send(new ListQueuesCommand({})).catch((caught: unknown) => caught);

      // Assert
      expect(first.seen).toHaveLength(2);
      expect(again.seen).toHaveLength(3);
      expect(classifySdkError(error).retryable).toBe(true);
      retrying.destroy();
      failing.destroy();
    },
  );

  it.each<FaultKind>(["throttle", "server-error"])(
    "answers DynamoDB %s in its JSON protocol: the SDK retries it, fifoq calls it transient",
    async (kind) => {
      // Arrange
      const always = scripted("dynamodb", [kind, kind, kind]);
      const client = createDynamoDbClient({ endpoint: await proxied(ddb.endpoint, always.policy) });

      // Act
      const error = await client
        .send(new GetItemCommand({ TableName: ddb.table, Key: { pk: { S: "x" } } }))
        .catch((caught: unknown) => caught);

      // Assert
      expect(always.seen).toHaveLength(3);
      expect((error as Error).name).toMatch(
        /ThrottlingException|ProvisionedThroughputExceeded|InternalServerError/,
      );
      expect(translateSdkError(error, "get")).toBeInstanceOf(StoreUnavailableError);
      client.destroy();
    },
  );

  it.each<FaultKind>(["throttle", "server-error"])(
    "answers fauxqs's S3 %s in S3's XML: the SDK retries it, the payload store calls it unavailable",
    async (kind) => {
      // Arrange
      const bucket = `chaos-${kind}`;
      await provisionPayloadBucket(await lazyS3Client({ endpoint: fauxqs.endpoint })(), bucket);
      const first = scripted("sqs", [kind]);
      const again = scripted("sqs", [kind, kind, kind]);
      const retrying = createS3PayloadStore({
        s3: lazyS3Client({ endpoint: await proxied(fauxqs.endpoint, first.policy) }),
        bucket,
      });
      const failing = createS3PayloadStore({
        s3: lazyS3Client({ endpoint: await proxied(fauxqs.endpoint, again.policy) }),
        bucket,
      });

      // Act
      await retrying.put("k", "whole body");
      const error = await failing.get("k").catch((caught: unknown) => caught);

      // Assert
      expect(first.seen.map((request) => request.operation)).toEqual(["S3:PutObject", "S3:PutObject"]);
      expect(again.seen.map((request) => request.operation)).toEqual(Array(3).fill("S3:GetObject"));
      expect(error).toBeInstanceOf(PayloadStoreUnavailableError);
      expect(await retrying.get("k")).toBe("whole body");
    },
  );

  it("throttles each statement of a BatchExecuteStatement on its own, applying none", async () => {
    // Arrange
    const one = scripted("dynamodb", ["statement-throttle"]);
    const client = createDynamoDbClient({ endpoint: await proxied(ddb.endpoint, one.policy) });
    const store = createDynamoDbIdempotencyStore({ dynamo: client, table: ddb.table });
    const key = `c#chaos#${randomUUID()}`;

    // Act
    const [result] = await store.claimAll([{ key, claim: claimOf("b1") }]);

    // Assert
    expect(result?.kind).toBe("unavailable");
    const stored = await ddb.dynamo.send(
      new GetItemCommand({ TableName: ddb.table, Key: { pk: { S: key } } }),
    );
    expect(stored.Item).toBeUndefined();
    client.destroy();
  });

  it("drops the connection after a request was applied: the client sees an error, the write is there", async () => {
    // Arrange
    const every = scripted("dynamodb", ["drop-after", "drop-after", "drop-after"]);
    const client = createDynamoDbClient({ endpoint: await proxied(ddb.endpoint, every.policy) });
    const key = `x#${randomUUID()}`;

    // Act
    const error = await client
      .send(new PutItemCommand({ TableName: ddb.table, Item: { pk: { S: key } } }))
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(Error);
    const stored = await ddb.dynamo.send(
      new GetItemCommand({ TableName: ddb.table, Key: { pk: { S: key } } }),
    );
    expect(stored.Item?.pk?.S).toBe(key);
    client.destroy();
  });

  it("tells the idempotency store's commits from its claims", async () => {
    // Arrange
    const watch = scripted("dynamodb", []);
    const client = createDynamoDbClient({ endpoint: await proxied(ddb.endpoint, watch.policy) });
    const store = createDynamoDbIdempotencyStore({ dynamo: client, table: ddb.table });
    const id = randomUUID();

    // Act
    await store.claimAll([{ key: `c#chaos#${id}`, claim: claimOf(id) }]);
    await store.commit(`b#chaos#${id}`, {
      slots: [0],
      final: true,
      expiresAtS: EXPIRES_AT_S,
      atMs: Date.now(),
    });

    // Assert
    expect(watch.seen.map((request) => [request.operation, isCommitRequest(request)])).toEqual([
      ["BatchExecuteStatement", false],
      ["UpdateItem", true],
    ]);
    client.destroy();
  });

  it("shortens the visibility timeout the stack gives a dead-letter queue, and only that", async () => {
    // Arrange
    const sqs = createSqsClient({ endpoint: await proxied(fauxqs.endpoint, scripted("sqs", []).policy) });
    const create = (QueueName: string) =>
      sqs.send(
        new CreateQueueCommand({ QueueName, Attributes: { FifoQueue: "true", VisibilityTimeout: "180" } }),
      );

    // Act
    const [dlq, main] = [await create("short-dlq.fifo"), await create("short.fifo")];

    // Assert
    const visibility = async (QueueUrl: string | undefined) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["VisibilityTimeout"] })))
        .Attributes?.VisibilityTimeout;
    expect(await visibility(dlq.QueueUrl)).toBe(String(CHAOS_DLQ_VISIBILITY_SECONDS));
    expect(await visibility(main.QueueUrl)).toBe("180");
    sqs.destroy();
  });
});
