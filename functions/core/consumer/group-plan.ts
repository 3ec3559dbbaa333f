import type { SQSRecord } from "aws-lambda";
import { groupBy } from "../group-order";
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
  const envelopes = records.map((record, index) => ({ record, envelope: toEnvelope(record, queue), index }));
  return groupBy(envelopes, ({ envelope }) => envelope.groupId).map((members) => ({
    groupId: members[0]?.envelope.groupId ?? "",
    records: members.map((member, positionInGroup) => ({ ...member, positionInGroup })),
  }));
};
