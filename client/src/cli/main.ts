import packageJson from "../../package.json" with { type: "json" };
import { runCli } from "./run.js";

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
