import type { PublishMessageRequest } from "../../contract/index.js";
import { FifoqInputError } from "./errors.js";

/** When to release a message: a delay in seconds, or a time (a `Date` or an RFC 3339 string). */
export interface MessageTiming {
  /** Whole seconds from now, 0–31536000 (365 days); sent as `delaySeconds`. */
  readonly delay?: number | undefined;
  /** Not before this time; sent as `notBefore` (RFC 3339, UTC for a `Date`). */
  readonly notBefore?: Date | string | undefined;
}

/**
 * The wire's timing fields of a message (`{}` for an immediate publish). Both at once, a delay that is not
 * a whole number of seconds or an invalid `Date` throw a `FifoqInputError` before anything is sent.
 */
/** The timing fields of the wire's publish request. */
type WireTiming = Pick<PublishMessageRequest, "delaySeconds" | "notBefore">;

export const timingFields = (timing: MessageTiming, index?: number): WireTiming => {
  const { delay, notBefore } = timing;
  const where = index === undefined ? "" : `message ${index}: `;
  const refuse = (message: string) =>
    new FifoqInputError(`${where}${message}`, index === undefined ? {} : { index });
  if (delay !== undefined && notBefore !== undefined)
    throw refuse("give either delay or notBefore, not both");
  if (delay !== undefined) {
    if (!Number.isSafeInteger(delay) || delay < 0) {
      throw refuse(`delay must be a whole number of seconds ≥ 0; got ${String(delay).slice(0, 40)}`);
    }
    return { delaySeconds: delay };
  }
  if (notBefore === undefined) return {};
  if (typeof notBefore === "string") return { notBefore };
  if (!(notBefore instanceof Date) || Number.isNaN(notBefore.getTime()))
    throw refuse("notBefore is an invalid Date");
  return { notBefore: notBefore.toISOString() };
};
