import {
  type DeadLetter,
  type DeadLetterStatus,
  FifoqClient,
  FifoqClientError,
  ForbiddenError,
  type QueueSummary,
  UnauthorizedError,
} from "../../client/src/index.js";
import { byId, fill } from "./dom";
import { clearFlash, confirmAction, flash, show } from "./ui";
import { renderDeadLetters, renderQueues, renderRecord } from "./views";

/** The key lives in this tab's session storage only: closing the tab forgets it. */
const KEY_ITEM = "fifoq.console.key";
const PAGE_SIZE = 25;

/** The API is the console's own origin and stage: `<url>/console` → `<url>`. */
const apiUrl = `${location.origin}${location.pathname.replace(/\/console\/?$/, "")}`;

interface State {
  client: FifoqClient | undefined;
  queues: QueueSummary[];
  queue: string | undefined;
  filter: { groupId?: string | undefined; status?: DeadLetterStatus | undefined };
  items: DeadLetter[];
  cursor: string | undefined;
  selected: string | undefined;
}

const state: State = {
  client: undefined,
  queues: [],
  queue: undefined,
  filter: {},
  items: [],
  cursor: undefined,
  selected: undefined,
};

const client = (): FifoqClient => {
  if (!state.client) throw new Error("not signed in");
  return state.client;
};

const signOut = (message?: string) => {
  sessionStorage.removeItem(KEY_ITEM);
  state.client = undefined;
  byId("forget").hidden = true;
  show(["signin"]);
  if (message) flash(message, "error");
  else clearFlash();
  byId<HTMLInputElement>("key").focus();
};

