import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../../client/src/index.js";
import { useTimeStub } from "./time-stub";

describe("FifoqClient: schedules and message status (against a stub of the API on 127.0.0.1)", () => {
  const stubbed = useTimeStub(1);

  it("puts, lists, gets, pauses, resumes and deletes a schedule on the contract's routes", async () => {
    // Arrange
    const definition = { cron: "*/5 * * * *", queue: "orders", groupId: "ticks", body: { n: 1 } };

    // Act
    const saved = await stubbed.client.putSchedule("every five", definition);
    const listed = await stubbed.client.schedules();
    const paused = await stubbed.client.pauseSchedule("every five");
    const resumed = await stubbed.client.resumeSchedule("every five");
    const one = await stubbed.client.getSchedule("every five");
    await stubbed.client.deleteSchedule("every five");
    const gone = await stubbed.client.getSchedule("every five").catch((error: unknown) => error);

    // Assert
    expect(stubbed.stub.seen.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      "PUT /v1/schedules/every%20five",
      "GET /v1/schedules",
      "POST /v1/schedules/every%20five/pause",
      "POST /v1/schedules/every%20five/resume",
      "GET /v1/schedules/every%20five",
      "DELETE /v1/schedules/every%20five",
      "GET /v1/schedules/every%20five",
    ]);
    expect(JSON.parse(stubbed.stub.seen[0]?.body ?? "")).toEqual(definition);
    expect(saved).toMatchObject({ name: "every five", paused: false });
    expect(listed.map((schedule) => schedule.name)).toEqual(["daily-report", "every five"]);
    expect(paused).toMatchObject({ paused: true, nextFires: [] });
    expect(resumed.paused).toBe(false);
    expect(one.nextFires[0]).toBe("2027-02-01T08:00:00.000Z");
    expect(gone).toBeInstanceOf(NotFoundError);
  });

  it("asks for a message's status by dedupId and groupId", async () => {
    // Act
    const found = await stubbed.client.status("orders", "order/1", { groupId: "customer 42" });

    // Assert
    expect(stubbed.stub.seen[0]?.url.pathname).toBe("/v1/queues/orders/messages/order%2F1");
    expect(stubbed.stub.seen[0]?.url.searchParams.get("groupId")).toBe("customer 42");
    expect(found).toMatchObject({ status: "processed", attempts: 2, dedupId: "order/1" });
  });
});
