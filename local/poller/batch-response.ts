/** What Lambda makes of a function's answer when the event source reports batch item failures. */
export type BatchVerdict =
  | { readonly kind: "partial"; readonly failed: ReadonlySet<string> }
  | { readonly kind: "invalid"; readonly reason: string };

const invalid = (reason: string): BatchVerdict => ({ kind: "invalid", reason });

/**
 * Reads a function's response as Lambda does with `ReportBatchItemFailures`: no response, no
 * `batchItemFailures` or an empty list is full success; an entry whose `itemIdentifier` is missing, empty or
 * not a message of the batch makes the whole batch fail (`invalid`), and so does an answer that is no object.
 */
export const readBatchResponse = (response: unknown, messageIds: ReadonlySet<string>): BatchVerdict => {
  if (response === undefined || response === null) return { kind: "partial", failed: new Set() };
  if (typeof response !== "object" || Array.isArray(response))
    return invalid("the response is not an object");
  const failures: unknown = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: "partial", failed: new Set() };
  if (!Array.isArray(failures)) return invalid("batchItemFailures is not a list");
  const failed = new Set<string>();
  for (const entry of failures) {
    const id: unknown =
      typeof entry === "object" && entry !== null
        ? (entry as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof id !== "string" || id === "")
      return invalid("a batchItemFailures entry has no itemIdentifier");
    if (!messageIds.has(id))
      return invalid(`itemIdentifier ${JSON.stringify(id)} is not a message of the batch`);
    failed.add(id);
  }
  return { kind: "partial", failed };
};
