import { describe, expect, it } from "vitest";
import { FifoqClientError } from "../../../client/src/index.js";
import { fakeApi, json } from "./fake-api";

const schedule = (name: string) => ({
  name,
  cron: "0 3 * * *",
  timezone: "UTC",
  queue: "orders",
  groupId: "g",
  body: 1,
  paused: false,
  nextFires: [],
});

describe("FifoqClient.schedules: follows GET /schedules' nextCursor", () => {
  it("asks page after page with the previous nextCursor until there is none, and answers every schedule once", async () => {
    // Arrange
    const pages: Record<string, { names: string[]; next?: string }> = {
      "": { names: ["a", "b"], next: "c1" },
      c1: { names: ["c"], next: "c2" },
      c2: { names: ["d"] },
    };
    const api = fakeApi((request) => {
      const page = pages[request.url.searchParams.get("cursor") ?? ""];
      return json(200, {
        schedules: (page?.names ?? []).map(schedule),
        ...(page?.next ? { nextCursor: page.next } : {}),
      });
    });

    // Act
    const listed = await api.client().schedules();

    // Assert
    expect(listed.map((found) => found.name)).toEqual(["a", "b", "c", "d"]);
    expect(api.seen.map((request) => request.url.search)).toEqual([
      "?limit=100",
      "?limit=100&cursor=c1",
      "?limit=100&cursor=c2",
    ]);
  });

  it("stops with a clear error after 1,000 pages of an API that never ends the listing", async () => {
    // Arrange
    const api = fakeApi((_request, seen) => json(200, { schedules: [], nextCursor: `c${seen.length}` }));

    // Act
    const error = await api
      .client()
      .schedules()
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(FifoqClientError);
    expect(error).toMatchObject({ code: "INVALID_RESPONSE", message: expect.stringContaining("1000 pages") });
    expect(api.seen).toHaveLength(1000);
  });

  it("gets one page with listSchedulesPage({ limit, cursor })", async () => {
    // Arrange
    const api = fakeApi(() => json(200, { schedules: [schedule("x")], nextCursor: "n" }));

    // Act
    const page = await api.client().listSchedulesPage({ limit: 5, cursor: "abc" });

    // Assert
    expect(api.seen[0]?.url.search).toBe("?limit=5&cursor=abc");
    expect(page).toMatchObject({ schedules: [{ name: "x" }], nextCursor: "n" });
  });
});
