import { ForbiddenError } from "../../../client/src/index.js";
import { byId, fill } from "../dom";
import { client, state } from "../state";
import { toggleSection } from "../ui";
import { renderDeadLetters, renderListAccess, renderMore } from "../views/dead-letters-view";
import { renderQueues } from "../views/queues-view";
import { renderForbiddenRecord, renderRecord } from "../views/record-view";

const PAGE_SIZE = 25;

/**
 * Runs a call to a dead-letter route: a `403 FORBIDDEN` (a producer key) is not an error to flash but the
 * key's access, shown where the actions are; the result is then undefined.
 */
export const guarded = async <T>(call: () => Promise<T>): Promise<T | undefined> => {
  try {
    const result = await call();
    state.access = "allowed";
    return result;
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    state.access = "forbidden";
    return undefined;
  }
};

/**
 * What a list asks for: the first page (on a refresh, as many as are listed, up to 100) or, when `append`,
 * the page after `cursor`.
 */
export const pageRequest = (append: boolean, listed: number, cursor: string | undefined) => ({
  limit: append ? PAGE_SIZE : Math.min(100, Math.max(PAGE_SIZE, listed)),
  cursor: append ? cursor : undefined,
});

/** The list after a page came (none: a 403 or an error): the page appended, or the page alone. */
export const listedAfter = <T>(
  listed: readonly T[],
  page: { readonly items: readonly T[] } | undefined,
  append: boolean,
): T[] => (page ? [...(append ? listed : []), ...page.items] : []);

/** Draws the list, its controls and the queue table's selection from the state. */
export const renderList = (): void => {
  renderDeadLetters(state.items, state.selected, state.access);
  renderListAccess(state.access, state.filter.groupId);
  renderMore(state.cursor, state.access);
};

/** The first page (or, on a refresh, as many as are listed), or the next page when `append`. */
export const loadDeadLetters = async (append: boolean): Promise<void> => {
  const queue = state.queue;
  if (!queue) return;
  const request = pageRequest(append, state.items.length, state.cursor);
  const page = await guarded(() => client().listDeadLetters(queue, { ...state.filter, ...request }));
  if (state.queue !== queue) return; // another queue was opened meanwhile
  state.items = listedAfter(state.items, page, append);
  state.cursor = page?.nextCursor;
  renderList();
};

export const openQueue = async (queue: string): Promise<void> => {
  state.queue = queue;
  state.items = [];
  state.cursor = undefined;
  fill(byId("dl-title"), `Dead letters · ${queue}`);
  byId("redrive-progress").hidden = true;
  toggleSection("dead-letters", true);
  renderQueues(state.queues, queue);
  await loadDeadLetters(false);
};

/** Shows one record (or, for a producer key, why it cannot be shown). */
export const openRecord = async (queue: string, id: string): Promise<void> => {
  state.selected = id;
  const letter = await guarded(() => client().getDeadLetter(queue, id));
  if (state.selected !== id) return; // another record was opened meanwhile
  state.record = letter;
  if (letter) renderRecord(letter);
  else renderForbiddenRecord(queue, id);
  toggleSection("record", true);
  renderList();
};

export const closeRecord = (): void => {
  const id = state.selected;
  state.selected = undefined;
  state.record = undefined;
  toggleSection("record", false);
  renderList();
  if (id)
    byId("dl-table")
      .querySelector(`tr[data-id="${CSS.escape(id)}"]`)
      ?.scrollIntoView({ block: "nearest" });
};

/** Brings the record into view (on a phone it is below the list) and moves focus to its heading. */
export const revealRecord = (): void => {
  const record = byId("record");
  const top = record.getBoundingClientRect().top;
  if (top < 0 || top > innerHeight * 0.6) record.scrollIntoView({ block: "start" });
  document.getElementById("record-title")?.focus({ preventScroll: true });
};

/** An auto-refresh of the open queue's list and record, redrawn only where something changed. */
export const refreshDeadLetterPage = async (): Promise<void> => {
  const queue = state.queue;
  if (!queue) return;
  await loadDeadLetters(false);
  const id = state.selected;
  if (!id || state.access === "forbidden") return;
  const letter = await guarded(() => client().getDeadLetter(queue, id));
  if (letter && state.selected === id) {
    state.record = letter;
    renderRecord(letter);
  }
};
