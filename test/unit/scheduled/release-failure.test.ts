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

describe("a release whose sweep fails after its own message was sent", () => {
  useFakeClock(NOW, ["Date"]);

  it("still sends the swept message that a concurrent release lost to it (nothing lost)", async () => {
    // Arrange: "first" and "second" due in one second; container B's release of "second" reads it scheduled,
    // then loses its state change to container A's release of "first", which swept "second" and whose send
    // of "second" SQS refused (one entry of a SendMessageBatch)
    const { store, deps, sent, schedule } = setup();
    const first = await schedule("first", NOW + 1_000);
    const second = await schedule("second", NOW + 1_000);
    vi.setSystemTime(NOW + 1_500);
    let openGate = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    let atGate = false;
    const containerB: ReleaseDeps = {
      ...deps,
      store: {
        ...store,
        release: async (record, at) => {
          atGate = true;
          return gate.then(() => store.release(record, at));
        },
      },
    };
    let refused = false;
    const containerA: ReleaseDeps = {
      ...deps,
      sender: {
        send: async (record) => {
          if (record.dedupId === "second" && !refused) {
            refused = true;
            throw new Error("SQS did not take a released message: InternalError");
          }
          return deps.sender.send(record);
        },
      },
    };

    // Act: B's delay-queue message is deleted when B answers; A's comes back (its retry)
    const releaseB = releaseScheduled(second, containerB);
    while (!atGate) await new Promise((resolve) => setImmediate(resolve));
    const firstTry = await releaseScheduled(first, containerA).catch((error: unknown) => error);
    openGate();
    const answerB = await releaseB;
    await releaseScheduled(first, containerA);

    // Assert: "second" is on the queue (after "first") and marked sent
    expect(firstTry).toBeInstanceOf(Error);
    expect(answerB).toBe("already-released");
    expect(sent.filter((dedupId, index) => sent.indexOf(dedupId) === index)).toEqual(["first", "second"]);
    expect(store.records.get(`orders/${second.id}`)?.sent).toBe(true);
  });
});
