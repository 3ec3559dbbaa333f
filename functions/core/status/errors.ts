import type { ErrorCode } from "../../../contract";
import { ApiError } from "../http/errors";

/** The stable code of each status-route error (its HTTP status is the contract's). */
const ANSWERS = {
  notFound: "MESSAGE_NOT_FOUND",
  invalidQuery: "INVALID_QUERY",
} as const satisfies Readonly<Record<string, ErrorCode>>;

/** Base class of every status-route error; each carries its HTTP status and stable code. */
export class MessageStatusError extends ApiError {
  override name = "MessageStatusError";

  constructor(answer: keyof typeof ANSWERS, message: string, options?: ErrorOptions) {
    super(ANSWERS[answer], message, options ?? {});
  }
}

/** Nothing fifoq records says where the message is (`reason` says what is known, if anything). */
export class MessageNotFoundError extends MessageStatusError {
  override name = "MessageNotFoundError";

  constructor(reason: string) {
    super("notFound", reason);
  }
}

/** A `groupId` or `dedupId` that no message can have (checked as a publish checks them). */
export class InvalidStatusQueryError extends MessageStatusError {
  override name = "InvalidStatusQueryError";

  constructor(field: "groupId" | "dedupId", problem: string) {
    super("invalidQuery", `${field} ${problem}`);
  }
}
