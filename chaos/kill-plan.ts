import { sleep } from "./http-client";
import type { StackInstance, StackSupervisor } from "./processes/stack-supervisor";
import type { Random } from "./random";

export type KillMode = "random" | "after-effect" | "after-commit";

/** Arms the DynamoDB proxy: the next commit it forwards kills the stack before the answer gets back. */
export interface CommitTrap {
  arm(): void;
  disarm(): void;
}

export interface KillPlanSettings {
  readonly supervisor: StackSupervisor;
  readonly trap: CommitTrap;
  readonly random: Random;
  readonly kills: number;
  /** Mean life of a stack before its kill. */
  readonly meanLifeMs: number;
  readonly deadlineMs: number;
  readonly log: (line: string) => void;
}

/** How long a targeted kill may wait for its moment before it becomes a random one. */
const TARGET_WAIT_MS = 15_000;
/** A stack takes a few seconds to start (tsx, provisioning, the first consumer worker). */
const STARTUP_MS = 4000;

const whenDone = (instance: StackInstance, ms: number) =>
  Promise.race([instance.exited.then(() => true), sleep(ms).then(() => false)]);

const life = (settings: KillPlanSettings) =>
  Math.round(settings.meanLifeMs * (0.3 + settings.random.next() * 1.4));

/** One stack process from start to its kill, in the given way. */
const liveAndDie = async (settings: KillPlanSettings, mode: KillMode): Promise<void> => {
  const { supervisor, trap } = settings;
  if (mode === "random") {
    const instance = supervisor.start();
    if (!(await whenDone(instance, life(settings)))) supervisor.kill("random");
    return instance.exited;
  }
  if (mode === "after-effect") {
    const killAt = Date.now() + STARTUP_MS + life(settings);
    const instance = supervisor.start({ killAfterEffectAt: killAt });
    if (!(await whenDone(instance, killAt - Date.now() + TARGET_WAIT_MS))) supervisor.kill("random");
    return instance.exited;
  }
  const instance = supervisor.start();
  await instance.ready;
  if (await whenDone(instance, life(settings))) return;
  trap.arm();
  const died = await whenDone(instance, TARGET_WAIT_MS);
  trap.disarm();
  if (!died) supervisor.kill("random");
  return instance.exited;
};

const MODES: readonly KillMode[] = ["random", "after-effect", "after-commit"];

/**
 * Starts and SIGKILLs the stack `kills` times — at a random moment (even while it starts), right after a
 * handler's effect (the consumer kills its own process), or right after the DynamoDB proxy forwarded a commit —
 * then starts the stack that drains the run. Returns that last stack.
 */
export const runKillPlan = async (settings: KillPlanSettings): Promise<StackInstance> => {
  const modes = settings.random.shuffle(
    Array.from({ length: settings.kills }, (_, i) => MODES[i % MODES.length] as KillMode),
  );
  for (const [index, mode] of modes.entries()) {
    if (Date.now() > settings.deadlineMs) break;
    await liveAndDie(settings, mode);
    settings.log(`kill ${index + 1}/${modes.length} (${mode}) done`);
  }
  return settings.supervisor.start();
};
