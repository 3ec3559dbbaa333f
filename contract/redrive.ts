/**
 * SQS FIFO drops a message whose deduplication id it saw within the last 5 minutes; past that it sends it
 * again. A dead letter left `redriving` (claimed, the send unconfirmed) is safe to resend only while this
 * window covers the repeat.
 */
export const SQS_DEDUP_WINDOW_MS = 5 * 60_000;

/** What decides whether a dead letter's earlier redrive is uncertain. */
export interface RedriveClaim {
  readonly status: string;
  /** ISO-8601: when a redrive claimed it. */
  readonly redriveClaimedAt?: string | undefined;
}

/**
 * Whether a redrive of the record at `nowMs` is refused as `409 REDRIVE_UNCERTAIN` (unless forced): it is
 * `redriving` and its claim is older than SQS's dedup window, or of unknown age, so it may have been sent and
 * run. The API decides with it; the CLI and the console show it.
 */
export const isRedriveUncertain = (record: RedriveClaim, nowMs: number): boolean => {
  if (record.status !== "redriving") return false;
  const claimedMs = record.redriveClaimedAt ? Date.parse(record.redriveClaimedAt) : Number.NaN;
  return !(Number.isFinite(claimedMs) && nowMs - claimedMs < SQS_DEDUP_WINDOW_MS);
};
