/**
 * One line per measurement: `RESULT <name> fifoq=<value> peer=<value> ratio=<value>` (ratio > 1 is better for
 * fifoq); against the floor, `floor=<value>` and a ratio of at most 1.
 */
export interface BenchResult {
  readonly name: string;
  readonly fifoq: number;
  /** The value of what fifoq is compared with (`against`). */
  readonly peer: number;
  /** What `peer` is: the line says `<against>=<value>`. @default "peer" */
  readonly against?: string;
  /** Whether a higher value is better (throughput) or lower (latency, requests, bytes). */
  readonly higherIsBetter: boolean;
  readonly unit?: string;
}

const format = (value: number): string =>
  Number.isInteger(value) ? String(value) : value >= 100 ? value.toFixed(0) : value.toFixed(2);

export const ratioOf = (result: BenchResult): number => {
  if (result.higherIsBetter) return result.peer === 0 ? Number.POSITIVE_INFINITY : result.fifoq / result.peer;
  return result.fifoq === 0 ? Number.POSITIVE_INFINITY : result.peer / result.fifoq;
};

export const printResult = (result: BenchResult): void => {
  const ratio = ratioOf(result);
  const unit = result.unit ? ` unit=${result.unit}` : "";
  const shown = Number.isFinite(ratio) ? ratio.toFixed(2) : "inf";
  console.log(
    `RESULT ${result.name} fifoq=${format(result.fifoq)} ${result.against ?? "peer"}=${format(result.peer)} ratio=${shown}${unit}`,
  );
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? upper) + upper) / 2;
};
