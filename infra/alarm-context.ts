import { alarmEmailProblem } from "../functions/core/config/validate";
import { FifoqError } from "../functions/core/errors";
import { oldestMessageAgeProblem } from "./constructs/queue-alarms";

/** The alarm settings `cdk synth|deploy -c key=value` may give (CLI values arrive as strings). */
export interface AlarmContext {
  readonly oldestMessageAgeAlarmSeconds?: number;
  readonly alarmEmail?: string;
}

/** A context value that is not allowed; the message names the key, the value and what is allowed. */
export class AlarmContextError extends FifoqError {
  override name = "AlarmContextError";
}

const refuse = (problem: string): never => {
  throw new AlarmContextError(`fifoq: context ${problem}`);
};

/** Absent, or given empty (e.g. `-c alarmEmail=$UNSET`), means "use the default". */
const isAbsent = (value: unknown): boolean => value === undefined || value === null || value === "";

const seconds = (value: unknown): number | undefined => {
  if (isAbsent(value)) return undefined;
  const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof parsed !== "number" || Number.isNaN(parsed)) {
    return refuse(
      `oldestMessageAgeAlarmSeconds = ${JSON.stringify(value)} is not allowed; give a number of seconds`,
    );
  }
  const problem = oldestMessageAgeProblem(parsed);
  return problem
    ? refuse(problem.replace("oldestMessageAgeSeconds", "oldestMessageAgeAlarmSeconds"))
    : parsed;
};

const email = (value: unknown): string | undefined => {
  if (isAbsent(value)) return undefined;
  if (typeof value !== "string")
    return refuse(`alarmEmail = ${JSON.stringify(value)} is not allowed; give an email address`);
  const problem = alarmEmailProblem(value.trim());
  return problem ? refuse(problem) : value.trim();
};

/**
 * Reads `oldestMessageAgeAlarmSeconds` and `alarmEmail` from the CDK context (`tryGetContext`), checked with
 * the same rules as the constructs. Throws `AlarmContextError` on a wrong value.
 */
export const readAlarmContext = (get: (key: string) => unknown): AlarmContext => {
  const age = seconds(get("oldestMessageAgeAlarmSeconds"));
  const address = email(get("alarmEmail"));
  return {
    ...(age === undefined ? {} : { oldestMessageAgeAlarmSeconds: age }),
    ...(address === undefined ? {} : { alarmEmail: address }),
  };
};
