import { randomBytes } from "node:crypto";
import type { Context } from "aws-lambda";

/** The function an event source mapping invokes, as its Lambda context describes it. */
export interface FunctionSettings {
  readonly functionName: string;
  readonly timeoutMs: number;
  readonly memorySizeMb: number;
  readonly region: string;
  /** @default "000000000000" */
  readonly accountId?: string;
}

const logStreamName = (epochMs: number): string => {
  const day = new Date(epochMs).toISOString().slice(0, 10).replaceAll("-", "/");
  return `${day}/[$LATEST]${randomBytes(16).toString("hex")}`;
};

const ignore = (): void => undefined;

/** A Lambda `Context` for one invocation; `getRemainingTimeInMillis` counts down to `deadlineMs`. */
export const createLambdaContext = (
  fn: FunctionSettings,
  awsRequestId: string,
  deadlineMs: number,
  now: () => number = Date.now,
): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: fn.functionName,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:${fn.region}:${fn.accountId ?? "000000000000"}:function:${fn.functionName}`,
  memoryLimitInMB: String(fn.memorySizeMb),
  awsRequestId,
  logGroupName: `/aws/lambda/${fn.functionName}`,
  logStreamName: logStreamName(now()),
  getRemainingTimeInMillis: () => Math.max(0, deadlineMs - now()),
  done: ignore,
  fail: ignore,
  succeed: ignore,
});
