import packageJson from "../../package.json" with { type: "json" };
import { runCli } from "./run.js";

// `fifoq dlq list orders | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/** The `fifoq` bin: the process's arguments, environment and streams; the exit code when done. */
process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  version: packageJson.version,
});
