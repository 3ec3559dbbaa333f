import { describe, expect, it } from "vitest";
import { createThrottle } from "../../../local/gateway/throttle";

describe("createThrottle (usage plan token bucket)", () => {
  it("allows a burst, then refills at the rate per second", () => {
    // Arrange
    let now = 0;
    const throttle = createThrottle({ rateLimit: 2, burstLimit: 3 }, () => now);

    // Act
    const burst = [throttle.take(), throttle.take(), throttle.take()];
    const refused = throttle.take();
    now = 500;
    const afterHalfSecond = throttle.take();

    // Assert
    expect(burst).toEqual([true, true, true]);
    expect(refused).toBe(false);
    expect(afterHalfSecond).toBe(true);
  });
});
