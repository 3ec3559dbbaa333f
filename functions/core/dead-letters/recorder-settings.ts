import { VISIBILITY_TO_TIMEOUT_RATIO } from "../config/defaults";

/**
 * The dead-letter recorder's function and event source settings, shared by the CDK stack and the local stack
 * (a plain module, so the local stack does not load aws-cdk-lib).
 */
export const RECORDER_SETTINGS = {
  timeoutSeconds: 30,
  memorySizeMb: 256,
  batchSize: 10,
  maxConcurrency: 2,
} as const;

/** Visibility timeout of every dead-letter queue: 6 × the recorder's timeout, as for any SQS event source. */
export const DEAD_LETTER_VISIBILITY_TIMEOUT_SECONDS =
  VISIBILITY_TO_TIMEOUT_RATIO * RECORDER_SETTINGS.timeoutSeconds;
