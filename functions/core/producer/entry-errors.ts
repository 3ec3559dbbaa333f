import { ApiError, UpstreamUnavailableError } from "../http/errors";

/**
 * Stable codes of a failed batch entry (`results[i].error.code`). They are not HTTP errors: the batch
 * response is 200 and each entry says whether it was accepted.
 */
export const ENTRY_ERROR_CODES = {
  /** SQS refused this entry (sender fault): retrying it unchanged will fail again. */
  rejected: "REJECTED_BY_QUEUE",
  /** SQS could not be reached, was throttling, or failed on its side: retry. */
  upstreamUnavailable: "UPSTREAM_UNAVAILABLE",
  /** Not sent because an earlier entry of the same group failed; sending it would break the group's order. */
  notSentOrderPreserved: "NOT_SENT_ORDER_PRESERVED",
  /** The call failed for another reason (e.g. permissions); see the API's logs. */
  sendFailed: "SEND_FAILED",
} as const;

export interface EntryFailure {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

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
