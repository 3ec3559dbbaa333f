import type { QueueSummary } from "../../types.js";
import { type CliContext, count, positiveInt } from "../context.js";
import type { Column } from "../output.js";
import { EXIT } from "../usage-error.js";

type Row = QueueSummary & { readonly depthPerMinute?: number | undefined };

const COLUMNS: readonly Column<Row>[] = [
  { header: "QUEUE", value: (row) => row.name },
  { header: "DEPTH", value: (row) => count(row.depth), align: "right" },
  { header: "IN FLIGHT", value: (row) => count(row.inFlight), align: "right" },
  {
    header: "DEAD LETTERS",
    value: (row) => count(row.deadLetters),
    align: "right",
    tone: (row) => (row.deadLetters > 0 ? "yellow" : undefined),
  },
];

const RATE: Column<Row> = {
  header: "DEPTH Δ/MIN",
  value: (row) =>
    row.depthPerMinute === undefined
      ? ""
      : `${row.depthPerMinute > 0 ? "+" : ""}${Math.round(row.depthPerMinute)}`,
  align: "right",
};

const total = (queues: readonly QueueSummary[]): QueueSummary => ({
  name: "TOTAL",
  depth: queues.reduce((sum, queue) => sum + queue.depth, 0),
  inFlight: queues.reduce((sum, queue) => sum + queue.inFlight, 0),
  deadLetters: queues.reduce((sum, queue) => sum + queue.deadLetters, 0),
});

/** `fifoq queues`: each configured queue with depth, in-flight and dead letters. */
export const queues = async (ctx: CliContext): Promise<number> => {
  const list = await (await ctx.client("producer")).queues();
  if (ctx.output.json) ctx.output.data({ queues: list });
  else ctx.output.table(list, COLUMNS);
  return EXIT.ok;
};

export interface StatsFlags {
  /** `--watch [seconds]`: true for the default interval. */
  readonly watch?: boolean | string;
  readonly count?: string;
}

interface Snapshot {
  readonly at: number;
  readonly queues: readonly QueueSummary[];
}

const withRates = (now: Snapshot, before: Snapshot | undefined): Row[] =>
  now.queues.map((queue) => {
    const earlier = before?.queues.find((candidate) => candidate.name === queue.name);
    const minutes = before ? (now.at - before.at) / 60_000 : 0;
    return earlier && minutes > 0
      ? { ...queue, depthPerMinute: (queue.depth - earlier.depth) / minutes }
      : queue;
  });

const render = (
  ctx: CliContext,
  now: Snapshot,
  before: Snapshot | undefined,
  watching: number | undefined,
) => {
  const rows = withRates(now, before);
  if (ctx.output.json) {
    const document = { at: new Date(now.at).toISOString(), queues: rows, totals: total(now.queues) };
    if (watching === undefined) ctx.output.data(document);
    else ctx.output.data(document, "line");
    return;
  }
  if (watching !== undefined) {
    if (ctx.output.interactive) ctx.output.line("\u001b[H\u001b[2J");
    ctx.output.line(
      ctx.output.paint(`${new Date(now.at).toISOString()} · every ${watching} s · Ctrl-C stops`, "dim"),
    );
  }
  ctx.output.table([...rows, total(now.queues)], watching === undefined ? COLUMNS : [...COLUMNS, RATE]);
};

/** `fifoq stats [--watch [seconds]] [--count n]`: the queues with totals; watching adds the depth's rate of change. */
export const stats = async (ctx: CliContext, flags: StatsFlags): Promise<number> => {
  const client = await ctx.client("producer");
  const interval =
    flags.watch === undefined || flags.watch === false
      ? undefined
      : flags.watch === true
        ? 5
        : positiveInt("--watch", flags.watch, 3600);
  const rounds =
    positiveInt("--count", flags.count) ?? (interval === undefined ? 1 : Number.POSITIVE_INFINITY);
  let before: Snapshot | undefined;
  for (let round = 1; round <= rounds; round += 1) {
    const now = { at: Date.now(), queues: await client.queues() };
    render(ctx, now, before, interval);
    before = now;
    if (round < rounds) await ctx.sleep((interval ?? 5) * 1000);
  }
  return EXIT.ok;
};
