import { appendFileSync } from "node:fs";
import { appendEntry } from "./effect-log";
import { callApi, sleep } from "./http-client";
import type { DeadLetterRow } from "./store-reads";

export interface RedriveSettings {
  readonly url: string;
  readonly apiKey: string;
  readonly operatorKey: string;
  readonly queue: string;
  readonly effectLog: string;
  readonly healFile: string;
  readonly deadlineMs: number;
}

/** The dead-letter routes need an operator key where the API has them, else the one key. */
const keysToTry = (settings: RedriveSettings) => [settings.operatorKey, settings.apiKey];

const redriveOne = async (settings: RedriveSettings, row: DeadLetterRow): Promise<boolean> => {
  const path = `${settings.url}/queues/${settings.queue}/dead-letters/${encodeURIComponent(row.id)}/redrive`;
  while (Date.now() < settings.deadlineMs) {
    for (const key of keysToTry(settings)) {
      const answer = await callApi(path, key, { method: "POST" });
      if (answer.ok && answer.status === 202) return true;
      if (answer.ok && (answer.status === 401 || answer.status === 403)) continue;
      if (answer.ok && answer.status < 500 && answer.status !== 429) return false;
      break;
    }
    await sleep(300);
  }
  return false;
};

/**
 * Sends dead letters back over the API, one by one: first the run heals them (their consumer stops failing)
 * and logs the redrive, so the check knows these ids may run again from here on.
 */
export const redriveDeadLetters = async (
  settings: RedriveSettings,
  rows: readonly DeadLetterRow[],
): Promise<{ redriven: string[]; refused: string[] }> => {
  for (const row of rows) appendFileSync(settings.healFile, `${row.dedupId}\n`);
  appendEntry(settings.effectLog, { k: "redrive", at: Date.now(), ids: rows.map((row) => row.dedupId) });
  const redriven: string[] = [];
  const refused: string[] = [];
  for (const row of rows) ((await redriveOne(settings, row)) ? redriven : refused).push(row.dedupId);
  return { redriven, refused };
};
