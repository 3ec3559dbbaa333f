import { describe, expect, it } from "vitest";
import {
  AlreadyReleasedError,
  ConflictError,
  FifoqClient,
  FifoqInputError,
  NotFoundError,
  type ScheduledMessage,
} from "../../../client/src/index.js";
import { useTimeStub } from "./time-stub";

describe("FifoqClient: delayed messages (against a stub of the API on 127.0.0.1)", () => {
  const stubbed = useTimeStub(5);

  it("sends delay as delaySeconds and a Date as an RFC 3339 notBefore, and returns the receipt", async () => {
    // Act
    const delayed = await stubbed.client.publish("orders", {
      body: 1,
      groupId: "g",
      dedupId: "a",
      delay: 600,
    });
    const dated = await stubbed.client.publish("orders", {
      body: 2,
      groupId: "g",
      dedupId: "b",
      notBefore: new Date(Date.UTC(2027, 0, 31, 9)),
    });
    const now = await stubbed.client.publish("orders", { body: 3, groupId: "g", dedupId: "c" });

    // Assert
    expect(stubbed.stub.seen.map((request) => JSON.parse(request.body))).toEqual([
      { body: 1, groupId: "g", dedupId: "a", delaySeconds: 600 },
      { body: 2, groupId: "g", dedupId: "b", notBefore: "2027-01-31T09:00:00.000Z" },
      { body: 3, groupId: "g", dedupId: "c" },
    ]);
    expect(delayed).toMatchObject({ scheduledId: "s-new", releaseAt: "2027-01-31T09:00:00.000Z" });
    expect(dated).toMatchObject({ scheduledId: "s-new" });
    expect(now).toMatchObject({ messageId: "m-1" });
  });

  it("refuses delay and notBefore together, a fractional delay and an invalid Date before sending", async () => {
    // Act
    const both = stubbed.client.publish("orders", { body: 1, groupId: "g", delay: 1, notBefore: new Date() });
    const fraction = stubbed.client.publish("orders", { body: 1, groupId: "g", delay: 1.5 });
    const invalid = stubbed.client.publish("orders", {
      body: 1,
      groupId: "g",
      notBefore: new Date(Number.NaN),
    });

    // Assert
    await expect(both).rejects.toThrow(FifoqInputError);
    await expect(fraction).rejects.toThrow("whole number of seconds");
    await expect(invalid).rejects.toThrow("invalid Date");
    expect(stubbed.stub.seen).toHaveLength(0);
  });

  it("carries the timing of each batch entry, and returns a delayed entry's scheduledId and releaseAt", async () => {
    // Arrange
    const sent: unknown[] = [];
    const receipt = { status: "accepted", scheduledId: "s-9", releaseAt: "2027-01-01T00:00:00.000Z" };
    const batchClient = new FifoqClient({
      url: "http://127.0.0.1:9/v1",
      retry: false,
      fetch: async (_url, init) => {
        sent.push(...JSON.parse(String(init?.body)).messages);
        const results = [
          { index: 0, ...receipt },
          { index: 1, ...receipt },
          { index: 2, status: "accepted", messageId: "m-3", sequenceNumber: "3" },
        ];
        return new Response(JSON.stringify({ results }), { status: 200 });
      },
    });

    // Act
    const result = await batchClient.publishBatch("orders", [
      { body: 1, groupId: "g", dedupId: "a", delay: 90 },
      { body: 2, groupId: "g", dedupId: "b", notBefore: new Date(Date.UTC(2027, 0, 1)) },
      { body: 3, groupId: "g", dedupId: "c" },
    ]);

    // Assert
    expect(sent).toEqual([
      { body: 1, groupId: "g", dedupId: "a", delaySeconds: 90 },
      { body: 2, groupId: "g", dedupId: "b", notBefore: "2027-01-01T00:00:00.000Z" },
      { body: 3, groupId: "g", dedupId: "c" },
    ]);
    expect(result.results).toEqual([
      { index: 0, ...receipt },
      { index: 1, ...receipt },
      { index: 2, status: "accepted", messageId: "m-3", sequenceNumber: "3" },
    ]);
  });

  it("refuses a batch whose entry has a bad delay, naming the entry, before sending", async () => {
    // Act
    const refused = await stubbed.client
      .publishBatch("orders", [
        { body: 1, groupId: "g", dedupId: "a", delay: 10 },
        { body: 2, groupId: "g", dedupId: "b", delay: -1 },
      ])
      .catch((error: unknown) => error);

    // Assert
    expect(refused).toBeInstanceOf(FifoqInputError);
    expect(refused).toMatchObject({ index: 1, message: expect.stringContaining("message 1: delay") });
    expect(stubbed.stub.seen).toHaveLength(0);
  });

  it("lists one page with limit and cursor, and follows every page", async () => {
    // Act
    const first = await stubbed.client.listScheduled("orders", { limit: 2 });
    const second = await stubbed.client.listScheduled("orders", { limit: 2, cursor: first.nextCursor });
    const all: ScheduledMessage[] = [];
    for await (const item of stubbed.client.scheduled("orders")) all.push(item);

    // Assert
    expect(first.items.map((item) => item.id)).toEqual(["s-01", "s-02"]);
    expect(second.items.map((item) => item.id)).toEqual(["s-03", "s-04"]);
    expect(stubbed.stub.seen[1]?.url.search).toBe("?limit=2&cursor=s-02");
    expect(all.map((item) => item.id)).toEqual(["s-01", "s-02", "s-03", "s-04", "s-05"]);
  });

  it("gets one, cancels before release, and throws typed errors for a released or unknown id", async () => {
    // Act
    const one = await stubbed.client.getScheduled("orders", "s-01");
    await stubbed.client.cancelScheduled("orders", "s-01");
    const released = await stubbed.client.cancelScheduled("orders", "s-05").catch((error: unknown) => error);
    const missing = await stubbed.client.getScheduled("orders", "nope").catch((error: unknown) => error);

    // Assert
    expect(one).toMatchObject({ id: "s-01", state: "scheduled", body: { id: "s-01" } });
    expect(stubbed.stub.seen[1]).toMatchObject({ method: "DELETE" });
    expect(stubbed.stub.items[0]?.state).toBe("cancelled");
    expect(released).toBeInstanceOf(AlreadyReleasedError);
    expect(released).toBeInstanceOf(ConflictError);
    expect(released).toMatchObject({ code: "ALREADY_RELEASED", status: 409 });
    expect(missing).toBeInstanceOf(NotFoundError);
  });
});
