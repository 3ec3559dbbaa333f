import { named } from "../errors";
import { ApiError } from "../http/errors";

/** Nothing fifoq records says where the message is (`reason` says what is known, if anything): 404. */
export class MessageNotFoundError extends named("MessageNotFoundError", ApiError) {
  constructor(reason: string) {
    super("MESSAGE_NOT_FOUND", reason);
  }
}

/** A `groupId` or `dedupId` no message can have (checked as a publish checks them): 400 `INVALID_QUERY`. */
export class InvalidStatusQueryError extends named("InvalidStatusQueryError", ApiError) {
  constructor(field: "groupId" | "dedupId", problem: string) {
    super("INVALID_QUERY", `${field} ${problem}`);
  }
}
