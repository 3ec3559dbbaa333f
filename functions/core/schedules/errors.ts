import type { ErrorCode, ErrorDetail } from "../../../contract";
import { ApiError } from "../http/errors";

/** The stable code of each recurring-schedule error (its HTTP status is the contract's). */
const ANSWERS = {
  notFound: "NOT_FOUND",
  declared: "SCHEDULE_DECLARED",
  invalid: "INVALID_SCHEDULE",
  corrupt: "INTERNAL",
} as const satisfies Readonly<Record<string, ErrorCode>>;

/** Base class of every recurring-schedule error; each carries its HTTP status and stable code. */
export class ScheduleError extends ApiError {
  override name = "ScheduleError";

  constructor(
    answer: keyof typeof ANSWERS,
    message: string,
    options: ErrorOptions & { readonly details?: readonly ErrorDetail[] } = {},
  ) {
    super(ANSWERS[answer], message, options);
  }
}

export class ScheduleNotFoundError extends ScheduleError {
  override name = "ScheduleNotFoundError";

  constructor(name: string) {
    super("notFound", `no schedule "${name.slice(0, 64)}"`);
  }
}

/** PUT or DELETE of a name the configuration declares: only the configuration (and a deploy) changes it. */
export class ScheduleDeclaredError extends ScheduleError {
  override name = "ScheduleDeclaredError";

  constructor(name: string, verb: "replaced" | "deleted") {
    super(
      "declared",
      `schedule "${name}" is declared in the configuration and cannot be ${verb} over the API: change it in fifoq.config.ts and deploy (pause and resume work)`,
    );
  }
}

/** A `PUT /schedules/{name}` body the configuration's validator refuses; `field` names what is wrong. */
export class InvalidScheduleDefinitionError extends ScheduleError {
  override name = "InvalidScheduleDefinitionError";

  constructor(field: string, message: string, options?: ErrorOptions) {
    super("invalid", message, { ...options, details: [{ field, message }] });
  }
}

/** A stored schedule item does not have the shape this code writes. */
export class CorruptScheduleItemError extends ScheduleError {
  override name = "CorruptScheduleItemError";

  constructor(what: string) {
    super("corrupt", `a schedule item is corrupt: ${what}`);
  }
}
