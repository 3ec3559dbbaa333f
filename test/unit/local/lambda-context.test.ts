import { describe, expect, it } from "vitest";
import { createLambdaContext } from "../../../local/poller/lambda-context";

describe("createLambdaContext", () => {
  it("describes the function and counts down to the deadline", () => {
    // Arrange
    let now = 1_000;
    const context = createLambdaContext(
      { functionName: "fifoq-orders-consumer", timeoutMs: 30_000, memorySizeMb: 256, region: "eu-west-1" },
      "request-1",
      31_000,
      () => now,
    );

    // Act
    const atStart = context.getRemainingTimeInMillis();
    now = 40_000;

    // Assert
    expect(atStart).toBe(30_000);
    expect(context.getRemainingTimeInMillis()).toBe(0);
    expect(context).toMatchObject({
      functionName: "fifoq-orders-consumer",
      awsRequestId: "request-1",
      memoryLimitInMB: "256",
      invokedFunctionArn: "arn:aws:lambda:eu-west-1:000000000000:function:fifoq-orders-consumer",
      logGroupName: "/aws/lambda/fifoq-orders-consumer",
    });
  });
});
