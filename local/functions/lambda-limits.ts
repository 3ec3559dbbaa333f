import { named } from "../../functions/core/errors";
import { bytes } from "../../functions/core/producer/message-size";
import { LocalStackError } from "../errors";

/**
 * Lambda's limit on what a synchronous invocation returns: the handler's value as JSON, in bytes ("6 MB"; the
 * number is the one Lambda's own error states).
 */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6_291_556;

/** What Lambda answers instead of a value over its limit; API Gateway answers it as any function failure (DEFAULT_5XX). */
export class ResponseSizeTooLargeError extends named("Function.ResponseSizeTooLarge", LocalStackError) {}

/**
 * The value as Lambda passes it on, or the error Lambda gives instead when its JSON is over
 * `LAMBDA_RESPONSE_LIMIT_BYTES` — so an answer too large for the cloud fails locally too.
 */
export const withinResponseLimit = <T>(value: T): T => {
  const size = bytes(JSON.stringify(value) ?? "");
  if (size > LAMBDA_RESPONSE_LIMIT_BYTES)
    throw new ResponseSizeTooLargeError(
      `Response payload size exceeded maximum allowed payload size (${LAMBDA_RESPONSE_LIMIT_BYTES} bytes): ${size} bytes`,
    );
  return value;
};
