import { describe, expect, it } from "vitest";
import { ConflictError, RedriveUncertainError } from "../../../client/src/index.js";
import { apiError, fakeApi, json } from "./fake-api";

const redriven = { id: "dl-1", status: "redriven", messageId: "m-2" };

describe("redriving a dead letter whose earlier redrive is uncertain", () => {
  it("throws RedriveUncertainError (a ConflictError) on 409 REDRIVE_UNCERTAIN, and sends no force by default", async () => {
    // Arrange
    const api = fakeApi(() => apiError(409, "REDRIVE_UNCERTAIN"));

    // Act
    const error = await api
      .client()
      .redriveDeadLetter("orders", "dl-1")
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(RedriveUncertainError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: "REDRIVE_UNCERTAIN", status: 409, name: "RedriveUncertainError" });
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]?.url.search).toBe("");
  });

  it("sends ?force=true with { force: true }", async () => {
    // Arrange
    const api = fakeApi(() => json(202, redriven));

    // Act
    const result = await api.client().redriveDeadLetter("orders", "dl-1", { force: true });

    // Assert
    expect(result).toEqual(redriven);
    expect(api.seen[0]?.url.pathname).toBe("/v1/queues/orders/dead-letters/dl-1/redrive");
    expect(api.seen[0]?.url.searchParams.get("force")).toBe("true");
  });

  it("redriveAll collects the uncertain ids of every call, once each, and never forces them", async () => {
    // Arrange
    const answers = [
      { redriven: 2, uncertain: ["a", "b"], more: true },
      { redriven: 1, uncertain: ["b", "c"] },
    ];
    const api = fakeApi((_, seen) => json(202, answers[seen.length - 1]));

    // Act
    const result = await api.client().redriveAll("orders");

    // Assert
    expect(result).toEqual({ redriven: 3, failed: 0, uncertain: ["a", "b", "c"], calls: 2, complete: true });
    expect(api.seen.every((request) => request.url.searchParams.get("force") === null)).toBe(true);
  });
});
