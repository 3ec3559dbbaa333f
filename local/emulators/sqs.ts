import { startFauxqs } from "fauxqs";
import { freePort } from "./free-port";

export interface RunningEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs (an SQS emulator speaking the real SQS JSON protocol) in this process on a loopback port: in
 * memory, or kept in a SQLite database in `dataDir` (queues and their messages, restored on the next start).
 */
export const startSqsEmulator = async (
  options: { port?: number; dataDir?: string } = {},
): Promise<RunningEmulator> => {
  const port = options.port ?? (await freePort());
  const server = await startFauxqs({
    port,
    host: "127.0.0.1",
    logger: false,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    stop: () => server.stop(),
  };
};
