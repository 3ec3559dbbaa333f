import { encodeCursor } from "./cursor";
import { DeadLetterNotFoundError } from "./errors";
import type { DeadLetterStore } from "./store";
import { toPublicDeadLetter } from "./to-dead-letter";
import type { ListOptions } from "./types";

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

/** `GET /queues/{queue}/dead-letters`: newest first, `nextCursor` when there may be more. */
export const listDeadLetters = async (
  input: { readonly queue: string; readonly options: ListOptions },
  deps: ReadDeps,
) => {
  const page = await deps.store.list(input.queue, { ...input.options, order: "newest" });
  return {
    items: page.items.map(toPublicDeadLetter),
    ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
  };
};
