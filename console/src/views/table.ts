import type { DeadLetter } from "../../../client/src/index.js";
import { h } from "../dom";

/** A table head; `num` right-aligns a column. */
export const headRow = (...cells: [string, string?][]): HTMLTableSectionElement =>
  h("thead", {}, h("tr", {}, ...cells.map(([text, cls]) => h("th", cls ? { class: cls } : {}, text))));

/** A table body of one cell saying why there are no rows: `class` "notice" (with an `id`) or "muted". */
export const noticeBody = (attributes: Record<string, string>, text: string): HTMLTableSectionElement =>
  h("tbody", {}, h("tr", {}, h("td", attributes, text)));

/** A dead letter's status as a badge (its colours meet WCAG AA in both themes). */
export const statusBadge = (status: DeadLetter["status"]): HTMLSpanElement =>
  h("span", { class: `status status-${status}` }, status);

/** `name: message` of a dead letter's last error, or "". */
export const errorText = (letter: DeadLetter): string =>
  letter.lastError ? `${letter.lastError.name}: ${letter.lastError.message}` : "";
