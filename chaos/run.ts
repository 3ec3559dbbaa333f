import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createJsonLogger } from "../functions/core/logging/logger";
import { createCleanup } from "../local/cleanup";
import { freePort } from "../local/emulators/free-port";
import { generateApiKey } from "../local/state/local-keys";
import { acceptedOf } from "./accepted";
import { createCanceller } from "./cancels";
import { type AcceptedMessage, checkRun } from "./check";
import { type DrainProbe, waitForDrain } from "./drain";
import { appendEntry, readEntries } from "./effect-log";
import { runKillPlan } from "./kill-plan";
import type { ChaosOptions } from "./options";
import { type Plan, planMessages } from "./plan";
import { ROOT } from "./processes/children";
import { createStackSupervisor, type StackSupervisor } from "./processes/stack-supervisor";
import { type PublishResult, publish } from "./publisher";
import { createRandom } from "./random";
import { redriveDeadLetters } from "./redrive";
import { chaosLine, details, type RunFacts, violationsOf } from "./report";
import { type ChaosServices, startChaosServices } from "./services";
import { readDeadLetters, readStagedEffects } from "./store-reads";

const QUEUE = "chaos";
/** Time kept for the redrive and its drain at the end of the run. */
const REDRIVE_RESERVE_MS = 35_000;

export interface ChaosOutcome {
  readonly line: string;
  readonly details: readonly string[];
  readonly failed: boolean;
  readonly runDir: string;
}

interface Run {
  readonly options: ChaosOptions;
  readonly startedAt: number;
  readonly deadlineMs: number;
  readonly runDir: string;
  readonly effectLog: string;
  readonly healFile: string;
  readonly apiKey: string;
  readonly operatorKey: string;
  readonly log: (line: string) => void;
}

const startSupervisor = async (run: Run, services: ChaosServices): Promise<StackSupervisor> =>
  createStackSupervisor({
    port: await freePort(),
    apiKey: run.apiKey,
    operatorKey: run.operatorKey,
    sqsEndpoint: services.sqsProxy.endpoint,
    dynamoDbEndpoint: services.dynamoProxy.endpoint,
    configPath: join(ROOT, "chaos", "chaos.config.ts"),
    effectLog: run.effectLog,
    healFile: run.healFile,
    logDir: run.runDir,
    concurrency: run.options.concurrency,
    slowMs: 3500,
    baseEnv: process.env,
  });

/** Publishing, cancelling and killing at once; then the last stack, which drains the run. */
const chaosPhase = async (run: Run, services: ChaosServices, supervisor: StackSupervisor, plan: Plan) => {
  const random = createRandom(run.options.seed + 1);
  const kills = runKillPlan({
    supervisor,
    trap: {
      arm: () => services.onCommit(() => supervisor.kill("after-commit")),
      disarm: () => services.onCommit(undefined),
    },
    random,
    kills: run.options.kills,
    meanLifeMs: (run.options.publishSeconds * 1000) / Math.max(1, run.options.kills),
    deadlineMs: run.deadlineMs - REDRIVE_RESERVE_MS,
    log: run.log,
  });
  const target = { url: supervisor.url, apiKey: run.apiKey, queue: QUEUE };
  const canceller = createCanceller({
    ...target,
    effectLog: run.effectLog,
    deadlineMs: run.deadlineMs - REDRIVE_RESERVE_MS,
  });
  const published = publish(plan, {
    ...target,
    publishSeconds: run.options.publishSeconds,
    deadlineMs: run.deadlineMs - REDRIVE_RESERVE_MS,
    random: createRandom(run.options.seed + 2),
    onAccepted: (message, accepted) => {
      const { scheduledId: sid, releaseAt } = accepted;
      if (sid && releaseAt !== undefined)
        appendEntry(run.effectLog, { k: "scheduled", id: message.body.id, at: accepted.at, sid, releaseAt });
      canceller.onAccepted(message, accepted);
    },
  });
  const [last, result] = await Promise.all([kills, published]);
  run.log(
    `published ${result.accepted.size}/${plan.all.length}, ${result.duplicatesSent} duplicate publishes`,
  );
  return { last, result, canceller };
};

/** Dead letters that never ran go back (all of them but poison, and two poison ones), then drain again. */
const redrivePhase = async (run: Run, supervisor: StackSupervisor, probe: DrainProbe, plan: Plan) => {
  const first = await waitForDrain(probe, run.deadlineMs - REDRIVE_RESERVE_MS, run.log);
  const ranIds = new Set(first.entries.flatMap((entry) => (entry.k === "effect" ? [entry.id] : [])));
  const poison = new Set(plan.all.filter(({ body }) => body.poison).map(({ body }) => body.id));
  const candidates = first.deadLetters.filter((row) => row.status === "new" && !ranIds.has(row.dedupId));
  const chosen = [
    ...candidates.filter((row) => !poison.has(row.dedupId)),
    ...candidates.filter((row) => poison.has(row.dedupId)).slice(0, 2),
  ];
  const settings = { url: supervisor.url, apiKey: run.apiKey, operatorKey: run.operatorKey, queue: QUEUE };
  const { redriven, refused } = await redriveDeadLetters(
    { ...settings, effectLog: run.effectLog, healFile: run.healFile, deadlineMs: run.deadlineMs },
    chosen,
  );
  run.log(`redrove ${redriven.length} dead letters (${refused.length} refused)`);
  await waitForDrain(probe, run.deadlineMs, run.log);
  return { redriven: redriven.length, refused: refused.length };
};

