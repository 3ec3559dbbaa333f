import { describe, expect, it, vi } from "vitest";
import { type ReleaseDeps, releaseScheduled } from "../../../functions/core/scheduled/release";
import { scheduleMessage } from "../../../functions/core/scheduled/schedule-message";
import type { ScheduledMessage } from "../../../functions/core/scheduled/types";
import { useFakeClock } from "../../support/fake-clock";
import { createInMemoryScheduledStore } from "../../support/in-memory-scheduled-store";

const NOW = 1_800_000_000_000;

const setup = () => {
  const store = createInMemoryScheduledStore();
  const sent: string[] = [];
  let counter = 0;
  const deps = {
    store,
    trigger: { arm: async () => undefined },
    sender: { send: async (record: ScheduledMessage) => ({ messageId: `m-${sent.push(record.dedupId)}` }) },
    now: () => Date.now(),
    sleep: async (ms: number) => void vi.setSystemTime(Date.now() + ms),
    randomId: () => String(counter++).padStart(16, "0"),
  } satisfies ReleaseDeps & { randomId: () => string };
  const schedule = async (dedupId: string, releaseAt: number) => {
    const message = { body: "{}", groupId: "g", dedupId, attributes: {}, sizeBytes: 2 };
    const receipt = await scheduleMessage("orders", { message, releaseAt, batchIndex: 0 }, deps);
    vi.setSystemTime(Date.now() + 1);
    return { queue: "orders", id: receipt.scheduledId };
  };
  return { store, deps, sent, schedule };
};

/** Fails the first call for the message "second", then passes through. */
const failingOnce = <A extends unknown[], R>(
  call: (...args: A) => Promise<R>,
  isSecond: (...args: A) => boolean,
) => {
  let failed = false;
  return async (...args: A): Promise<R> => {
    if (isSecond(...args) && !failed) {
      failed = true;
      throw new Error("refused: InternalError");
    }
    return call(...args);
  };
};

/**
 * "first" and "second" due in one second. Container B's release of "second" reads it scheduled, then loses its
 * state change to container A's release of "first", which swept "second" and whose step for it fails once
 * (`containerA`); B answers (its delay-queue message is deleted), A's release comes back (its retry).
 */
const raceWithFailingSweep = async (containerA: (deps: ReturnType<typeof setup>["deps"]) => ReleaseDeps) => {
  const { store, deps, sent, schedule } = setup();
  const first = await schedule("first", NOW + 1_000);
  const second = await schedule("second", NOW + 1_000);
  vi.setSystemTime(NOW + 1_500);
  let openGate = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  let atGate = false;
  const release: ReleaseDeps["store"]["release"] = async (record, at) => {
    atGate = true;
    return gate.then(() => store.release(record, at));
  };
  const releaseB = releaseScheduled(second, { ...deps, store: { ...store, release } });
  while (!atGate) await new Promise((resolve) => setImmediate(resolve));
  const firstTry = await releaseScheduled(first, containerA(deps)).catch((error: unknown) => error);
  openGate();
  const answerB = await releaseB;
  await releaseScheduled(first, containerA(deps));
  return { firstTry, answerB, sent, stored: store.records.get(`orders/${second.id}`) };
};

describe("a release whose sweep fails after its own message was sent", () => {
  useFakeClock(NOW, ["Date"]);

  it("still sends the swept message that a concurrent release lost to it, when SQS refused it (nothing lost)", async () => {
    // Arrange
    const send = failingOnce(
      async (_record: ScheduledMessage) => undefined,
      (record) => record.dedupId === "second",
    );

    // Act
    const { firstTry, answerB, sent, stored } = await raceWithFailingSweep((deps) => ({
      ...deps,
      sender: { send: (record) => send(record).then(() => deps.sender.send(record)) },
    }));

    // Assert: "second" is on the queue (after "first") and marked sent
    expect(firstTry).toBeInstanceOf(Error);
    // B found "second" won by A and not marked sent: its delivery is kept (it comes back), not deleted
    expect(answerB).toBe("in-flight");
    expect(sent.filter((dedupId, index) => sent.indexOf(dedupId) === index)).toEqual(["first", "second"]);
    expect(stored?.sent).toBe(true);
  });

  it("marks the swept message sent when its first sent mark failed (no resend beyond SQS's dedup window)", async () => {
    // Arrange
    const mark = failingOnce(
      async (_ref: { id: string }) => undefined,
      // "second" was scheduled second: its random part is the counter's 1
      (ref: { id: string }) => ref.id.endsWith("1".padStart(16, "0")),
    );

    // Act
    const { firstTry, answerB, stored } = await raceWithFailingSweep((deps) => ({
      ...deps,
      store: {
        ...deps.store,
        markSent: (ref, messageId) => mark(ref).then(() => deps.store.markSent(ref, messageId)),
      },
    }));

    // Assert
    expect(firstTry).toBeInstanceOf(Error);
    // B found "second" won by A and not marked sent: its delivery is kept (it comes back), not deleted
    expect(answerB).toBe("in-flight");
    expect(stored?.sent).toBe(true);
  });
});

describe("a release whose wait ends a millisecond early", () => {
  useFakeClock(NOW, ["Date"]);

  it("never sends before releaseAt (Node's timers may fire up to a millisecond before the wall clock)", async () => {
    // Arrange: the delay queue delivered it 600 ms early; the timer of its wait fires 1 ms early
    const { deps, schedule } = setup();
    const due = await schedule("due", NOW + 10_000);
    vi.setSystemTime(NOW + 9_400);
    const sentAt: number[] = [];
    const sender = { send: async () => ({ messageId: `m-${sentAt.push(Date.now())}` }) };
    const sleep = async (ms: number) => void vi.setSystemTime(Date.now() + (ms > 1 ? ms - 1 : ms));

    // Act
    const result = await releaseScheduled(due, { ...deps, sender, sleep });

    // Assert
    expect(result).toBe("released");
    expect(sentAt).toEqual([NOW + 10_000]);
  });

  it("still sends first the message of its second published before it and due a few ms later", async () => {
    // Arrange: "earlier" (published first) falls due at .900, "later" at .100 of the same second
    const { deps, sent, schedule } = setup();
    await schedule("earlier", NOW + 5_900);
    const later = await schedule("later", NOW + 5_100);
    vi.setSystemTime(NOW + 5_100);
    const sleep = async (ms: number) => void vi.setSystemTime(Date.now() + (ms > 1 ? ms - 1 : ms));

    // Act
    await releaseScheduled(later, { ...deps, sleep });

    // Assert
    expect(sent).toEqual(["earlier", "later"]);
  });
});
