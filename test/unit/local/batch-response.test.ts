import { describe, expect, it } from "vitest";
import { readBatchResponse } from "../../../local/poller/batch-response";

const ids = new Set(["m1", "m2", "m3"]);

describe("readBatchResponse (ReportBatchItemFailures)", () => {
  it("treats no response, no list and an empty list as full success", () => {
    for (const response of [undefined, null, {}, { batchItemFailures: null }, { batchItemFailures: [] }]) {
      expect(readBatchResponse(response, ids)).toEqual({ kind: "partial", failed: new Set() });
    }
  });

  it("reports the listed messages as failed", () => {
    // Act
    const verdict = readBatchResponse(
      { batchItemFailures: [{ itemIdentifier: "m2" }, { itemIdentifier: "m3" }] },
      ids,
    );

    // Assert
    expect(verdict).toEqual({ kind: "partial", failed: new Set(["m2", "m3"]) });
  });

  it.each([
    ["an unknown message id", { batchItemFailures: [{ itemIdentifier: "other" }] }],
    ["an empty identifier", { batchItemFailures: [{ itemIdentifier: "" }] }],
    ["a null identifier", { batchItemFailures: [{ itemIdentifier: null }] }],
    ["a wrong key name", { batchItemFailures: [{ id: "m1" }] }],
    ["a list that is not a list", { batchItemFailures: "m1" }],
    ["an answer that is not an object", "ok"],
  ])("makes the whole batch fail for %s", (_, response) => {
    expect(readBatchResponse(response, ids).kind).toBe("invalid");
  });
});