const verdict = async (run: Run, services: ChaosServices, accepted: AcceptedMessage[]) => {
  const { entries, corrupt } = readEntries(run.effectLog);
  const deadLetters = await readDeadLetters(services.direct.dynamo);
  const staged = await readStagedEffects(services.direct.dynamo);
  return { check: checkRun({ accepted, entries, deadLetters, staged }), corrupt };
};

/** The run's log lines besides the check's: the redrive, refused publishes, scheduled-dedup misses. */
const notesOf = (redrive: { redriven: number; refused: number }, result: PublishResult): string[] => [
  `redriven ${redrive.redriven} (refused ${redrive.refused}); publishes refused: ${result.refused.slice(0, 3).join("; ")}`,
  ...result.dedupMisses
    .slice(0, 5)
    .map((miss) => `duplicate of scheduled ${miss.id} answered ${miss.again}, not ${miss.first}`),
];

const execute = async (run: Run, cleanup: ReturnType<typeof createCleanup>): Promise<ChaosOutcome> => {
  const services = await startChaosServices({
    rate: run.options.faultRate,
    random: createRandom(run.options.seed + 3),
    logDir: run.runDir,
    env: process.env,
    cleanup,
    effectLog: run.effectLog,
  });
  const supervisor = await startSupervisor(run, services);
  cleanup.add("local stack", () => supervisor.stop());
  const plan = planMessages(run.options, createRandom(run.options.seed));
  const { last, result, canceller } = await chaosPhase(run, services, supervisor, plan);
  const lastUp = await last.ready;
  // Cancels still under way answer while the queues drain: a message is resolved once cancelled or applied.
  const probe: DrainProbe = {
    ...services.direct,
    effectLog: run.effectLog,
    queueNames: [`${QUEUE}.fifo`, `${QUEUE}-dlq.fifo`],
    accepted: () => acceptedOf(plan, result.accepted, canceller.answers),
  };
  const redrive = await redrivePhase(run, supervisor, probe, plan);
  const accepted = acceptedOf(plan, result.accepted, await canceller.settled());
  await supervisor.stop();
  const { check, corrupt } = await verdict(run, services, accepted);
  const facts: RunFacts = {
    messages: accepted.length,
    groups: run.options.groups,
    kills: supervisor.counts.kills,
    crashes: supervisor.counts.crashes,
    faults: services.faults,
    runProblems: result.refused.length + (plan.all.length - accepted.length) + corrupt + (lastUp ? 0 : 1),
    redriven: redrive.redriven,
    dedupMisses: result.dedupMisses.length,
    durationS: (Date.now() - run.startedAt) / 1000,
    seed: run.options.seed,
  };
  return {
    line: chaosLine(check, facts),
    details: [...details(check, facts), ...notesOf(redrive, result)],
    failed: violationsOf(check, facts) > 0,
    runDir: run.runDir,
  };
};

/** One chaos run through the local stack; everything it starts is stopped before it returns. */
export const runChaos = async (options: ChaosOptions): Promise<ChaosOutcome> => {
  const startedAt = Date.now();
  const runDir = join(ROOT, ".fifoq", "chaos", new Date(startedAt).toISOString().replaceAll(":", "-"));
  mkdirSync(runDir, { recursive: true });
  const log = (line: string) => process.stderr.write(`chaos: ${line}\n`);
  const run: Run = {
    options,
    startedAt,
    deadlineMs: startedAt + options.timeoutSeconds * 1000,
    runDir,
    effectLog: join(runDir, "effects.log"),
    healFile: join(runDir, "healed.txt"),
    apiKey: generateApiKey(),
    operatorKey: generateApiKey(),
    log,
  };
  const cleanup = createCleanup(
    createJsonLogger({ level: "warn", write: (line) => process.stderr.write(`${line}\n`) }),
  );
  const abort = (why: string, code: number) => {
    log(`${why}: stopping everything it started`);
    void cleanup.run().finally(() => process.exit(code));
  };
  const onSignal = (signal: NodeJS.Signals) => abort(signal, 130);
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  // The run's own deadlines bound every wait; this is the backstop if something hangs anyway.
  const watchdog = setTimeout(
    () => abort("past the run's timeout", 1),
    options.timeoutSeconds * 1000 + 60_000,
  );
  watchdog.unref();
  try {
    return await execute(run, cleanup);
  } finally {
    clearTimeout(watchdog);
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    await cleanup.run();
  }
};
