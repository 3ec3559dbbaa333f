import { bytes } from "../producer/message-size";
import { encodeCursor } from "./cursor";
import { DeadLetterNotFoundError } from "./errors";
import type { DeadLetterStore } from "./store";
import { toPublicDeadLetter } from "./to-dead-letter";
import type { CursorKey, DeadLetterRecord, ListOptions } from "./types";

/**
 * The most a listing's items may weigh as JSON: Lambda answers at most 6 MB, so a page of large dead letters
 * stops near 5 MB (room for the envelope and the cursor) and says where to go on.
 */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export interface ReadDeps {
  readonly store: DeadLetterStore;
}

/** `GET /queues/{queue}/dead-letters/{id}`. */
export const getDeadLetter = async (
  input: { readonly queue: string; readonly id: string },
  deps: ReadDeps,
) => {
  const record = await deps.store.get(input.queue, input.id);
  if (!record) throw new DeadLetterNotFoundError(input.queue, input.id);
  return toPublicDeadLetter(record);
};

const keyOf = (record: DeadLetterRecord): CursorKey => ({
  queue: record.queue,
  id: record.id,
  deadLetteredAt: record.deadLetteredAt,
});

/**
 * The first items of a page that fit `MAX_PAGE_BYTES` as JSON (always at least one), and the cursor after
 * the last one kept when some were left out (they come first on the next page).
 */
const fitPage = (records: readonly DeadLetterRecord[], next: CursorKey | undefined) => {
  const items: ReturnType<typeof toPublicDeadLetter>[] = [];
  let size = 0;
  for (const record of records) {
    const item = toPublicDeadLetter(record);
    size += bytes(JSON.stringify(item)) + 1;
    if (items.length > 0 && size > MAX_PAGE_BYTES)
      return { items, next: keyOf(records[items.length - 1] ?? record) };
    items.push(item);
  }
  return { items, next };
};

/**
 * `GET /queues/{queue}/dead-letters`: newest first, `nextCursor` when there may be more; a page is cut by
 * bytes (`MAX_PAGE_BYTES`) as well as by count.
 */
export const listDeadLetters = async (
  input: { readonly queue: string; readonly options: ListOptions },
  deps: ReadDeps,
) => {
  const page = await deps.store.list(input.queue, { ...input.options, order: "newest" });
  const { items, next } = fitPage(page.items, page.next);
  return { items, ...(next ? { nextCursor: encodeCursor(next) } : {}) };
};
