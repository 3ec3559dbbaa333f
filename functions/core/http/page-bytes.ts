import { bytes } from "../producer/message-size";

/**
 * The most one answer's items may weigh in Lambda's response (`responseBytes`): Lambda answers at most 6 MB, so
 * a page of large items stops near 5 MB (room for the envelope and the cursor) and says where to go on, and one
 * dead letter heavier than this is answered without its body.
 */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/**
 * The bytes `value` takes in Lambda's response: its JSON, escaped once more as the string `body` of the proxy
 * result, which is what Lambda's 6 MB counts (a `"` in a body is 4 bytes there, a control character up to 12).
 */
export const responseBytes = (value: unknown): number => bytes(JSON.stringify(JSON.stringify(value))) - 2;

/**
 * How many of the first items fit `MAX_PAGE_BYTES`, given each one's `responseBytes`, one separator each
 * (always at least one, so a listing moves on even past an item that alone weighs more).
 */
export const countFitting = (sizes: readonly number[]): number => {
  let size = 0;
  for (const [index, itemSize] of sizes.entries()) {
    size += itemSize + 1;
    if (index > 0 && size > MAX_PAGE_BYTES) return index;
  }
  return sizes.length;
};

/** How many of the first `items` fit `MAX_PAGE_BYTES` in Lambda's response (`countFitting` of their sizes). */
export const countFittingPage = (items: readonly unknown[]): number => countFitting(items.map(responseBytes));
