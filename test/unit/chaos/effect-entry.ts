import type { LogEntry } from "../../../chaos/effect-log";

export type EffectEntry = Extract<LogEntry, { k: "effect" }>;

/** An effect line of message `id` in group `g`, with any field overridden. */
export const effectEntry = (id: string, fields: Partial<EffectEntry> = {}): EffectEntry => ({
  k: "effect",
  id,
  g: "g",
  n: 0,
  a: 1,
  at: 0,
  dl: 1,
  pid: 1,
  tid: 1,
  tx: true,
  ...fields,
});
