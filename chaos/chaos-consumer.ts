import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { threadId } from "node:worker_threads";
import { defineConsumer, PermanentError } from "../functions/runtime";
import { EFFECT_TABLE } from "./chaos.config";
import { appendEntry } from "./effect-log";
import type { ChaosBody } from "./plan";

/**
 * The chaos run's consumer. Its effect is a line in the run's log and a staged `ADD applied :one` on the effect
 * table (`context.transaction`, applied with the record's completion). Its settings come from the stack's
 * environment, read once when a worker imports this module.
 */
const settings = {
  log: process.env.CHAOS_EFFECT_LOG ?? "",
  heal: process.env.CHAOS_HEAL_FILE ?? "",
  slowMs: Number(process.env.CHAOS_SLOW_MS ?? 0),
  /** From this epoch ms on, the first effect kills the stack's process right after it is applied. */
  killAfterEffectAt: Number(process.env.CHAOS_KILL_AFTER_EFFECT_AT ?? 0) || undefined,
};

const healed = (id: string): boolean =>
  existsSync(settings.heal) && readFileSync(settings.heal, "utf8").split("\n").includes(id);

/** What a large message's body was when the handler got it: the hash and length of its JSON. */
const digestOf = (body: ChaosBody) => {
  const json = JSON.stringify(body);
  return { h: createHash("sha256").update(json).digest("hex"), b: Buffer.byteLength(json) };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const handler = defineConsumer<ChaosBody>({
  handle: async (message, context) => {
    const body = message.body;
    const deadline = Date.now() + context.remainingTimeMs();
    if (body.d) appendEntry(settings.log, { k: "seen", id: body.id, at: Date.now(), a: message.attempt });
    if (body.poison) throw new PermanentError(`chaos: ${body.id} is poison`);
    if (body.park && !healed(body.id)) throw new PermanentError(`chaos: ${body.id} waits for its redrive`);
    if (body.fail && message.attempt <= body.fail) throw new Error(`chaos: transient failure of ${body.id}`);
    if (body.exhaust && !healed(body.id)) throw new Error(`chaos: ${body.id} fails until it is redriven`);
    const where = { pid: process.pid, tid: threadId };
    if (body.slow && message.attempt === 1) {
      appendEntry(settings.log, { k: "slow", id: body.id, at: Date.now(), dl: deadline, ...where });
      await sleep(settings.slowMs);
    }
    const digest = body.pad === undefined ? {} : digestOf(body);
    context.transaction.update({
      TableName: EFFECT_TABLE,
      Key: { pk: { S: body.id } },
      UpdateExpression: "ADD applied :one",
      ExpressionAttributeValues: { ":one": { N: "1" } },
    });
    const at = Date.now();
    appendEntry(settings.log, {
      k: "effect",
      id: body.id,
      g: body.g,
      n: body.n,
      a: message.attempt,
      at,
      dl: deadline,
      ...where,
      tx: true,
      seq: message.sequenceNumber,
      ...digest,
    });
    if (settings.killAfterEffectAt !== undefined && at >= settings.killAfterEffectAt) {
      appendEntry(settings.log, {
        k: "kill",
        why: "after-effect",
        at: Date.now(),
        pid: process.pid,
        id: body.id,
      });
      process.kill(process.pid, "SIGKILL");
    }
  },
});
