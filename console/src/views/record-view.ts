import { bodyNotice } from "../../../client/src/dead-letter-body.js";
import type { DeadLetter } from "../../../client/src/index.js";
import { byId, fillIfChanged, h, when } from "../dom";
import { routeHash } from "../route";
import { OPERATOR_KEY_NEEDED } from "../state";
import { errorText, statusBadge, uncertain } from "./table";

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
    ["Redrive claimed", letter.redriveClaimedAt && when(letter.redriveClaimedAt)],
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

const head = (queue: string, letter: DeadLetter | undefined) =>
  h(
    "div",
    { class: "section-head" },
    h("h2", { id: "record-title", tabindex: "-1" }, "Dead letter"),
    letter && statusBadge(letter),
    h("a", { href: routeHash({ kind: "queue", queue }), class: "close", id: "record-close" }, "Close"),
  );

/** Which actions a record's status allows, and why the others are disabled. */
interface Allowed {
  readonly redrive: boolean;
  readonly discard: boolean;
  readonly reason?: string | undefined;
}

/** `new`: both; `redriving`: a redrive (it finishes the earlier one), never a discard; else neither. */
const allowedByStatus = (status: DeadLetter["status"]): Allowed => {
  if (status === "new") return { redrive: true, discard: true };
  if (status === "redriving")
    return { redrive: true, discard: false, reason: "Being redriven: it can no longer be discarded." };
  return { redrive: false, discard: false, reason: `This dead letter is ${status}.` };
};

const LOST = "Its body is lost (its stored object was gone): it cannot be redriven.";

/**
 * What the status allows, except that a dead letter whose body is lost (`bodyTruncated`) is never redriven
 * (the API would answer `DEAD_LETTER_NOT_REDRIVABLE`): the reason says so, and to discard it when it can be.
 */
export const allowedFor = (letter: Pick<DeadLetter, "status" | "bodyTruncated">): Allowed => {
  const allowed = allowedByStatus(letter.status);
  if (letter.bodyTruncated !== true || !allowed.redrive) return allowed;
  return {
    redrive: false,
    discard: allowed.discard,
    reason: allowed.discard ? `${LOST} Discard it.` : `${LOST} ${allowed.reason}`,
  };
};

/** The notice shown in place of a body the answer lacks (too large for it, or lost), as a sentence. */
export const bodyNoticeOf = (letter: Pick<DeadLetter, "bodyOmittedBytes" | "bodyTruncated">) => {
  const notice = bodyNotice(letter);
  return (
    notice && { kind: notice.kind, text: `${notice.text.charAt(0).toUpperCase()}${notice.text.slice(1)}.` }
  );
};

/** A body left out of the answer (not a lost one) can be downloaded whole, read slice by slice. */
const downloadButton = (kind: "omitted" | "lost") =>
  kind === "omitted" &&
  h(
    "button",
    { type: "button", id: "record-download-body", data: { action: "download-body" } },
    "Download body",
  );

/** The body, or the notice that says why it is not shown (plain text either way), with Download body. */
const bodyBlock = (letter: DeadLetter) => {
  const notice = bodyNoticeOf(letter);
  return notice
    ? h(
        "div",
        { class: "body-notice-block" },
        h("p", { class: `body-notice body-${notice.kind}`, id: "record-body-notice" }, notice.text),
        downloadButton(notice.kind),
      )
    : h("pre", { class: "body", id: "record-body", tabindex: "0" }, bodyText(letter.body));
};

/** The downloaded body's file name: `dead-letter-<id>.txt`, the id's characters other than `[A-Za-z0-9._-]` as `_`. */
export const bodyFileName = (id: string): string =>
  `dead-letter-${id.slice(0, 128).replace(/[^A-Za-z0-9._-]/g, "_")}.txt`;

/** Redrive and discard; a disabled one has the reason (shown, and its accessible description). */
const actions = ({ reason, ...allowed }: Allowed) =>
  h(
    "div",
    { class: "actions" },
    reason && h("span", { class: "reason", id: "record-reason" }, reason),
    ...(
      [
        ["discard", "danger", "Discard…"],
        ["redrive", "primary", "Redrive…"],
      ] as const
    ).map(([action, tone, label]) =>
      h(
        "button",
        {
          type: "button",
          id: `record-${action}`,
          class: tone,
          disabled: !allowed[action],
          data: { action },
          aria: allowed[action] || !reason ? {} : { describedby: "record-reason" },
        },
        label,
      ),
    ),
  );

/** For a record left `redriving` past SQS's dedup window: what that means before anyone redrives it. */
const uncertainNote = (letter: DeadLetter) =>
  uncertain(letter) &&
  h(
    "p",
    { class: "uncertain", id: "record-uncertain" },
    `Uncertain: a redrive claimed this dead letter at ${when(letter.redriveClaimedAt) || "an unknown time"} and did not finish, over 5 minutes ago. It may have been sent and run already; Redrive asks before sending it again.`,
  );

/** One dead letter: fields, last error, body and attributes, and the actions its status allows. */
export const renderRecord = (letter: DeadLetter): boolean =>
  fillIfChanged(byId("record"), JSON.stringify([letter, uncertain(letter)]), () => [
    head(letter.queue, letter),
    h("p", { class: "mono", id: "record-id" }, letter.id),
    uncertainNote(letter),
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
    bodyBlock(letter),
    h("h3", {}, "Attributes"),
    attributesTable(letter.attributes),
    actions(allowedFor(letter)),
  ]);

/** A record this key may not read (a producer key): its id, why, and the actions disabled. */
export const renderForbiddenRecord = (queue: string, id: string): boolean =>
  fillIfChanged(byId("record"), JSON.stringify(["forbidden", queue, id]), () => [
    head(queue, undefined),
    h("p", { class: "mono", id: "record-id" }, id),
    actions({
      redrive: false,
      discard: false,
      reason: `Reading, redriving and discarding dead letters ${OPERATOR_KEY_NEEDED} (403 FORBIDDEN).`,
    }),
  ]);
