import { createHash } from "node:crypto";
import type { FieldIssue } from "./fields";
import type { QueueTarget } from "./types";

/**
 * What SQS content-based deduplication computes: the SHA-256 (hex) of the MessageBody. fifoq sends it
 * explicitly so the response can report the dedup id; the semantics are the same (attributes are not hashed).
 */
export const contentDedupId = (messageBody: string): string =>
  createHash("sha256").update(messageBody, "utf8").digest("hex");

export interface DedupSources {
  readonly dedupId: string | undefined;
  /** The `Idempotency-Key` header; only single publishes use it. */
  readonly idempotencyKey: string | undefined;
  /** Whether the request could have used the header (to word the refusal). */
  readonly headerAllowed: boolean;
}

export type DedupResolution = { readonly dedupId: string } | { readonly issue: FieldIssue };

/** `dedupId`, else `Idempotency-Key`, else the content hash if the queue allows it, else a refusal. */
export const resolveDedupId = (
  sources: DedupSources,
  queue: QueueTarget,
  messageBody: string,
): DedupResolution => {
  if (sources.dedupId !== undefined) return { dedupId: sources.dedupId };
  if (sources.idempotencyKey !== undefined) return { dedupId: sources.idempotencyKey };
  if (queue.contentBasedDeduplication) return { dedupId: contentDedupId(messageBody) };
  const how = sources.headerAllowed
    ? 'send "dedupId" or an Idempotency-Key header'
    : 'give the entry a "dedupId"';
  return {
    issue: {
      field: "dedupId",
      message: `is required because queue "${queue.name}" has content-based deduplication off: ${how}, or turn on contentBasedDeduplication for the queue`,
    },
  };
};
