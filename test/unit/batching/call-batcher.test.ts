import { describe, expect, it } from "vitest";
import { type BatchAnswer, createCallBatcher } from "../../../functions/core/batching/call-batcher";

/** A batch request the test completes by hand; records what each request carried. */
const manualRun = () => {
  const requests: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (inputs: readonly number[]) =>
    new Promise<BatchAnswer<number>[]>((resolve) => {
      requests.push([...inputs]);
      pending.push(() =>
        resolve(
          inputs.map((n) =>
            n < 0 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: n * 10 },
          ),
        ),
      );
    });
  const finishNext = async () => {
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { run, requests, finishNext };
};

describe("createCallBatcher", () => {
  it("sends the calls of one turn together, and a lone call at once", async () => {
    // Arrange
    const { run, requests, finishNext } = manualRun();
    const call = createCallBatcher({ run, maxBatch: 10, maxInFlight: 4 });

    // Act
    const together = Promise.all([call(1), call(2), call(3)]);
    await new Promise((resolve) => setImmediate(resolve));
    const alone = call(4);
    await new Promise((resolve) => setImmediate(resolve));
    await finishNext();
    await finishNext();

    // Assert
    expect(requests).toEqual([[1, 2, 3], [4]]);
    expect(await together).toEqual([10, 20, 30]);
    expect(await alone).toBe(40);
  });

  it("queues calls while maxInFlight requests are out and sends them together, at most maxBatch a request", async () => {
    // Arrange
    const { run, requests, finishNext } = manualRun();
    const call = createCallBatcher({ run, maxBatch: 3, maxInFlight: 1 });
    const first = call(0);
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    const waiting = [1, 2, 3, 4, 5].map((n) => call(n));
    await new Promise((resolve) => setImmediate(resolve));
    const whileFirstIsOut = requests.length;
    await finishNext();
    await finishNext();
    await finishNext();

    // Assert
    expect(whileFirstIsOut).toBe(1);
    expect(requests).toEqual([[0], [1, 2, 3], [4, 5]]);
    expect(await first).toBe(0);
    expect(await Promise.all(waiting)).toEqual([10, 20, 30, 40, 50]);
  });

  it("gives each caller its own answer: one refused input fails only its caller", async () => {
    // Arrange
    const { run, finishNext } = manualRun();
    const call = createCallBatcher({ run, maxBatch: 10, maxInFlight: 1 });

    // Act
    const results = [call(1), call(-2), call(3)].map((p) => p.then(String, (e: Error) => e.message));
    await new Promise((resolve) => setImmediate(resolve));
    await finishNext();

    // Assert
    expect(await Promise.all(results)).toEqual(["10", "refused -2", "30"]);
  });

  it("fails every caller of a request that throws, and goes on with the next", async () => {
    // Arrange
    let calls = 0;
    const call = createCallBatcher<number, number>({
      run: async (inputs) => {
        calls += 1;
        if (calls === 1) throw new Error("unreachable");
        return inputs.map((n) => ({ ok: true, value: n }));
      },
      maxBatch: 10,
      maxInFlight: 1,
    });

    // Act
    const failed = await Promise.allSettled([call(1), call(2)]);
    const later = await call(3);

    // Assert
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(later).toBe(3);
  });

  it("cuts requests by weight, always sending at least one input", async () => {
    // Arrange
    const { run, requests, finishNext } = manualRun();
    const call = createCallBatcher({
      run,
      maxBatch: 10,
      maxInFlight: 4,
      weightOf: (n: number) => n,
      maxWeight: 10,
    });

    // Act
    const all = Promise.all([call(4), call(5), call(6), call(20)]);
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 3; i += 1) await finishNext();

    // Assert
    expect(requests).toEqual([[4, 5], [6], [20]]);
    expect(await all).toEqual([40, 50, 60, 200]);
  });

  it("rejects a caller whose entry the request left unanswered", async () => {
    // Arrange
    const call = createCallBatcher<number, number>({
      run: async () => [{ ok: true, value: 1 }],
      maxBatch: 10,
      maxInFlight: 1,
    });

    // Act
    const results = await Promise.allSettled([call(1), call(2)]);

    // Assert
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
  });
});
