import { describe, expect, it } from "vitest";
import { call, operatorCall, order, QUEUE } from "./support/api";

interface DeadLetterView {
  readonly id: string;
  readonly groupId: string;
  readonly dedupId: string;
  readonly status: string;
  readonly lastError: { name: string; message: string } | null;
}

const waitForDeadLetter = async (
  groupId: string,
  timeoutMs = 30_000,
): Promise<DeadLetterView | undefined> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await operatorCall(
      "GET",
      `/queues/${QUEUE}/dead-letters?groupId=${encodeURIComponent(groupId)}`,
    );
    const items = (response.body as { items?: DeadLetterView[] } | undefined)?.items ?? [];
    if (items[0]) return items[0];
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return undefined;
};

describe("dead letters", () => {
  it("records a poison message with its reason, and discards it", async () => {
    // Arrange: an order the example consumer refuses permanently (negative amount)
    const poison = order(-1);
    const sent = await call("POST", `/queues/${QUEUE}/messages`, { body: poison });
    expect(sent.status).toBe(202);

    // Act: the consumer and the recorder have run
    const deadLetter = await waitForDeadLetter(poison.groupId);

    // Assert: it is listed with the consumer's error, and can be fetched and discarded
    expect(deadLetter).toMatchObject({
      groupId: poison.groupId,
      dedupId: poison.dedupId,
      status: "new",
      lastError: { name: "PermanentError", message: expect.stringContaining("must not be negative") },
    });
    const id = deadLetter?.id ?? "";
    expect((await operatorCall("GET", `/queues/${QUEUE}/dead-letters/${id}`)).status).toBe(200);
    expect((await operatorCall("DELETE", `/queues/${QUEUE}/dead-letters/${id}`)).status).toBe(204);
    const after = await operatorCall("GET", `/queues/${QUEUE}/dead-letters/${id}`);
    expect(after.body).toMatchObject({ status: "discarded" });
  });

  it("answers 404 NOT_FOUND for an unknown dead letter and 400 for a bad cursor", async () => {
    // Act: an unknown id
    const missing = await operatorCall("GET", `/queues/${QUEUE}/dead-letters/no-such-id`);
    // Assert
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "NOT_FOUND" } });

    // Act: a bad cursor
    const badCursor = await operatorCall("GET", `/queues/${QUEUE}/dead-letters?cursor=not-a-cursor`);
    // Assert
    expect(badCursor.status).toBe(400);
    expect(badCursor.body).toMatchObject({ error: { code: "INVALID_CURSOR" } });
  });

  it("delivers attributes named __proto__, constructor and prototype into the dead letter", async () => {
    // Arrange: JSON text, so that `__proto__` is an ordinary key
    const poison = order(-1);
    const attributes = '{"__proto__":"p","constructor":"c","prototype":"t"}';
    const rawBody = JSON.stringify(poison).replace(/}$/, `,"attributes":${attributes}}`);

    // Act
    const sent = await call("POST", `/queues/${QUEUE}/messages`, {
      rawBody,
      headers: { "content-type": "application/json" },
    });
    const deadLetter = await waitForDeadLetter(poison.groupId);

    // Assert
    expect(sent.status).toBe(202);
    const read = await operatorCall("GET", `/queues/${QUEUE}/dead-letters/${deadLetter?.id ?? ""}`);
    const names = Object.entries((read.body as { attributes?: object } | undefined)?.attributes ?? {});
    expect(names).toEqual([
      ["__proto__", "p"],
      ["constructor", "c"],
      ["prototype", "t"],
    ]);
  });

  it.each([
    ["GET", "/dead-letters"],
    ["GET", "/dead-letters/any-id"],
    ["POST", "/dead-letters/any-id/redrive"],
    ["POST", "/dead-letters/redrive"],
    ["DELETE", "/dead-letters/any-id"],
  ])("refuses the producer key on %s …%s with 403 FORBIDDEN", async (method, suffix) => {
    // Act
    const response = await call(method, `/queues/${QUEUE}${suffix}`);

    // Assert
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: { code: "FORBIDDEN", message: expect.any(String) } });
  });

  it("lets the operator key list the queues too", async () => {
    expect((await operatorCall("GET", "/queues")).status).toBe(200);
  });
});
