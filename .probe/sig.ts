import { createCleanup } from "../local/cleanup";
import { createJsonLogger } from "../functions/core/logging/logger";
const cleanup = createCleanup(createJsonLogger({ level: "warn" }));
cleanup.add("x", async () => { process.stderr.write("cleanup ran\n"); });
const onSignal = (signal: NodeJS.Signals) => { process.stderr.write(`got ${signal}\n`); void cleanup.run().finally(() => process.exit(130)); };
process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
setTimeout(() => {}, 10000);
