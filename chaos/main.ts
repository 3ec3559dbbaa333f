import { ChaosUsageError, readChaosOptions } from "./options";
import { runChaos } from "./run";

/**
 * `npm run chaos [-- --large | --messages=N --groups=N --kills=N --seed=N …]`: one fault-injection run through
 * the local stack. Prints one `CHAOS …` line on stdout (details on stderr) and exits 1 on any violation.
 */
const main = async (): Promise<number> => {
  const options = readChaosOptions(process.argv.slice(2), process.env);
  process.stderr.write(
    `chaos: ${options.messages} messages over ${options.groups} groups, ${options.kills} kills, seed ${options.seed}\n`,
  );
  const outcome = await runChaos(options);
  for (const line of outcome.details) process.stderr.write(`chaos: ${line}\n`);
  process.stderr.write(`chaos: run files in ${outcome.runDir}\n`);
  process.stdout.write(`${outcome.line}\n`);
  return outcome.failed ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ChaosUsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
