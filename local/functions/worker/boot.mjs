// A consumer worker's first module: Node 20 applies no TypeScript loader to a worker thread, so this plain
// module registers tsx in the worker and then imports the TypeScript entry (consumer-worker.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
