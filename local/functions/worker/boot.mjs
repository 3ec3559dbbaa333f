// A function worker's first module: a worker thread starts without the TypeScript loader that tsx registered in its parent, so this plain
// module registers tsx in the worker and then imports the TypeScript entry (function-worker.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
