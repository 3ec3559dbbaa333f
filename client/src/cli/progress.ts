import cliProgress from "cli-progress";
import type { Output } from "./output.js";

export interface Progress {
  update(done: number, values?: Readonly<Record<string, string | number>>): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar on stderr when it is a terminal and output is not `--json`; otherwise nothing. `total`
 * undefined draws a counter without a bar (e.g. redrive of one group, whose size is not known up front).
 */
export const startProgress = (
  output: Output,
  label: string,
  total: number | undefined,
  unit: string,
): Progress => {
  if (!output.interactive) return NONE;
  const format =
    total === undefined
      ? `${label} {value} ${unit} {detail}`
      : `${label} [{bar}] {percentage}% {value}/{total} ${unit} {detail}`;
  const bar = new cliProgress.SingleBar(
    {
      format,
      stream: output.stderr as NodeJS.WriteStream,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0, { detail: "" });
  return {
    update: (done, values) => {
      if (total !== undefined && done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, { detail: "", ...values });
    },
    stop: () => bar.stop(),
  };
};
