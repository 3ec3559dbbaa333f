import { startFauxqs } from "fauxqs";
import { freePort } from "./free-port";

export interface RunningEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts fauxqs (an SQS emulator speaking the real SQS JSON protocol) in this process on a loopback port. */
export const startSqsEmulator = async (options: { port?: number } = {}): Promise<RunningEmulator> => {
  const port = options.port ?? (await freePort());
  const server = await startFauxqs({ port, host: "127.0.0.1", logger: false });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    stop: () => server.stop(),
  };
};
