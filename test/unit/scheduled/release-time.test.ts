import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_DELAY_SECONDS,
  parseRfc3339,
  releaseTimeOf,
} from "../../../functions/core/scheduled/release-time";

const NOW = Date.UTC(2027, 0, 31, 9, 0, 0);

describe("releaseTimeOf", () => {
  it("is immediate without delaySeconds or notBefore, and for a delay of 0", () => {
    expect(releaseTimeOf({}, NOW)).toEqual({ ok: true, releaseAt: undefined });
    expect(releaseTimeOf({ delaySeconds: 0 }, NOW)).toEqual({ ok: true, releaseAt: undefined });
  });

  it("adds delaySeconds to now, up to 365 days", () => {
    expect(releaseTimeOf({ delaySeconds: 90 }, NOW)).toEqual({ ok: true, releaseAt: NOW + 90_000 });
    expect(releaseTimeOf({ delaySeconds: MAX_DELAY_SECONDS }, NOW)).toEqual({
      ok: true,
      releaseAt: NOW + MAX_DELAY_SECONDS * 1000,
    });
  });

  it.each([-1, 1.5, MAX_DELAY_SECONDS + 1, "10", null, Number.NaN])(
    "refuses delaySeconds %s",
    (delaySeconds) => {
      // Act
      const timing = releaseTimeOf({ delaySeconds }, NOW);

      // Assert
      expect(timing).toMatchObject({ ok: false, issues: [{ field: "delaySeconds" }] });
    },
  );

  it("refuses delaySeconds and notBefore together", () => {
    const timing = releaseTimeOf({ delaySeconds: 5, notBefore: "2027-02-01T00:00:00Z" }, NOW);
    expect(timing).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/both/) }] });
  });

  it("takes notBefore with a zone offset, and treats a past one as now", () => {
    // Arrange
    const inBerlin = "2027-01-31T11:00:00.250+01:00";

    // Act
    const future = releaseTimeOf({ notBefore: inBerlin }, NOW);
    const past = releaseTimeOf({ notBefore: "2020-01-01T00:00:00Z" }, NOW);

    // Assert
    expect(future).toEqual({ ok: true, releaseAt: NOW + 3_600_000 + 250 });
    expect(past).toEqual({ ok: true, releaseAt: undefined });
  });

  it.each([
    "2027-02-01",
    "2027-02-01T00:00:00",
    "2027-02-30T00:00:00Z",
    "2027-13-01T00:00:00Z",
    "2027-02-01 00:00:00Z",
    "tomorrow",
    "2028-02-01T00:00:01Z",
  ])("refuses notBefore %s", (notBefore) => {
    // Act
    const timing = releaseTimeOf({ notBefore }, NOW);

    // Assert
    expect(timing).toMatchObject({ ok: false, issues: [{ field: "notBefore" }] });
  });

  it("accepts 29 February of a leap year only", () => {
    expect(parseRfc3339("2028-02-29T00:00:00Z")).toBe(Date.UTC(2028, 1, 29));
    expect(parseRfc3339("2027-02-29T00:00:00Z")).toBeUndefined();
  });

  it("round-trips every instant through toISOString (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        expect(parseRfc3339(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });

  it("never throws on arbitrary input (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("delaySeconds", "notBefore"), fc.anything()), (raw) => {
        expect(typeof releaseTimeOf(raw, NOW).ok).toBe("boolean");
      }),
    );
  });
});
