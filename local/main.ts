import { ConfigError } from "../functions/core/config";
import { loadConfig } from "../functions/core/config/load";
import { InvalidEnvError } from "../functions/core/errors";
import { createJsonLogger } from "../functions/core/logging/logger";
import { ConsumerSetupError } from "../functions/runtime/internal";
import { readyBanner } from "./banner";
import { EmulatorError } from "./emulators/errors";
import { readLocalEnv } from "./env";
import { LocalStackError } from "./errors";
import { type LocalStack, startLocalStack } from "./start-local-stack";

/** Errors whose message says everything; anything else is printed with its stack. */
const EXPLAINED = [ConfigError, InvalidEnvError, LocalStackError, EmulatorError, ConsumerSetupError];

const fail = (error: unknown): never => {
  const explained = EXPLAINED.some((type) => error instanceof type);
  const text = explained
    ? (error as Error).message
    : error instanceof Error
      ? (error.stack ?? error.message)
      : String(error);
  process.stderr.write(`${text}\n`);
  process.exit(1);
};

/** One Ctrl-C reaches this process several times (from the terminal and relayed by npm, tsx or timeout). */
const SAME_SIGNAL_MS = 500;

/** `npm start`: environment → local stack → ready line; SIGINT/SIGTERM stop it, a second one forces the exit. */
const main = async (): Promise<void> => {
  let stack: LocalStack | undefined;
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < SAME_SIGNAL_MS) return;
      process.stderr.write(`${signal}: forced exit\n`);
      stack?.kill();
      process.exit(130);
    }
    firstSignalAt = Date.now();
    process.stderr.write(`\n${signal}: stopping fifoq local (again to force)\n`);
    if (stack) void stack.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const env = readLocalEnv(process.env, process.cwd());
  const config = await loadConfig(env.configPath);
  stack = await startLocalStack({
    ...env,
    config,
    logger: createJsonLogger({ level: env.logLevel }),
    environment: process.env,
  });
  if (firstSignalAt !== undefined) {
    await stack.stop();
    process.exit(0);
  }
  process.stdout.write(readyBanner(stack));
};

main().catch(fail);
