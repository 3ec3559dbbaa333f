import { describe, expect, it, vi } from "vitest";
import { RecordNotRunError } from "../../../functions/core/consumer/errors";
import { createIdempotencyGuard } from "../../../functions/core/idempotency/guard";
import { sqsRecordFactory } from "../../factories/sqs";
import { CLOCK_AND_TIMEOUTS, useFakeClock } from "../../support/fake-clock";
import { createInMemoryIdempotencyStore, type InMemoryIdempotencyStore } from "../../support/in-memory-store";
import { createMemoryLogger } from "../../support/memory-logger";
import { consumerHarness, type Deferred, deferred, failedIds } from "./fakes";

const T0 = 1_700_000_000_000;
const BUDGET_MS = 10_000;
/** The default margin for a 10 s budget. */
const MARGIN_MS = 1000;

interface Step {
  readonly step: string;
}

const record = (groupId: string, step: string) =>
  sqsRecordFactory({ messageId: step, groupId, dedupId: `dedup-${step}`, body: { step } });

/** The real protocol over an in-memory store, on the fake clock. */
const guardOn = (store: InMemoryIdempotencyStore) =>
  createIdempotencyGuard(store, {
    queue: "orders",
    scope: "messageGroup",
    windowSeconds: 3600,
    logger: createMemoryLogger(),
    clock: Date.now,
  });

/** Lets the store's (real) ticks, and what they resolve, run. */
const settle = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

/** Lets pending store calls finish, moves the fake clock, and lets what that started finish. */
const advance = async (ms: number) => {
  await settle();
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
};

/** A handler whose `slow` steps wait until the test releases them; the others return at once. */
const handlerWith = (slow: Record<string, Deferred>) => {
  const ran: string[] = [];
  return {
    ran,
    definition: {
      handle: async ({ body }: { body: Step }) => {
        ran.push(body.step);
        await slow[body.step]?.promise;
      },
    },
  };
};

describe("batch runner: a record finished before the deadline is committed before it", () => {
  useFakeClock(T0, CLOCK_AND_TIMEOUTS);

  it("commits the fast records of a batch while a slow one runs, so a timeout re-runs only the slow one", async () => {
    // Arrange: a1 and c1 return at once, b1 runs until the invocation times out
    const store = createInMemoryIdempotencyStore();
    const slow = { b1: deferred() };
    const first = handlerWith(slow);
    const harness = consumerHarness<Step, void>(first.definition, { guard: guardOn(store) });
    const records = [record("A", "a1"), record("B", "b1"), record("C", "c1")];

    // Act: the invocation runs past its deadline (Lambda would end it there); SQS redelivers the batch
    let returned = false;
    const running = harness.run(records, { remainingMs: BUDGET_MS }).then(() => {
      returned = true;
    });
    await advance(1000);
    const committedAt1s = [...store.commits.values()];
    await advance(BUDGET_MS + 2000);
    const second = handlerWith({});
    const redelivery = consumerHarness<Step, void>(second.definition, { guard: guardOn(store) });
    const response = await redelivery.run(records, { remainingMs: BUDGET_MS });

    // Assert: a1 and c1 were committed 1 s in and are duplicates now; only b1 runs again
    expect(committedAt1s).toMatchObject([{ doneSlots: [0, 2], final: false }]);
    expect(returned).toBe(false);
    expect(second.ran).toEqual(["b1"]);
    expect(failedIds(response)).toEqual([]);
    expect(redelivery.outcomes().map((line) => [line.messageId, line.outcome])).toEqual([
      ["a1", "duplicate"],
      ["b1", "processed"],
      ["c1", "duplicate"],
    ]);
    slow.b1.resolve();
    await running;
  });

  it("never returns while a handler still runs, even past the deadline", async () => {
    // Arrange
    const slow = { a1: deferred() };
    const harness = consumerHarness<Step, void>(handlerWith(slow).definition, {
      guard: guardOn(createInMemoryIdempotencyStore()),
    });
    let returned = false;

    // Act
    const running = harness
      .run([record("A", "a1"), record("B", "b1")], { remainingMs: BUDGET_MS })
      .then(() => {
        returned = true;
      });
    await advance(BUDGET_MS * 3);
    const beforeRelease = returned;
    slow.a1.resolve();
    await running;

    // Assert
    expect(beforeRelease).toBe(false);
    expect(returned).toBe(true);
  });

  it("writes why the unfinished records failed when time runs low, in case the invocation times out", async () => {
    // Arrange: a1 fails at once, b1 is still running when the margin begins, b2 waits behind it
    const slow = { b1: deferred() };
    const harness = consumerHarness<Step, void>({
      handle: async ({ body }) => {
        if (body.step === "a1") throw new Error("card declined");
        await slow[body.step as "b1"]?.promise;
      },
    });

    // Act
    const running = harness.run([record("A", "a1"), record("B", "b1"), record("B", "b2")], {
      remainingMs: BUDGET_MS,
    });
    await advance(BUDGET_MS - MARGIN_MS - 1);
    const before = harness.failureLog.writes.length;
    await advance(1);
    const atLowTime = harness.failureLog.writes[0];
    slow.b1.resolve();
    await running;

    // Assert
    expect(before).toBe(0);
    expect(atLowTime?.map((entry) => [entry.messageId, entry.error.name, entry.error.message])).toEqual([
      ["a1", "Error", "card declined"],
      ["b1", RecordNotRunError.name, "not finished when the invocation's remaining time ran low"],
      ["b2", RecordNotRunError.name, "not finished when the invocation's remaining time ran low"],
    ]);
  });
});
