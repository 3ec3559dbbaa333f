import type { DeadLetter } from "../../../client/src/index.js";
import { byId, fillIfChanged, h, when } from "../dom";
import { routeHash } from "../route";
import { OPERATOR_KEY_NEEDED } from "../state";
import { errorText, statusBadge } from "./table";

/** The body as the operator should read it: JSON pretty-printed, text as it is. Never markup. */
export const bodyText = (body: unknown): string =>
  typeof body === "string" ? body : (JSON.stringify(body, null, 2) ?? String(body));

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

const head = (queue: string, status: DeadLetter["status"] | undefined) =>
  h(
    "div",
    { class: "section-head" },
    h("h2", { id: "record-title", tabindex: "-1" }, "Dead letter"),
    status && statusBadge(status),
    h("a", { href: routeHash({ kind: "queue", queue }), class: "close", id: "record-close" }, "Close"),
  );

/** Redrive and discard; disabled with the reason (shown, and their accessible description) unless allowed. */
const actions = (reason: string | undefined) =>
  h(
    "div",
    { class: "actions" },
    reason && h("span", { class: "reason", id: "record-reason" }, reason),
    ...[
      ["discard", "danger", "Discard…"],
      ["redrive", "primary", "Redrive…"],
    ].map(([action = "", tone, label]) =>
      h(
        "button",
        {
          type: "button",
          id: `record-${action}`,
          class: tone,
          disabled: reason !== undefined,
          data: { action },
          aria: reason ? { describedby: "record-reason" } : {},
        },
        label,
      ),
    ),
  );

/** One dead letter: fields, last error, body and attributes, and the actions its status allows. */
export const renderRecord = (letter: DeadLetter): boolean =>
  fillIfChanged(byId("record"), JSON.stringify(letter), () => [
    head(letter.queue, letter.status),
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
    h("pre", { class: "body", id: "record-body", tabindex: "0" }, bodyText(letter.body)),
    h("h3", {}, "Attributes"),
    attributesTable(letter.attributes),
    actions(letter.status === "new" ? undefined : `This dead letter is ${letter.status}.`),
  ]);

/** A record this key may not read (a producer key): its id, why, and the actions disabled. */
export const renderForbiddenRecord = (queue: string, id: string): boolean =>
  fillIfChanged(byId("record"), JSON.stringify(["forbidden", queue, id]), () => [
    head(queue, undefined),
    h("p", { class: "mono", id: "record-id" }, id),
    actions(`Reading, redriving and discarding dead letters ${OPERATOR_KEY_NEEDED} (403 FORBIDDEN).`),
  ]);
