import { type Send, segment } from "./transport.js";
import type { RedriveAllCall, RedriveAllResult } from "./types.js";

export interface RedriveAllProgress {
  /** Redriven so far, over all calls. */
  readonly redriven: number;
  /** Not sent by the latest call. */
  readonly failed: number;
  readonly calls: number;
}

export interface RedriveAllOptions {
  /** Only this group's dead letters. */
  readonly groupId?: string | undefined;
  /** Called after each API call. */
  readonly onProgress?: (progress: RedriveAllProgress) => void;
  readonly signal?: AbortSignal | undefined;
  /**
   * Stop after this many calls in a row that said `more: true` but redrove nothing (records that keep
   * failing can fill every call's time budget). @default 3
   */
  readonly maxIdleCalls?: number;
}

/** Uncertain ids kept over all calls (the API lists at most 20 a call). */
const MAX_UNCERTAIN = 1000;

/**
 * Redrives every `new` dead letter of a queue (or of one group), oldest first, each group in order. Each
 * API call stops starting pages after its time budget and answers `more: true`; this calls again until
 * the API says it is done. Safe to repeat: a redriven record is never sent twice. Records the API left
 * `redriving` as uncertain (they may have run) are collected in `uncertain`, never forced.
 */
export const redriveAll = async (
  send: Send,
  queue: string,
  options: RedriveAllOptions = {},
): Promise<RedriveAllResult> => {
  const maxIdle = options.maxIdleCalls ?? 3;
  let redriven = 0;
  let calls = 0;
  let idle = 0;
  const uncertain = new Set<string>();
  for (;;) {
    const call = await send<RedriveAllCall>({
      method: "POST",
      path: `/queues/${segment(queue)}/dead-letters/redrive`,
      query: { groupId: options.groupId },
      signal: options.signal,
    });
    calls += 1;
    redriven += call.redriven;
    const failed = call.failed ?? 0;
    for (const id of Array.isArray(call.uncertain) ? call.uncertain : [])
      if (uncertain.size < MAX_UNCERTAIN) uncertain.add(String(id));
    options.onProgress?.({ redriven, failed, calls });
    const done = { redriven, failed, uncertain: [...uncertain], calls };
    if (!call.more) return { ...done, complete: true };
    idle = call.redriven > 0 ? 0 : idle + 1;
    if (idle >= maxIdle) return { ...done, complete: false };
  }
};
