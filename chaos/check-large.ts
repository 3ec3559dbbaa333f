import type { LogEntry } from "./effect-log";
import type { DeadLetterRow } from "./store-reads";

type Effect = Extract<LogEntry, { k: "effect" }>;

/** A large message as published. */
export interface LargeFacts {
  readonly id: string;
  readonly large?: {
    readonly bytes: number;
    readonly sha256: string;
    /** Dead-lettered until the run redrives it. */
    readonly parked: boolean;
  };
}

export interface LargeResult {
  readonly large: number;
  /**
   * Large messages neither applied nor a recorded dead letter (also in `lost`): a redriven one must be applied,
   * since its record is then `redriven`, no longer `new`.
   */
  readonly lost: number;
  /** Effects of a large message whose body was not the one published (hash or length). */
  readonly badBodies: number;
  /** Dead-lettered large messages whose record went to the payload store (over DynamoDB's item limit). */
  readonly deadLetters: number;
  /** Large messages left a dead letter (never redriven: they reached the dead-letter queue after the redrive). */
  readonly leftDead: number;
  readonly violations: number;
  readonly examples: readonly string[];
}

/**
 * Every large message applied, each time with its whole body (the hash of the JSON the handler saw equals the
 * published one's), or a recorded dead letter; a redriven one applied; how many dead letters were oversized
 * records.
 */
export const checkLarge = (
  accepted: readonly LargeFacts[],
  effects: readonly Effect[],
  deadLetters: readonly DeadLetterRow[],
): LargeResult => {
  const examples: string[] = [];
  const note = (text: string) => examples.length < 20 && examples.push(text);
  const large = accepted.filter((m) => m.large !== undefined);
  const byId = new Map(large.map((m) => [m.id, m]));
  const applied = new Set<string>();
  let badBodies = 0;
  for (const effect of effects) {
    const expected = byId.get(effect.id)?.large;
    if (!expected) continue;
    applied.add(effect.id);
    if (effect.h === expected.sha256 && effect.b === expected.bytes) continue;
    badBodies += 1;
    note(`large ${effect.id}: ${effect.b ?? "no"} bytes seen, ${expected.bytes} published (hash differs)`);
  }
  const dead = new Set(deadLetters.filter((row) => row.status === "new").map((row) => row.dedupId));
  const lost = large.filter((m) => !applied.has(m.id) && !dead.has(m.id));
  for (const m of lost) note(`large lost: ${m.id} (${m.large?.bytes} bytes)`);
  const parked = new Set(large.filter((m) => m.large?.parked).map((m) => m.id));
  const offloaded = new Set(deadLetters.filter((row) => row.offloaded).map((row) => row.dedupId));
  return {
    large: large.length,
    lost: lost.length,
    badBodies,
    deadLetters: [...parked].filter((id) => offloaded.has(id)).length,
    leftDead: large.filter((m) => !applied.has(m.id) && dead.has(m.id)).length,
    violations: lost.length + badBodies,
    examples,
  };
};
