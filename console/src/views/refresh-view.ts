import type { AutoRefreshStatus } from "../auto-refresh";
import { byId, clockTime, fill } from "../dom";

const every = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

/**
 * "Auto-refresh every 5 s · updated 12:00:05 UTC" (or paused); the toggle button says what it will do.
 * `data-refreshes` counts the refreshes started (what the browser tests watch with a fake clock).
 */
export const renderRefreshStatus = (status: AutoRefreshStatus): void => {
  const text = byId("refresh-status");
  const mode = status.paused ? "Auto-refresh paused" : `Auto-refresh every ${every(status.intervalMs)}`;
  const last = status.lastRefresh ? ` · updated ${clockTime(status.lastRefresh)}` : "";
  fill(text, `${mode}${last}${status.failed ? " · last refresh failed" : ""}`);
  text.dataset.refreshes = String(status.count);
  text.classList.toggle("failed", status.failed);
  const toggle = byId<HTMLButtonElement>("auto-refresh");
  fill(toggle, status.paused ? "Resume auto-refresh" : "Pause auto-refresh");
};
