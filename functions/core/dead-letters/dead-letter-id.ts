import { NotFoundError } from "../http/errors";

/**
 * A dead letter's id is an SQS message id (a UUID in SQS, fauxqs and LocalStack): 1 to 128 characters of
 * letters, digits and `-` `_` `.` `:`. Anything else names no dead letter.
 */
const DEAD_LETTER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const isDeadLetterId = (value: string): boolean => DEAD_LETTER_ID.test(value);

/**
 * The `{id}` of a dead-letter route, checked before any store call: one that cannot be an id is 404
 * `NOT_FOUND` at once (a 2,000-character id never reaches DynamoDB). The message does not repeat it.
 */
export const parseDeadLetterId = (queue: string, raw: string): string => {
  if (isDeadLetterId(raw)) return raw;
  throw new NotFoundError(
    `queue "${queue}" has no such dead letter: ids are 1 to 128 characters of A-Z a-z 0-9 - _ . :`,
  );
};
