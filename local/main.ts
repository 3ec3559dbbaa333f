import { ConfigError } from "../functions/core/config";
import { loadConfig } from "../functions/core/config/load";
import { InvalidEnvError } from "../functions/core/errors";
import { createJsonLogger, type Logger, type LogLevel } from "../functions/core/logging/logger";
import { ConsumerSetupError } from "../functions/runtime/internal";
import { parseLocalArgs } from "./args";
import { readyBanner } from "./banner";
import { EmulatorError } from "./emulators/errors";
import { readLocalEnv } from "./env";
import { LocalStackError } from "./errors";
import { type LocalStack, startLocalStack } from "./start-local-stack";
import { resetLocalState } from "./state/local-state";
import { createTerminalLogger } from "./terminal/terminal-logger";

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

/** On a terminal, human lines (unless `--json`); otherwise the JSON lines CloudWatch gets, as they are. */
const stackLogger = (level: LogLevel, json: boolean): Logger => {
  const write = (line: string) => process.stdout.write(`${line}\n`);
  return process.stdout.isTTY && !json
    ? createTerminalLogger({ level, write })
    : createJsonLogger({ level, write });
};

/** One Ctrl-C reaches this process several times (from the terminal and relayed by npm, tsx or timeout). */
const SAME_SIGNAL_MS = 500;

/**
 * `npm start [-- --reset]`: environment → local stack (state kept in `.fifoq/`) → ready line; SIGINT/SIGTERM
 * stop it, a second one forces the exit.
 */
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
  const args = parseLocalArgs(process.argv.slice(2));
  const env = readLocalEnv(process.env, process.cwd());
  const config = await loadConfig(env.configPath);
  if (args.reset) resetLocalState(env.stateDir);
  stack = await startLocalStack({
    ...env,
    config,
    logger: stackLogger(env.logLevel, args.json),
    environment: process.env,
  });
  if (firstSignalAt !== undefined) {
    await stack.stop();
    process.exit(0);
  }
  process.stdout.write(readyBanner(stack));
};

main().catch(fail);
