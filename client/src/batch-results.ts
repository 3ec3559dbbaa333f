/** What the API answers for each entry of a batch request, turned into the client's results. */

import type { BatchEntryResult, EntryError } from "./types.js";

/** An entry the answer did not mention (retryable: it may not have been sent). */
export const MISSING_RESULT: EntryError = {
  code: "MISSING_RESULT",
  message: "the API returned no result for this message",
  retryable: true,
};

export interface ApiEntryResult {
  readonly index: number;
  readonly status: "accepted" | "failed";
  readonly messageId?: string;
  readonly sequenceNumber?: string;
  /** A delayed entry's. */
  readonly scheduledId?: string;
  readonly releaseAt?: string;
  readonly error?: EntryError;
}

/** An accepted entry: sent (message id, sequence number) or scheduled (its id and release time). */
export const acceptedResult = (index: number, result: ApiEntryResult): BatchEntryResult =>
  result.scheduledId !== undefined
    ? { index, status: "accepted", scheduledId: result.scheduledId, releaseAt: result.releaseAt ?? "" }
    : {
        index,
        status: "accepted",
        messageId: result.messageId ?? "",
        sequenceNumber: result.sequenceNumber ?? "",
      };
