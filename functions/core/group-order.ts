/**
 * fifoq's one group rule, shared by the consumer runtime and the dead-letter recorder: groups run
 * concurrently; the items of a group run one after another, in order; once an item of a group fails, the rest
 * of that group is not run (SQS delivers them again, still in order).
 */

/** Items grouped by `groupOf`: groups in order of first appearance, items in input order. */
export const groupBy = <T>(items: readonly T[], groupOf: (item: T) => string): T[][] => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = groupOf(item);
    const members = groups.get(key);
    if (members) members.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
};

export interface GroupSteps<T, R> {
  run(item: T): Promise<R> | R;
  /** True when this result stops the rest of its group. */
  stops(result: R): boolean;
  /**
   * The result of an item that is not run: `blockedBy` is the item whose result stopped its group, or
   * `undefined` when `halted()` stopped it.
   */
  skip(item: T, blockedBy: T | undefined): R;
  /** Asked before each item is started; once true, no item is started in any group. @default never */
  halted?(): boolean;
}

/** Runs every group under the rule. Results per group, in input order. */
export const runGroups = <T, R>(groups: readonly (readonly T[])[], steps: GroupSteps<T, R>): Promise<R[][]> =>
  Promise.all(
    groups.map(async (group) => {
      const results: R[] = [];
      let blockedBy: { item: T | undefined } | undefined;
      for (const item of group) {
        if (!blockedBy && steps.halted?.()) blockedBy = { item: undefined };
        if (blockedBy) {
          results.push(steps.skip(item, blockedBy.item));
          continue;
        }
        const result = await steps.run(item);
        results.push(result);
        if (steps.stops(result)) blockedBy = { item };
      }
      return results;
    }),
  );
