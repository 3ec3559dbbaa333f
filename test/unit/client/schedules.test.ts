import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FifoqClient, NotFoundError } from "../../../client/src/index.js";
import { startTimeStub } from "./time-stub";

describe("FifoqClient: schedules and message status (against a stub of the API on 127.0.0.1)", () => {
  let stub: Awaited<ReturnType<typeof startTimeStub>>;
  let client: FifoqClient;

  beforeEach(async () => {
    stub = await startTimeStub(1);
    client = new FifoqClient({ url: stub.url, apiKey: "operator-key", retry: false });
  });
  afterEach(() => stub.close());

  it("puts, lists, gets, pauses, resumes and deletes a schedule on the contract's routes", async () => {
    // Arrange
    const definition = { cron: "*/5 * * * *", queue: "orders", groupId: "ticks", body: { n: 1 } };

    // Act
    const saved = await client.putSchedule("every five", definition);
    const listed = await client.schedules();
    const paused = await client.pauseSchedule("every five");
    const resumed = await client.resumeSchedule("every five");
    const one = await client.getSchedule("every five");
    await client.deleteSchedule("every five");
    const gone = await client.getSchedule("every five").catch((error: unknown) => error);

    // Assert
    expect(stub.seen.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      "PUT /v1/schedules/every%20five",
      "GET /v1/schedules",
      "POST /v1/schedules/every%20five/pause",
      "POST /v1/schedules/every%20five/resume",
      "GET /v1/schedules/every%20five",
      "DELETE /v1/schedules/every%20five",
      "GET /v1/schedules/every%20five",
    ]);
    expect(JSON.parse(stub.seen[0]?.body ?? "")).toEqual(definition);
    expect(saved).toMatchObject({ name: "every five", paused: false });
    expect(listed.map((schedule) => schedule.name)).toEqual(["daily-report", "every five"]);
    expect(paused).toMatchObject({ paused: true, nextFires: [] });
    expect(resumed.paused).toBe(false);
    expect(one.nextFires[0]).toBe("2027-02-01T08:00:00.000Z");
    expect(gone).toBeInstanceOf(NotFoundError);
  });

  it("asks for a message's status by dedupId and groupId", async () => {
    // Act
    const found = await client.status("orders", "order/1", { groupId: "customer 42" });

    // Assert
    expect(stub.seen[0]?.url.pathname).toBe("/v1/queues/orders/messages/order%2F1");
    expect(stub.seen[0]?.url.searchParams.get("groupId")).toBe("customer 42");
    expect(found).toMatchObject({ status: "processed", attempts: 2, dedupId: "order/1" });
  });
});
