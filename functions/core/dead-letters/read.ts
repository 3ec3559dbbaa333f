import type { DeadLetter, DeadLetterBodyChunk } from "../../../contract";
import { countFitting, MAX_PAGE_BYTES, responseBytes } from "../http/page-bytes";
import { bytes } from "../producer/message-size";
import { bodyChunk, offsetWithin, parseBodyOffset } from "./body-chunk";
import { encodeCursor } from "./cursor";
import { DeadLetterNotFoundError } from "./errors";
import type { DeadLetterStore } from "./store";
import { toPublicDeadLetter } from "./to-dead-letter";
import type { CursorKey, DeadLetterRecord, ListOptions } from "./types";

export interface ReadDeps {
  readonly store: DeadLetterStore;
}

/**
 * A dead letter as one answer can carry it: whole when it fits `MAX_PAGE_BYTES` in Lambda's response, else
 * without its body (`body: null`, `bodyOmittedBytes`): Lambda would refuse the whole answer, a 502.
 */
const answerable = (record: DeadLetterRecord): { readonly view: DeadLetter; readonly size: number } => {
  const view = toPublicDeadLetter(record);
  const size = responseBytes(view);
  if (size <= MAX_PAGE_BYTES) return { view, size };
  const omitted = { ...view, body: null, bodyOmittedBytes: bytes(record.rawBody) };
  return { view: omitted, size: responseBytes(omitted) };
};

/** `GET /queues/{queue}/dead-letters/{id}`. */
export const getDeadLetter = async (
  input: { readonly queue: string; readonly id: string },
  deps: ReadDeps,
) => {
  const record = await deps.store.get(input.queue, input.id);
  if (!record) throw new DeadLetterNotFoundError(input.queue, input.id);
  return answerable(record).view;
};

/**
 * `GET /queues/{queue}/dead-letters/{id}/body?offset=`: the raw body (as SQS delivered it) from `offset`, as
 * much as one answer carries. A lost body (`bodyTruncated`) is empty: `totalLength` 0, as `DeadLetter.body` is.
 */
export const getDeadLetterBody = async (
  input: { readonly queue: string; readonly id: string; readonly offset: string | undefined },
  deps: ReadDeps,
): Promise<DeadLetterBodyChunk> => {
  const offset = parseBodyOffset(input.offset);
  const record = await deps.store.get(input.queue, input.id);
  if (!record) throw new DeadLetterNotFoundError(input.queue, input.id);
  const body = record.bodyTruncated ? "" : record.rawBody;
  return bodyChunk(body, offsetWithin(offset, input.offset, body.length));
};

const keyOf = (record: DeadLetterRecord): CursorKey => ({
  queue: record.queue,
  id: record.id,
  deadLetteredAt: record.deadLetteredAt,
});

/**
 * The first items of a page that fit `MAX_PAGE_BYTES` in Lambda's response (always at least one), and the
 * cursor after the last one kept when some were left out (they come first on the next page).
 */
const fitPage = (records: readonly DeadLetterRecord[], next: CursorKey | undefined) => {
  const answers = records.map(answerable);
  const items = answers.map((answer) => answer.view);
  const kept = countFitting(answers.map((answer) => answer.size));
  const last = records[kept - 1];
  return kept < items.length && last ? { items: items.slice(0, kept), next: keyOf(last) } : { items, next };
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
