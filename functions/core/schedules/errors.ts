import type { ErrorDetail } from "../../../contract";
import { named } from "../errors";
import { ApiError } from "../http/errors";

/** Base class of every recurring-schedule error; each carries its HTTP status and stable code. */
export class ScheduleError extends named("ScheduleError", ApiError) {}

export class ScheduleNotFoundError extends named("ScheduleNotFoundError", ScheduleError) {
  constructor(name: string) {
    super("NOT_FOUND", `no schedule "${name.slice(0, 64)}"`);
  }
}

/** PUT or DELETE of a name the configuration declares: only the configuration (and a deploy) changes it. */
export class ScheduleDeclaredError extends named("ScheduleDeclaredError", ScheduleError) {
  constructor(name: string, verb: "replaced" | "deleted") {
    super(
      "SCHEDULE_DECLARED",
      `schedule "${name}" is declared in the configuration and cannot be ${verb} over the API: change it in fifoq.config.ts and deploy (pause and resume work)`,
    );
  }
}

/** A `PUT /schedules/{name}` body the configuration's validator refuses; `field` names what is wrong. */
export class InvalidScheduleDefinitionError extends named("InvalidScheduleDefinitionError", ScheduleError) {
  constructor(field: string, message: string, options?: ErrorOptions) {
    const details: readonly ErrorDetail[] = [{ field, message }];
    super("INVALID_SCHEDULE", message, { ...options, details });
  }
}

/** A stored schedule item does not have the shape this code writes. */
export class CorruptScheduleItemError extends named("CorruptScheduleItemError", ScheduleError) {
  constructor(what: string) {
    super("INTERNAL", `a schedule item is corrupt: ${what}`);
  }
}

/** A `GET /schedules` query this API cannot answer: a `limit` out of range, a `cursor` it did not issue. */
export class InvalidScheduleListQueryError extends named("InvalidScheduleListQueryError", ScheduleError) {
  constructor(field: "limit" | "cursor", problem: string, options?: ErrorOptions) {
    const code = field === "cursor" ? "INVALID_CURSOR" : "INVALID_QUERY";
    const hint = field === "cursor" ? "; pass the nextCursor of the previous page" : "";
    super(code, `${field} ${problem}${hint}`, options);
  }
}
