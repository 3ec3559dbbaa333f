import type { SQSRecord } from "aws-lambda";
import { toEnvelope } from "./message";
import type { MessageEnvelope } from "./types";

export interface PlannedRecord {
  readonly record: SQSRecord;
  readonly envelope: MessageEnvelope;
  /** Position in the batch as delivered (the partial batch response keeps this order). */
  readonly index: number;
  /** 0-based position within its group in this batch. */
  readonly positionInGroup: number;
}

export interface RecordGroup {
  readonly groupId: string;
  /** In batch order: SQS delivers a group's messages in order, and they must run in that order. */
  readonly records: readonly PlannedRecord[];
}

/** Groups records by `MessageGroupId`, groups in order of first appearance, records in batch order. */
export const planGroups = (records: readonly SQSRecord[], queue: string): RecordGroup[] => {
  const groups = new Map<string, PlannedRecord[]>();
  records.forEach((record, index) => {
    const envelope = toEnvelope(record, queue);
    const members = groups.get(envelope.groupId) ?? [];
    members.push({ record, envelope, index, positionInGroup: members.length });
    groups.set(envelope.groupId, members);
  });
  return [...groups].map(([groupId, members]) => ({ groupId, records: members }));
};
