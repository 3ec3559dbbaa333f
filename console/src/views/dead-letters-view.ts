import type { DeadLetter } from "../../../client/src/index.js";
import { byId, fill, fillIfChanged, h, when } from "../dom";
import { routeHash } from "../route";
import { type DeadLetterAccess, OPERATOR_KEY_NEEDED } from "../state";
import { errorText, headRow, noticeBody, statusBadge, uncertain } from "./table";

/** The first 8 characters of an id (the row's `data-id`, its link and the record keep it whole). */
const shortId = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);

/** `2024-05-01 12:00:03 UTC` as a date and a time that each stay on one line. */
const dateThenTime = (text: string) => {
  const space = text.indexOf(" ");
  if (space < 0) return [text];
  return [
    h("span", { class: "nowrap" }, text.slice(0, space)),
    " ",
    h("span", { class: "nowrap" }, text.slice(space + 1)),
  ];
};

/** One dead letter: a table row at wide widths, a card on a phone (`data-label` names each field there). */
const row = (letter: DeadLetter, selected: string | undefined) =>
  h(
    "tr",
    { class: letter.id === selected ? "selected" : "", data: { id: letter.id } },
    h(
      "td",
      { class: "id", data: { label: "Id" } },
      h(
        "a",
        {
          href: routeHash({ kind: "dead-letter", queue: letter.queue, id: letter.id }),
          title: letter.id,
          aria: { label: `Dead letter ${letter.id}`, ...(letter.id === selected ? { current: "true" } : {}) },
        },
        shortId(letter.id),
      ),
    ),
    h(
      "td",
      { class: "group mono", title: letter.groupId, data: { label: "Group" } },
      h("span", { class: "clamp" }, letter.groupId),
    ),
    h("td", { class: "state", data: { label: "Status" } }, statusBadge(letter)),
    h("td", { class: "num receives", data: { label: "Receives" } }, letter.receiveCount),
    h(
      "td",
      { class: "time", data: { label: "Dead-lettered" } },
      ...dateThenTime(when(letter.deadLetteredAt)),
    ),
    h(
      "td",
      { class: "error", title: errorText(letter), data: { label: "Last error" } },
      h("span", { class: "clamp" }, errorText(letter)),
    ),
  );

/** The dead letters listed so far, or why there are none to show. */
export const renderDeadLetters = (
  items: readonly DeadLetter[],
  selected: string | undefined,
  access: DeadLetterAccess,
): void => {
  const table = byId("dl-table");
  const key = JSON.stringify([items, selected, access, items.map(uncertain)]);
  fillIfChanged(table, key, () => {
    if (access === "forbidden")
      return [
        noticeBody(
          { class: "notice", id: "dl-forbidden" },
          `Dead letters ${OPERATOR_KEY_NEEDED}: the API answered 403 FORBIDDEN to this key (a producer key). Forget the key and paste an operator key.`,
        ),
      ];
    if (items.length === 0) return [noticeBody({ class: "muted" }, "No dead letters match.")];
    return [
      headRow(["Id"], ["Group"], ["Status"], ["Receives", "num"], ["Dead-lettered"], ["Last error"]),
      h("tbody", {}, ...items.map((letter) => row(letter, selected))),
    ];
  });
};

/**
 * The list's controls for this key: with a producer key, "Redrive all" and the filter are disabled and the
 * reason is shown beside the button (and is its accessible description).
 */
export const renderListAccess = (access: DeadLetterAccess, groupId: string | undefined): void => {
  const forbidden = access === "forbidden";
  const button = byId<HTMLButtonElement>("redrive-all");
  fill(button, groupId ? "Redrive group" : "Redrive all new");
  button.disabled = forbidden;
  const reason = byId("redrive-all-reason");
  reason.hidden = !forbidden;
  fill(reason, forbidden ? OPERATOR_KEY_NEEDED : "");
  for (const control of byId<HTMLFormElement>("dl-filter").elements)
    (control as HTMLInputElement).disabled = forbidden;
};

export const renderMore = (cursor: string | undefined, access: DeadLetterAccess): void => {
  byId("more").hidden = cursor === undefined || access === "forbidden";
};
