import { decodeCursor } from "./cursor";
import { InvalidDeadLetterQueryError } from "./errors";
import { DEAD_LETTER_STATUSES, type DeadLetterStatus, type ListOptions } from "./types";

export const LIST_LIMIT = { min: 1, max: 100, default: 20 } as const;

/** SQS's group id alphabet: alphanumerics and punctuation (printable ASCII without space), 1–128 of them. */
export const GROUP_ID_PATTERN = /^[\x21-\x7E]{1,128}$/;

const parseLimit = (raw: string | undefined): number => {
  if (raw === undefined || raw === "") return LIST_LIMIT.default;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < LIST_LIMIT.min || value > LIST_LIMIT.max) {
    throw new InvalidDeadLetterQueryError(
      "limit",
      `${JSON.stringify(raw)} is not allowed; use a whole number from ${LIST_LIMIT.min} to ${LIST_LIMIT.max}`,
    );
  }
  return value;
};

const parseStatus = (raw: string | undefined): DeadLetterStatus | undefined => {
  if (raw === undefined || raw === "") return undefined;
  const status = DEAD_LETTER_STATUSES.find((known) => known === raw);
  if (status) return status;
  throw new InvalidDeadLetterQueryError(
    "status",
    `${JSON.stringify(raw)} is not allowed; use one of ${DEAD_LETTER_STATUSES.join(", ")}`,
  );
};

/** Checks an optional `groupId` query parameter (also used by redrive-all). */
export const parseGroupId = (raw: string | undefined): string | undefined => {
  if (raw === undefined || raw === "") return undefined;
  if (GROUP_ID_PATTERN.test(raw)) return raw;
  throw new InvalidDeadLetterQueryError(
    "groupId",
    "must be 1–128 characters: letters, digits and punctuation, no spaces",
  );
};

/** The redrive's `force` query parameter: `true`, `false` or absent (false). */
export const parseForce = (raw: string | undefined): boolean => {
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  throw new InvalidDeadLetterQueryError(
    "force",
    `${JSON.stringify(raw).slice(0, 40)} is not allowed; use true or false`,
  );
};

/** `?limit=&cursor=&groupId=&status=` of the listing, checked; the cursor must belong to `queue`. */
export const parseListQuery = (
  queue: string,
  query: Readonly<Record<string, string | undefined>>,
): ListOptions => ({
  limit: parseLimit(query.limit),
  cursor: query.cursor ? decodeCursor(query.cursor, queue) : undefined,
  groupId: parseGroupId(query.groupId),
  status: parseStatus(query.status),
  order: "newest",
});
