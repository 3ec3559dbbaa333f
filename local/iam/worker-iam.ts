import { setLocalClientHook } from "../../functions/adapters/aws-clients";
import { createJsonLogger } from "../../functions/core/logging/logger";
import type { FunctionIam } from "./enforce";

/**
 * In a function's worker thread, before its module loads: every client the function's code makes
 * (`functions/adapters/aws-clients.ts`) checks its requests against the function's IAM policies. Nothing (and
 * no simulator loaded) when the check is off (`iam` undefined).
 */
export const installWorkerIam = async (iam: FunctionIam | undefined): Promise<void> => {
  if (!iam) return;
  const { attachIamCheck, createIamCheck } = await import("./enforce");
  const logger = createJsonLogger({ fields: { component: "local-iam", function: iam.fn } });
  const told = new Set<string>();
  const check = createIamCheck(iam, (client, command) => {
    if (told.has(command)) return;
    told.add(command);
    logger.warn(`${client} ${command} is not simulated by the local IAM check: allowed`);
  });
  setLocalClientHook((client) => attachIamCheck(client, check));
};
