import { isPlainObject } from "../../../functions/core/producer/fields";
import { canonicalTimeZone } from "../../../functions/core/schedules/zone";
import { invalid } from "./errors";
import { parseScheduleExpression } from "./expression";

/** What a schedule's target gets (EventBridge Scheduler's `Target`, the part the emulator runs). */
export interface ScheduleTarget {
  readonly Arn: string;
  readonly RoleArn: string;
  readonly Input?: string | undefined;
  readonly RetryPolicy?: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number } | undefined;
  readonly DeadLetterConfig?: { Arn: string } | undefined;
  readonly SqsParameters?: { MessageGroupId: string } | undefined;
}

/** A schedule as `CreateSchedule`/`UpdateSchedule` define it (dates in epoch ms). */
export interface ScheduleDefinition {
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string;
  readonly State: "ENABLED" | "DISABLED";
  readonly ActionAfterCompletion: "NONE" | "DELETE";
  readonly FlexibleTimeWindow: { Mode: "OFF" | "FLEXIBLE"; MaximumWindowInMinutes?: number };
  readonly Target: ScheduleTarget;
  readonly Description?: string | undefined;
  readonly StartDate?: number | undefined;
  readonly EndDate?: number | undefined;
  readonly ClientToken?: string | undefined;
}

/** A schedule as the emulator keeps it (and writes to its state file). */
export interface StoredSchedule extends ScheduleDefinition {
  readonly Name: string;
  readonly GroupName: string;
  readonly CreationDate: number;
  readonly LastModificationDate: number;
  /** The last tick that was delivered or dead-lettered (epoch ms); the replay after a restart starts after it. */
  readonly lastFire?: number | undefined;
}

export const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.{1,1500}$/;
/** Scheduler's own limit of a target's `Input`. */
const MAX_INPUT_CHARS = 8192;
const EMULATED_TARGET_FIELDS = new Set(
  Object.keys({ Arn: 0, RoleArn: 0, Input: 0, RetryPolicy: 0, DeadLetterConfig: 0, SqsParameters: 0 }),
);

type Fields = Record<string, unknown>;

const text = (value: unknown, field: string, pattern: RegExp | number, optional = false) => {
  if (value === undefined && optional) return undefined;
  const ok =
    typeof value === "string" &&
    (typeof pattern === "number" ? value.length >= 1 && value.length <= pattern : pattern.test(value));
  if (!ok) throw invalid(`${field} is missing or not valid`);
  return value;
};

const oneOf = <T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T => {
  if (value === undefined) return fallback;
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw invalid(`${field} must be one of ${allowed.join(", ")}`);
  return found;
};

const integer = (value: unknown, field: string, min: number, max: number): number => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    throw invalid(`${field} must be an integer from ${min} to ${max}`);
  return value;
};

const object = (value: unknown, field: string): Fields => {
  if (!isPlainObject(value)) throw invalid(`${field} must be an object`);
  return value;
};

const date = (value: unknown, field: string): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(`${field} must be a timestamp`);
  return Math.round(value * 1000);
};

const parseTarget = (value: unknown): ScheduleTarget => {
  const target = object(value, "Target");
  const other = Object.keys(target).find((key) => !EMULATED_TARGET_FIELDS.has(key));
  if (other !== undefined) throw invalid(`Target.${other.slice(0, 64)} is not emulated locally`);
  const retry =
    target.RetryPolicy === undefined ? undefined : object(target.RetryPolicy, "Target.RetryPolicy");
  const dlq =
    target.DeadLetterConfig === undefined
      ? undefined
      : object(target.DeadLetterConfig, "Target.DeadLetterConfig");
  const sqs =
    target.SqsParameters === undefined ? undefined : object(target.SqsParameters, "Target.SqsParameters");
  return {
    Arn: text(target.Arn, "Target.Arn", ARN) ?? "",
    RoleArn: text(target.RoleArn, "Target.RoleArn", ARN) ?? "",
    Input: text(target.Input, "Target.Input", MAX_INPUT_CHARS, true),
    RetryPolicy: retry && {
      MaximumEventAgeInSeconds: integer(
        retry.MaximumEventAgeInSeconds ?? 86_400,
        "MaximumEventAgeInSeconds",
        60,
        86_400,
      ),
      MaximumRetryAttempts: integer(retry.MaximumRetryAttempts ?? 185, "MaximumRetryAttempts", 0, 185),
    },
    DeadLetterConfig: dlq && { Arn: text(dlq.Arn, "Target.DeadLetterConfig.Arn", ARN) ?? "" },
    SqsParameters: sqs && {
      MessageGroupId: text(sqs.MessageGroupId, "Target.SqsParameters.MessageGroupId", 128) ?? "",
    },
  };
};

const parseWindow = (value: unknown): ScheduleDefinition["FlexibleTimeWindow"] => {
  const window = object(value, "FlexibleTimeWindow");
  const Mode = oneOf(window.Mode, "FlexibleTimeWindow.Mode", ["OFF", "FLEXIBLE"], "OFF");
  if (window.Mode === undefined) throw invalid("FlexibleTimeWindow.Mode is required");
  if (Mode === "OFF") return { Mode };
  return {
    Mode,
    MaximumWindowInMinutes: integer(window.MaximumWindowInMinutes, "MaximumWindowInMinutes", 1, 1440),
  };
};

/** A `CreateSchedule`/`UpdateSchedule` body, checked: a `ValidationException` names the first bad field. */
export const parseDefinition = (body: unknown): ScheduleDefinition => {
  const fields = object(body, "the request body");
  const ScheduleExpressionTimezone =
    text(fields.ScheduleExpressionTimezone ?? "UTC", "ScheduleExpressionTimezone", 50) ?? "UTC";
  // Scheduler takes IANA names as spelled (not `europe/berlin`) and no UTC offsets.
  const canonical = canonicalTimeZone(ScheduleExpressionTimezone);
  const misspelled =
    canonical?.toLowerCase() === ScheduleExpressionTimezone.toLowerCase() &&
    canonical !== ScheduleExpressionTimezone;
  if (canonical === undefined || misspelled)
    throw invalid(`ScheduleExpressionTimezone "${ScheduleExpressionTimezone}" is not a time zone`);
  const ScheduleExpression = text(fields.ScheduleExpression, "ScheduleExpression", 256) ?? "";
  parseScheduleExpression(ScheduleExpression, ScheduleExpressionTimezone);
  const definition: ScheduleDefinition = {
    ScheduleExpression,
    ScheduleExpressionTimezone,
    State: oneOf(fields.State, "State", ["ENABLED", "DISABLED"], "ENABLED"),
    ActionAfterCompletion: oneOf(
      fields.ActionAfterCompletion,
      "ActionAfterCompletion",
      ["NONE", "DELETE"],
      "NONE",
    ),
    FlexibleTimeWindow: parseWindow(fields.FlexibleTimeWindow),
    Target: parseTarget(fields.Target),
    Description: text(fields.Description, "Description", 512, true),
    StartDate: date(fields.StartDate, "StartDate"),
    EndDate: date(fields.EndDate, "EndDate"),
    ClientToken: text(fields.ClientToken, "ClientToken", 64, true),
  };
  if (
    definition.StartDate !== undefined &&
    definition.EndDate !== undefined &&
    definition.EndDate <= definition.StartDate
  )
    throw invalid("EndDate must be after StartDate");
  return definition;
};
