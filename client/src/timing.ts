import type { PublishTiming } from "../../contract/index.js";

/** When to release a message: a delay in seconds, or a time (a `Date` or an RFC 3339 string). */
export interface MessageTiming {
  /** Whole seconds from now, 0–31536000 (365 days); sent as `delaySeconds`. */
  readonly delay?: number | undefined;
  /** Not before this time; sent as `notBefore` (RFC 3339, UTC for a `Date`). */
  readonly notBefore?: Date | string | undefined;
}

/**
 * The wire's timing fields of a message (`{}` for an immediate publish). Both at once, a delay that is not
 * a whole number of seconds or an invalid `Date` throw a `TypeError` before anything is sent.
 */
export const timingFields = (timing: MessageTiming): PublishTiming => {
  const { delay, notBefore } = timing;
  if (delay !== undefined && notBefore !== undefined) {
    throw new TypeError("give either delay or notBefore, not both");
  }
  if (delay !== undefined) {
    if (!Number.isSafeInteger(delay) || delay < 0) {
      throw new TypeError(`delay must be a whole number of seconds ≥ 0; got ${String(delay)}`);
    }
    return { delaySeconds: delay };
  }
  if (notBefore === undefined) return {};
  if (typeof notBefore === "string") return { notBefore };
  if (Number.isNaN(notBefore.getTime())) throw new TypeError("notBefore is an invalid Date");
  return { notBefore: notBefore.toISOString() };
};
