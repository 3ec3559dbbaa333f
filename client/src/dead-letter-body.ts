/**
 * What an operator is told in place of a dead letter's body when an answer does not carry it: the CLI's
 * `dlq show` and the console's record say the same. The fields are the server's, so anything may be in them.
 */

/** Why a body is not shown: `omitted` (left out of this answer, kept whole) or `lost` (not redrivable). */
export interface BodyNotice {
  readonly kind: "omitted" | "lost";
  /** One plain sentence, lower-case first (the CLI puts it in parentheses). */
  readonly text: string;
}

const LOST_BODY_TEXT = "lost: its stored object was gone; this dead letter cannot be redriven — discard it";

/** `5,242,880 bytes` for a size the server gave as a whole number, else nothing (it is not shown). */
const sizeOf = (bytes: unknown): string =>
  typeof bytes === "number" && Number.isSafeInteger(bytes) && bytes >= 0
    ? `${bytes.toLocaleString("en-US")} bytes, `
    : "";

/**
 * The notice for a body the answer lacks: `bodyTruncated` (lost, whatever else is set), else `bodyOmittedBytes`
 * (too large for one API answer; a redrive sends it whole); `undefined` when the body is there to show.
 */
export const bodyNotice = (letter: {
  readonly bodyOmittedBytes?: unknown;
  readonly bodyTruncated?: unknown;
}): BodyNotice | undefined => {
  if (letter.bodyTruncated === true) return { kind: "lost", text: LOST_BODY_TEXT };
  if (letter.bodyOmittedBytes === undefined || letter.bodyOmittedBytes === null) return undefined;
  return {
    kind: "omitted",
    text: `not shown: ${sizeOf(letter.bodyOmittedBytes)}over what one API answer can carry; a redrive sends it whole`,
  };
};
