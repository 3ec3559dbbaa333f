import { startSqsEmulator } from "../../local/emulators/sqs";

/**
 * fauxqs in a process of its own (the chaos run kills the stack, never the emulators): prints
 * `fauxqs ready <endpoint>` and stops when its parent goes away (stdin closes) or asks (SIGTERM).
 */
const emulator = await startSqsEmulator({ port: Number(process.env.CHAOS_SQS_PORT ?? 0) });
process.stdout.write(`fauxqs ready ${emulator.endpoint}\n`);
const stop = () => {
  void emulator.stop().finally(() => process.exit(0));
};
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
