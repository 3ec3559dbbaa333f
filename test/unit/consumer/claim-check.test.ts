import { describe, expect, it } from "vitest";
import { wrapBody } from "../../../functions/core/payloads/carrier";
import type { PayloadStore } from "../../../functions/core/payloads/payload-store";
import { sqsRecordFactory } from "../../factories/sqs";
import { useFakeClock } from "../../support/fake-clock";
import { consumerHarness } from "./fakes";

/** A payload store in memory (the port, not an AWS client): what it holds, and how often it was read. */
const memoryPayloads = (objects: Record<string, string>) => {
  let gets = 0;
  const store: PayloadStore = {
    put: async (key, body) => {
      objects[key] = body;
    },
    get: async (key) => {
      gets += 1;
      const body = objects[key];
      if (body === undefined) throw new Error(`no ${key}`);
      return body;
    },
  };
  return Object.assign(store, { gets: () => gets });
};

describe("consumer runtime: claim-checked bodies", () => {
  useFakeClock();

  it("gives handle the whole body from the payload store and the original dedup id, never the reference", async () => {
    // Arrange
    const big = { text: "z".repeat(2_000_000) };
    const payloads = memoryPayloads({ "messages/orders/k1": JSON.stringify(big) });
    const seen: { body: unknown; dedupId: string }[] = [];
    const harness = consumerHarness<typeof big, void>(
      { handle: async ({ body, dedupId }) => void seen.push({ body, dedupId }) },
      { payloads },
    );
    const record = sqsRecordFactory({
      groupId: "g",
      rawBody: wrapBody({ dedupId: "order-1", payload: "messages/orders/k1" }, ""),
    });

    // Act
    await harness.run([record]);

    // Assert
    expect(seen).toEqual([{ body: big, dedupId: "order-1" }]);
    expect(payloads.gets()).toBe(1);
  });

  it("fails the record (SQS retries it) when the body cannot be read, and runs nothing", async () => {
    // Arrange
    const payloads = memoryPayloads({});
    const runs: string[] = [];
    const harness = consumerHarness({ handle: async ({ id }) => void runs.push(id) }, { payloads });
    const record = sqsRecordFactory({
      groupId: "g",
      rawBody: wrapBody({ payload: "messages/orders/gone" }, ""),
    });

    // Act
    const response = await harness.run([record]);

    // Assert
    expect(runs).toEqual([]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
  });
});
