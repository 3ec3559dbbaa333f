import type { Logger } from "../functions/core/logging/logger";

/** Stop steps run in reverse order of registration; one failing step is logged and the others still run. */
export interface Cleanup {
  add(name: string, step: () => Promise<void> | void): void;
  run(): Promise<void>;
}

export const createCleanup = (logger: Logger): Cleanup => {
  const steps: { name: string; step: () => Promise<void> | void }[] = [];
  return {
    add(name, step) {
      steps.push({ name, step });
    },
    async run() {
      for (const { name, step } of steps.splice(0).reverse()) {
        try {
          logger.debug("local stack: stopping", { step: name });
          await step();
        } catch (error) {
          logger.warn("local stack: a stop step failed", { step: name, error: String(error) });
        }
      }
    },
  };
};
