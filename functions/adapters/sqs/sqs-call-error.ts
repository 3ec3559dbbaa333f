import { InvalidMessageError, UpstreamRejectedError, UpstreamUnavailableError } from "../../core/http/errors";
import { classifySdkError } from "../sdk-errors";

/**
 * What a failed SQS call of the producer becomes (see `classifySdkError`): throttled → 503 with Retry-After 1,
 * unavailable → 503 with Retry-After 2, a message SQS calls invalid → 400 `INVALID_MESSAGE`, any other refusal
 * → 500 `UPSTREAM_REJECTED` without Retry-After. The SDK error is kept as `cause`.
 */
export const sqsCallError = (error: unknown, operation: string): Error => {
  const fault = classifySdkError(error);
  switch (fault.kind) {
    case "throttled":
      return new UpstreamUnavailableError(`SQS is throttling ${operation}: ${fault.message}`, {
        retryAfterSeconds: 1,
        cause: error,
      });
    case "unavailable":
      return new UpstreamUnavailableError(`SQS is unavailable (${operation}): ${fault.message}`, {
        retryAfterSeconds: 2,
        cause: error,
      });
    case "invalid":
      return new InvalidMessageError(`SQS refused the message (${fault.name}): ${fault.message}`, undefined, {
        cause: error,
      });
    default:
      return new UpstreamRejectedError("SQS", operation, fault.name, { cause: error });
  }
};
