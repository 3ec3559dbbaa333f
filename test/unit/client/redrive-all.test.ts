import { describe, expect, it } from "vitest";
import { fakeApi, json } from "./fake-api";

describe("redriveAll", () => {
  it("calls again while the API says more: true and adds up what each call redrove", async () => {
    // Arrange
    const answers = [{ redriven: 40, more: true }, { redriven: 35, more: true }, { redriven: 5 }];
    const api = fakeApi((_, seen) => json(202, answers[seen.length - 1]));
    const progress: number[] = [];

    // Act
    const result = await api.client().redriveAll("orders", {
      groupId: "customer-42",
      onProgress: (done) => progress.push(done.redriven),
    });

    // Assert
    expect(result).toEqual({ redriven: 80, failed: 0, uncertain: [], calls: 3, complete: true });
    expect(progress).toEqual([40, 75, 80]);
    expect(api.seen.every((request) => request.method === "POST")).toBe(true);
    expect(api.seen[0]?.url.pathname).toBe("/v1/queues/orders/dead-letters/redrive");
    expect(api.seen[0]?.url.searchParams.get("groupId")).toBe("customer-42");
  });

  it("stops after calls in a row that redrove nothing although the API said more", async () => {
    // Arrange
    const api = fakeApi((_, seen) =>
      json(
        202,
        seen.length === 1 ? { redriven: 3, failed: 2, more: true } : { redriven: 0, failed: 2, more: true },
      ),
    );

    // Act
    const result = await api.client().redriveAll("orders", { maxIdleCalls: 2 });

    // Assert
    expect(api.seen).toHaveLength(3);
    expect(result).toEqual({ redriven: 3, failed: 2, uncertain: [], calls: 3, complete: false });
  });

  it("makes one call when the API is done at once, and leaves groupId out when not given", async () => {
    // Arrange
    const api = fakeApi(() => json(202, { redriven: 0 }));

    // Act
    const result = await api.client().redriveAll("orders");

    // Assert
    expect(result).toEqual({ redriven: 0, failed: 0, uncertain: [], calls: 1, complete: true });
    expect(api.seen[0]?.url.search).toBe("");
  });
});
