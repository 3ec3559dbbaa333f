/**
 * The sort key of a dead letter in the `byDedup` index (`DEAD_LETTER_TABLE.byDedupIndex`):
 * `g<length>#<groupId>#d<length>#<dedupId>#<deadLetteredAt>`. The lengths say where each id ends, whatever
 * characters it holds, so the prefix of one (group, dedupId) is the prefix of no other: one `begins_with`
 * query, newest first, finds the message's latest dead letter without reading any other message's.
 */
export const deadLetterDedupPrefix = (groupId: string, dedupId: string): string =>
  `g${groupId.length}#${groupId}#d${dedupId.length}#${dedupId}#`;

export const deadLetterDedupKey = (record: {
  readonly groupId: string;
  readonly dedupId: string;
  readonly deadLetteredAt: string;
}): string => `${deadLetterDedupPrefix(record.groupId, record.dedupId)}${record.deadLetteredAt}`;
