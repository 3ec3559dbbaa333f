import { named } from "../../../functions/core/errors";
import { LocalStackError } from "../../errors";

/** The errors EventBridge Scheduler answers, as `@aws-sdk/client-scheduler` reads them (type header + status). */
export type SchedulerErrorType = "ConflictException" | "ResourceNotFoundException" | "ValidationException";

const STATUS: Readonly<Record<SchedulerErrorType, number>> = {
  ConflictException: 409,
  ResourceNotFoundException: 404,
  ValidationException: 400,
};

/** An error of the local Scheduler emulator's API: its type and HTTP status, mapped to the wire in `http.ts`. */
export class SchedulerApiError extends named("SchedulerApiError", LocalStackError) {
  readonly status: number;

  constructor(
    readonly type: SchedulerErrorType,
    readonly detail: string,
  ) {
    super(`scheduler emulator: ${type}: ${detail}`);
    this.status = STATUS[type];
  }
}

export const invalid = (detail: string): SchedulerApiError =>
  new SchedulerApiError("ValidationException", detail);