/** Every failure ends here: a wrong key signs out; anything else is shown with its code. */
const report = (error: unknown) => {
  if (error instanceof UnauthorizedError) signOut(`The key was refused (${error.code}): ${error.message}`);
  else if (error instanceof ForbiddenError)
    flash(`This key may not do that (${error.code}): use an operator key. ${error.message}`, "error");
  else if (error instanceof FifoqClientError) flash(`${error.code}: ${error.message}`, "error");
  else flash(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`, "error");
};

/** Runs an action with the page's buttons disabled, so a click cannot fire twice. */
const busy = async (work: () => Promise<void>) => {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>("main button, header button")];
  const enabled = buttons.filter((button) => !button.disabled);
  for (const button of enabled) button.disabled = true;
  try {
    await work();
  } catch (error) {
    report(error);
  } finally {
    for (const button of enabled) if (button.isConnected) button.disabled = false;
  }
};

const loadQueues = async () => {
  state.queues = await client().queues();
  renderQueues(state.queues, state.queue, (queue) => void busy(() => openQueue(queue)));
};

const loadDeadLetters = async (append: boolean) => {
  if (!state.queue) return;
  const page = await client().listDeadLetters(state.queue, {
    ...state.filter,
    limit: PAGE_SIZE,
    cursor: append ? state.cursor : undefined,
  });
  state.items = append ? [...state.items, ...page.items] : [...page.items];
  state.cursor = page.nextCursor;
  byId("more").hidden = state.cursor === undefined;
  renderDeadLetters(state.items, state.selected, (id) => void busy(() => openRecord(id)));
};

const openQueue = async (queue: string) => {
  state.queue = queue;
  state.selected = undefined;
  fill(byId("dl-title"), `Dead letters · ${queue}`);
  byId("record").hidden = true;
  byId("dead-letters").hidden = false;
  renderQueues(state.queues, state.queue, (name) => void busy(() => openQueue(name)));
  await loadDeadLetters(false);
};

const openRecord = async (id: string) => {
  if (!state.queue) return;
  const letter = await client().getDeadLetter(state.queue, id);
  state.selected = id;
  renderRecord(letter, {
    onRedrive: (one) => void busy(() => redrive(one)),
    onDiscard: (one) => void busy(() => discard(one)),
  });
  byId("record").hidden = false;
  renderDeadLetters(state.items, state.selected, (other) => void busy(() => openRecord(other)));
};

const refreshAll = async () => {
  await loadQueues();
  await loadDeadLetters(false);
  if (state.selected) await openRecord(state.selected);
};

const redrive = async (letter: DeadLetter) => {
  const result = await client().redriveDeadLetter(letter.queue, letter.id);
  flash(`Redriven ${letter.id} to ${letter.queue} (group ${letter.groupId}) as message ${result.messageId}.`);
  await refreshAll();
};

const discard = async (letter: DeadLetter) => {
  const sure = await confirmAction(
    `Discard dead letter ${letter.id} of ${letter.queue}? It can no longer be redriven.`,
    "Discard",
  );
  if (!sure) return;
  await client().discardDeadLetter(letter.queue, letter.id);
  flash(`Discarded ${letter.id}.`);
  await refreshAll();
};

const redriveAll = async () => {
  const queue = state.queue;
  if (!queue) return;
  const group = state.filter.groupId;
  const known = group ? undefined : state.queues.find((entry) => entry.name === queue)?.deadLetters;
  const scope = group ? `group ${group} of ${queue}` : queue;
  const sure = await confirmAction(
    `Redrive every new dead letter of ${scope}${known === undefined ? "" : ` (${known})`}? Each goes back to ${queue} in its group, oldest first.`,
    "Redrive all",
  );
  if (!sure) return;
  const bar = byId<HTMLProgressElement>("redrive-bar");
  const text = byId("redrive-text");
  byId("redrive-progress").hidden = false;
  fill(text, `Redriving ${scope}…`);
  if (known) {
    bar.max = known;
    bar.value = 0;
  } else bar.removeAttribute("value");
  const result = await client().redriveAll(queue, {
    groupId: group,
    onProgress: (progress) => {
      if (known) bar.value = Math.min(progress.redriven, known);
      fill(
        text,
        `${progress.redriven}${known ? ` of ${known}` : ""} redriven (${progress.calls} call${progress.calls === 1 ? "" : "s"})`,
      );
    },
  });
  bar.max = Math.max(result.redriven, 1);
  bar.value = result.redriven;
  fill(
    text,
    `Done: ${result.redriven} redriven${result.failed ? `, ${result.failed} could not be sent` : ""} in ${result.calls} call${result.calls === 1 ? "" : "s"}.`,
  );
  flash(
    `Redrove ${result.redriven} dead letter${result.redriven === 1 ? "" : "s"} of ${scope}.`,
    result.failed || !result.complete ? "error" : "ok",
  );
  await refreshAll();
};

const signIn = async (key: string) => {
  state.client = new FifoqClient({ url: apiUrl, apiKey: key, retry: { maxAttempts: 3 } });
  sessionStorage.setItem(KEY_ITEM, key);
  byId("forget").hidden = false;
  show(["queues"]);
  clearFlash();
  await loadQueues();
  const first = state.queue ?? state.queues[0]?.name;
  if (first) await openQueue(first);
};

const wire = () => {
  byId("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = byId<HTMLInputElement>("key").value.trim();
    if (key) void busy(() => signIn(key));
  });
  byId("forget").addEventListener("click", () => signOut());
  byId("refresh").addEventListener("click", () => void busy(refreshAll));
  byId("more").addEventListener("click", () => void busy(() => loadDeadLetters(true)));
  byId("redrive-all").addEventListener("click", () => void busy(redriveAll));
  byId("dl-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const groupId = String(form.get("groupId") ?? "").trim() || undefined;
    const status = (String(form.get("status") ?? "") || undefined) as DeadLetterStatus | undefined;
    state.filter = { groupId, status };
    fill(byId("redrive-all"), groupId ? "Redrive group" : "Redrive all new");
    void busy(() => loadDeadLetters(false));
  });
};

const boot = () => {
  fill(byId("target"), apiUrl);
  wire();
  const key = sessionStorage.getItem(KEY_ITEM);
  if (key) void busy(() => signIn(key));
  else signOut();
};

boot();
