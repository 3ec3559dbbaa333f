import { describe, expect, it, vi } from "vitest";
import { cancelScheduled } from "../../../functions/core/scheduled/cancel";
import { AlreadyReleasedError, ScheduledNotFoundError } from "../../../functions/core/scheduled/errors";
import { type ReleaseDeps, releaseScheduled } from "../../../functions/core/scheduled/release";
import { scheduleMessage } from "../../../functions/core/scheduled/schedule-message";
import type { ScheduledMessage } from "../../../functions/core/scheduled/types";
import { useFakeClock } from "../../support/fake-clock";
import { createInMemoryScheduledStore } from "../../support/in-memory-scheduled-store";

const NOW = 1_800_000_000_000;

const message = (groupId: string, dedupId: string) => ({
  body: JSON.stringify({ dedupId }),
  groupId,
  dedupId,
  attributes: {},
  sizeBytes: 10,
});

const setup = () => {
  const store = createInMemoryScheduledStore();
  const sent: ScheduledMessage[] = [];
  const armed: string[] = [];
  let counter = 0;
  const deps = {
    store,
    trigger: { arm: async (record: ScheduledMessage) => void armed.push(record.id) },
    sender: {
      send: async (record: ScheduledMessage) => {
        sent.push(record);
        return { messageId: `m-${sent.length}` };
      },
    },
    now: () => Date.now(),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    randomId: () => String(counter++).padStart(16, "0"),
  } satisfies ReleaseDeps & { randomId: () => string };
  const schedule = (groupId: string, dedupId: string, delayMs: number, batchIndex = 0) =>
    scheduleMessage(
      "orders",
      { message: message(groupId, dedupId), releaseAt: Date.now() + delayMs, batchIndex },
      deps,
    );
  return { store, sent, armed, deps, schedule };
};

