import type { DeadLetter } from "../../../client/src/index.js";
import { isRedriveUncertain } from "../../../contract/index.js";
import { h } from "../dom";

/** A table head; `num` right-aligns a column. */
export const headRow = (...cells: [string, string?][]): HTMLTableSectionElement =>
  h("thead", {}, h("tr", {}, ...cells.map(([text, cls]) => h("th", cls ? { class: cls } : {}, text))));

/** A table body of one cell saying why there are no rows: `class` "notice" (with an `id`) or "muted". */
export const noticeBody = (attributes: Record<string, string>, text: string): HTMLTableSectionElement =>
  h("tbody", {}, h("tr", {}, h("td", attributes, text)));

/**
 * Whether a redrive of the dead letter would be refused as `REDRIVE_UNCERTAIN` now: left `redriving` past SQS's
 * 5-minute dedup window, it may have been sent and run (the API's rule, `contract/redrive.ts`).
 */
export const uncertain = (letter: Pick<DeadLetter, "status" | "redriveClaimedAt">): boolean =>
  isRedriveUncertain(letter, Date.now());

/** A dead letter's status as a badge (its colours meet WCAG AA in both themes), `· uncertain` when it is. */
export const statusBadge = (letter: Pick<DeadLetter, "status" | "redriveClaimedAt">): HTMLSpanElement =>
  h(
    "span",
    { class: `status status-${letter.status}` },
    uncertain(letter) ? `${letter.status} · uncertain` : letter.status,
  );

/** `name: message` of a dead letter's last error, or "". */
export const errorText = (letter: DeadLetter): string =>
  letter.lastError ? `${letter.lastError.name}: ${letter.lastError.message}` : "";
