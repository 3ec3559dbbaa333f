import type { EntryFailure } from "../../../contract";
import { ENTRY_ERROR_CODES } from "../../../contract/errors";
import { ApiError, UpstreamUnavailableError } from "../http/errors";

export { ENTRY_ERROR_CODES, type EntryFailure };

/** The failure every entry of a SendMessageBatch call gets when the whole call throws. */
export const callFailure = (error: unknown): EntryFailure => {
  if (error instanceof UpstreamUnavailableError) {
    return { code: ENTRY_ERROR_CODES.upstreamUnavailable, message: error.message, retryable: true };
  }
  if (error instanceof ApiError && error.status < 500) {
    return { code: ENTRY_ERROR_CODES.rejected, message: error.message, retryable: false };
  }
  return {
    code: ENTRY_ERROR_CODES.sendFailed,
    message: "the SQS call failed; the error is in the API's logs",
    retryable: false,
  };
};

/** An entry listed in SendMessageBatch's `Failed`: a sender fault is final, anything else can be retried. */
export const refusedEntryFailure = (code: string, message: string, senderFault: boolean): EntryFailure =>
  senderFault
    ? {
        code: ENTRY_ERROR_CODES.rejected,
        message: `SQS refused the message (${code}): ${message}`,
        retryable: false,
      }
    : {
        code: ENTRY_ERROR_CODES.upstreamUnavailable,
        message: `SQS failed (${code}): ${message}`,
        retryable: true,
      };

export const notSentFailure = (groupId: string): EntryFailure => ({
  code: ENTRY_ERROR_CODES.notSentOrderPreserved,
  message: `not sent: an earlier message of group "${groupId}" in this request failed, and sending this one would break the group's order; retry it after that one`,
  retryable: true,
});

export const missingResultFailure = (): EntryFailure => ({
  code: ENTRY_ERROR_CODES.sendFailed,
  message: "SQS returned no result for this entry; retrying with the same dedupId is safe",
  retryable: true,
});