describe("scheduled messages: schedule, release, cancel", () => {
  useFakeClock(NOW, ["Date"]);

  it("answers the same scheduledId for a repeated (group, dedupId) while scheduled, and stores one record", async () => {
    // Arrange
    const { store, schedule } = setup();

    // Act
    const first = await schedule("g", "order-1", 60_000);
    const again = await schedule("g", "order-1", 120_000);
    const otherGroup = await schedule("h", "order-1", 60_000);

    // Assert
    expect(again.scheduledId).toBe(first.scheduledId);
    expect(again.releaseAt).toBe(first.releaseAt);
    expect(otherGroup.scheduledId).not.toBe(first.scheduledId);
    expect(store.records.size).toBe(2);
  });

  it("re-arms instead of releasing a message more than a second early", async () => {
    // Arrange
    const { deps, sent, armed, schedule } = setup();
    const { scheduledId } = await schedule("g", "d", 5_000);

    // Act
    const result = await releaseScheduled({ queue: "orders", id: scheduledId }, deps);

    // Assert
    expect(result).toBe("rearmed");
    expect(armed).toEqual([scheduledId, scheduledId]);
    expect(sent).toEqual([]);
  });

  it("waits out the last fraction of a second, so it never releases early", async () => {
    // Arrange
    const { deps, sent, schedule } = setup();
    const { scheduledId } = await schedule("g", "d", 10_000);
    vi.setSystemTime(NOW + 9_400);
    let releasedAt = 0;
    const sleep = async (ms: number) => void vi.setSystemTime(Date.now() + ms);

    // Act
    await releaseScheduled(
      { queue: "orders", id: scheduledId },
      {
        ...deps,
        sleep,
        onReleased: () => {
          releasedAt = Date.now();
        },
      },
    );

    // Assert
    expect(sent.map((r) => r.dedupId)).toEqual(["d"]);
    expect(releasedAt).toBe(NOW + 10_000);
  });

  it("releases at most once in effect: a repeated release enqueues nothing new", async () => {
    // Arrange
    const { deps, sent, schedule } = setup();
    const { scheduledId } = await schedule("g", "d", 1_000);
    vi.setSystemTime(NOW + 1_000);

    // Act
    const results = await Promise.all([
      releaseScheduled({ queue: "orders", id: scheduledId }, deps),
      releaseScheduled({ queue: "orders", id: scheduledId }, deps),
    ]);
    const later = await releaseScheduled({ queue: "orders", id: scheduledId }, deps);

    // Assert
    expect(sent).toHaveLength(1);
    expect(results.filter((r) => r === "released")).toHaveLength(1);
    expect(later).toBe("already-released");
  });

  it("keeps a concurrent release's delivery when the winner's send fails, and that delivery's retry sends it", async () => {
    // Arrange: two deliveries of one release event; the first send fails (SQS refused it)
    const { deps, sent, schedule } = setup();
    const { scheduledId } = await schedule("g", "d", 1_000);
    vi.setSystemTime(NOW + 1_000);
    let refuse = true;
    const failing = {
      ...deps,
      sender: {
        send: async (record: ScheduledMessage) => {
          if (refuse) {
            refuse = false;
            throw new Error("SendMessage refused");
          }
          return deps.sender.send(record);
        },
      },
    };
    const ref = { queue: "orders", id: scheduledId };

    // Act
    const results = await Promise.allSettled([
      releaseScheduled(ref, failing),
      releaseScheduled(ref, failing),
    ]);
    const retry = await releaseScheduled(ref, failing);

    // Assert: the loser did not answer "done" (its delivery comes back), and its retry sent the message once
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "failed")).sort()).toEqual([
      "failed",
      "in-flight",
    ]);
    expect(retry).toBe("released");
    expect(sent.map((r) => r.dedupId)).toEqual(["d"]);
  });

  it("sends again with the same dedupId when a release crashed between its state change and its send", async () => {
    // Arrange
    const { deps, sent, store, schedule } = setup();
    const { scheduledId } = await schedule("g", "d", 1_000);
    vi.setSystemTime(NOW + 1_000);
    await store.transition({ queue: "orders", id: scheduledId }, "released", Date.now());

    // Act
    const result = await releaseScheduled({ queue: "orders", id: scheduledId }, deps);

    // Assert
    expect(result).toBe("released");
    expect(sent.map((r) => r.dedupId)).toEqual(["d"]);
    expect(store.records.get(`orders/${scheduledId}`)?.sent).toBe(true);
  });

  it("releases a group's messages due in the same second in publish order, whichever fires first", async () => {
    // Arrange
    const { deps, sent, schedule } = setup();
    const first = await schedule("g", "first", 5_300);
    vi.setSystemTime(NOW + 10);
    await schedule("g", "second", 5_000);
    await schedule("g", "third", 4_990, 1);
    await schedule("other", "unrelated", 5_000);
    vi.setSystemTime(NOW + 5_990);

    // Act: the last-published one's release runs first
    const last = [...(await deps.store.dueInGroup("orders", "g", "9"))].at(-1);
    await releaseScheduled({ queue: "orders", id: last?.id ?? "" }, deps);
    const later = await releaseScheduled({ queue: "orders", id: first.scheduledId }, deps);

    // Assert
    expect(sent.map((r) => r.dedupId)).toEqual(["first", "second", "third"]);
    expect(later).toBe("already-released");
  });

  it("sends an earlier message of the group that a concurrent release has not sent yet before the later one", async () => {
    // Arrange
    const { deps, sent, store, schedule } = setup();
    const earlier = await schedule("g", "earlier", 2_000);
    const later = await schedule("g", "later", 2_000, 1);
    vi.setSystemTime(NOW + 2_000);
    const concurrentReleaseWins: typeof store.release = async (record, at) => {
      if (record.id === earlier.scheduledId) await store.release(record, at);
      return store.release(record, at);
    };

    // Act
    await releaseScheduled(
      { queue: "orders", id: later.scheduledId },
      { ...deps, store: { ...store, release: concurrentReleaseWins } },
    );

    // Assert
    expect(sent.map((r) => r.dedupId)).toEqual(["earlier", "later"]);
  });

  it("gives a cancel racing the release one winner and an honest answer", async () => {
    for (const cancelFirst of [true, false]) {
      // Arrange
      const { deps, sent, schedule } = setup();
      const { scheduledId } = await schedule("g", "d", 1_000);
      vi.setSystemTime(NOW + 1_000);
      const ref = { queue: "orders", id: scheduledId };

      // Act
      const cancel = () =>
        cancelScheduled(ref, deps).then(
          () => "cancelled",
          (error: unknown) => error,
        );
      const release = () => releaseScheduled(ref, deps);
      const [a, b] = cancelFirst
        ? await Promise.all([cancel(), release()])
        : await Promise.all([release(), cancel()]);
      const [cancelAnswer, releaseAnswer] = cancelFirst ? [a, b] : [b, a];

      // Assert
      if (cancelAnswer === "cancelled") {
        expect(releaseAnswer).toBe("cancelled");
        expect(sent).toEqual([]);
      } else {
        expect(cancelAnswer).toBeInstanceOf(AlreadyReleasedError);
        expect(releaseAnswer).toBe("released");
        expect(sent).toHaveLength(1);
      }
      vi.setSystemTime(NOW);
    }
  });

  it("cancels twice without error, and refuses an unknown id", async () => {
    // Arrange
    const { deps, schedule } = setup();
    const { scheduledId } = await schedule("g", "d", 60_000);
    const ref = { queue: "orders", id: scheduledId };

    // Act
    await cancelScheduled(ref, deps);
    await cancelScheduled(ref, deps);
    const released = await releaseScheduled(ref, deps);

    // Assert
    expect(released).toBe("cancelled");
    await expect(cancelScheduled({ queue: "orders", id: "nope" }, deps)).rejects.toBeInstanceOf(
      ScheduledNotFoundError,
    );
  });

  it("lets a publish after a cancel schedule anew", async () => {
    // Arrange
    const { deps, schedule } = setup();
    const first = await schedule("g", "d", 60_000);
    await cancelScheduled({ queue: "orders", id: first.scheduledId }, deps);

    // Act
    const second = await schedule("g", "d", 60_000);

    // Assert
    expect(second.scheduledId).not.toBe(first.scheduledId);
  });
});
