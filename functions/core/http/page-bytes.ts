import { bytes } from "../producer/message-size";

/**
 * The most a listing's items may weigh as JSON: Lambda answers at most 6 MB, so a page of large items stops
 * near 5 MB (room for the envelope and the cursor) and says where to go on.
 */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/**
 * How many of the first `items` fit `MAX_PAGE_BYTES` as JSON, one separator each (always at least one, so a
 * listing moves on even past an item that alone weighs more).
 */
export const countFittingPage = (items: readonly unknown[]): number => {
  let size = 0;
  for (const [index, item] of items.entries()) {
    size += bytes(JSON.stringify(item)) + 1;
    if (index > 0 && size > MAX_PAGE_BYTES) return index;
  }
  return items.length;
};
