import { describe, expect, it } from "vitest";
import { ChaosUsageError, readChaosOptions } from "../../../chaos/options";
import { type PlannedMessage, planMessages } from "../../../chaos/plan";
import { largeBody, sha256, timingOf } from "../../../chaos/publish-entry";
import { createRandom } from "../../../chaos/random";
import { WIRE_LIMITS } from "../../../contract/limits";

const optionsOf = (env: Record<string, string>) => readChaosOptions([], { CHAOS_SEED: "7", ...env });

describe("chaos plan: delayed and large messages", () => {
  it("delays about delayRate of the ordinary messages, never a poison, slow, large or parked one", () => {
    // Arrange
    const options = optionsOf({ CHAOS_MESSAGES: "2000", CHAOS_DELAY_RATE: "0.1" });

    // Act
    const plan = planMessages(options, createRandom(options.seed));

    // Assert
    const delayed = plan.all.filter((m) => m.delay);
    expect(delayed.length).toBeGreaterThan(120);
    expect(delayed.length).toBeLessThan(280);
    expect(
      delayed.every((m) => m.body.d && !m.body.poison && !m.body.slow && !m.body.park && !m.largeBytes),
    ).toBe(true);
  });

  it("follows a same-second delay only with the message right before it in its group, also delayed", () => {
    // Arrange
    const options = optionsOf({ CHAOS_MESSAGES: "2000", CHAOS_DELAY_RATE: "0.2" });

    // Act
    const plan = planMessages(options, createRandom(options.seed));

    // Assert
    const followers = [...plan.byGroup.values()].flatMap((group) =>
      group.flatMap((m, i) => (m.delay?.kind === "same-second" ? [group[i - 1] as PlannedMessage] : [])),
    );
    expect(followers.length).toBeGreaterThan(20);
    expect(followers.every((previous) => previous?.delay !== undefined)).toBe(true);
  });

  it("plans no same-second followers with CHAOS_SAME_SECOND_RATE=0, and keeps the delayed share", () => {
    // Arrange
    const options = optionsOf({
      CHAOS_MESSAGES: "2000",
      CHAOS_DELAY_RATE: "0.2",
      CHAOS_SAME_SECOND_RATE: "0",
    });

    // Act
    const plan = planMessages(options, createRandom(options.seed));

    // Assert
    expect(plan.all.filter((m) => m.delay?.kind === "same-second")).toEqual([]);
    expect(plan.all.filter((m) => m.delay).length).toBeGreaterThan(280);
  });

  it("plans the large messages with both edges (the API's limit, one byte over 1 MiB) and parks the first ones", () => {
    // Arrange
    const options = optionsOf({ CHAOS_LARGE_MESSAGES: "6", CHAOS_LARGE_DEAD_LETTERS: "2" });

    // Act
    const plan = planMessages(options, createRandom(options.seed));

    // Assert
    const large = plan.all.filter((m) => m.largeBytes !== undefined);
    const sizes = large.map((m) => m.largeBytes ?? 0);
    expect(large).toHaveLength(6);
    expect(sizes).toContain(WIRE_LIMITS.maxMessageBytes);
    expect(sizes).toContain(1_048_577);
    expect(sizes.every((size) => size > 1_048_576 && size <= WIRE_LIMITS.maxMessageBytes)).toBe(true);
    expect(large.filter((m) => m.body.park)).toHaveLength(2);
    expect(large.find((m) => m.largeBytes === WIRE_LIMITS.maxMessageBytes)?.body.park).toBe(true);
  });

  it("refuses more large dead letters than large messages", () => {
    expect(() => optionsOf({ CHAOS_LARGE_MESSAGES: "2", CHAOS_LARGE_DEAD_LETTERS: "3" })).toThrow(
      ChaosUsageError,
    );
  });

  it("makes a large body whose JSON is exactly the planned size, and hashes that JSON", () => {
    // Arrange
    const body = { id: "g-1-m00003", g: "g-1", n: 3, park: true as const };

    // Act
    const { body: full, digest } = largeBody(body, WIRE_LIMITS.maxMessageBytes);

    // Assert
    const json = JSON.stringify(full);
    expect(Buffer.byteLength(json)).toBe(WIRE_LIMITS.maxMessageBytes);
    expect(digest).toEqual({ bytes: WIRE_LIMITS.maxMessageBytes, sha256: sha256(json) });
    expect(largeBody({ ...body, id: "g-1-m00004" }, 2_000_000).digest.sha256).not.toBe(digest.sha256);
  });

  it("times a same-second message inside the second its group's previous delayed message falls due", () => {
    // Arrange
    const message = {
      body: { id: "a", g: "g", n: 1 },
      duplicate: false,
      delay: { kind: "same-second" as const, offsetMs: 42 },
    };

    // Act
    const timing = timingOf(message, 0, Date.UTC(2030, 0, 1, 0, 0, 10, 900));
    const whole = timingOf(
      { ...message, delay: { kind: "at", seconds: 5 } },
      Date.UTC(2030, 0, 1, 0, 0, 1, 1),
    );

    // Assert
    expect(timing).toEqual({ notBefore: "2030-01-01T00:00:10.042Z" });
    expect(whole).toEqual({ notBefore: "2030-01-01T00:00:07.000Z" });
  });
});
