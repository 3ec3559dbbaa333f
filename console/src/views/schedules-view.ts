import type { MessageStatus, Schedule } from "../../../client/src/index.js";
import { byId, fill, fillIfChanged, h, when } from "../dom";
import { type DeadLetterAccess, OPERATOR_KEY_NEEDED } from "../state";
import { headRow, noticeBody } from "./table";

/** Next fire times shown per schedule. */
const SHOWN_FIRES = 3;

const row = (schedule: Schedule) =>
  h(
    "tr",
    { data: { id: schedule.name } },
    h("td", { class: "id mono", data: { label: "Name" } }, schedule.name),
    h("td", { class: "mono", data: { label: "Cron" } }, schedule.cron),
    h("td", { data: { label: "Time zone" } }, schedule.timezone ?? "UTC"),
    h("td", { data: { label: "Queue" } }, `${schedule.queue} · ${schedule.groupId}`),
    h(
      "td",
      { class: "state", data: { label: "State" } },
      h(
        "span",
        { class: `status status-${schedule.paused ? "cancelled" : "released"}` },
        schedule.paused ? "paused" : "active",
      ),
    ),
    h(
      "td",
      { class: "time", data: { label: "Next fires" } },
      schedule.paused ? "—" : schedule.nextFires.slice(0, SHOWN_FIRES).map(when).join(", "),
    ),
    h(
      "td",
      { class: "actions", data: { label: "Action" } },
      h(
        "button",
        {
          type: "button",
          data: { action: schedule.paused ? "resume-schedule" : "pause-schedule", id: schedule.name },
          aria: { label: `${schedule.paused ? "Resume" : "Pause"} schedule ${schedule.name}` },
        },
        schedule.paused ? "Resume" : "Pause",
      ),
    ),
  );

/** Every schedule, or why there are none to show. */
export const renderSchedules = (schedules: readonly Schedule[], access: DeadLetterAccess): void => {
  fillIfChanged(byId("schedules-table"), JSON.stringify([schedules, access]), () => {
    if (access === "forbidden")
      return [noticeBody({ class: "notice" }, `Schedules ${OPERATOR_KEY_NEEDED} (403 FORBIDDEN).`)];
    if (schedules.length === 0) return [noticeBody({ class: "muted" }, "No schedules.")];
    return [
      headRow(["Name"], ["Cron"], ["Time zone"], ["Queue · group"], ["State"], ["Next fires (UTC)"], [""]),
      h("tbody", {}, ...schedules.map(row)),
    ];
  });
};

const detail = (found: MessageStatus): string => {
  if (found.status === "scheduled")
    return `, due ${when(found.releaseAt)} (scheduled id ${found.scheduledId ?? "?"})`;
  if (found.status === "processed")
    return `, at ${when(found.processedAt)}${found.attempts === undefined ? "" : ` after ${found.attempts} attempt(s)`}`;
  if (found.status === "dead-lettered") return `, as dead letter ${found.deadLetterId ?? "?"}`;
  return "";
};

/** The answer of a status lookup, as text. */
export const renderStatus = (found: MessageStatus | undefined, message?: string): void => {
  const text = found
    ? `${found.dedupId} (group ${found.groupId}) on ${found.queue}: ${found.status}${detail(found)}`
    : (message ?? "");
  fill(byId("status-result"), text);
};
