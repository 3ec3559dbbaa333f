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

/**
 * Redrives every `new` dead letter of a queue (or of one group), oldest first, each group in order. Each
 * API call stops starting pages after its time budget and answers `more: true`; this calls again until
 * the API says it is done. Safe to repeat: a redriven record is never sent twice.
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
    options.onProgress?.({ redriven, failed, calls });
    if (!call.more) return { redriven, failed, calls, complete: true };
    idle = call.redriven > 0 ? 0 : idle + 1;
    if (idle >= maxIdle) return { redriven, failed, calls, complete: false };
  }
};
