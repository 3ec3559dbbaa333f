import type { ScheduledMessage } from "../../../client/src/index.js";
import { byId, fillIfChanged, h, when } from "../dom";
import { type DeadLetterAccess, OPERATOR_KEY_NEEDED } from "../state";
import { headRow, noticeBody } from "./table";

const bodyText = (message: ScheduledMessage): string =>
  typeof message.body === "string" ? message.body : (JSON.stringify(message.body) ?? "");

/** One delayed message: a row at wide widths, a card on a phone; Cancel only while it is still scheduled. */
const row = (message: ScheduledMessage) =>
  h(
    "tr",
    { data: { id: message.id } },
    h("td", { class: "id mono", title: message.id, data: { label: "Id" } }, message.id),
    h(
      "td",
      { class: "group mono", title: message.groupId, data: { label: "Group" } },
      h("span", { class: "clamp" }, message.groupId),
    ),
    h(
      "td",
      { class: "mono", title: message.dedupId, data: { label: "Dedup id" } },
      h("span", { class: "clamp" }, message.dedupId),
    ),
    h(
      "td",
      { class: "state", data: { label: "State" } },
      h("span", { class: `status status-${message.state}` }, message.state),
    ),
    h("td", { class: "time", data: { label: "Release at" } }, when(message.releaseAt)),
    h(
      "td",
      { class: "error", title: bodyText(message), data: { label: "Body" } },
      h("span", { class: "clamp" }, bodyText(message)),
    ),
    h(
      "td",
      { class: "actions", data: { label: "Action" } },
      message.state === "scheduled"
        ? h(
            "button",
            {
              type: "button",
              class: "danger",
              data: { action: "cancel-scheduled", id: message.id },
              aria: { label: `Cancel scheduled message ${message.id}` },
            },
            "Cancel",
          )
        : "",
    ),
  );

/** The queue's delayed messages listed so far, or why there are none to show. */
export const renderScheduled = (items: readonly ScheduledMessage[], access: DeadLetterAccess): void => {
  fillIfChanged(byId("sched-table"), JSON.stringify([items, access]), () => {
    if (access === "forbidden")
      return [
        noticeBody(
          { class: "notice", id: "sched-forbidden" },
          `Scheduled messages ${OPERATOR_KEY_NEEDED}: the API answered 403 FORBIDDEN to this key (a producer key).`,
        ),
      ];
    if (items.length === 0) return [noticeBody({ class: "muted" }, "No scheduled messages.")];
    return [
      headRow(["Id"], ["Group"], ["Dedup id"], ["State"], ["Release at"], ["Body"], [""]),
      h("tbody", {}, ...items.map(row)),
    ];
  });
};

export const renderScheduledMore = (cursor: string | undefined, access: DeadLetterAccess): void => {
  byId("sched-more").hidden = cursor === undefined || access === "forbidden";
};
