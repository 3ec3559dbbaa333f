import type { DeadLetter, QueueSummary } from "../../client/src/index.js";
import { byId, fill, h, when } from "./dom";

const headRow = (...cells: [string, string?][]) =>
  h("thead", {}, h("tr", {}, ...cells.map(([text, cls]) => h("th", cls ? { class: cls } : {}, text))));

const statusPill = (status: DeadLetter["status"]) => h("span", { class: `status status-${status}` }, status);

/** The queues table; a queue's name opens its dead letters. */
export const renderQueues = (
  queues: readonly QueueSummary[],
  selected: string | undefined,
  onOpen: (queue: string) => void,
): void => {
  const rows = queues.map((queue) =>
    h(
      "tr",
      { class: queue.name === selected ? "selected" : "", data: { queue: queue.name } },
      h(
        "td",
        {},
        h("button", { type: "button", class: "link", onClick: () => onOpen(queue.name) }, queue.name),
      ),
      h("td", { class: "num" }, queue.depth.toLocaleString("en-US")),
      h("td", { class: "num" }, queue.inFlight.toLocaleString("en-US")),
      h(
        "td",
        { class: `num ${queue.deadLetters > 0 ? "count-alert" : ""}` },
        queue.deadLetters.toLocaleString("en-US"),
      ),
    ),
  );
  fill(
    byId("queue-table"),
    headRow(["Queue"], ["Depth", "num"], ["In flight", "num"], ["Dead letters", "num"]),
    h("tbody", {}, ...rows),
  );
};

/** The first 8 characters of an id (the row's `data-id` and the record keep it whole). */
const shortId = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);

const errorText = (letter: DeadLetter) =>
  letter.lastError ? `${letter.lastError.name}: ${letter.lastError.message}` : "";

/** The dead letters listed so far; an id opens the record. */
export const renderDeadLetters = (
  items: readonly DeadLetter[],
  selected: string | undefined,
  onOpen: (id: string) => void,
): void => {
  const table = byId("dl-table");
  if (items.length === 0) {
    fill(table, h("tbody", {}, h("tr", {}, h("td", { class: "muted" }, "No dead letters match."))));
    return;
  }
  const rows = items.map((letter) =>
    h(
      "tr",
      { class: letter.id === selected ? "selected" : "", data: { id: letter.id } },
      h(
        "td",
        { class: "nowrap" },
        h(
          "button",
          { type: "button", class: "link", title: letter.id, onClick: () => onOpen(letter.id) },
          shortId(letter.id),
        ),
      ),
      h("td", { class: "mono nowrap" }, letter.groupId),
      h("td", {}, statusPill(letter.status)),
      h("td", { class: "num" }, letter.receiveCount),
      h("td", { class: "nowrap" }, when(letter.deadLetteredAt)),
      h("td", { class: "error", title: errorText(letter) }, errorText(letter)),
    ),
  );
  fill(
    table,
    headRow(["Id"], ["Group"], ["Status"], ["Receives", "num"], ["Dead-lettered"], ["Last error"]),
    h("tbody", {}, ...rows),
  );
};

/** The body as the operator should read it: JSON pretty-printed, text as it is. Never markup. */
export const bodyText = (body: unknown): string =>
  typeof body === "string" ? body : (JSON.stringify(body, null, 2) ?? String(body));

export interface RecordActions {
  readonly onRedrive: (letter: DeadLetter) => void;
  readonly onDiscard: (letter: DeadLetter) => void;
}

const fields = (letter: DeadLetter) => {
  const rows: [string, string | number | undefined][] = [
    ["Queue", letter.queue],
    ["Group", letter.groupId],
    ["Dedup id", letter.dedupId],
    ["Message id", letter.messageId],
    ["Receives", letter.receiveCount],
    ["First sent", when(letter.firstSentAt)],
    ["Dead-lettered", when(letter.deadLetteredAt)],
    ["Redriven as", letter.redrivenMessageId && `${letter.redrivenMessageId} (${when(letter.redrivenAt)})`],
    ["Discarded", letter.discardedAt && when(letter.discardedAt)],
  ];
  const shown = rows.filter(([, value]) => value !== undefined && value !== "");
  return h(
    "dl",
    { class: "fields" },
    ...shown.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]),
  );
};

const attributesTable = (attributes: Readonly<Record<string, string>>) => {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return h("p", { class: "muted" }, "none");
  return h(
    "table",
    { class: "grid", id: "record-attributes" },
    h(
      "tbody",
      {},
      ...entries.map(([name, value]) =>
        h("tr", {}, h("td", { class: "mono" }, name), h("td", { class: "mono" }, value)),
      ),
    ),
  );
};

/** One dead letter: fields, last error, body and attributes, and the actions its status allows. */
export const renderRecord = (letter: DeadLetter, actions: RecordActions): void => {
  const open = letter.status === "new";
  fill(
    byId("record"),
    h("div", { class: "section-head" }, h("h2", {}, "Dead letter"), statusPill(letter.status)),
    h("p", { class: "mono", id: "record-id" }, letter.id),
    fields(letter),
    h("h3", {}, "Last error"),
    letter.lastError
      ? h(
          "div",
          { class: "last-error", id: "record-error" },
          `${errorText(letter)} (${when(letter.lastError.at)})`,
        )
      : h("p", { class: "muted" }, "not recorded"),
    h("h3", {}, "Body"),
    h("pre", { class: "body", id: "record-body" }, bodyText(letter.body)),
    h("h3", {}, "Attributes"),
    attributesTable(letter.attributes),
    h(
      "div",
      { class: "actions" },
      open ? null : h("span", { class: "muted" }, `This dead letter is ${letter.status}.`),
      h(
        "button",
        {
          type: "button",
          id: "record-discard",
          class: "danger",
          disabled: !open,
          onClick: () => actions.onDiscard(letter),
        },
        "Discard…",
      ),
      h(
        "button",
        {
          type: "button",
          id: "record-redrive",
          class: "primary",
          disabled: !open,
          onClick: () => actions.onRedrive(letter),
        },
        "Redrive",
      ),
    ),
  );
};
