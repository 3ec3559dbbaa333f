import type { DeadLetterStatus } from "../../client/src/index.js";
import { FifoqClientError, UnauthorizedError } from "../../client/src/index.js";
import { createAutoRefresh, refreshIntervalMs } from "./auto-refresh";
import { byId, fill } from "./dom";
import { showRoute } from "./navigation";
import { discardOne, downloadBody, redriveAll, redriveOne } from "./pages/dead-letter-actions";
import { loadDeadLetters, refreshDeadLetterPage, renderList } from "./pages/dead-letter-page";
import { loadQueues } from "./pages/queues-page";
import { cancelOne, loadScheduled } from "./pages/scheduled-page";
import { loadSchedules, lookUpStatus, setPaused } from "./pages/schedules-page";
import { parseRoute, routeHash } from "./route";
import { apiUrl, clientFor, forgetKey, keepKey, savedKey } from "./session";
import { resetState, state } from "./state";
import { clearFlash, dialogOpen, flash, show } from "./ui";
import { renderRefreshStatus } from "./views/refresh-view";

/** Every failure ends here: a refused key signs out; anything else is shown with its code. */
const report = (error: unknown) => {
  if (error instanceof UnauthorizedError) signOut(`The key was refused (${error.code}): ${error.message}`);
  else if (error instanceof FifoqClientError) flash(`${error.code}: ${error.message}`, "error");
  else flash(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`, "error");
};

/** Queues, then the open view; a failure is reported and fails the refresh. */
const refreshAll = async () => {
  try {
    await loadQueues();
    if (state.schedulesOpen) await loadSchedules();
    else if (state.scheduledQueue) await loadScheduled(false);
    else await refreshDeadLetterPage();
  } catch (error) {
    report(error);
    throw error;
  }
};

const refresher = createAutoRefresh({
  intervalMs: refreshIntervalMs(location.search),
  run: refreshAll,
  onChange: renderRefreshStatus,
  skip: () => state.busy || dialogOpen() || document.visibilityState === "hidden",
});

/** Runs an action with the page's buttons disabled (a click cannot fire twice) and auto-refresh held. */
const busy = async (work: () => Promise<void>) => {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>("main button, header button")];
  const enabled = buttons.filter((button) => !button.disabled);
  for (const button of enabled) button.disabled = true;
  state.busy = true;
  try {
    await work();
  } catch (error) {
    report(error);
  } finally {
    state.busy = false;
    for (const button of enabled) if (button.isConnected) button.disabled = false;
    if (state.client) renderList(); // what this key may not do stays disabled
  }
};

function signOut(message?: string) {
  forgetKey();
  resetState();
  refresher.stop();
  byId("forget").hidden = true;
  show(["signin"]);
  if (message) flash(message, "error");
  else clearFlash();
  byId<HTMLInputElement>("key").focus();
}

const signIn = async (key: string) => {
  resetState();
  state.client = clientFor(key);
  keepKey(key);
  byId("forget").hidden = false;
  show(["queues"]);
  clearFlash();
  await loadQueues();
  await showRoute(parseRoute(location.hash), { reveal: true });
  refresher.start();
};

/** Then refreshes everything now (the action changed it). */
const act = (action: () => Promise<boolean>) =>
  busy(async () => {
    if (await action()) await refresher.refreshNow();
  });

const onAction = (event: MouseEvent) => {
  const button = (event.target as Element).closest<HTMLButtonElement>("button[data-action]");
  const letter = state.record;
  if (!button || button.disabled || !letter) return;
  if (button.dataset.action === "redrive") void act(() => redriveOne(letter));
  if (button.dataset.action === "discard") void act(() => discardOne(letter));
  if (button.dataset.action === "download-body") void busy(() => downloadBody(letter));
};

const onScheduledAction = (event: MouseEvent) => {
  const button = (event.target as Element).closest<HTMLButtonElement>(
    'button[data-action="cancel-scheduled"]',
  );
  const message = state.scheduled.find((item) => item.id === button?.dataset.id);
  if (!button || button.disabled || !message) return;
  void act(() => cancelOne(message));
};

const onScheduleAction = (event: MouseEvent) => {
  const button = (event.target as Element).closest<HTMLButtonElement>("button[data-action]");
  const name = button?.dataset.id;
  if (!button || button.disabled || name === undefined) return;
  void act(() => setPaused(name, button.dataset.action === "pause-schedule"));
};

const onStatus = (event: SubmitEvent) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const dedupId = String(form.get("dedupId") ?? "").trim();
  const groupId = String(form.get("groupId") ?? "").trim();
  if (dedupId && groupId) void busy(() => lookUpStatus(dedupId, groupId));
};

/** A tap anywhere on a dead letter's row (or card) opens it, as its link does. */
const onRowClick = (event: MouseEvent) => {
  const target = event.target as Element;
  const row = target.closest<HTMLElement>("tr[data-id]");
  const id = row?.dataset.id;
  if (target.closest("a, button") || !id || !state.queue || getSelection()?.toString()) return;
  location.hash = routeHash({ kind: "dead-letter", queue: state.queue, id });
};

const onFilter = (event: SubmitEvent) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const groupId = String(form.get("groupId") ?? "").trim() || undefined;
  const status = (String(form.get("status") ?? "") || undefined) as DeadLetterStatus | undefined;
  state.filter = { groupId, status };
  state.items = [];
  void busy(() => loadDeadLetters(false));
};

const wire = () => {
  byId("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = byId<HTMLInputElement>("key").value.trim();
    if (key) void busy(() => signIn(key));
  });
  byId("forget").addEventListener("click", () => signOut());
  byId("refresh").addEventListener("click", () => void busy(refresher.refreshNow));
  byId("auto-refresh").addEventListener("click", () => {
    if (refresher.status().paused) void refresher.resume();
    else refresher.pause();
  });
  byId("more").addEventListener("click", () => void busy(() => loadDeadLetters(true)));
  byId("redrive-all").addEventListener("click", () => void act(redriveAll));
  byId("dl-filter").addEventListener("submit", onFilter);
  byId("dl-table").addEventListener("click", onRowClick);
  byId("record").addEventListener("click", onAction);
  byId("sched-more").addEventListener("click", () => void busy(() => loadScheduled(true)));
  byId("sched-table").addEventListener("click", onScheduledAction);
  byId("schedules-table").addEventListener("click", onScheduleAction);
  byId("status-form").addEventListener("submit", onStatus);
  addEventListener("hashchange", () => {
    if (state.client) void busy(() => showRoute(parseRoute(location.hash), { reveal: true }));
  });
};

const boot = () => {
  fill(byId("target"), apiUrl);
  renderRefreshStatus(refresher.status());
  wire();
  const key = savedKey();
  if (key) void busy(() => signIn(key));
  else signOut();
};

boot();
