import { readFile } from "node:fs/promises";
import { CommanderError } from "commander";
import { FifoqClient } from "../client.js";
import { FifoqApiError, FifoqClientError } from "../errors.js";
import { escapeText } from "../escape-text.js";
import { sleep } from "../retry.js";
import type { CliContext } from "./context.js";
import { Output, type Stream } from "./output.js";
import { buildProgram, type ProgramState } from "./program.js";
import { resolveTarget, type Target, type TargetFlags } from "./target.js";
import { EXIT, UsageError } from "./usage-error.js";

export interface CliIo {
  /** Arguments after the program name. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly stdin: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  readonly version: string;
  /** For tests. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

const readStdin = async (stdin: CliIo["stdin"]): Promise<string> => {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of stdin)
    chunks.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
  return chunks.join("") + decoder.decode();
};

const readInput = (io: CliIo) => async (path: string) => {
  if (path === "-") return readStdin(io.stdin);
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
};

/** Next steps for the refusals an operator meets first. */
const hintFor = (error: FifoqClientError): string | undefined => {
  if (error.code === "UNAUTHORIZED")
    return "Check --api-key / FIFOQ_API_KEY (and that --url is the stack the key belongs to).";
  if (error.code === "FORBIDDEN")
    return "Dead-letter commands need an operator key: --operator-key or FIFOQ_OPERATOR_KEY.";
  if (error.code === "QUEUE_NOT_FOUND") return "fifoq queues lists the configured queues.";
  if (error.code === "REDRIVE_UNCERTAIN")
    return "An earlier redrive may have sent it and it may have run: check its effect, then add --force to send it anyway.";
  if (error.code === "NETWORK_ERROR" || error.code === "TIMEOUT")
    return "Is --url / FIFOQ_URL right, and is the stack up? (npm start prints the local URL.)";
  return undefined;
};

const report = (output: Output, error: unknown): number => {
  if (error instanceof UsageError) {
    output.error("USAGE", error.message, error.hint);
    return EXIT.usage;
  }
  if (error instanceof FifoqClientError) {
    // The code and message may be the server's: escaped to one line before anything of ours is added.
    const status = error instanceof FifoqApiError ? ` (HTTP ${error.status})` : "";
    output.error(error.code, `${escapeText(error.message)}${status}`, hintFor(error));
    return EXIT.refused;
  }
  throw error;
};

const contextFor = (io: CliIo, output: Output, flags: () => TargetFlags): CliContext => {
  let target: Promise<Target> | undefined;
  return {
    output,
    client: async (role) => {
      target ??= resolveTarget(flags(), io.env, io.cwd);
      const { url, apiKey, operatorKey, signer } = await target;
      return new FifoqClient({
        url,
        apiKey: role === "operator" ? operatorKey : apiKey,
        signer,
        fetch: io.fetch,
      });
    },
    readInput: readInput(io),
    sleep: (ms) => sleep(ms),
  };
};

/** Runs the CLI once; resolves to the exit code (0 ok, 1 refused by the API, 2 usage). */
export const runCli = async (io: CliIo): Promise<number> => {
  const state: ProgramState = { exit: EXIT.ok };
  const json = io.argv.includes("--json");
  const output = new Output({ json, stdout: io.stdout, stderr: io.stderr, env: io.env });
  let program: ReturnType<typeof buildProgram> | undefined;
  const flags = () => (program?.opts() ?? {}) as TargetFlags;
  program = buildProgram(() => contextFor(io, output, flags), state, io.version, {
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
  });
  try {
    await program.parseAsync([...io.argv], { from: "user" });
    return state.exit;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return report(output, error);
  }
};
