import { describe, expect, it } from "vitest";
import { countOf, emfDocument, logEmitter, MAX_VALUES } from "../../../functions/core/metrics/emf";
import { createMemoryLogger } from "../../support/memory-logger";

const scope = { stack: "FifoqProd", queue: "orders" };

describe("emfDocument", () => {
  it("is nothing when every metric is empty (no line, no cost)", () => {
    expect(emfDocument(scope, 1, [countOf("Processed", 0)])).toBeUndefined();
  });

  it("declares each present metric with its unit and puts its values at the root beside the dimensions", () => {
    // Act
    const document = emfDocument(scope, 1_700_000_000_000, [
      countOf("Processed", 3),
      { name: "HandlerDuration", unit: "Milliseconds", values: [4, 5] },
    ]);

    // Assert
    expect(document).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: "fifoq",
            Dimensions: [["stack", "queue"]],
            Metrics: [
              { Name: "Processed", Unit: "Count" },
              { Name: "HandlerDuration", Unit: "Milliseconds" },
            ],
          },
        ],
      },
      stack: "FifoqProd",
      queue: "orders",
      Processed: 3,
      HandlerDuration: [4, 5],
    });
  });

  it("keeps at most the 100 values EMF accepts for one metric", () => {
    const values = Array.from({ length: 150 }, (_, index) => index);
    const document = emfDocument(scope, 1, [{ name: "HandlerDuration", unit: "Milliseconds", values }]);
    expect(document?.HandlerDuration).toHaveLength(MAX_VALUES);
  });

  it("is written as one JSON log line whatever fields the logger adds", () => {
    // Arrange
    const logger = createMemoryLogger();

    // Act
    logEmitter(logger)(emfDocument(scope, 1, [countOf("Published", 1)]) ?? {});

    // Assert
    expect(logger.lines).toEqual([
      expect.objectContaining({
        message: "fifoq metrics",
        _aws: expect.any(Object),
        Published: 1,
        queue: "orders",
      }),
    ]);
  });
});
